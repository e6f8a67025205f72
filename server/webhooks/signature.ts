// The webhook signature, shared by ivrpay (signs) and merchants (verify, via the typed client):
//   ivrpay-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// Verification compares in constant time and refuses timestamps outside a tolerance (replays). Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'ivrpay-signature';
export const DEFAULT_TOLERANCE_S = 300;

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'too_old' };

/**
 * Checks a webhook: `header` is the ivrpay-signature header, `body` the raw request body exactly as received.
 * Several v1= values are accepted (one per secret while a secret is being rotated).
 */
export function verifySignature(secret: string, header: string | null | undefined, body: string, opts: { toleranceS?: number; nowMs?: number } = {}): VerifyResult {
  if (!header) return { ok: false, reason: 'malformed' };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const given = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => Buffer.from(v!, 'hex'));
  if (!Number.isSafeInteger(t) || given.length === 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(computeSignature(secret, t, body), 'hex');
  if (!given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return { ok: false, reason: 'mismatch' };
  const age = Math.abs((opts.nowMs ?? Date.now()) / 1000 - t);
  if (age > (opts.toleranceS ?? DEFAULT_TOLERANCE_S)) return { ok: false, reason: 'too_old' };
  return { ok: true, timestamp: t };
}
