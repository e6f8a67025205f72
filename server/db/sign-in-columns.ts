// The columns every console sign-in identity has (operators and platform admins): login id, scrypt hash, lockout.
import { integer, text } from 'drizzle-orm/sqlite-core';

export function signInColumns() {
  return {
    /** what the person types to sign in; unique across operators and platform admins */
    loginId: text('login_id'),
    /** scrypt$N$r$p$salt$hash (server/users/passwords.ts); never the password */
    passwordHash: text('password_hash'),
    /** consecutive failed sign-ins since the last success */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    /** sign-in refused until then after too many failures (ISO 8601) */
    lockedUntil: text('locked_until'),
    lastSignInAt: text('last_sign_in_at'),
    /** set by a password reset: the next sign-in must choose a new password first */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  };
}
