import { describe, expect, it } from 'vitest';
import { countdown, groupCode, spokenDigits } from './identification.js';

describe('identification id display', () => {
  it('groups six digits 3+3 and reads them one by one', () => {
    expect(groupCode('042917')).toEqual(['042', '917']);
    expect(groupCode('12345678')).toEqual(['1234', '5678']);
    expect(groupCode('123')).toEqual(['123']);
    expect(spokenDigits('042917')).toBe('0 4 2 9 1 7');
  });
});

describe('countdown', () => {
  const expiresAt = '2025-01-15T10:05:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts down in mm:ss, rounding partial seconds up', () => {
    expect(countdown(expiresAt, at('2025-01-15T10:00:00.000Z'))).toEqual({ state: 'ok', seconds: 300, text: '05:00' });
    expect(countdown(expiresAt, at('2025-01-15T10:02:29.400Z'))).toEqual({ state: 'ok', seconds: 151, text: '02:31' });
  });

  it('warns in the last minute', () => {
    expect(countdown(expiresAt, at('2025-01-15T10:03:59.000Z')).state).toBe('ok');
    expect(countdown(expiresAt, at('2025-01-15T10:04:00.000Z'))).toEqual({ state: 'warning', seconds: 60, text: '01:00' });
    expect(countdown(expiresAt, at('2025-01-15T10:04:59.999Z'))).toEqual({ state: 'warning', seconds: 1, text: '00:01' });
  });

  it('is expired at and after the expiry, and for a date it cannot read', () => {
    expect(countdown(expiresAt, at('2025-01-15T10:05:00.000Z'))).toEqual({ state: 'expired', seconds: 0, text: '00:00' });
    expect(countdown(expiresAt, at('2025-01-15T11:00:00.000Z')).text).toBe('00:00');
    expect(countdown('soon', 0).state).toBe('expired');
  });
});
