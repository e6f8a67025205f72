import { describe, expect, it } from 'vitest';
import { confirmationQuestion } from './amount-confirmation.js';
import { smsText, mobileNumber } from './identity-check.js';

describe('confirmationQuestion', () => {
  it('reads the amount and the last four, then asks for 1 or 2', () => {
    expect(confirmationQuestion({ amount: 12_800, currency: 'JPY', last4: '1111', lang: 'ja' }).ask).toEqual([
      'confirm-amount', 'num-ichi', 'num-man', 'num-ni-sen', 'num-hachi-hyaku', 'num-yen',
      'confirm-card', 'num-ichi', 'num-ichi', 'num-ichi', 'num-ichi', 'confirm-press',
    ]);
  });
  it('skips the amount for a registration (amount 0) and an unknown currency', () => {
    expect(confirmationQuestion({ amount: 0, currency: 'JPY', last4: '4242', lang: 'en' }).ask[0]).toBe('confirm-card');
    expect(confirmationQuestion({ amount: 100, currency: 'XYZ', last4: '4242', lang: 'en' }).ask[0]).toBe('confirm-card');
  });
  it('is one key', () => {
    expect(confirmationQuestion({ amount: 1, currency: 'JPY', last4: '0000', lang: 'en' })).toMatchObject({ length: 1, again: ['confirm-press'] });
  });
});

describe('identity check text and numbers', () => {
  it('texts the code with its validity, in the merchant language', () => {
    expect(smsText('Demo Shop', '482913', 5, 'en')).toContain('482913');
    expect(smsText('デモ商店', '482913', 5, 'ja')).toMatch(/482913.*5分/);
  });
  it('uses the given mobile, else a mobile caller id only', () => {
    expect(mobileNumber('080-1111-2222', '0312345678')).toBe('+818011112222');
    expect(mobileNumber(null, '09012345678')).toBe('+819012345678');
    expect(mobileNumber(null, '0312345678')).toBeNull();
    expect(mobileNumber(null, 'anonymous')).toBeNull();
  });
});
