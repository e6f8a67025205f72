import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './signature.js';

const secret = 'whsec_test_secret';
const body = '{"type":"payment.approved","data":{"payment":{"id":"pay_1"}}}';

describe('webhook signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>"> exactly as documented', () => {
    const now = 1_800_000_000_000;
    const header = signatureHeader(secret, body, now);
    const expected = createHmac('sha256', secret).update(`1800000000.${body}`).digest('hex');
    expect(header).toBe(`t=1800000000,v1=${expected}`);
    expect(verifySignature(secret, header, body, { nowMs: now + 1000 })).toEqual({ ok: true, timestamp: 1_800_000_000 });
  });
  it('refuses another body, another secret, an old timestamp and malformed headers', () => {
    const now = Date.now();
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body + ' ', { nowMs: now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('whsec_other', header, body, { nowMs: now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, header, body, { nowMs: now + 301_000 })).toEqual({ ok: false, reason: 'too_old' });
    for (const bad of [undefined, '', 't=abc,v1=00', 'v1=' + '0'.repeat(64), `t=${Math.floor(now / 1000)}`]) expect(verifySignature(secret, bad, body).ok).toBe(false);
  });
  it('accepts any of several v1 signatures (secret rotation)', () => {
    const now = Date.now();
    const good = signatureHeader(secret, body, now);
    const other = signatureHeader('whsec_old', body, now).split(',')[1];
    expect(verifySignature(secret, `${good},${other}`, body, { nowMs: now }).ok).toBe(true);
  });
});
