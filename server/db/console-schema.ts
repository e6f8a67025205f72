// Tables of the management console: platform admins (no merchant), console sessions, webhook endpoints and their
// delivery log. No column holds card data; webhook payloads are the masked payment view.
import { pgTable, text, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { int, signInColumns } from './columns.js';

/** People who run the platform: they see and manage every merchant. Created with `npm run admin:create`. */
export const platformAdmins = pgTable(
  'platform_admins',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    createdAt: text('created_at').notNull(),
    ...signInColumns(),
  },
  (t) => [uniqueIndex('platform_admins_login').on(t.loginId)],
);

/** Signed-in console sessions; the cookie holds a random token, only its SHA-256 is kept here. */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    /** SHA-256 (hex) of the session token */
    id: text('id').primaryKey(),
    userKind: text('user_kind', { enum: ['operator', 'platform_admin'] }).notNull(),
    userId: text('user_id').notNull(),
    /** sent back in X-CSRF-Token on every unsafe request */
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('console_sessions_user').on(t.userKind, t.userId)],
);

/** Where a merchant's order system wants to hear about final payment statuses. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull(),
    url: text('url').notNull(),
    /** HMAC-SHA256 signing secret (whsec_…); needed in clear to sign, shown to the merchant only when created/rotated */
    secret: text('secret').notNull(),
    description: text('description'),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('webhook_endpoints_merchant').on(t.merchantId)],
);

/** One webhook per endpoint and final payment event, retried with backoff until delivered or given up. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    paymentId: text('payment_id').notNull(),
    /** the payment event (payment_events.seq) that caused it */
    eventSeq: int('event_seq').notNull(),
    /** payment.approved, payment.declined, … */
    eventType: text('event_type').notNull(),
    /** the exact JSON body sent on every attempt */
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: int('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastAttemptAt: text('last_attempt_at'),
    /** HTTP status of the last attempt, null when it got no answer */
    lastStatus: int('last_status'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event').on(t.endpointId, t.eventSeq),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_merchant').on(t.merchantId, t.createdAt),
    index('webhook_deliveries_payment').on(t.paymentId),
  ],
);
