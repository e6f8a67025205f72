// Tests the GMO-PG error mapping: every card company code of GMO-PG's published list has an explicit meaning,
// the E-code families map by prefix, idempotency signals win over other codes in a `|`-joined ErrInfo.
import { describe, expect, it } from 'vitest';
import { refusalFor, verdictFor, verdictForCode } from './errors.js';

/** The card company (42G…) codes of GMO-PG's error code list. */
const PUBLISHED_G = ['02', '03', '04', '05', '06', '07', '12', '22', '30', '42', '44', '45', '54', '55', '56', '60', '61', '65', '67', '68', '69', '70', '71', '72', '73', '74', '75', '76', '77', '78', '79', '80', '81', '83', '91', '92', '95', '96', '97', '98', '99'];

describe('verdictForCode', () => {
  it.each(PUBLISHED_G)('42G%s0000 has an explicit meaning', (g) => {
    const v = verdictForCode(`42G${g}0000`);
    expect(v.kind === 'declined' || v.kind === 'error').toBe(true);
  });

  it.each([
    ['42G020000', { kind: 'declined', code: 'insufficient_funds' }],
    ['42G550000', { kind: 'declined', code: 'insufficient_funds' }],
    ['42G600000', { kind: 'declined', code: 'card_restricted' }],
    ['42G440000', { kind: 'declined', code: 'incorrect_cvv' }],
    ['42G650000', { kind: 'declined', code: 'incorrect_number' }],
    ['42G830000', { kind: 'declined', code: 'expired_card' }],
    ['42G740000', { kind: 'declined', code: 'method_not_accepted' }],
    ['42G540000', { kind: 'declined', code: 'too_many_uses' }],
    ['42G670000', { kind: 'error', code: 'gateway_configuration_error' }],
    ['42G950000', { kind: 'error', code: 'issuer_unavailable' }],
    ['42G010000', { kind: 'declined', code: 'card_declined' }], // a code the list does not name: declined, reason unknown
    ['42C010000', { kind: 'error', code: 'issuer_unavailable' }],
    ['E01030002', { kind: 'error', code: 'gateway_credentials_invalid' }],
    ['E01210002', { kind: 'error', code: 'gateway_credentials_invalid' }],
    ['E01170011', { kind: 'declined', code: 'incorrect_number' }],
    ['E01270010', { kind: 'declined', code: 'method_not_accepted' }],
    ['E01050002', { kind: 'error', code: 'gateway_configuration_error' }],
    ['E21010201', { kind: 'declined', code: 'authentication_required' }],
    ['E61040001', { kind: 'error', code: 'gateway_configuration_error' }],
    ['E91019999', { kind: 'error', code: 'processing_error' }],
    ['E91020001', { kind: 'unknown' }],
    ['E90010001', { kind: 'unknown' }],
    ['E92000001', { kind: 'error', code: 'gateway_unavailable' }],
    ['E01040010', { kind: 'order_exists' }],
    ['E11010001', { kind: 'already_done' }],
    ['Z99999999', { kind: 'unknown' }],
  ])('%s → %o', (code, verdict) => {
    expect(verdictForCode(code)).toEqual(verdict);
  });
});

describe('verdictFor', () => {
  it('lets the idempotency and unknown signals win over the reasons beside them', () => {
    expect(verdictFor('E01040010|E01060001')).toEqual({ kind: 'order_exists' });
    expect(verdictFor('E01170011|E91020001')).toEqual({ kind: 'unknown' });
    expect(verdictFor('E01170011|E01180008')).toEqual({ kind: 'declined', code: 'incorrect_number' });
    expect(verdictFor('')).toEqual({ kind: 'unknown' });
  });
});

describe('refusalFor (AlterTran / ChangeTran)', () => {
  it('says why an operation was refused, or null when it may have happened', () => {
    expect(refusalFor('E01420010')).toBe('authorization_expired');
    expect(refusalFor('E11010010')).toBe('operation_not_supported');
    expect(refusalFor('E11010003')).toBe('invalid_state');
    expect(refusalFor('E01030002')).toBe('gateway_credentials_invalid');
    expect(refusalFor('E91020001')).toBeNull();
    expect(refusalFor('E90010001')).toBeNull();
  });
});
