// Who is calling: a merchant's server (API key) or a widget (token scoped to one payment). Every route checks
// the principal's merchant and, for widgets, the payment id, before it touches anything.
import type { Context, MiddlewareHandler } from 'hono';
import { API_KEY_PREFIX, type ApiKeys } from '../auth/api-keys.js';
import { WIDGET_TOKEN_PREFIX, type WidgetTokens } from '../auth/widget-token.js';
import { ApiError } from './errors.js';

export type Principal =
  | { kind: 'merchant'; merchantId: string; keyId: string }
  | { kind: 'widget'; merchantId: string; paymentId: string };

export type AuthEnv = { Variables: { principal: Principal } };

/**
 * In-process requests from the console (an action a signed-in user took, already authorized by role) carry their
 * principal in the request's env under this symbol; a request from the network cannot set it.
 */
export const INTERNAL_PRINCIPAL = Symbol('ivrpay.internalPrincipal');

export function authenticate(keys: ApiKeys, tokens: WidgetTokens, opts: { allowQueryToken?: boolean } = {}): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (c.get('principal')) return next();
    const internal = (c.env as Record<symbol, Principal> | undefined)?.[INTERNAL_PRINCIPAL];
    if (internal) {
      c.set('principal', internal);
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    let credential = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!credential && opts.allowQueryToken) credential = c.req.query('token') ?? undefined;
    if (!credential) throw new ApiError(401, 'unauthorized', 'send "Authorization: Bearer <API key or widget token>"');
    if (credential.startsWith(API_KEY_PREFIX)) {
      const found = await keys.resolve(credential);
      if (!found) throw new ApiError(401, 'unauthorized', 'unknown or revoked API key');
      c.set('principal', { kind: 'merchant', ...found });
    } else if (credential.startsWith(WIDGET_TOKEN_PREFIX)) {
      const v = tokens.verify(credential);
      if (!v.ok) {
        throw v.reason === 'expired'
          ? new ApiError(401, 'token_expired', 'the widget token has expired: the CRM must issue a new one (reload the page)')
          : new ApiError(401, 'unauthorized', 'invalid widget token');
      }
      c.set('principal', { kind: 'widget', merchantId: v.claims.m, paymentId: v.claims.p });
    } else {
      throw new ApiError(401, 'unauthorized', 'unrecognized credential: expected an API key (ivp_…) or a widget token (wt1.…)');
    }
    await next();
  };
}

/** Only merchant API keys (server-to-server) may do this. */
export function requireMerchant(c: Context<AuthEnv>): Extract<Principal, { kind: 'merchant' }> {
  const p = c.get('principal');
  if (p.kind !== 'merchant') throw new ApiError(403, 'forbidden', 'this needs the merchant API key (server-to-server); widget tokens cannot do it');
  return p;
}

/** The merchant id the caller may act for on this payment; widgets only on their own payment. */
export function merchantForPayment(c: Context<AuthEnv>, paymentId: string): string {
  const p = c.get('principal');
  if (p.kind === 'widget' && p.paymentId !== paymentId) throw new ApiError(404, 'not_found', 'payment not found (or it belongs to another merchant)');
  return p.merchantId;
}
