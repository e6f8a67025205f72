// Operator tokens: signed, expiring, not interchangeable with widget tokens, tamper-evident.
import { describe, expect, it } from 'vitest';
import { OperatorTokens } from './operator-token.js';
import { WidgetTokens } from '../auth/widget-token.js';

const SECRET = 'x'.repeat(40);

describe('OperatorTokens', () => {
  it('round-trips the claims until expiry', () => {
    const t = new OperatorTokens(SECRET);
    const { token, expiresAt } = t.issue({ o: 'op_1', m: 'mer_1', s: 'a'.repeat(64) }, 2_000_000_000_000);
    expect(token).toMatch(/^ot1\./);
    expect(expiresAt).toBe(new Date(2_000_000_000_000).toISOString());
    expect(t.verify(token, 1_000)).toEqual({ ok: true, claims: { o: 'op_1', m: 'mer_1', s: 'a'.repeat(64), exp: 2_000_000_000 } });
    expect(t.verify(token, 2_000_000_000_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tampered tokens, other secrets and widget tokens signed with the same secret', () => {
    const t = new OperatorTokens(SECRET);
    const { token } = t.issue({ o: 'op_1', m: 'mer_1', s: null }, Date.now() + 60_000);
    const [, body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ o: 'op_2', m: 'mer_1', s: null, exp: 9e9 })).toString('base64url');
    expect(t.verify(`ot1.${forged}.${sig}`).ok).toBe(false);
    expect(new OperatorTokens('y'.repeat(40)).verify(token).ok).toBe(false);
    const widget = new WidgetTokens(SECRET, 60).issue('pay_1', 'mer_1').token;
    expect(t.verify(`ot1.${widget.slice(4)}`).ok).toBe(false);
    expect(t.verify(`ot1.${body}`).ok).toBe(false);
  });
});
