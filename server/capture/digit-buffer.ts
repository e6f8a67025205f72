// Owns keyed card digits in memory, zero-filled on clear()/wipe(); never turns them into text except through reveal().
import { inspect } from 'node:util';

/** Longest prefix handed out: the 8-digit IIN/BIN range, enough for brand detection (PCI DSS allows first 8 + last 4). */
export const MAX_PREFIX_DIGITS = 8;

const ZERO = '0'.charCodeAt(0);

/**
 * A fixed-capacity buffer of decimal digits kept as numbers in a Uint8Array (private), so that
 * logging, JSON, templates or util.inspect of it only ever print `[redacted N digits]`.
 * `reveal()` is the only way to get the digits back as a string: grep for it in review.
 * After `wipe()` the buffer is dead: push/reveal/last4/prefix throw; clear/wipe stay harmless.
 */
export class DigitBuffer {
  readonly #digits: Uint8Array;
  #length = 0;
  #wiped = false;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 64) {
      throw new RangeError('DigitBuffer capacity must be an integer from 1 to 64');
    }
    this.#digits = new Uint8Array(capacity);
  }

  get capacity(): number {
    return this.#digits.length;
  }

  /** Digits held (0 once wiped). */
  get length(): number {
    return this.#length;
  }

  get full(): boolean {
    return this.#length >= this.#digits.length;
  }

  get wiped(): boolean {
    return this.#wiped;
  }

  /** Appends one digit '0'-'9'. Throws (without echoing the input) on anything else, when full, or when wiped. */
  push(d: string): void {
    this.#assertAlive();
    if (d.length !== 1 || d < '0' || d > '9') throw new TypeError('DigitBuffer.push takes exactly one digit 0-9');
    if (this.full) throw new RangeError(`DigitBuffer is full (${this.capacity} digits)`);
    this.#digits[this.#length++] = d.charCodeAt(0) - ZERO;
  }

  /** Zero-fills and empties the buffer; it stays usable. No-op once wiped. */
  clear(): void {
    this.#digits.fill(0);
    this.#length = 0;
  }

  /** Zero-fills and kills the buffer: any later push/reveal/last4/prefix throws. Idempotent. */
  wipe(): void {
    this.clear();
    this.#wiped = true;
  }

  /** The last four digits (the only part of a PAN that may be shown). Throws when fewer than 4 are held. */
  last4(): string {
    this.#assertAlive();
    if (this.#length < 4) throw new RangeError('DigitBuffer.last4 needs at least 4 digits');
    return this.#text(this.#length - 4, this.#length);
  }

  /** The first min(n, length) digits, n at most MAX_PREFIX_DIGITS (brand detection only). */
  prefix(n: number): string {
    this.#assertAlive();
    if (!Number.isInteger(n) || n < 0 || n > MAX_PREFIX_DIGITS) {
      throw new RangeError(`DigitBuffer.prefix takes 0 to ${MAX_PREFIX_DIGITS} digits`);
    }
    return this.#text(0, Math.min(n, this.#length));
  }

  /** All digits as a string. Only for validation and the gateway request; never log or store the result. */
  reveal(): string {
    this.#assertAlive();
    return this.#text(0, this.#length);
  }

  toString(): string {
    return `[redacted ${this.#length} digits]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.toPrimitive](): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #text(from: number, to: number): string {
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(ZERO + (this.#digits[i] ?? 0));
    return s;
  }

  #assertAlive(): void {
    if (this.#wiped) throw new Error('DigitBuffer was wiped and cannot be used again');
  }
}
