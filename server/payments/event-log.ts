// The stored history of each payment's status events, the source of SSE replay with Last-Event-ID. On Postgres an
// append also NOTIFYs the other instances (the event's seq and payment, never its data) in the same statement,
// under the payment row's lock, so one payment's events commit in seq order.
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { paymentEvents } from '../db/schema.js';
import type { PaymentEvent, PaymentEventData } from './types.js';

/** The Postgres channel status events are announced on: payload `<seq> <merchant id> <payment id>`. */
export const EVENTS_CHANNEL = 'ivrpay_events';

export function toPaymentEvent(row: typeof paymentEvents.$inferSelect): PaymentEvent {
  return { seq: row.seq, paymentId: row.paymentId, type: row.type as PaymentEvent['type'], status: row.status as PaymentEvent['status'], at: row.at, ...(JSON.parse(row.data) as PaymentEventData) };
}

const INSERT = 'INSERT INTO payment_events (payment_id, merchant_id, type, status, data, at) VALUES (?, ?, ?, ?, ?, ?)';

export class EventLog {
  constructor(private readonly db: Db) {}

  /** Stores one event and returns it with its sequence number (joins the caller's transaction). */
  async append(merchantId: string, e: Omit<PaymentEvent, 'seq' | 'at'>): Promise<PaymentEvent> {
    const { paymentId, type, status, ...data } = e;
    const at = new Date().toISOString();
    const json = JSON.stringify(data);
    if (this.db.dialect === 'sqlite') {
      const seq = await this.db.sqliteTurn((sqlite) => Number(sqlite.prepare(INSERT).run(paymentId, merchantId, type, status, json, at).lastInsertRowid));
      return { ...e, seq, at };
    }
    const [row] = await this.db.rows<{ seq: string }>(sql`
      WITH p AS (SELECT id FROM payments WHERE id = ${paymentId} FOR UPDATE),
      e AS (INSERT INTO payment_events (payment_id, merchant_id, type, status, data, at)
            SELECT ${paymentId}, ${merchantId}, ${type}, ${status}, ${json}, ${at} FROM p RETURNING seq)
      SELECT seq, pg_notify(${EVENTS_CHANNEL}, seq || ' ' || ${merchantId}::text || ' ' || ${paymentId}::text) FROM e`);
    if (!row) throw new Error(`payment ${paymentId} does not exist`);
    return { ...e, seq: Number(row.seq), at };
  }

  /** Events of a payment after `afterSeq`, oldest first. */
  async since(paymentId: string, afterSeq = 0): Promise<PaymentEvent[]> {
    const { paymentEvents: t } = this.db.tables;
    const rows = await this.db.q.select().from(t).where(and(eq(t.paymentId, paymentId), gt(t.seq, afterSeq))).orderBy(asc(t.seq));
    return rows.map(toPaymentEvent);
  }

  /** The events with these sequence numbers, in seq order (what a NOTIFY announced). */
  async bySeq(seqs: number[]): Promise<(PaymentEvent & { merchantId: string })[]> {
    const { paymentEvents: t } = this.db.tables;
    const rows = await this.db.q.select().from(t).where(inArray(t.seq, seqs)).orderBy(asc(t.seq));
    return rows.map((r) => ({ ...toPaymentEvent(r), merchantId: r.merchantId }));
  }

  /** The highest seq stored (0 when none). */
  async lastSeq(): Promise<number> {
    const { paymentEvents: t } = this.db.tables;
    const [row] = await this.db.q.select({ seq: t.seq }).from(t).orderBy(desc(t.seq)).limit(1);
    return row?.seq ?? 0;
  }

  /** Every event after `afterSeq` (any payment), oldest first, at most `limit`. */
  async after(afterSeq: number, limit = 1000): Promise<(PaymentEvent & { merchantId: string })[]> {
    const { paymentEvents: t } = this.db.tables;
    const rows = await this.db.q.select().from(t).where(gt(t.seq, afterSeq)).orderBy(asc(t.seq)).limit(limit);
    return rows.map((r) => ({ ...toPaymentEvent(r), merchantId: r.merchantId }));
  }
}
