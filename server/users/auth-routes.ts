// /v1/auth: console sign-in (sets the session cookie), the current session with its CSRF token, sign-out, and
// changing one's own password. Audits every sign-in, failure and lockout; never echoes or logs a password.
import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { ApiError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { checkOrigin, clearSessionCookie, sessionOf, setSessionCookie, type ConsoleAuthDeps } from '../http/console-auth.js';
import type { AuditLog } from '../audit.js';
import type { Accounts, User } from './accounts.js';
import type { SignIn } from './sign-in.js';
import type { ActiveSession } from './sessions.js';
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblem, verifyPassword } from './passwords.js';
import { permissionsOf } from './permissions.js';
import { redactDigitRuns } from '../log/redact.js';

export interface AuthRoutesDeps extends ConsoleAuthDeps {
  accounts: Accounts;
  signIn: SignIn;
  audit: AuditLog;
}

const SignInBody = z.object({ loginId: z.string().trim().min(1).max(64), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }).strict();
const PasswordBody = z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH) }).strict();

const actorOf = (u: User) => ({ actorType: u.kind === 'platform_admin' ? ('platform_admin' as const) : ('operator' as const), actorId: u.id, merchantId: u.merchantId });

/** What the console needs to know about who is signed in. */
export function sessionView(s: ActiveSession) {
  return { user: s.user, permissions: permissionsOf(s.user.role), csrfToken: s.csrfToken, expiresAt: s.expiresAt };
}

export function authRoutes(d: AuthRoutesDeps) {
  const current = async (c: Parameters<typeof sessionOf>[0]) => {
    const s = (await sessionOf(c, d));
    if (!s) throw new ApiError(401, 'unauthorized', 'not signed in');
    return s;
  };
  return new Hono()
    .post('/sign-in', describeRoute({ tags: ['console'], summary: 'Sign in to the console (sets an HttpOnly session cookie)' }), validate('json', SignInBody), async (c) => {
      checkOrigin(c, d.cookies);
      const { loginId, password } = c.req.valid('json');
      const r = await d.signIn.attempt(loginId, password);
      if (!r.ok) {
        if (r.reason === 'invalid') {
          await d.audit.record({ actorType: 'system', action: 'sign_in.failed', detail: { loginId: redactDigitRuns(loginId.slice(0, 64)) } });
          throw new ApiError(401, 'invalid_credentials', 'the login id or the password is wrong');
        }
        await d.audit.record({ ...actorOf(r.user), action: r.reason === 'locked' ? (r.justLocked ? 'sign_in.locked' : 'sign_in.refused_locked') : `sign_in.refused_${r.reason}` });
        if (r.reason === 'locked') throw new ApiError(429, 'account_locked', `too many wrong passwords: this account is locked until ${r.lockedUntil}; an administrator can reset the password`);
        if (r.reason === 'merchant_disabled') throw new ApiError(403, 'merchant_disabled', 'this merchant is disabled');
        throw new ApiError(403, 'forbidden', 'this account is disabled: ask your administrator');
      }
      const { token, session } = await d.sessions.create(r.user);
      setSessionCookie(c, d.cookies, token);
      await d.audit.record({ ...actorOf(r.user), action: 'sign_in' });
      return c.json(sessionView(session));
    })
    .get('/session', describeRoute({ tags: ['console'], summary: 'Who is signed in, with the CSRF token for unsafe requests' }), async (c) => c.json(sessionView(await current(c))))
    .post('/sign-out', describeRoute({ tags: ['console'], summary: 'Sign out (ends the session, clears the cookie)' }), async (c) => {
      checkOrigin(c, d.cookies);
      const s = await sessionOf(c, d);
      if (s) {
        if (c.req.header('x-csrf-token') !== s.csrfToken) throw new ApiError(403, 'csrf_failed', 'missing or wrong X-CSRF-Token header: reload the console');
        await d.sessions.end(s.id);
        await d.audit.record({ ...actorOf(s.user), action: 'sign_out' });
      }
      clearSessionCookie(c, d.cookies);
      return c.body(null, 204);
    })
    .post('/password', describeRoute({ tags: ['console'], summary: 'Change your own password (signs out your other sessions)' }), validate('json', PasswordBody), async (c) => {
      checkOrigin(c, d.cookies);
      const s = (await current(c));
      if (c.req.header('x-csrf-token') !== s.csrfToken) throw new ApiError(403, 'csrf_failed', 'missing or wrong X-CSRF-Token header: reload the console');
      const { currentPassword, newPassword } = c.req.valid('json');
      const cred = await d.accounts.credentials(s.user.loginId);
      if (!cred?.passwordHash || !(await verifyPassword(currentPassword, cred.passwordHash))) throw new ApiError(401, 'invalid_credentials', 'the current password is wrong');
      const problem = passwordProblem(newPassword, s.user.loginId);
      if (problem) throw new ApiError(422, 'weak_password', `new password: ${problem.en}`);
      if (newPassword === currentPassword) throw new ApiError(422, 'weak_password', 'new password: choose a different one');
      await d.accounts.setPasswordHash(s.user, await hashPassword(newPassword), false);
      await d.sessions.endAllFor(s.user.kind, s.user.id, s.id);
      await d.audit.record({ ...actorOf(s.user), action: 'password.change' });
      return c.json(sessionView({ ...s, user: { ...s.user, mustChangePassword: false } }));
    });
}
