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

export async function purgeAuthorizationData(db: Db, retentionDays: number, now = Date.now()): Promise<PurgeResult> {
  const cutoff = new Date(now - retentionDays * 86_400_000).toISOString();
  const finals = sql.join(FINAL_STATUSES.map((s) => sql`${s}`), sql`, `);
  const old = sql`select id from payments where status in (${finals}) and updated_at < ${cutoff}`;
  // the event data is JSON text: SQLite edits it with json_remove, Postgres through jsonb
  const pg = db.dialect === 'postgres';
  const removeKeys = pg
    ? sql.raw(`(data::jsonb ${AUTHORIZATION_KEYS.map((k) => `- '${k}'`).join(' ')})::text`)
    : sql.raw(`json_remove(data, ${AUTHORIZATION_KEYS.map((k) => `'$.${k}'`).join(', ')})`);
  const hasAny = pg
    ? sql.raw(`data::jsonb ?| array[${AUTHORIZATION_KEYS.map((k) => `'${k}'`).join(', ')}]`)
    : sql.raw(AUTHORIZATION_KEYS.map((k) => `json_type(data, '$.${k}') is not null`).join(' or '));
  const count = async (q: ReturnType<typeof sql>) => (await db.rows(sql`${q} returning 1`)).length;
  return db.transaction(async () => {
    const payments = await count(
      sql`update payments set brand = null, last4 = null, approval_code = null, transaction_id = null, card_token = null
          where id in (${old}) and (brand is not null or last4 is not null or approval_code is not null or transaction_id is not null or card_token is not null)`,
    );
    const events = await count(sql`update payment_events set data = ${removeKeys} where payment_id in (${old}) and (${hasAny})`);
    const webhookDeliveries = await count(sql`delete from webhook_deliveries where status != 'pending' and created_at < ${cutoff}`);
    const sessions = await count(sql`delete from console_sessions where expires_at < ${new Date(now).toISOString()}`);
    return { cutoff, payments, events, webhookDeliveries, sessions };
  });
}
