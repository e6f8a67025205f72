// Each merchant's allowed widget origins (settings.allowedOrigins): a widget-token call from a browser page on
// another origin is refused (403 origin_not_allowed) before it does anything. API keys (server-to-server, no
// Origin) are not affected; an empty list allows any origin. Preflights cannot carry the token, so they stay open.
import type { MiddlewareHandler } from 'hono';
import type { MerchantStore } from '../merchants/store.js';
import type { AuthEnv } from './auth.js';
import { ApiError } from './errors.js';

export function originAllowed(allowed: readonly string[], origin: string | undefined, ownOrigin: string): boolean {
  if (!origin || allowed.length === 0) return true;
  const o = origin.toLowerCase();
  return o === ownOrigin.toLowerCase() || allowed.includes(o);
}

export function widgetOriginGuard(merchants: MerchantStore): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const p = c.get('principal');
    if (p?.kind === 'widget') {
      const origin = c.req.header('origin');
      const allowed = (await merchants.get(p.merchantId))?.settings.allowedOrigins ?? [];
      if (!originAllowed(allowed, origin, new URL(c.req.url).origin)) {
        throw new ApiError(403, 'origin_not_allowed', `this merchant does not allow the widget on ${origin}: add it to the allowed origins in the console`);
      }
    }
    return next();
  };
}
