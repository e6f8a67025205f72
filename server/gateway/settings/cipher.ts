// Seals and opens secrets with AES-256-GCM (random 96-bit IV, 128-bit tag, the owner as associated data), so a
// sealed value is useless without the key and cannot be moved to another merchant's row. Never logs anything.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class CredentialKeyError extends Error {
  override readonly name = 'CredentialKeyError';
}

/** Reads a 32-byte key given as 64 hex digits or base64. */
export function parseKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new CredentialKeyError('the credentials key must be 32 bytes (64 hex digits or 44 base64 characters)');
  return key;
}

export class CredentialCipher {
  /** short fingerprint of the key (not secret), stored with each sealed value to name a key mismatch */
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new CredentialKeyError('the credentials key must be 32 bytes');
    this.#key = Buffer.from(key);
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  }

  /** `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts. */
  seal(plaintext: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  open(sealed: string, owner: string): string {
    const [version, keyId, iv, tag, ct] = sealed.split('.');
    if (version !== VERSION || !keyId || !iv || !tag || ct === undefined) throw new CredentialKeyError('sealed credentials are malformed');
    if (keyId !== this.keyId) {
      throw new CredentialKeyError(`these credentials were sealed with another IVRPAY_CREDENTIALS_KEY (key ${keyId}, this server has ${this.keyId}): set the key they were saved with, or save the credentials again`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(owner, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new CredentialKeyError('sealed credentials failed their integrity check (tampered, or stored for another merchant)');
    }
  }
}
