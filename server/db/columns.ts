// Column helpers the table files share: 64-bit integers read as JS numbers (SQLite's INTEGER), and the columns every
// console sign-in identity has (operators and platform admins): login id, scrypt hash, lockout.
import { bigint, boolean, text } from 'drizzle-orm/pg-core';

/** an integer column: bigint in Postgres (SQLite's INTEGER is 64-bit too), a JS number in the app */
export const int = (name: string) => bigint(name, { mode: 'number' });

export function signInColumns() {
  return {
    /** what the person types to sign in; unique across operators and platform admins */
    loginId: text('login_id'),
    /** scrypt$N$r$p$salt$hash (server/users/passwords.ts); never the password */
    passwordHash: text('password_hash'),
    /** consecutive failed sign-ins since the last success */
    failedSignIns: int('failed_sign_ins').notNull().default(0),
    /** sign-in refused until then after too many failures (ISO 8601) */
    lockedUntil: text('locked_until'),
    lastSignInAt: text('last_sign_in_at'),
    /** set by a password reset: the next sign-in must choose a new password first */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
  };
}
