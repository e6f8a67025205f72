// GET /v1/merchants/:mid/live: the live board as Server-Sent Events — a `snapshot` of the merchant's payments in
// progress (and those ended in the last minutes), then one `payment` event with the updated row per status event.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { describeRoute } from 'hono-openapi';
import { and, desc, eq, gte, inArray, or } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { payments } from '../db/schema.js';
import { allow, type ConsoleEnv } from '../http/console-auth.js';
import { OrderedSse } from '../http/sse-stream.js';
import type { EventBus } from '../payments/event-bus.js';
import type { EventLog } from '../payments/event-log.js';
import { toView } from '../payments/service.js';
import type { PaymentEvent } from '../payments/types.js';
import { applyEvent, entryFromView, type BoardEntry } from './board.js';

export interface LiveDeps {
  db: Db;
  events: EventLog;
  bus: EventBus;
  heartbeatMs?: number;
}

/** payments still open are shown when created in the last day; ended ones for this long after their end */
const OPEN_WINDOW_MS = 24 * 3_600_000;
export const ENDED_WINDOW_MS = 10 * 60_000;

export function liveRoutes(d: LiveDeps) {
  const entryOf = async (row: typeof payments.$inferSelect): Promise<BoardEntry> => (await d.events.since(row.id)).reduce(applyEvent, entryFromView(toView(row, null)));

  async function snapshot(merchantId: string): Promise<BoardEntry[]> {
    const now = Date.now();
    const { payments } = d.db.tables;
    const rows = await d.db.q
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.merchantId, merchantId),
          or(
            and(inArray(payments.status, ['created', 'capturing', 'authorizing']), gte(payments.createdAt, new Date(now - OPEN_WINDOW_MS).toISOString())),
            gte(payments.updatedAt, new Date(now - ENDED_WINDOW_MS).toISOString()),
          ),
        ),
      )
      .orderBy(desc(payments.createdAt))
      .limit(200);
    return Promise.all(rows.map(entryOf));
  }

  return new Hono<ConsoleEnv>().get('/:mid/live', describeRoute({ tags: ['live'], summary: 'Live board: payments in progress with their current step (Server-Sent Events)' }), async (c) => {
    const m = allow(c, 'live.read');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const rows = new Map<string, BoardEntry>();
      const sse = new OrderedSse(stream);
      const held: PaymentEvent[] = [];
      let ready = false;
      // events are applied one after the other (a payment not on the board yet is read first)
      let applying: Promise<void> = Promise.resolve();
      const apply = async (e: PaymentEvent) => {
        let entry = rows.get(e.paymentId);
        if (!entry) {
          const { payments } = d.db.tables;
          const [row] = await d.db.q.select().from(payments).where(eq(payments.id, e.paymentId)).limit(1);
          if (!row) return;
          entry = await entryOf(row);
        } else entry = applyEvent(entry, e);
        rows.set(e.paymentId, entry);
        sse.send('payment', entry);
      };
      const onEvent = (e: PaymentEvent) => {
        applying = applying.then(() => apply(e)).catch(() => {});
      };
      const unsubscribe = d.bus.subscribeAll((e, merchantId) => {
        if (merchantId !== m.id) return;
        if (ready) onEvent(e);
        else held.push(e);
      });
      const first = await snapshot(m.id);
      for (const e of first) rows.set(e.id, e);
      sse.send('snapshot', { payments: first, endedWindowMs: ENDED_WINDOW_MS });
      ready = true;
      for (const e of held) onEvent(e);
      await applying;
      await sse.flushed();
      await sse.holdOpen(d.heartbeatMs ?? 15_000, unsubscribe);
    });
  });
}
