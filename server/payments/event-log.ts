// The stored history of each payment's status events (SQLite), the source of SSE replay with Last-Event-ID.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { paymentEvents } from '../db/schema.js';
import type { PaymentEvent, PaymentEventData } from './types.js';

export function toPaymentEvent(row: typeof paymentEvents.$inferSelect): PaymentEvent {
  return { seq: row.seq, paymentId: row.paymentId, type: row.type as PaymentEvent['type'], status: row.status as PaymentEvent['status'], at: row.at, ...(JSON.parse(row.data) as PaymentEventData) };
}

export class EventLog {
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.$client.prepare(
      'INSERT INTO payment_events (payment_id, merchant_id, type, status, data, at) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** Stores one event and returns it with its sequence number (call inside the caller's transaction). */
  append(merchantId: string, e: Omit<PaymentEvent, 'seq' | 'at'>): PaymentEvent {
    const { paymentId, type, status, ...data } = e;
    const at = new Date().toISOString();
    const info = this.insert.run(paymentId, merchantId, type, status, JSON.stringify(data), at);
    return { ...e, seq: Number(info.lastInsertRowid), at };
  }

  /** Events of a payment after `afterSeq`, oldest first. */
  since(paymentId: string, afterSeq = 0): PaymentEvent[] {
    return this.db
      .select()
      .from(paymentEvents)
      .where(and(eq(paymentEvents.paymentId, paymentId), gt(paymentEvents.seq, afterSeq)))
      .orderBy(asc(paymentEvents.seq))
      .all()
      .map(toPaymentEvent);
  }
}
