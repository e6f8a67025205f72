import { describe, expect, it } from 'vitest';
import { localDateTime, localDay, nextDay, startOfLocalDay } from './zoned-time.js';

describe('zoned time', () => {
  it('finds where a local day starts', () => {
    expect(new Date(startOfLocalDay('2026-03-01', 'Asia/Tokyo')).toISOString()).toBe('2026-02-28T15:00:00.000Z');
    expect(new Date(startOfLocalDay('2026-03-01', 'UTC')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    // New York: the day daylight saving time starts, and the day after
    expect(new Date(startOfLocalDay('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfLocalDay('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });
  it('names the local day and time of an instant', () => {
    expect(localDay('2026-02-28T15:00:00Z', 'Asia/Tokyo')).toBe('2026-03-01');
    expect(localDay('2026-02-28T14:59:59Z', 'Asia/Tokyo')).toBe('2026-02-28');
    expect(localDateTime('2026-02-28T15:04:05.678Z', 'Asia/Tokyo')).toBe('2026-03-01 00:04:05');
  });
  it('steps over month and year ends', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
