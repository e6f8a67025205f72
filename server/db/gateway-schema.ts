// Tables of the gateway layer (re-exported by schema.ts): each merchant's gateway and sealed credentials, the
// operations on approved payments, the sandbox gateway's records. Never a PAN, an expiry or a security code.
import { pgTable, text, boolean, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { int } from './columns.js';

/** The gateway a merchant uses; credentials sealed with AES-256-GCM (server/gateway/settings/cipher.ts). */
export const merchantGateways = pgTable('merchant_gateways', {
  merchantId: text('merchant_id').primaryKey(),
  /** sandbox | gmo-pg | stripe */
  kind: text('kind').notNull(),
  /** settings that are not secret (endpoint, site id, options), as JSON */
  options: text('options').notNull(),
  /** the secret credentials as sealed JSON: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url) */
  secret: text('secret').notNull(),
  /** the credentials masked for people (JSON): never enough to use them */
  secretHint: text('secret_hint').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Sale, void and refund of approved payments: one row per operation; its id is the gateway idempotency key. */
export const paymentOperations = pgTable(
  'payment_operations',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    /** sale | void | refund */
    kind: text('kind').notNull(),
    /** minor units the operation moves (void: the amount still charged or authorized) */
    amount: int('amount').notNull(),
    /** pending (sent, answer not known yet) | succeeded | failed */
    status: text('status').notNull(),
    /** name of the gateway adapter that ran it */
    gateway: text('gateway').notNull(),
    /** the caller's Idempotency-Key header: a retried request gets this operation back */
    requestKey: text('request_key'),
    /** the gateway's reference for the operation (refund id, transaction id) */
    reference: text('reference'),
    errorCode: text('error_code'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('payment_operations_payment').on(t.paymentId, t.createdAt),
    uniqueIndex('payment_operations_request_key').on(t.paymentId, t.requestKey),
    index('payment_operations_status').on(t.status),
  ],
);

/** The sandbox gateway's record of operations, keyed by the operation id, so a retry never acts twice. */
export const sandboxOperations = pgTable(
  'sandbox_operations',
  {
    merchantId: text('merchant_id').notNull(),
    operationId: text('operation_id').notNull(),
    orderId: text('order_id').notNull(),
    kind: text('kind').notNull(),
    amount: int('amount').notNull(),
    /** done | refused code */
    outcome: text('outcome').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.operationId] })],
);

/** Cards the sandbox gateway keeps for a member (registration): brand and last four only. */
export const sandboxCards = pgTable(
  'sandbox_cards',
  {
    merchantId: text('merchant_id').notNull(),
    memberId: text('member_id').notNull(),
    token: text('token').notNull(),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    /** the order whose card this is (registration is idempotent per order) */
    orderId: text('order_id').notNull(),
    isDefault: boolean('is_default').notNull().default(true),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.token] }), index('sandbox_cards_member').on(t.merchantId, t.memberId)],
);
