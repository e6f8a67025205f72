// Every table ivrpay keeps, in one place (written once with pg-core; server/db/dialects.ts derives the SQLite tables
// from it). No column can hold a PAN, an expiry or a security code: only brand, last four, gateway references and outcomes.
import { pgTable, text, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { int, signInColumns } from './columns.js';

export const merchants = pgTable('merchants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
  /** MerchantSettings as JSON (capture rules, allowed jobs and brands, prompt language) */
  settings: text('settings').notNull(),
  createdAt: text('created_at').notNull(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    /** first characters of the key, for people to recognize it; the key itself is never stored */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key (keys are 256-bit random, so a fast hash is enough) */
    hash: text('hash').notNull(),
    label: text('label'),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.hash), index('api_keys_merchant').on(t.merchantId)],
);

export const operators = pgTable(
  'operators',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    name: text('name').notNull(),
    /** FreeSWITCH dial string of the operator's phone (e.g. sofia/gateway/pbx/201); null = no phone yet */
    dialString: text('dial_string'),
    presence: text('presence', { enum: ['available', 'away'] }).notNull().default('available'),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    createdAt: text('created_at').notNull(),
    // console sign-in (null loginId = this operator cannot sign in)
    ...signInColumns(),
    /** what the operator may do in the console (server/users/permissions.ts) */
    role: text('role', { enum: ['merchant_admin', 'operator'] }).notNull().default('operator'),
  },
  (t) => [index('operators_merchant').on(t.merchantId), uniqueIndex('operators_login').on(t.loginId)],
);

export const dids = pgTable('dids', {
  /** the number as FreeSWITCH sees it in destination_number */
  number: text('number').primaryKey(),
  merchantId: text('merchant_id').notNull().references(() => merchants.id),
  /** operator: calls are rung to the merchant's operators (softphone mode); ivr: the payment IVR answers (transfer
   * mode); cancel: the cancel line answers (the customer cancels a payment by its slip number) */
  mode: text('mode', { enum: ['operator', 'ivr', 'cancel'] }).notNull().default('operator'),
  /** most calls in progress on this number at once; null = no limit */
  maxConcurrent: int('max_concurrent'),
  createdAt: text('created_at').notNull(),
});

/** 6-digit identification ids that link a call to the IVR with the payment the operator prepared. */
export const identificationIds = pgTable(
  'identification_ids',
  {
    id: int('id').primaryKey().generatedByDefaultAsIdentity(),
    merchantId: text('merchant_id').notNull(),
    code: text('code').notNull(),
    paymentId: text('payment_id').notNull(),
    issuedAt: text('issued_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    /** the code is not issued again to this merchant before this time */
    blockedUntil: text('blocked_until').notNull(),
  },
  (t) => [index('identification_merchant_code').on(t.merchantId, t.code), index('identification_payment').on(t.paymentId)],
);

/** Every call to a payment IVR number and how it ended (for limits, lockouts and reports). Never digits. */
export const ivrCalls = pgTable(
  'ivr_calls',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull(),
    did: text('did').notNull(),
    /** caller number masked to its last four digits */
    caller: text('caller').notNull(),
    /** completed | refused_caller | busy | id_failed | locked_out | hung_up | ended */
    outcome: text('outcome'),
    paymentId: text('payment_id'),
    startedAt: text('started_at').notNull(),
    endedAt: text('ended_at'),
  },
  (t) => [index('ivr_calls_merchant_started').on(t.merchantId, t.startedAt)],
);

export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    orderId: text('order_id').notNull(),
    /** in the currency's minor unit (JPY: yen; USD: cents) */
    amount: int('amount').notNull(),
    currency: text('currency').notNull(),
    job: text('job').notNull(),
    memberId: text('member_id'),
    /** the customer's mobile number for the SMS identity check (E.164), when the merchant uses it */
    customerPhone: text('customer_phone'),
    /** 9-digit slip number (8 random digits + a Luhn check digit) given at approval, for cancel by phone */
    slipNumber: text('slip_number'),
    status: text('status').notNull(),
    callId: text('call_id'),
    operatorId: text('operator_id'),
    brand: text('brand'),
    last4: text('last4'),
    approvalCode: text('approval_code'),
    transactionId: text('transaction_id'),
    cardToken: text('card_token'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** how the customer pays: lump | installments | bonus | revolving (PayMethodKind) */
    payMethod: text('pay_method').notNull().default('lump'),
    /** number of installments when pay_method = installments */
    installmentCount: int('installment_count'),
    /** minor units given back so far by refunds */
    refundedAmount: int('refunded_amount').notNull().default(0),
    /** when the card was charged (approval of a charging job, or the sale of an authorization): the void window */
    chargedAt: text('charged_at'),
    /** hash of the create request, so a retried create with other values is told apart from a retry */
    requestHash: text('request_hash').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('payments_merchant_order').on(t.merchantId, t.orderId),
    uniqueIndex('payments_merchant_slip').on(t.merchantId, t.slipNumber),
    index('payments_status').on(t.status),
    index('payments_merchant_created').on(t.merchantId, t.createdAt),
  ],
);

export const paymentEvents = pgTable(
  'payment_events',
  {
    seq: int('seq').primaryKey().generatedByDefaultAsIdentity(),
    paymentId: text('payment_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    /** PaymentEventData as JSON: counts, brand, last four, codes */
    data: text('data').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('payment_events_payment').on(t.paymentId, t.seq)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: int('id').primaryKey().generatedByDefaultAsIdentity(),
    at: text('at').notNull(),
    actorType: text('actor_type', { enum: ['api_key', 'widget', 'operator', 'platform_admin', 'system'] }).notNull(),
    actorId: text('actor_id'),
    merchantId: text('merchant_id'),
    action: text('action').notNull(),
    targetId: text('target_id'),
    detail: text('detail'),
  },
  (t) => [index('audit_merchant_at').on(t.merchantId, t.at)],
);

/** The sandbox gateway's own ledger: it stands for the acquirer's records, so it survives restarts. */
export const sandboxCharges = pgTable(
  'sandbox_charges',
  {
    merchantId: text('merchant_id').notNull(),
    orderId: text('order_id').notNull(),
    job: text('job').notNull(),
    amount: int('amount').notNull(),
    currency: text('currency').notNull(),
    outcome: text('outcome').notNull(),
    approvalCode: text('approval_code'),
    transactionId: text('transaction_id'),
    cardToken: text('card_token'),
    memberId: text('member_id'),
    brand: text('brand'),
    last4: text('last4'),
    createdAt: text('created_at').notNull(),
    /** approved transactions: authorized | captured | checked | voided | refunded | partially_refunded */
    state: text('state'),
    payMethod: text('pay_method').notNull().default('lump'),
    installmentCount: int('installment_count'),
    refundedAmount: int('refunded_amount').notNull().default(0),
    /** when money moved (capture, or the sale of an authorization): the sandbox voids only the same JST day */
    chargedAt: text('charged_at'),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.orderId] })],
);

export * from './gateway-schema.js';

/**
 * Which server instance acts for a call or runs a capture when several share one Postgres: claimed with an insert
 * that does nothing when the key is held, renewed by the owner's heartbeat, taken over by another instance once it
 * has expired (server/cluster/leases.ts). Never used on SQLite (one instance).
 */
export const leases = pgTable(
  'leases',
  {
    /** call:<call id> (rings operators, runs the IVR) or capture:<call id> (the masked capture on that call) */
    key: text('key').primaryKey(),
    /** the instance id of the holder */
    owner: text('owner').notNull(),
    /** the payment a capture lease is for */
    paymentId: text('payment_id'),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('leases_owner').on(t.owner), index('leases_expires').on(t.expiresAt)],
);

/** Small server-wide values (the generated token-signing secret). */
export const kv = pgTable('kv', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// the console: platform admins, sessions, webhooks
export * from './console-schema.js';
