import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the same password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });
  it('treats Unicode forms of one password alike (NFKC)', async () => {
    const h = await hashPassword('ﾊﾟｽﾜｰﾄﾞ-12345');
    expect(await verifyPassword('パスワード-12345', h)).toBe(true);
  });
  it('never matches the dummy hash or a malformed one, without throwing', async () => {
    expect(await verifyPassword('anything at all', DUMMY_HASH)).toBe(false);
    for (const bad of ['', 'plain', 'scrypt$1$1$1$$', 'scrypt$99999999$8$1$AAAA$AAAA', 'bcrypt$x']) expect(await verifyPassword('x', bad)).toBe(false);
  });
  it('refuses short, login-id-based and repetitive passwords', () => {
    expect(passwordProblem('short')).not.toBeNull();
    expect(passwordProblem('alice-password-1', 'alice')?.en).toMatch(/login id/);
    expect(passwordProblem('aaaaaaaaaaaa')?.en).toMatch(/guess/);
    expect(passwordProblem('Tsukimi-dango-42', 'alice')).toBeNull();
  });
  it('generates readable temporary passwords that pass the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
      expect(p).not.toMatch(/[01OIlo]/);
      expect(passwordProblem(p)).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(50);
  });
});
