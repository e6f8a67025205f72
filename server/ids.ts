// Identifiers: a readable prefix per kind plus 96 random bits (base32, lowercase), e.g. pay_k3v9q2m7x1c8d4hz.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function newId(prefix: 'mer' | 'pay' | 'op' | 'key' | 'call' | 'tx' | 'adm' | 'whe' | 'whd'): string {
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[bytes[i]! & 31];
  return `${prefix}_${out}`;
}

export const nowIso = (): string => new Date().toISOString();
