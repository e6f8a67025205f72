// Tests business dates in the gateway's time zone (Japan has no daylight saving; midnight JST is 15:00 UTC).
import { describe, expect, it } from 'vitest';
import { businessDate, businessMonth, sameBusinessDay } from './business-day.js';

describe('business days in Japan time', () => {
  it('turns over at midnight JST, not UTC', () => {
    expect(businessDate(new Date('2026-03-31T14:59:59Z'), 'Asia/Tokyo')).toBe('2026-03-31');
    expect(businessDate(new Date('2026-03-31T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-04-01');
    expect(sameBusinessDay(new Date('2026-03-31T01:00:00Z'), new Date('2026-03-31T14:59:00Z'), 'Asia/Tokyo')).toBe(true);
    expect(sameBusinessDay(new Date('2026-03-31T14:59:00Z'), new Date('2026-03-31T15:01:00Z'), 'Asia/Tokyo')).toBe(false);
    expect(sameBusinessDay(new Date('2026-03-31T14:59:00Z'), new Date('2026-03-31T15:01:00Z'), 'UTC')).toBe(true);
  });

  it('gives the month for returns across months', () => {
    expect(businessMonth(new Date('2026-03-31T15:00:00Z'), 'Asia/Tokyo')).toBe('202604');
    expect(businessMonth(new Date('2026-03-31T14:00:00Z'), 'Asia/Tokyo')).toBe('202603');
  });
});
