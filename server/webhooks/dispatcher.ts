// Webhook deliveries: every final payment event (approved, declined, failed, canceled, abandoned, captured, voided,
// refunded) becomes one stored delivery per active endpoint, found by a cursor over the stored events so none is
// lost to a crash; each is POSTed signed and retried with exponential backoff until a 2xx or the schedule runs out.
// Survives restarts (state in the database). Several instances share the work: the cursor row is locked while one
// enqueues, and an attempt is claimed (its next attempt moved past the request's timeout) before it is sent, so each
// is sent by one instance. Payloads are the masked payment view: never card data.
import { and, asc, desc, eq, gt, inArray, lte } from 'drizzle-orm';
import { kvValue } from '../db/kv.js';
import type { Db } from '../db/index.js';
import type { webhookDeliveries } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import type { Logger } from '../log/logger.js';
import type { EventBus } from '../payments/event-bus.js';
import { toPaymentEvent } from '../payments/event-log.js';
import { toView } from '../payments/service.js';
import { redactDigitRuns } from '../log/redact.js';
import type { WebhookEndpoints } from './endpoints.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';

/** Payment event types that are webhooks (`payment.<type>`): the end of the phone flow and what follows approval. */
export const WEBHOOK_EVENT_TYPES = ['approved', 'declined', 'failed', 'canceled', 'abandoned', 'captured', 'voided', 'refunded'] as const;

/** Delays after the 1st, 2nd, … failed attempt: about 28 hours in all, then the delivery is marked failed. */
export const DEFAULT_BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000];

export interface DispatcherOptions {
  backoffMs?: number[];
  timeoutMs?: number;
  /** how often due retries are looked for */
  pollMs?: number;
}

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type DeliveryView = Omit<DeliveryRow, 'payload'> & { url: string | null };

const CURSOR_KEY = 'webhook_event_cursor';

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly inFlight = new Set<string>();
  private scheduled = false;
  private stopped = false;
  private readonly backoff: number[];

  constructor(
    private readonly db: Db,
    private readonly endpoints: WebhookEndpoints,
    private readonly log: Logger,
    private readonly opts: DispatcherOptions = {},
  ) {
    this.backoff = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
  }

  async start(bus: EventBus): Promise<void> {
    // first start: history before webhooks existed is not sent
    const { paymentEvents } = this.db.tables;
    const last = async () => (await this.db.q.select({ seq: paymentEvents.seq }).from(paymentEvents).orderBy(desc(paymentEvents.seq)).limit(1))[0]?.seq ?? 0;
    await kvValue(this.db, CURSOR_KEY, () => '');
    const { kv } = this.db.tables;
    await this.db.q.update(kv).set({ value: String(await last()) }).where(and(eq(kv.key, CURSOR_KEY), eq(kv.value, '')));
    this.unsubscribe = bus.subscribeAll((e) => {
      if ((WEBHOOK_EVENT_TYPES as readonly string[]).includes(e.type)) this.kick();
    });
    this.timer = setInterval(() => this.kick(), this.opts.pollMs ?? 1_000);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** Enqueues new events and sends what is due, soon (coalesced). */
  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(async () => {
      this.scheduled = false;
      if (this.stopped) return;
      try {
        await this.enqueueNew();
        await this.sendDue();
      } catch (err) {
        if (!this.stopped) this.log.error({ err: redactDigitRuns(String(err)) }, 'webhook dispatcher failed; will try again');
      }
    });
  }

  /** Turns stored final events after the cursor into deliveries, in one transaction with the cursor. */
  enqueueNew(): Promise<number> {
    const { kv, paymentEvents, payments, webhookDeliveries } = this.db.tables;
    return this.db.transaction(async () => {
      const tx = this.db.q;
      const [cursorRow] = await this.db.forUpdate(tx.select().from(kv).where(eq(kv.key, CURSOR_KEY)));
      const cursor = Number(cursorRow?.value || 0);
      const rows = await tx
        .select()
        .from(paymentEvents)
        .where(and(gt(paymentEvents.seq, cursor), inArray(paymentEvents.type, [...WEBHOOK_EVENT_TYPES])))
        .orderBy(asc(paymentEvents.seq))
        .limit(500);
      let created = 0;
      for (const row of rows) {
        const targets = await this.endpoints.active(row.merchantId);
        if (!targets.length) continue;
        const [payment] = await tx.select().from(payments).where(eq(payments.id, row.paymentId)).limit(1);
        if (!payment) continue;
        const event = toPaymentEvent(row);
        for (const ep of targets) {
          const id = newId('whd');
          const payload = JSON.stringify({ id, type: `payment.${row.type}`, createdAt: nowIso(), data: { event, payment: toView(payment, null) } });
          const now = nowIso();
          created += (
            await tx
              .insert(webhookDeliveries)
              .values({ id, endpointId: ep.id, merchantId: row.merchantId, paymentId: row.paymentId, eventSeq: row.seq, eventType: `payment.${row.type}`, payload, status: 'pending', nextAttemptAt: now, createdAt: now })
              .onConflictDoNothing()
              .returning({ id: webhookDeliveries.id })
          ).length;
        }
      }
      if (rows.length) await tx.update(kv).set({ value: String(rows.at(-1)!.seq) }).where(eq(kv.key, CURSOR_KEY));
      if (rows.length === 500) setImmediate(() => this.kick());
      return created;
    });
  }

  /** Starts an attempt for every pending delivery that is due and not already being sent. */
  async sendDue(now = Date.now()): Promise<void> {
    const { webhookDeliveries } = this.db.tables;
    const due = await this.db.q
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, new Date(now).toISOString())))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(50);
    for (const d of due) {
      if (this.inFlight.has(d.id) || !(await this.claim(d, now))) continue;
      void this.attempt(d).catch((err) => this.log.error({ delivery: d.id, err: redactDigitRuns(String(err)) }, 'webhook attempt failed'));
    }
  }

  /** Takes the attempt for this instance: its next attempt moves past the request's timeout (then it is due again). */
  private async claim(d: DeliveryRow, now: number): Promise<boolean> {
    const { webhookDeliveries: t } = this.db.tables;
    const until = new Date(now + (this.opts.timeoutMs ?? 10_000) + 5_000).toISOString();
    const taken = await this.db.q
      .update(t)
      .set({ nextAttemptAt: until })
      .where(and(eq(t.id, d.id), eq(t.status, 'pending'), eq(t.nextAttemptAt, d.nextAttemptAt!)))
      .returning({ id: t.id });
    return taken.length === 1;
  }

  private async attempt(d: DeliveryRow): Promise<void> {
    const ep = await this.endpoints.row(d.endpointId);
    if (!ep) return;
    this.inFlight.add(d.id);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(ep.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'ivrpay-webhooks/1', 'ivrpay-event-id': d.id, 'ivrpay-event-type': d.eventType, [SIGNATURE_HEADER]: signatureHeader(ep.secret, d.payload) },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (err) {
      error = redactDigitRuns(String((err as Error).cause ?? (err as Error).message ?? err)).slice(0, 300);
    } finally {
      this.inFlight.delete(d.id);
    }
    if (this.stopped) return;
    const { webhookDeliveries } = this.db.tables;
    const attempts = d.attempts + 1;
    const at = nowIso();
    if (!error) {
      await this.db.q.update(webhookDeliveries).set({ status: 'delivered', attempts, lastAttemptAt: at, lastStatus: status, lastError: null, nextAttemptAt: null, deliveredAt: at }).where(eq(webhookDeliveries.id, d.id));
      return;
    }
    const delay = this.backoff[attempts - 1];
    const giveUp = delay === undefined;
    await this.db.q
      .update(webhookDeliveries)
      .set({ status: giveUp ? 'failed' : 'pending', attempts, lastAttemptAt: at, lastStatus: status, lastError: error, nextAttemptAt: giveUp ? null : new Date(Date.now() + delay).toISOString() })
      .where(eq(webhookDeliveries.id, d.id));
    this.log.warn({ delivery: d.id, endpoint: d.endpointId, attempts, status, giveUp }, giveUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry');
  }

  /** Sends a delivery again now (from the console), whatever its state. */
  async retry(merchantId: string, id: string): Promise<DeliveryView | null> {
    const { webhookDeliveries } = this.db.tables;
    const changed = await this.db.q
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: nowIso() })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.merchantId, merchantId)))
      .returning({ id: webhookDeliveries.id });
    if (!changed.length) return null;
    this.kick();
    return (await this.list(merchantId, { id }))[0] ?? null;
  }

  /** The delivery log, newest first. */
  async list(merchantId: string, f: { paymentId?: string; status?: DeliveryRow['status']; id?: string; limit?: number } = {}): Promise<DeliveryView[]> {
    const { webhookDeliveries } = this.db.tables;
    const rows = await this.db.q
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.merchantId, merchantId),
          f.paymentId ? eq(webhookDeliveries.paymentId, f.paymentId) : undefined,
          f.status ? eq(webhookDeliveries.status, f.status) : undefined,
          f.id ? eq(webhookDeliveries.id, f.id) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(f.limit ?? 100);
    const urls = new Map<string, string | null>();
    const out: DeliveryView[] = [];
    for (const { payload: _payload, ...r } of rows) {
      if (!urls.has(r.endpointId)) urls.set(r.endpointId, (await this.endpoints.row(r.endpointId))?.url ?? null);
      out.push({ ...r, url: urls.get(r.endpointId)! });
    }
    return out;
  }
}
