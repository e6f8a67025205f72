// Checks a login id and password: locks the account for LOCK_MINUTES after MAX_FAILURES wrong passwords in a row,
// answers unknown ids as slowly as known ones, refuses disabled people and merchants. Never logs a password.
import { Accounts, type User } from './accounts.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: string; user: User; justLocked: boolean }
  | { ok: false; reason: 'disabled' | 'merchant_disabled'; user: User };

export class SignIn {
  constructor(private readonly accounts: Accounts) {}

  async attempt(loginId: string, password: string, now = Date.now()): Promise<SignInResult> {
    const cred = await this.accounts.credentials(loginId);
    if (!cred || !cred.passwordHash) {
      await verifyPassword(password, DUMMY_HASH);
      return { ok: false, reason: 'invalid' };
    }
    const lockedUntil = cred.lockedUntil && Date.parse(cred.lockedUntil) > now ? cred.lockedUntil : null;
    if (lockedUntil) return { ok: false, reason: 'locked', lockedUntil, user: cred.user, justLocked: false };
    const matches = await verifyPassword(password, cred.passwordHash);
    if (!matches) {
      // a lock that has run out starts a fresh count
      const failures = (cred.lockedUntil ? 0 : cred.failedSignIns) + 1;
      if (failures >= MAX_FAILURES) {
        const until = new Date(now + LOCK_MINUTES * 60_000).toISOString();
        await this.accounts.recordFailure(cred.user, failures, until);
        return { ok: false, reason: 'locked', lockedUntil: until, user: cred.user, justLocked: true };
      }
      await this.accounts.recordFailure(cred.user, failures, null);
      return { ok: false, reason: 'invalid' };
    }
    if (!cred.active) return { ok: false, reason: 'disabled', user: cred.user };
    if (!cred.merchantActive) return { ok: false, reason: 'merchant_disabled', user: cred.user };
    await this.accounts.recordSuccess(cred.user);
    return { ok: true, user: cred.user };
  }
}
