// Builds what the management API and the console run on: accounts and sessions, merchant/operator administration,
// payment search, reports, webhook endpoints and the delivery dispatcher, the retention timer, and the demo's
// sign-in. ivrpay.ts calls it once and hands the result to the app.
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import type { Logger } from './log/logger.js';
import type { AuditLog } from './audit.js';
import type { ApiKeys } from './auth/api-keys.js';
import type { MerchantStore } from './merchants/store.js';
import type { EventBus } from './payments/event-bus.js';
import type { EventLog } from './payments/event-log.js';
import type { PaymentService } from './payments/service.js';
import type { Principal } from './http/auth.js';
import type { ManagementDeps } from './http/management.js';
import type { AuthRoutesDeps } from './users/auth-routes.js';
import type { ConsoleAction } from './payments/console-routes.js';
import { Accounts } from './users/accounts.js';
import { Sessions } from './users/sessions.js';
import { SignIn } from './users/sign-in.js';
import { OperatorAdmin } from './users/operator-admin.js';
import { seedDemoAdmin } from './users/demo-admin.js';
import { MerchantAdmin } from './merchants/admin.js';
import { PaymentSearch } from './payments/search.js';
import { Reports } from './reports/reports.js';
import { WebhookEndpoints } from './webhooks/endpoints.js';
import { WebhookDispatcher, type DispatcherOptions } from './webhooks/dispatcher.js';
import { scheduleRetention } from './retention/scheduler.js';

export interface ConsoleServices {
  deps: ManagementDeps & AuthRoutesDeps & { merchants: MerchantStore };
  accounts: Accounts;
  dispatcher: WebhookDispatcher;
  /** the demo's console sign-in (IVRPAY_DEMO), printed at start */
  demoLogin: { loginId: string; password: string } | null;
  stop(): void;
}

export interface ConsoleServiceDeps {
  config: Config;
  db: Db;
  log: Logger;
  audit: AuditLog;
  keys: ApiKeys;
  merchants: MerchantStore;
  events: EventLog;
  bus: EventBus;
  payments: PaymentService;
  demoMerchantId: string | null;
  webhooks?: DispatcherOptions;
  /** filled in once the app exists: in-process API calls, and which payment actions it has */
  app: { forward: (path: string, init: RequestInit, principal: Principal) => Promise<Response>; hasAction: (a: ConsoleAction) => boolean };
}

export async function startConsoleServices(d: ConsoleServiceDeps): Promise<ConsoleServices> {
  const accounts = new Accounts(d.db);
  const sessions = new Sessions(d.db, accounts);
  const webhookEndpoints = new WebhookEndpoints(d.db);
  const dispatcher = new WebhookDispatcher(d.db, webhookEndpoints, d.log.child({ component: 'webhooks' }), d.webhooks);
  await dispatcher.start(d.bus);
  const retention = scheduleRetention(d.db, d.audit, d.log, { retentionDays: d.config.retentionDays, intervalMs: d.config.retentionIntervalMs });
  const demoLogin = d.demoMerchantId ? await seedDemoAdmin(d.db, d.demoMerchantId) : null;
  if (await accounts.platformAdminCount() === 0) {
    d.log.warn('no platform admin yet: create one with `npm run admin:create -- --login <id>` / プラットフォーム管理者がいません: `npm run admin:create -- --login <ID>` で作成してください');
  }
  const publicOrigin = new URL(d.config.publicUrl).origin;
  return {
    accounts,
    dispatcher,
    demoLogin,
    deps: {
      db: d.db,
      keys: d.keys,
      sessions,
      accounts,
      signIn: new SignIn(accounts),
      cookies: { secure: d.config.secureCookies, publicOrigin },
      audit: d.audit,
      merchants: d.merchants,
      merchantAdmin: new MerchantAdmin(d.db),
      operatorAdmin: new OperatorAdmin(d.db),
      payments: d.payments,
      search: new PaymentSearch(d.db),
      events: d.events,
      bus: d.bus,
      reports: new Reports(d.db),
      webhookEndpoints,
      dispatcher,
      deliveriesOf: (merchantId, paymentId) => dispatcher.list(merchantId, { paymentId }),
      hasAction: (a) => d.app.hasAction(a),
      forward: (path, init, principal) => d.app.forward(path, init, principal),
    },
    stop() {
      dispatcher.stop();
      retention.stop();
    },
  };
}
