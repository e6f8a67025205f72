import { describe, expect, it } from 'vitest';
import { WidgetTokens } from './widget-token.js';

const tokens = new WidgetTokens('s'.repeat(32), 600);

describe('WidgetTokens', () => {
  it('round-trips the payment and merchant', () => {
    const { token, expiresAt } = tokens.issue('pay_1', 'mer_1', 1_000_000);
    expect(tokens.verify(token, 1_000_000)).toEqual({ ok: true, claims: { p: 'pay_1', m: 'mer_1', exp: 1000 + 600 } });
    expect(expiresAt).toBe(new Date(1_600_000).toISOString());
  });
  it('expires', () => {
    const { token } = tokens.issue('pay_1', 'mer_1', 0);
    expect(tokens.verify(token, 600_000)).toEqual({ ok: false, reason: 'expired' });
  });
  it('refuses a token signed with another secret, or altered', () => {
    const { token } = new WidgetTokens('t'.repeat(32), 600).issue('pay_1', 'mer_1');
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'invalid' });
    const good = tokens.issue('pay_1', 'mer_1').token;
    const [, body, sig] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'pay_2', m: 'mer_1', exp: 9e9 })).toString('base64url');
    expect(tokens.verify(`wt1.${forged}.${sig}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(tokens.verify(`wt1.${body}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(tokens.verify('ivp_abc')).toEqual({ ok: false, reason: 'invalid' });
  });
});
