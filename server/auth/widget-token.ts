// Widget tokens: short-lived, HMAC-SHA256-signed, scoped to one payment of one merchant. Stateless to verify.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WIDGET_TOKEN_PREFIX = 'wt1.';

export interface WidgetClaims {
  /** payment id */
  p: string;
  /** merchant id */
  m: string;
  /** expiry, seconds since epoch */
  exp: number;
}

export type VerifyResult = { ok: true; claims: WidgetClaims } | { ok: false; reason: 'invalid' | 'expired' };

export class WidgetTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlS: number,
  ) {}

  issue(paymentId: string, merchantId: string, nowMs = Date.now()): { token: string; expiresAt: string } {
    const claims: WidgetClaims = { p: paymentId, m: merchantId, exp: Math.floor(nowMs / 1000) + this.ttlS };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${WIDGET_TOKEN_PREFIX}${body}.${this.sign(body)}`, expiresAt: new Date(claims.exp * 1000).toISOString() };
  }

  verify(token: string, nowMs = Date.now()): VerifyResult {
    if (!token.startsWith(WIDGET_TOKEN_PREFIX) || token.length > 600) return { ok: false, reason: 'invalid' };
    const [body, sig] = token.slice(WIDGET_TOKEN_PREFIX.length).split('.');
    if (!body || !sig) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    let claims: WidgetClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof claims.p !== 'string' || typeof claims.m !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'invalid' };
    if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(WIDGET_TOKEN_PREFIX + body).digest('base64url');
  }
}
