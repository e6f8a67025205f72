// The Hono application: /v1 JSON API (authenticated, validated, CORS for widgets, each merchant's allowed widget
// origins), the management API and the console, SSE, /v1/openapi.json, health, static widget and demo files, and
// the one error handler that shapes every failure as {error:{code,message}}.
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, type ApiErrorCode } from './errors.js';
import { authenticate, type AuthEnv } from './auth.js';
import { openAPIRouteHandler } from 'hono-openapi';
import { managementRoutes, type ManagementDeps } from './management.js';
import { authRoutes, type AuthRoutesDeps } from '../users/auth-routes.js';
import { widgetOriginGuard } from './widget-origins.js';
import { mountConsole } from './console-static.js';
import type { MerchantStore } from '../merchants/store.js';
import type { Logger } from '../log/logger.js';
import type { ApiKeys } from '../auth/api-keys.js';
import type { WidgetTokens } from '../auth/widget-token.js';
import { paymentRoutes, type PaymentRoutesDeps } from '../payments/routes.js';
import { paymentEventRoutes, type SseDeps } from '../payments/sse.js';
import { operationRoutes, type OperationRoutesDeps } from '../payments/operation-routes.js';
import { callRoutes } from '../calls/routes.js';
import { identificationRoutes } from '../transfer/routes.js';
import type { CallRegistry } from '../calls/registry.js';
import { redactDigitRuns } from '../log/redact.js';
import { softphoneRoutes, type SoftphoneDeps } from '../softphone/routes.js';
import { directoryRoutes, type DirectoryDeps } from '../softphone/directory.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface AppDeps extends PaymentRoutesDeps, SseDeps {
  /** sale, void and refund (POST /v1/payments/:id/sale|void|refund) */
  operations: OperationRoutesDeps['operations'];
  log: Logger;
  keys: ApiKeys;
  tokens: WidgetTokens;
  calls: CallRegistry;
  health: () => Record<string, unknown>;
  /** extra routes mounted at the root (the demo CRM backend) */
  extra?: (app: Hono) => void;
  widgetDir?: string;
  /** the management API and the console */
  console: ManagementDeps & AuthRoutesDeps & { merchants: MerchantStore; consoleDir?: string };
  /** softphone mode: /v1/softphone, and the SIP directory FreeSWITCH asks (mod_xml_curl) */
  softphone: SoftphoneDeps & { directory: DirectoryDeps & { credentials: string } };
}

const STATUS_CODE: Partial<Record<number, ApiErrorCode>> = { 400: 'validation_failed', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

/** Paths under /v1 with their own authentication (console session or API key), or none. */
const OWN_AUTH = /^\/v1\/(auth|merchants|softphone)(\/|$)|^\/v1\/openapi\.json$/;

/**
 * The /v1 API as one typed chain: `ApiType` gives the typed client (client/) every route, its input and output.
 * The payment and call routes take an API key or a widget token; /auth and /merchants take a console session or an
 * API key (server/http/console-auth.ts).
 */
export function buildApi(d: AppDeps) {
  const auth = authenticate(d.keys, d.tokens);
  const guard = widgetOriginGuard(d.console.merchants);
  return new Hono<AuthEnv>()
    .use('*', cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'Idempotency-Key'], allowMethods: ['GET', 'POST'], maxAge: 600 }))
    .use('*', bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new ApiError(400, 'validation_failed', 'request body larger than 64 KiB'); } }))
    .use('/payments/:id/events', authenticate(d.keys, d.tokens, { allowQueryToken: true }))
    .use('*', (c, next) => (OWN_AUTH.test(c.req.path) ? next() : auth(c, next)))
    .use('*', (c, next) => (OWN_AUTH.test(c.req.path) ? next() : guard(c, next)))
    .route('/auth', authRoutes(d.console))
    .route('/merchants', managementRoutes(d.console))
    .route('/payments', paymentEventRoutes(d))
    .route('/payments', paymentRoutes(d))
    .route('/payments', operationRoutes(d))
    .route('/payments', identificationRoutes(d))
    .route('/calls', callRoutes(d.calls))
    .route('/softphone', softphoneRoutes(d.softphone));
}

export type ApiType = ReturnType<typeof buildApi>;

export function createApp(d: AppDeps): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    if (c.req.path === '/healthz') return;
    d.log.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - t0) }, 'http');
  });

  app.route('/v1', buildApi(d));
  app.get(
    '/v1/openapi.json',
    openAPIRouteHandler(app, {
      exclude: [/^\/(?!v1\/)/, '/v1/openapi.json'],
      excludeStaticFile: false,
      documentation: {
        info: { title: 'ivrpay API', version: '1', description: 'Phone card payments (IVR決済 / DTMF masking). Errors are {"error":{"code","message"}} with a stable code.' },
        components: {
          securitySchemes: {
            apiKey: { type: 'http', scheme: 'bearer', description: 'merchant API key (ivp_…), server-to-server' },
            widgetToken: { type: 'http', scheme: 'bearer', description: 'widget token (wt1.…) for one payment' },
            consoleSession: { type: 'apiKey', in: 'cookie', name: 'ivrpay_session', description: 'console session (plus X-CSRF-Token on unsafe requests); __Host-ivrpay_session on https' },
          },
        },
        security: [{ apiKey: [] }, { widgetToken: [] }, { consoleSession: [] }],
      },
    }),
  );
  mountConsole(app, { dir: d.console.consoleDir ?? resolve(ROOT, 'dist/console') });

  app.get('/healthz', (c) => c.json(d.health()));
  app.route('/freeswitch', directoryRoutes(d.softphone.directory));
  // the widget is embedded in other sites' pages: its softphone chunk is an ES module import, which is fetched with CORS
  app.use('/widget/*', cors({ origin: '*', allowMethods: ['GET'] }));
  app.use('/widget/*', serveStatic({ root: d.widgetDir ?? resolve(ROOT, 'dist'), rewriteRequestPath: (p) => p.replace(/^\/widget/, '/widget') }));
  d.extra?.(app);
  app.get('/', (c) => c.redirect(d.extra ? '/demo/' : '/console/'));

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
