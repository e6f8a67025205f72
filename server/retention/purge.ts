// Retention: authorization data of payments that ended more than N days ago is removed — brand, last four,
// approval code, transaction id and card token on the payment, the same keys in its stored events — and old
// webhook deliveries (their bodies carry those) and expired console sessions are deleted. What a report or an
// order reconciliation needs stays: ids, amounts, statuses, operators, times. The audit log is kept.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { FINAL_STATUSES } from '../payments/types.js';

export const AUTHORIZATION_KEYS = ['brand', 'last4', 'approvalCode', 'transactionId', 'cardToken'] as const;

export interface PurgeResult {
  cutoff: string;
  payments: number;
  events: number;
  webhookDeliveries: number;
  sessions: number;
}

export function purgeAuthorizationData(db: Db, retentionDays: number, now = Date.now()): PurgeResult {
  const cutoff = new Date(now - retentionDays * 86_400_000).toISOString();
  const finals = sql.join(FINAL_STATUSES.map((s) => sql`${s}`), sql`, `);
  const old = sql`select id from payments where status in (${finals}) and updated_at < ${cutoff}`;
  const jsonPaths = sql.raw(AUTHORIZATION_KEYS.map((k) => `'$.${k}'`).join(', '));
  const hasAny = sql.raw(AUTHORIZATION_KEYS.map((k) => `json_type(data, '$.${k}') is not null`).join(' or '));
  return db.transaction((tx) => {
    const payments = tx.run(
      sql`update payments set brand = null, last4 = null, approval_code = null, transaction_id = null, card_token = null
          where id in (${old}) and (brand is not null or last4 is not null or approval_code is not null or transaction_id is not null or card_token is not null)`,
    ).changes;
    const events = tx.run(sql`update payment_events set data = json_remove(data, ${jsonPaths}) where payment_id in (${old}) and (${hasAny})`).changes;
    const webhookDeliveries = tx.run(sql`delete from webhook_deliveries where status != 'pending' and created_at < ${cutoff}`).changes;
    const sessions = tx.run(sql`delete from console_sessions where expires_at < ${new Date(now).toISOString()}`).changes;
    return { cutoff, payments, events, webhookDeliveries, sessions };
  });
}
