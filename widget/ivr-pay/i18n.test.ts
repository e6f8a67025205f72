import { describe, expect, it } from 'vitest';
import { BRANDS, ERROR_CODES, FIELDS, JOBS, PAYMENT_STATUSES } from '../../server/payments/types.js';
import { API_ERROR_CODES, MESSAGES, errorText, formatAmount, pickLang, type Lang } from './i18n.js';

const LANGS: Lang[] = ['ja', 'en'];
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('messages', () => {
  it.each(LANGS)('%s has a text for every payment status, error code, API error, job, brand and field', (lang) => {
    const m = MESSAGES[lang];
    const tables: [string, readonly string[], Record<string, string>][] = [
      ['status', PAYMENT_STATUSES, m.status],
      ['errors', ERROR_CODES, m.errors],
      ['apiErrors', API_ERROR_CODES, m.apiErrors],
      ['jobs', JOBS, m.jobs],
      ['brands', BRANDS, m.brands],
      ['fields', FIELDS, m.fields],
    ];
    for (const [name, keys, table] of tables) {
      expect(Object.keys(table).sort(), name).toEqual([...keys].sort());
      for (const key of keys) expect(table[key]?.trim().length, `${name}.${key}`).toBeGreaterThan(0);
    }
  });

  it('writes Japanese in ja and not in en', () => {
    for (const code of ERROR_CODES) {
      expect(MESSAGES.ja.errors[code]).toMatch(JAPANESE);
      expect(MESSAGES.en.errors[code]).not.toMatch(JAPANESE);
    }
    for (const status of PAYMENT_STATUSES) {
      expect(MESSAGES.ja.status[status]).toMatch(JAPANESE);
      expect(MESSAGES.en.status[status]).not.toMatch(JAPANESE);
    }
  });

  it('has the transfer-mode texts in both languages', () => {
    const keys = Object.keys(MESSAGES.en.transfer).sort();
    expect(Object.keys(MESSAGES.ja.transfer).sort()).toEqual(keys);
    for (const key of keys as (keyof typeof MESSAGES.en.transfer)[]) {
      const say = (lang: Lang) => {
        const v = MESSAGES[lang].transfer[key];
        return typeof v === 'function' ? v('0 4 2') : v;
      };
      expect(say('ja'), key).toMatch(JAPANESE);
      expect(say('en'), key).not.toMatch(JAPANESE);
    }
    expect(MESSAGES.en.transfer.idSpoken('0 4 2 9 1 7')).toBe('Identification ID 0 4 2 9 1 7');
  });

  it('tells the operator what to do when the link expired', () => {
    expect(MESSAGES.en.apiErrors.token_expired).toBe('This payment link has expired: reload the CRM page');
    expect(MESSAGES.ja.apiErrors.token_expired).toContain('再読み込み');
  });

  it('counts digits without ever needing their values', () => {
    expect(MESSAGES.en.digits(7, 16)).toBe('7 of 16 digits');
    expect(MESSAGES.ja.digits(7, 16)).toBe('7 / 16 桁');
    expect(MESSAGES.en.digits(3, null)).toBe('3 digits');
  });
});

describe('errorText', () => {
  it('finds payment and API codes, and names unknown ones', () => {
    expect(errorText(MESSAGES.en, 'card_expired')).toBe('The card has expired');
    expect(errorText(MESSAGES.en, 'no_call')).toMatch(/no call/);
    expect(errorText(MESSAGES.ja, 'teapot')).toBe('エラーが発生しました（teapot）');
    expect(errorText(MESSAGES.en, 'toString')).toBe('Something went wrong (toString)');
  });
});

describe('pickLang', () => {
  it('uses the attribute, then the browser language, ja when it starts with ja', () => {
    expect(pickLang('en', 'ja-JP')).toBe('en');
    expect(pickLang('ja', 'en-US')).toBe('ja');
    expect(pickLang(null, 'ja-JP')).toBe('ja');
    expect(pickLang(null, 'en-GB')).toBe('en');
    expect(pickLang('', 'fr-FR')).toBe('en');
    expect(pickLang('fr', 'ja')).toBe('ja');
    expect(pickLang(undefined, undefined)).toBe('ja');
  });
});

describe('formatAmount', () => {
  it('formats minor units for the currency and language', () => {
    expect(formatAmount(12800, 'JPY', 'ja')).toMatch(/^[￥¥]12,800$/);
    expect(formatAmount(12800, 'JPY', 'en')).toBe('¥12,800');
    expect(formatAmount(1999, 'USD', 'en')).toBe('$19.99');
    expect(formatAmount(5, 'XXX1', 'en')).toBe('5 XXX1');
  });
});
