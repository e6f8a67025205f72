// Who is calling the management API (/v1/auth, /v1/merchants/…): a console user (session cookie, CSRF token on
// every unsafe request) or a merchant's server (API key). Decides which merchant they may see and what their role
// may do; another merchant is answered as "not found", a missing permission as 403.
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { API_KEY_PREFIX, type ApiKeys } from '../auth/api-keys.js';
import { WIDGET_TOKEN_PREFIX } from '../auth/widget-token.js';
import type { Merchant, MerchantStore } from '../merchants/store.js';
import type { ActiveSession, Sessions } from '../users/sessions.js';
import { ABSOLUTE_TIMEOUT_MS } from '../users/sessions.js';
import { can, type ActorRole, type Permission } from '../users/permissions.js';
import type { AuditEntry } from '../audit.js';
import { ApiError, notFound } from './errors.js';

export type Actor = { kind: 'user'; session: ActiveSession } | { kind: 'api_key'; merchantId: string; keyId: string };
export type ConsoleEnv = { Variables: { actor: Actor; merchant: Merchant } };

export interface CookiePolicy {
  /** Secure cookie (and the __Host- name) when the public URL is https */
  secure: boolean;
  /** origins allowed to send unsafe requests with the cookie: the public URL's, and the request's own */
  publicOrigin: string;
}

export const cookieName = (p: CookiePolicy) => (p.secure ? '__Host-ivrpay_session' : 'ivrpay_session');

export function setSessionCookie(c: Context, p: CookiePolicy, token: string): void {
  setCookie(c, cookieName(p), token, { httpOnly: true, secure: p.secure, sameSite: 'Strict', path: '/', maxAge: Math.floor(ABSOLUTE_TIMEOUT_MS / 1000) });
}

export function clearSessionCookie(c: Context, p: CookiePolicy): void {
  deleteCookie(c, cookieName(p), { path: '/', secure: p.secure });
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refuses a cross-site unsafe request: the Origin, when the browser sends one, must be this server's. */
export function checkOrigin(c: Context, p: CookiePolicy): void {
  if (!UNSAFE.has(c.req.method)) return;
  const origin = c.req.header('origin');
  if (origin && origin !== p.publicOrigin && origin !== new URL(c.req.url).origin) {
    throw new ApiError(403, 'csrf_failed', 'this request came from another site; sign in to the console on this server');
  }
}

export interface ConsoleAuthDeps {
  keys: ApiKeys;
  sessions: Sessions;
  cookies: CookiePolicy;
}

/** The session behind the request's cookie, or null. */
export async function sessionOf(c: Context, d: ConsoleAuthDeps): Promise<ActiveSession | null> {
  const token = getCookie(c, cookieName(d.cookies));
  return token ? await d.sessions.resolve(token) : null;
}

export function consoleAuth(d: ConsoleAuthDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer?.startsWith(API_KEY_PREFIX)) {
      const found = await d.keys.resolve(bearer);
      if (!found) throw new ApiError(401, 'unauthorized', 'unknown or revoked API key');
      c.set('actor', { kind: 'api_key', ...found });
      return next();
    }
    if (bearer?.startsWith(WIDGET_TOKEN_PREFIX)) throw new ApiError(403, 'forbidden', 'widget tokens cannot use the management API: use the merchant API key or sign in to the console');
    if (bearer) throw new ApiError(401, 'unauthorized', 'unrecognized credential: expected an API key (ivp_…)');
    const session = (await sessionOf(c, d));
    if (!session) throw new ApiError(401, 'unauthorized', 'sign in to the console first (or send "Authorization: Bearer <API key>")');
    checkOrigin(c, d.cookies);
    if (UNSAFE.has(c.req.method) && !sameToken(c.req.header('x-csrf-token') ?? '', session.csrfToken)) {
      throw new ApiError(403, 'csrf_failed', 'missing or wrong X-CSRF-Token header: reload the console');
    }
    if (session.user.mustChangePassword) throw new ApiError(403, 'password_change_required', 'choose a new password first (POST /v1/auth/password)');
    c.set('actor', { kind: 'user', session });
    return next();
  };
}

export function actorRole(a: Actor): ActorRole {
  return a.kind === 'api_key' ? 'api_key' : a.session.user.role;
}

/** Whether the actor may see this merchant at all (platform admins: every merchant). */
export function seesMerchant(a: Actor, merchantId: string): boolean {
  if (a.kind === 'api_key') return a.merchantId === merchantId;
  return a.session.user.role === 'platform_admin' || a.session.user.merchantId === merchantId;
}

/** Middleware for /:mid routes: the merchant must exist and be visible to the actor (else 404). */
export function merchantScope(merchants: MerchantStore): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const mid = c.req.param('mid') ?? '';
    const merchant = seesMerchant(c.get('actor'), mid) ? await merchants.get(mid) : null;
    if (!merchant) throw notFound('merchant');
    c.set('merchant', merchant);
    return next();
  };
}

const WHAT: Record<Permission, string> = {
  'merchants.create': 'create merchants',
  'merchants.read': 'see this merchant',
  'merchants.update': "change the merchant's settings",
  'merchants.status': 'disable or enable merchants',
  'dids.manage': 'assign payment numbers',
  'api_keys.manage': 'manage API keys',
  'operators.read': 'see operators',
  'operators.manage': 'manage operators',
  'payments.read': 'see payments',
  'payments.export': 'download payments',
  'payments.cancel': 'cancel payments',
  'payments.refund': 'void or refund payments',
  'live.read': 'watch the live board',
  'reports.read': 'see reports',
  'webhooks.read': 'see webhooks',
  'webhooks.manage': 'manage webhooks',
  'audit.read': 'see the audit log',
};

/** Refuses (403) when the actor's role lacks the permission; returns the merchant in scope. */
export function allow(c: Context<ConsoleEnv>, permission: Permission): Merchant {
  const role = actorRole(c.get('actor'));
  if (!can(role, permission)) throw new ApiError(403, 'forbidden', `your role (${role}) cannot ${WHAT[permission]}`);
  return c.get('merchant');
}

/** The actor as the audit log records it (ids only). */
export function auditActor(a: Actor): Pick<AuditEntry, 'actorType' | 'actorId'> {
  if (a.kind === 'api_key') return { actorType: 'api_key', actorId: a.keyId };
  return { actorType: a.session.user.kind === 'platform_admin' ? 'platform_admin' : 'operator', actorId: a.session.user.id };
}
