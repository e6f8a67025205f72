import { describe, expect, it } from 'vitest';
import { OneTimeCodes } from './one-time-codes.js';

describe('OneTimeCodes', () => {
  it('accepts the issued code once, within its validity', () => {
    let now = 0;
    const codes = new OneTimeCodes(() => now);
    const code = codes.issue('pay_1', 60_000);
    expect(code).toMatch(/^\d{6}$/);
    expect(codes.check('pay_1', code === '000000' ? '000001' : '000000')).toBe('wrong');
    now += 59_000;
    expect(codes.check('pay_1', code)).toBe('ok');
    expect(codes.check('pay_1', code)).toBe('none');
  });
  it('expires, and a reissue replaces the old code', () => {
    let now = 0;
    const codes = new OneTimeCodes(() => now);
    const first = codes.issue('pay_1', 1_000);
    now += 1_000;
    expect(codes.check('pay_1', first)).toBe('expired');
    const second = codes.issue('pay_1', 1_000);
    if (second !== first) expect(codes.check('pay_1', first)).toBe('wrong');
    expect(codes.check('pay_1', second)).toBe('ok');
  });
  it('keeps no code in clear, and forgets', () => {
    const codes = new OneTimeCodes();
    const code = codes.issue('pay_1', 1_000);
    expect(JSON.stringify([...(codes as any).codes.values()].map((e: any) => ({ ...e, salt: e.salt.toString('hex'), hash: e.hash.toString('hex') })))).not.toContain(code);
    codes.forget('pay_1');
    expect(codes.check('pay_1', code)).toBe('none');
  });
});
