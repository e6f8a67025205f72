// GET /v1/payments/:id/events: the payment's status events as Server-Sent Events, replayed after Last-Event-ID
// from SQLite and then live from the event bus, with no gap and no duplicate in between.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { describeRoute } from 'hono-openapi';
import { notFound } from '../http/errors.js';
import { OrderedSse } from '../http/sse-stream.js';
import { merchantForPayment, type AuthEnv } from '../http/auth.js';
import type { EventBus } from './event-bus.js';
import type { EventLog } from './event-log.js';
import type { PaymentService } from './service.js';
import type { PaymentEvent } from './types.js';

export interface SseDeps {
  payments: PaymentService;
  events: EventLog;
  bus: EventBus;
  heartbeatMs?: number;
}

export function paymentEventRoutes(d: SseDeps) {
  return new Hono<AuthEnv>().get('/:id/events', describeRoute({ tags: ['payments'], summary: "The payment's status events as Server-Sent Events (replay after Last-Event-ID; ?token= for EventSource)" }), async (c) => {
    const id = c.req.param('id');
    if (!await d.payments.get(merchantForPayment(c, id), id)) throw notFound('payment');
    const fromHeader = Number(c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? 0);
    let last = Number.isSafeInteger(fromHeader) && fromHeader > 0 ? fromHeader : 0;
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const sse = new OrderedSse(stream);
      const send = (e: PaymentEvent) => {
        if (e.seq <= last) return;
        last = e.seq;
        sse.send('payment', e, e.seq);
      };
      // subscribe before reading the log, hold live events until the replay is out
      const held: PaymentEvent[] = [];
      let replaying = true;
      const unsubscribe = d.bus.subscribe(id, (e) => (replaying ? held.push(e) : send(e)));
      for (const e of await d.events.since(id, last)) send(e);
      replaying = false;
      for (const e of held) send(e);
      await sse.flushed();
      await sse.holdOpen(d.heartbeatMs ?? 15_000, unsubscribe);
    });
  });
}
