// Tests sealing: round trip, a fresh IV each time, tamper and owner checks, a clear error for another key.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialCipher, CredentialKeyError, parseKey } from './cipher.js';

const key = randomBytes(32);

describe('CredentialCipher', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const c = new CredentialCipher(key);
    const sealed = c.seal('{"shopPass":"s3cretpass"}', 'mer_1:gmo-pg');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{12}\./);
    expect(sealed).not.toContain('s3cretpass');
    expect(c.open(sealed, 'mer_1:gmo-pg')).toBe('{"shopPass":"s3cretpass"}');
  });

  it('uses a new IV every time', () => {
    const c = new CredentialCipher(key);
    expect(c.seal('x', 'o')).not.toBe(c.seal('x', 'o'));
  });

  it('refuses another owner and any change to the ciphertext', () => {
    const c = new CredentialCipher(key);
    const sealed = c.seal('secret', 'mer_1:stripe');
    expect(() => c.open(sealed, 'mer_2:stripe')).toThrow(/integrity/);
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString('base64url');
    expect(() => c.open(parts.join('.'), 'mer_1:stripe')).toThrow(CredentialKeyError);
  });

  it('names a key mismatch instead of failing obscurely', () => {
    const sealed = new CredentialCipher(key).seal('secret', 'o');
    expect(() => new CredentialCipher(randomBytes(32)).open(sealed, 'o')).toThrow(/another IVRPAY_CREDENTIALS_KEY/);
  });
});

describe('parseKey', () => {
  it('takes 64 hex digits or base64 of 32 bytes', () => {
    expect(parseKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseKey('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
