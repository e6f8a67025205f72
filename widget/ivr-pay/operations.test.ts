// Tests the after-approval panel's logic: offered buttons, the refund amount typed (full-width digits, yen and
// cents), the confirmation sentence and the pay method in ja and en.
import { describe, expect, it } from 'vitest';
import type { PaymentView } from '../../server/payments/types.js';
import { MESSAGES } from './i18n.js';
import { confirmText, draftFor, methodText, offeredOperations, parseAmount, refundable } from './operations.js';

const view = (over: Partial<PaymentView> = {}): PaymentView =>
  ({ id: 'pay_1', amount: 12_800, currency: 'JPY', refundedAmount: 0, status: 'approved', job: 'capture', method: { kind: 'lump' }, operations: ['refund', 'void'], ...over }) as PaymentView;

describe('offeredOperations', () => {
  it('shows what the server allows, in a stable order, nothing when it says nothing', () => {
    expect(offeredOperations(view())).toEqual(['void', 'refund']);
    expect(offeredOperations(view({ operations: undefined }))).toEqual([]);
    expect(offeredOperations(null)).toEqual([]);
  });
});

describe('amounts', () => {
  it('proposes what remains and reads what the operator types', () => {
    const v = view({ refundedAmount: 2_800 });
    expect(refundable(v)).toBe(10_000);
    expect(draftFor('refund', v)).toEqual({ kind: 'refund', amountText: '10000' });
    expect(draftFor('sale', v)).toEqual({ kind: 'sale', amountText: '12800' });
    expect(parseAmount('5,000', v)).toBe(5_000);
    expect(parseAmount('５０００', v)).toBe(5_000);
    expect(parseAmount('¥10000', v)).toBe(10_000);
    expect(parseAmount('10001', v)).toBeNull();
    expect(parseAmount('0', v)).toBeNull();
    expect(parseAmount('12.5', v)).toBeNull();
    expect(parseAmount('abc', v)).toBeNull();
    const usd = view({ currency: 'USD', amount: 1_999 });
    expect(parseAmount('19.99', usd)).toBe(1_999);
    expect(parseAmount('5', usd)).toBe(500);
    expect(draftFor('refund', usd).amountText).toBe('19.99');
  });
});

describe('texts', () => {
  it('asks before moving money, in both languages', () => {
    expect(confirmText(MESSAGES.en, 'refund', 5_000, view(), 'en')).toBe('Refund ¥5,000?');
    expect(confirmText(MESSAGES.ja, 'void', 12_800, view(), 'ja')).toMatch(/^[￥¥]12,800 の決済を取り消します/);
    expect(confirmText(MESSAGES.en, 'sale', 12_800, view(), 'en')).toBe('Capture the sale of ¥12,800?');
  });

  it('names the pay method', () => {
    expect(methodText(MESSAGES.ja, { kind: 'installments', count: 6 })).toBe('分割払い（6回）');
    expect(methodText(MESSAGES.en, { kind: 'revolving' })).toBe('Revolving');
    expect(methodText(MESSAGES.ja, { kind: 'lump' })).toBe('一括払い');
  });
});
