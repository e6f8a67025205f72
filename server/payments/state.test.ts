// Tests the payment lifecycle over every (from, to) pair of statuses.
import { describe, expect, it } from 'vitest';
import { canTransition, IllegalTransition, isFinal, transition } from './state.js';
import { FINAL_STATUSES, PAYMENT_STATUSES, type PaymentStatus } from './types.js';

// Written out by hand from the design, independent of state.ts's table.
const LEGAL = new Set([
  'created>capturing',
  'created>canceled',
  'created>failed',
  'capturing>capturing',
  'capturing>authorizing',
  'capturing>failed',
  'capturing>canceled',
  'capturing>abandoned',
  'authorizing>approved',
  'authorizing>declined',
  'authorizing>failed',
  'approved>captured',
  'approved>voided',
  'approved>refunded',
  'approved>partially_refunded',
  'captured>voided',
  'captured>refunded',
  'captured>partially_refunded',
  'partially_refunded>partially_refunded',
  'partially_refunded>refunded',
]);

const AFTER_APPROVAL = ['captured', 'voided', 'refunded', 'partially_refunded'];

const pairs: Array<[PaymentStatus, PaymentStatus]> = PAYMENT_STATUSES.flatMap((from) =>
  PAYMENT_STATUSES.map((to): [PaymentStatus, PaymentStatus] => [from, to]),
);

describe('payment transitions', () => {
  it('covers all 144 pairs', () => {
    expect(pairs).toHaveLength(144);
  });

  it.each(pairs)('%s → %s', (from, to) => {
    const legal = LEGAL.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(legal);
    if (legal) {
      expect(transition(from, to)).toBe(to);
    } else {
      expect(() => transition(from, to)).toThrow(IllegalTransition);
    }
  });

  it('IllegalTransition carries from/to and a clear message', () => {
    try {
      transition('approved', 'capturing');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalTransition);
      expect(e).toBeInstanceOf(Error);
      const err = e as IllegalTransition;
      expect(err.name).toBe('IllegalTransition');
      expect(err.from).toBe('approved');
      expect(err.to).toBe('capturing');
      expect(err.message).toBe('payment cannot move from approved to capturing: approved is final (only captured, voided, refunded, partially_refunded can follow)');
    }
    expect(() => transition('created', 'approved')).toThrow(
      'payment cannot move from created to approved (allowed from created: capturing, canceled, failed)',
    );
    expect(() => transition('refunded', 'voided')).toThrow('payment cannot move from refunded to voided: refunded is final');
  });
});

describe('isFinal', () => {
  it.each(PAYMENT_STATUSES)('%s', (status) => {
    const final = ['approved', 'declined', 'failed', 'canceled', 'abandoned', ...AFTER_APPROVAL].includes(status);
    expect(isFinal(status)).toBe(final);
    expect(FINAL_STATUSES.includes(status)).toBe(final);
  });

  it('final statuses lead only to the after-approval statuses; the others always have a way out', () => {
    for (const from of PAYMENT_STATUSES) {
      const exits = PAYMENT_STATUSES.filter((to) => canTransition(from, to));
      if (isFinal(from)) expect(exits.every((to) => AFTER_APPROVAL.includes(to)), from).toBe(true);
      else expect(exits.length, from).toBeGreaterThan(0);
    }
    for (const dead of ['declined', 'failed', 'canceled', 'abandoned', 'voided', 'refunded'] as const) {
      expect(PAYMENT_STATUSES.filter((to) => canTransition(dead, to)), dead).toEqual([]);
    }
  });
});
