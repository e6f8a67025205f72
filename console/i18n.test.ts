import { describe, expect, it } from 'vitest';
import { MESSAGES, formatAmount } from './i18n.js';
import { PAYMENT_STATUSES } from '../server/payments/types.js';
import { ROLES } from '../server/users/permissions.js';

const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('console messages', () => {
  it('Japanese and English have the same keys', () => {
    expect(keys(MESSAGES.ja).sort()).toEqual(keys(MESSAGES.en).sort());
  });
  it('name every payment status and role', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const s of PAYMENT_STATUSES) expect(MESSAGES[lang].status[s], `${lang} ${s}`).toBeTruthy();
      for (const r of ROLES) expect(MESSAGES[lang].roles[r]).toBeTruthy();
    }
  });
  it('formats amounts in the minor unit', () => {
    expect(formatAmount(12800, 'JPY', 'ja')).toMatch(/12,800/);
    expect(formatAmount(1250, 'USD', 'en')).toBe('$12.50');
  });
});
