import { describe, expect, it } from 'vitest';
import { CallerLockout, callerAllowed, normalizeNumber } from './caller-policy.js';

describe('callerAllowed', () => {
  it('allows everyone when the list is empty', () => {
    expect(callerAllowed('0312345678', [])).toBe(true);
    expect(callerAllowed('anonymous', [])).toBe(true);
  });
  it('matches number prefixes, ignoring formatting', () => {
    const list = ['03', '+8190'];
    expect(callerAllowed('03-1234-5678', list)).toBe(true);
    expect(callerAllowed('+81 90 1234 5678', list)).toBe(true);
    expect(callerAllowed('0612345678', list)).toBe(false);
    expect(callerAllowed('09012345678', list)).toBe(false); // national form is not the +81 prefix
  });
  it('refuses anonymous callers when a list is set', () => {
    expect(callerAllowed('anonymous', ['03'])).toBe(false);
    expect(callerAllowed('', ['03'])).toBe(false);
  });
  it('normalizes', () => {
    expect(normalizeNumber(' +81-3 (1234) 5678 ')).toBe('+81312345678');
  });
});

describe('CallerLockout', () => {
  const rule = { failures: 3, windowMinutes: 10, lockMinutes: 15 };
  it('locks after the failures within the window, per merchant and caller, and unlocks after the lock', () => {
    let now = 0;
    const l = new CallerLockout(() => now);
    expect(l.fail('m', '0311112222', rule)).toBe(false);
    now += 60_000;
    expect(l.fail('m', '03-1111-2222', rule)).toBe(false);
    expect(l.isLocked('m', '0311112222')).toBe(false);
    expect(l.isLocked('other', '0311112222')).toBe(false);
    expect(l.fail('m', '0311112222', rule)).toBe(true);
    expect(l.isLocked('m', '0311112222')).toBe(true);
    expect(l.isLocked('other', '0311112222')).toBe(false);
    expect(l.isLocked('m', '0399998888')).toBe(false);
    now += 15 * 60_000;
    expect(l.isLocked('m', '0311112222')).toBe(false);
  });
  it('forgets failures older than the window, and after a success', () => {
    let now = 0;
    const l = new CallerLockout(() => now);
    l.fail('m', 'c', rule);
    l.fail('m', 'c', rule);
    now += 11 * 60_000;
    expect(l.fail('m', 'c', rule)).toBe(false);
    l.fail('m', 'c', rule);
    l.succeed('m', 'c');
    expect(l.fail('m', 'c', rule)).toBe(false);
  });
});
