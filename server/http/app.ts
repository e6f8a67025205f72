// The Hono application: /v1 JSON API (authenticated, validated, CORS for widgets), SSE, health, static widget
// and demo files, and the one error handler that shapes every failure as {error:{code,message}}.
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, type ApiErrorCode } from './errors.js';
import { authenticate, type AuthEnv } from './auth.js';
import type { Logger } from '../log/logger.js';
import type { ApiKeys } from '../auth/api-keys.js';
import type { WidgetTokens } from '../auth/widget-token.js';
import { paymentRoutes, type PaymentRoutesDeps } from '../payments/routes.js';
import { paymentEventRoutes, type SseDeps } from '../payments/sse.js';
import { callRoutes } from '../calls/routes.js';
import { identificationRoutes } from '../transfer/routes.js';
import type { CallRegistry } from '../calls/registry.js';
import { redactDigitRuns } from '../log/redact.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface AppDeps extends PaymentRoutesDeps, SseDeps {
  log: Logger;
  keys: ApiKeys;
  tokens: WidgetTokens;
  calls: CallRegistry;
  health: () => Record<string, unknown>;
  /** extra routes mounted at the root (the demo CRM backend) */
  extra?: (app: Hono) => void;
  widgetDir?: string;
}

const STATUS_CODE: Partial<Record<number, ApiErrorCode>> = { 400: 'validation_failed', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

export function createApp(d: AppDeps): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    if (c.req.path === '/healthz') return;
    d.log.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - t0) }, 'http');
  });

  const v1 = new Hono<AuthEnv>();
  v1.use('*', cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'], allowMethods: ['GET', 'POST'], maxAge: 600 }));
  v1.use('*', bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new ApiError(400, 'validation_failed', 'request body larger than 64 KiB'); } }));
  v1.use('/payments/:id/events', authenticate(d.keys, d.tokens, { allowQueryToken: true }));
  v1.use('*', authenticate(d.keys, d.tokens));
  v1.route('/payments', paymentEventRoutes(d));
  v1.route('/payments', paymentRoutes(d));
  v1.route('/payments', identificationRoutes(d));
  v1.route('/calls', callRoutes(d.calls));
  app.route('/v1', v1);

  app.get('/healthz', (c) => c.json(d.health()));
  app.use('/widget/*', serveStatic({ root: d.widgetDir ?? resolve(ROOT, 'dist'), rewriteRequestPath: (p) => p.replace(/^\/widget/, '/widget') }));
  d.extra?.(app);
  app.get('/', (c) => c.redirect('/demo/'));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no such endpoint: ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return c.json({ error: { code: STATUS_CODE[status] ?? 'internal_error', message: redactDigitRuns(err.message || 'bad request') } }, status);
    }
    d.log.error({ err: redactDigitRuns(String((err as Error)?.stack ?? err)), path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'internal_error', message: 'something went wrong on the server; it was logged. Try again' } }, 500);
  });
  return app;
}
