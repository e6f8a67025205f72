// Console passwords: scrypt (Node's crypto, memory-hard) with a random salt per password, checked in constant time;
// generated temporary passwords. Never logs, stores or returns a password, only the hash.
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** N = 2^15, r = 8, p = 1: 32 MiB and ~50 ms per hash on a laptop core (OWASP's scrypt minimum is N = 2^17 / 2^15 with more p) */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const MAX_MEM = 64 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LEN, { N, r, p, maxmem: MAX_MEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.N, PARAMS.r, PARAMS.p);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`; false for a malformed hash (never throws on bad input). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const N = Number(n), R = Number(r), P = Number(p);
  if (![N, R, P].every(Number.isSafeInteger) || N > 2 ** 20 || expected.length !== KEY_LEN) return false;
  const key = await derive(password, Buffer.from(salt, 'base64url'), N, R, P);
  return timingSafeEqual(key, expected);
}

/** A hash that matches nothing, verified for unknown login ids so they take as long as known ones. */
export const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LEN).toString('base64url')}`;

/** Why a new password is refused, or null when it is acceptable (length; not the login id). */
export function passwordProblem(password: string, loginId?: string): { en: string; ja: string } | null {
  if (password.length < MIN_PASSWORD_LENGTH) return { en: `use at least ${MIN_PASSWORD_LENGTH} characters`, ja: `${MIN_PASSWORD_LENGTH}文字以上にしてください` };
  if (password.length > MAX_PASSWORD_LENGTH) return { en: `use at most ${MAX_PASSWORD_LENGTH} characters`, ja: `${MAX_PASSWORD_LENGTH}文字以内にしてください` };
  if (loginId && password.toLowerCase().includes(loginId.toLowerCase())) return { en: 'must not contain the login id', ja: 'ログインIDを含めないでください' };
  if (new Set(password).size < 4) return { en: 'too easy to guess: use more different characters', ja: '推測されやすいパスワードです。異なる文字を増やしてください' };
  return null;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A 16-character temporary password (about 92 bits) without look-alike characters, grouped for reading aloud. */
export function generatePassword(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}
