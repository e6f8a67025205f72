// The management API under /v1/merchants, in one router: console-or-API-key authentication, the merchant scope
// check for every /:mid route, then each resource's routes (merchants, numbers, operators, payments, live board, reports,
// webhooks, audit). Routes only compose here; each resource owns its handlers.
import { Hono } from 'hono';
import type { Db } from '../db/index.js';
import { consoleAuth, merchantScope, type ConsoleAuthDeps, type ConsoleEnv } from './console-auth.js';
import { merchantRoutes, type MerchantRoutesDeps } from '../merchants/routes.js';
import { didRoutes } from '../merchants/did-routes.js';
import { operatorRoutes, type OperatorRoutesDeps } from '../users/operator-routes.js';
import { consolePaymentRoutes, type ConsolePaymentDeps } from '../payments/console-routes.js';
import { liveRoutes, type LiveDeps } from '../live/routes.js';
import { reportRoutes } from '../reports/routes.js';
import type { Reports } from '../reports/reports.js';
import { webhookRoutes, type WebhookRoutesDeps } from '../webhooks/routes.js';
import { auditRoutes } from '../audit-routes.js';

export interface ManagementDeps extends ConsoleAuthDeps, MerchantRoutesDeps, OperatorRoutesDeps, ConsolePaymentDeps, LiveDeps, WebhookRoutesDeps {
  db: Db;
  reports: Reports;
}

export function managementRoutes(d: ManagementDeps) {
  return new Hono<ConsoleEnv>()
    .use('*', consoleAuth(d))
    .use('/:mid', merchantScope(d.merchants))
    .use('/:mid/*', merchantScope(d.merchants))
    .route('/', merchantRoutes(d))
    .route('/', didRoutes(d))
    .route('/', operatorRoutes(d))
    .route('/', consolePaymentRoutes(d))
    .route('/', liveRoutes(d))
    .route('/', reportRoutes(d.reports))
    .route('/', webhookRoutes(d))
    .route('/', auditRoutes(d.db));
}
