// Tests the pure card field rules: brand detection, PAN lengths and completion, Luhn, expiry window, CVV, messages.
import { describe, expect, it } from 'vitest';
import { BRANDS, ERROR_CODES, type Brand } from '../payments/types.js';
import {
  checkCvv,
  checkExpiry,
  checkPan,
  classifyPrefix,
  detectBrand,
  expectedCvvLength,
  expectedPanLength,
  isPanCompleteAt,
  maxPanLength,
  messageFor,
  panLengths,
  yearMonthIn,
} from './rules.js';

/** Appends the Luhn check digit to `body` (written here independently of card-validator). */
function withCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** Same number with a wrong check digit. */
function breakLuhn(pan: string): string {
  const last = Number(pan.at(-1));
  return pan.slice(0, -1) + String((last + 1) % 10);
}

const TEST_CARDS: Array<[string, Brand]> = [
  ['4111111111111111', 'visa'],
  ['4242424242424242', 'visa'],
  ['4012888888881881', 'visa'],
  ['5555555555554444', 'mastercard'],
  ['5105105105105100', 'mastercard'],
  ['2223003122003222', 'mastercard'],
  ['378282246310005', 'american-express'],
  ['371449635398431', 'american-express'],
  ['3530111333300000', 'jcb'],
  ['3566002020360505', 'jcb'],
  ['30569309025904', 'diners-club'],
  ['38520000023237', 'diners-club'],
  ['6011111111111117', 'discover'],
  ['6011000990139424', 'discover'],
  ['6200000000000005', 'unionpay'],
  ['6759649826438453', 'maestro'],
];

const ALL: Brand[] = [...BRANDS];

describe('withCheckDigit (test helper)', () => {
  it('reproduces the check digit of known test cards', () => {
    for (const [pan] of TEST_CARDS) expect(withCheckDigit(pan.slice(0, -1))).toBe(pan);
  });
});

describe('classifyPrefix / detectBrand', () => {
  it.each([
    ['41', 'visa'],
    ['4242', 'visa'],
    ['51', 'mastercard'],
    ['2221', 'mastercard'],
    ['34', 'american-express'],
    ['37', 'american-express'],
    ['35', 'jcb'],
    ['3530', 'jcb'],
    ['36', 'diners-club'],
    ['300', 'diners-club'],
    ['6011', 'discover'],
    ['620', 'unionpay'],
    ['67', 'maestro'],
  ] as const)('%s is %s', (prefix, brand) => {
    expect(detectBrand(prefix)).toBe(brand);
    expect(classifyPrefix(prefix)).toEqual({ kind: 'brand', brand });
  });

  it.each(['', '3', '4', '5', '6', '62'])('%j is still ambiguous', (prefix) => {
    expect(detectBrand(prefix)).toBeNull();
    expect(classifyPrefix(prefix)).toEqual({ kind: 'ambiguous' });
  });

  it.each(['2200', '9792'])('%s is a brand ivrpay cannot take (mir, troy)', (prefix) => {
    expect(detectBrand(prefix)).toBeNull();
    expect(classifyPrefix(prefix)).toEqual({ kind: 'other_brand' });
  });

  it.each(['0', '7', '3095', '12', 'x', '4a'])('%j starts no card', (prefix) => {
    expect(detectBrand(prefix)).toBeNull();
    expect(classifyPrefix(prefix)).toEqual({ kind: 'no_card' });
  });

  it('detects every test card from its full number', () => {
    for (const [pan, brand] of TEST_CARDS) expect(detectBrand(pan)).toBe(brand);
  });
});

describe('PAN lengths', () => {
  it('primary length per brand', () => {
    const expected: Record<Brand, number> = {
      visa: 16,
      mastercard: 16,
      'american-express': 15,
      jcb: 16,
      'diners-club': 14,
      discover: 16,
      unionpay: 16,
      maestro: 16,
    };
    for (const brand of BRANDS) expect(expectedPanLength(brand)).toBe(expected[brand]);
    expect(expectedPanLength(null)).toBe(16);
  });

  it('all lengths per card-validator, ascending, and include the primary one', () => {
    expect(panLengths('visa')).toEqual([16, 18, 19]);
    expect(panLengths('american-express')).toEqual([15]);
    expect(panLengths('mastercard')).toEqual([16]);
    expect(panLengths('diners-club')).toEqual([14, 16, 19]);
    expect(panLengths('maestro')).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect(panLengths(null)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    for (const brand of BRANDS) expect(panLengths(brand)).toContain(expectedPanLength(brand));
    expect(maxPanLength('american-express')).toBe(15);
    expect(maxPanLength('visa')).toBe(19);
    expect(maxPanLength(null)).toBe(19);
  });

  it('panLengths hands out a copy', () => {
    panLengths('visa').push(99);
    expect(panLengths('visa')).toEqual([16, 18, 19]);
  });
});

describe('checkPan', () => {
  it.each(TEST_CARDS)('accepts %s as %s', (pan, brand) => {
    expect(checkPan(pan, ALL)).toEqual({ ok: true, brand, last4: pan.slice(-4) });
  });

  it('rejects a wrong check digit', () => {
    for (const [pan, brand] of TEST_CARDS) {
      if (brand === 'unionpay') continue;
      expect(checkPan(breakLuhn(pan), ALL)).toEqual({ ok: false, code: 'invalid_number' });
    }
  });

  it('rejects a Luhn-valid number of a length the brand does not issue', () => {
    const visa15 = withCheckDigit('41111111111111');
    const visa17 = withCheckDigit('4111111111111111');
    const amex16 = withCheckDigit('378282246310005');
    for (const pan of [visa15, visa17, amex16]) expect(checkPan(pan, ALL)).toEqual({ ok: false, code: 'invalid_number' });
  });

  it('accepts a 19-digit Visa', () => {
    const visa19 = withCheckDigit('411111111111111111');
    expect(checkPan(visa19, ALL)).toEqual({ ok: true, brand: 'visa', last4: visa19.slice(-4) });
  });

  it('rejects numbers that start no card, and anything not all digits', () => {
    for (const input of [withCheckDigit('000000000000000'), withCheckDigit('700000000000000'), '', '4111 1111 1111 1111', '4111-1111-1111-1111', '411111111111111a']) {
      expect(checkPan(input, ALL)).toEqual({ ok: false, code: 'invalid_number' });
    }
  });

  it('rejects a brand the merchant does not accept, even when mis-keyed', () => {
    expect(checkPan('378282246310005', ['visa', 'mastercard'])).toEqual({ ok: false, code: 'brand_not_accepted' });
    expect(checkPan(breakLuhn('378282246310005'), ['visa'])).toEqual({ ok: false, code: 'brand_not_accepted' });
    expect(checkPan('4111111111111111', [])).toEqual({ ok: false, code: 'brand_not_accepted' });
  });

  it('rejects brands ivrpay cannot take (Mir)', () => {
    expect(checkPan(withCheckDigit('220000000000000'), ALL)).toEqual({ ok: false, code: 'brand_not_accepted' });
  });

  it('does not Luhn-check UnionPay (as card-validator)', () => {
    expect(checkPan(breakLuhn('6200000000000005'), ALL)).toEqual({ ok: true, brand: 'unionpay', last4: '0006' });
  });
});

describe('isPanCompleteAt', () => {
  it('ends at the primary length when Luhn-valid', () => {
    for (const [pan, brand] of TEST_CARDS) {
      expect(isPanCompleteAt(pan, brand)).toBe(true);
      expect(isPanCompleteAt(pan.slice(0, -1), brand)).toBe(false);
    }
  });

  it('keeps listening at the primary length when the check digit is wrong and longer cards exist', () => {
    expect(isPanCompleteAt(breakLuhn('4111111111111111'), 'visa')).toBe(false);
    expect(isPanCompleteAt(breakLuhn('30569309025904'), 'diners-club')).toBe(false);
    expect(isPanCompleteAt(breakLuhn('6011111111111117'), 'discover')).toBe(false);
    expect(isPanCompleteAt(breakLuhn('3530111333300000'), 'jcb')).toBe(false);
    expect(isPanCompleteAt(breakLuhn('6200000000000005'), 'unionpay')).toBe(false);
    expect(isPanCompleteAt(breakLuhn('4111111111111111') + '1', 'visa')).toBe(false);
  });

  it('ends at the longest length whatever the check digit', () => {
    expect(isPanCompleteAt(breakLuhn('378282246310005'), 'american-express')).toBe(true);
    expect(isPanCompleteAt(breakLuhn('5555555555554444'), 'mastercard')).toBe(true);
    expect(isPanCompleteAt('4111111111111111112', 'visa')).toBe(true);
    expect(isPanCompleteAt('1234567890123456789', null)).toBe(true);
  });

  it('ends early for a 19-digit card whose first 16 digits pass Luhn (documented trade-off)', () => {
    const visa19 = withCheckDigit('4111111111111111' + '00');
    expect(isPanCompleteAt(visa19.slice(0, 16), 'visa')).toBe(true);
  });

  it('treats an unknown brand as 16 digits, up to 19', () => {
    expect(isPanCompleteAt(withCheckDigit('220000000000000'), null)).toBe(true);
    expect(isPanCompleteAt(breakLuhn(withCheckDigit('220000000000000')), null)).toBe(false);
  });
});

describe('checkExpiry', () => {
  // 2025-03-31 15:30 UTC is already 2025-04-01 in Tokyo.
  const now = new Date('2025-03-31T15:30:00Z');

  it('reads the current month in the given time zone', () => {
    expect(yearMonthIn(now, 'Asia/Tokyo')).toEqual({ year: 2025, month: 4 });
    expect(yearMonthIn(now, 'UTC')).toEqual({ year: 2025, month: 3 });
    expect(() => yearMonthIn(now, 'Not/AZone')).toThrow(RangeError);
  });

  it('defaults to Asia/Tokyo: a card valid through March is expired there', () => {
    expect(checkExpiry('0325', now)).toEqual({ ok: false, code: 'card_expired' });
    expect(checkExpiry('0325', now, 'UTC')).toEqual({ ok: true, month: 3, year: 2025 });
  });

  it('accepts the current month (valid through its end) and later ones', () => {
    expect(checkExpiry('0425', now)).toEqual({ ok: true, month: 4, year: 2025 });
    expect(checkExpiry('1225', now)).toEqual({ ok: true, month: 12, year: 2025 });
    expect(checkExpiry('0131', now)).toEqual({ ok: true, month: 1, year: 2031 });
  });

  it('rejects past months as expired', () => {
    expect(checkExpiry('0125', now)).toEqual({ ok: false, code: 'card_expired' });
    expect(checkExpiry('1224', now)).toEqual({ ok: false, code: 'card_expired' });
    expect(checkExpiry('0100', now)).toEqual({ ok: false, code: 'card_expired' });
  });

  it('accepts up to 20 years ahead, not further', () => {
    expect(checkExpiry('0445', now)).toEqual({ ok: true, month: 4, year: 2045 });
    expect(checkExpiry('0545', now)).toEqual({ ok: false, code: 'invalid_expiry' });
    expect(checkExpiry('1299', now)).toEqual({ ok: false, code: 'invalid_expiry' });
  });

  it('rejects months outside 01-12 and anything not 4 digits', () => {
    for (const bad of ['0030', '1330', '9930', '', '123', '12345', '12/30', 'ab30', ' 1230']) {
      expect(checkExpiry(bad, now)).toEqual({ ok: false, code: 'invalid_expiry' });
    }
  });

  it('rolls YY into the next century near its end', () => {
    const late = new Date('2095-06-15T00:00:00Z');
    expect(checkExpiry('0105', late)).toEqual({ ok: true, month: 1, year: 2105 });
    expect(checkExpiry('0195', late)).toEqual({ ok: false, code: 'card_expired' });
    expect(checkExpiry('1299', late)).toEqual({ ok: true, month: 12, year: 2099 });
    expect(checkExpiry('0615', late)).toEqual({ ok: true, month: 6, year: 2115 });
    expect(checkExpiry('0715', late)).toEqual({ ok: false, code: 'invalid_expiry' });
    // 2116 is beyond the window, so 16 reads as 2016.
    expect(checkExpiry('0116', late)).toEqual({ ok: false, code: 'card_expired' });
  });
});

describe('checkCvv', () => {
  it('wants 4 digits for American Express and 3 for the others', () => {
    expect(expectedCvvLength('american-express')).toBe(4);
    for (const brand of BRANDS.filter((b) => b !== 'american-express')) expect(expectedCvvLength(brand)).toBe(3);
    expect(expectedCvvLength(null)).toBe(3);
  });

  it('checks length and digits', () => {
    expect(checkCvv('7373', 'american-express')).toEqual({ ok: true });
    expect(checkCvv('737', 'american-express')).toEqual({ ok: false, code: 'invalid_cvv' });
    expect(checkCvv('737', 'visa')).toEqual({ ok: true });
    expect(checkCvv('000', 'jcb')).toEqual({ ok: true });
    for (const bad of ['7373', '73', '', '7a7', ' 737']) expect(checkCvv(bad, 'visa')).toEqual({ ok: false, code: 'invalid_cvv' });
  });
});

describe('messageFor', () => {
  it('has an English and a Japanese text for every error code', () => {
    for (const code of ERROR_CODES) {
      const en = messageFor(code, 'en');
      const ja = messageFor(code, 'ja');
      expect(en.length, code).toBeGreaterThan(20);
      expect(en, code).toMatch(/^[\x20-\x7e]+$/);
      expect(en, code).toMatch(/\.$/);
      expect(ja, code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(ja, code).toMatch(/。$/);
    }
  });

  it('says something different for each code', () => {
    expect(new Set(ERROR_CODES.map((c) => messageFor(c, 'en'))).size).toBe(ERROR_CODES.length);
    expect(new Set(ERROR_CODES.map((c) => messageFor(c, 'ja'))).size).toBe(ERROR_CODES.length);
  });

  it('defaults to English and says what happens next', () => {
    expect(messageFor('invalid_number')).toBe(messageFor('invalid_number', 'en'));
    expect(messageFor('invalid_number')).toMatch(/not valid.*asked again/);
    expect(messageFor('invalid_number', 'ja')).toContain('再入力');
  });
});
