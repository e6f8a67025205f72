// One-time codes for the SMS identity check: 6 random digits per payment, kept only as a salted hash in memory,
// with an expiry. Nothing about a code is ever written or logged.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

interface Entry {
  salt: Buffer;
  hash: Buffer;
  expiresAt: number;
}

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'none';

export class OneTimeCodes {
  private readonly codes = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new code for `key` (any earlier one stops working); the caller sends it and forgets it. */
  issue(key: string, validityMs: number): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16);
    this.codes.set(key, { salt, hash: digest(salt, code), expiresAt: this.now() + validityMs });
    return code;
  }

  check(key: string, code: string): CodeCheck {
    const e = this.codes.get(key);
    if (!e) return 'none';
    if (e.expiresAt <= this.now()) return 'expired';
    if (!timingSafeEqual(e.hash, digest(e.salt, code))) return 'wrong';
    this.codes.delete(key);
    return 'ok';
  }

  forget(key: string): void {
    this.codes.delete(key);
  }
}

const digest = (salt: Buffer, code: string) => createHash('sha256').update(salt).update(code).digest();
