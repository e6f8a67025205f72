// Operator tokens: what an embedded widget in softphone mode holds to act as one operator of one merchant. HMAC-signed
// and short-lived; one minted at a widget sign-in is also bound to that console session (it dies with the session),
// one minted by the merchant's server with its API key is not. Never a console session token (that stays server-side).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const OPERATOR_TOKEN_PREFIX = 'ot1.';

export interface OperatorClaims {
  /** operator id */
  o: string;
  /** merchant id */
  m: string;
  /** the console session (its id, the SHA-256 of its token) this token belongs to; null when minted with an API key */
  s: string | null;
  /** expiry, seconds since epoch */
  exp: number;
}

export type OperatorVerify = { ok: true; claims: OperatorClaims } | { ok: false; reason: 'invalid' | 'expired' };

export class OperatorTokens {
  constructor(private readonly secret: string) {}

  issue(claims: Omit<OperatorClaims, 'exp'>, expiresAtMs: number): { token: string; expiresAt: string } {
    const full: OperatorClaims = { ...claims, exp: Math.floor(expiresAtMs / 1000) };
    const body = Buffer.from(JSON.stringify(full)).toString('base64url');
    return { token: `${OPERATOR_TOKEN_PREFIX}${body}.${this.sign(body)}`, expiresAt: new Date(full.exp * 1000).toISOString() };
  }

  verify(token: string, nowMs = Date.now()): OperatorVerify {
    if (!token.startsWith(OPERATOR_TOKEN_PREFIX) || token.length > 800) return { ok: false, reason: 'invalid' };
    const [body, sig] = token.slice(OPERATOR_TOKEN_PREFIX.length).split('.');
    if (!body || !sig) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    let c: OperatorClaims;
    try {
      c = JSON.parse(Buffer.from(body, 'base64url').toString());
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof c.o !== 'string' || typeof c.m !== 'string' || typeof c.exp !== 'number' || !(c.s === null || typeof c.s === 'string')) return { ok: false, reason: 'invalid' };
    if (c.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, claims: c };
  }

  /** distinct from widget tokens' MAC input, so one kind can never pass for the other */
  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(`${OPERATOR_TOKEN_PREFIX}operator:${body}`).digest('base64url');
  }
}
