// Fan-out of stored payment events to live SSE streams: per payment (the widget) and for every payment with its
// merchant (the console's live board, webhooks). In-process on SQLite (one instance); across instances on Postgres
// with LISTEN/NOTIFY (PgEventBus).
import { EventEmitter } from 'node:events';
import type { PaymentEvent } from './types.js';

export interface EventBus {
  /** `merchantId`: the payment's merchant when the publisher knows it (saves a lookup per event) */
  publish(event: PaymentEvent, merchantId?: string): void;
  /** returns the unsubscribe function */
  subscribe(paymentId: string, listener: (event: PaymentEvent) => void): () => void;
  /** every payment's events with the payment's merchant; returns the unsubscribe function */
  subscribeAll(listener: (event: PaymentEvent, merchantId: string) => void): () => void;
}

const ALL = Symbol('all');

export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  /** `merchantOf` finds a payment's merchant (subscribeAll listeners are only called when it does) */
  constructor(private readonly merchantOf: (paymentId: string) => string | null | undefined = () => null) {
    this.emitter.setMaxListeners(0);
  }

  publish(event: PaymentEvent, merchantId?: string): void {
    this.emitter.emit(event.paymentId, event);
    if (this.emitter.listenerCount(ALL) === 0) return;
    const merchant = merchantId ?? this.merchantOf(event.paymentId);
    if (merchant) this.emitter.emit(ALL, event, merchant);
  }

  subscribe(paymentId: string, listener: (event: PaymentEvent) => void): () => void {
    this.emitter.on(paymentId, listener);
    return () => this.emitter.off(paymentId, listener);
  }

  subscribeAll(listener: (event: PaymentEvent, merchantId: string) => void): () => void {
    const safe = (e: PaymentEvent, m: string) => {
      try {
        listener(e, m);
      } catch {
        /* a broken listener must not break the payment that published */
      }
    };
    this.emitter.on(ALL, safe);
    return () => this.emitter.off(ALL, safe);
  }
}

/**
 * Several instances on one Postgres: an event published here reaches this instance's listeners at once; every other
 * instance hears of it through the NOTIFY the event's insert sent (payload: seq, merchant, payment; never the data),
 * reads the rows in batches and hands them to its listeners in commit order. One payment's events commit in seq
 * order (the append locks the payment's row), so a listener sees them in order and without gaps. After the LISTEN
 * connection drops, what was published meanwhile is read back from the log once it is listening again.
 */
export class PgEventBus implements EventBus {
  private readonly local = new LocalEventBus();
  /** seqs this instance published itself (its own NOTIFYs come back too) */
  private readonly ownSeqs = new Set<number>();
  /** notifications waiting to be read, in arrival order */
  private pending: number[] = [];
  private draining: Promise<void> | null = null;
  /** the highest seq handed to listeners, per payment and overall (for the read-back after a reconnect) */
  private readonly lastByPayment = new Map<string, number>();
  private lastSeq = 0;
  private client: import('pg').PoolClient | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: import('pg').Pool,
    private readonly events: Pick<import('./event-log.js').EventLog, 'bySeq' | 'after' | 'lastSeq'>,
    private readonly channel: string,
    private readonly log: { warn(o: object, m: string): void; info(o: object, m: string): void },
  ) {}

  /** Starts listening; resolves once LISTEN is in place (events committed after that are heard). */
  async start(): Promise<void> {
    await this.listen(false);
    this.lastSeq = Math.max(this.lastSeq, await this.events.lastSeq());
  }

  private async listen(readBack: boolean): Promise<void> {
    const client = await this.pool.connect();
    client.on('notification', (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      const seq = Number(n.payload.slice(0, n.payload.indexOf(' ')));
      if (this.ownSeqs.delete(seq)) return;
      this.pending.push(seq);
      this.drain();
    });
    client.on('error', (err) => this.lost(client, err));
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
    if (readBack) await this.readBack();
  }

  private lost(client: import('pg').PoolClient, err: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.release(err);
    if (this.stopped) return;
    this.log.warn({ reason: err.message }, 'event bus: LISTEN connection lost; reconnecting');
    const again = () => {
      this.retry = null;
      if (this.stopped) return;
      this.listen(true).then(
        () => this.log.info({}, 'event bus: listening again'),
        () => (this.retry = setTimeout(again, 1_000)),
      );
    };
    this.retry = setTimeout(again, 200);
  }

  /** Events published while not listening: everything after the last seq handed out, in order. */
  private async readBack(): Promise<void> {
    for (;;) {
      const rows = await this.events.after(this.lastSeq, 1000);
      for (const e of rows) this.deliver(e, e.merchantId);
      if (rows.length < 1000) return;
    }
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = (async () => {
      while (this.pending.length && !this.stopped) {
        const batch = this.pending.splice(0, 500);
        try {
          const rows = await this.events.bySeq(batch);
          // commit order (the order NOTIFYs came in), which may differ from seq order across payments
          const bySeq = new Map(rows.map((r) => [r.seq, r]));
          for (const seq of batch) {
            const e = bySeq.get(seq);
            if (e) this.deliver(e, e.merchantId);
          }
        } catch (err) {
          if (this.stopped) return;
          this.log.warn({ reason: String((err as Error).message) }, 'event bus: could not read notified events; retrying');
          this.pending.unshift(...batch);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    })().finally(() => {
      this.draining = null;
      if (this.pending.length && !this.stopped) this.drain();
    });
  }

  private deliver(e: PaymentEvent & { merchantId?: string }, merchantId: string): void {
    if (e.seq <= (this.lastByPayment.get(e.paymentId) ?? 0)) return;
    this.lastByPayment.set(e.paymentId, e.seq);
    if (this.lastByPayment.size > 100_000) this.lastByPayment.clear();
    if (e.seq > this.lastSeq) this.lastSeq = e.seq;
    const { merchantId: _m, ...event } = e;
    this.local.publish(event as PaymentEvent, merchantId);
  }

  publish(event: PaymentEvent, merchantId?: string): void {
    // the NOTIFY went with the insert; this instance's listeners get it now, and its own NOTIFY is ignored
    if (this.client) {
      this.ownSeqs.add(event.seq);
      if (this.ownSeqs.size > 100_000) this.ownSeqs.clear();
    }
    if (merchantId) this.deliver(event, merchantId);
  }

  subscribe(paymentId: string, listener: (event: PaymentEvent) => void): () => void {
    return this.local.subscribe(paymentId, listener);
  }

  subscribeAll(listener: (event: PaymentEvent, merchantId: string) => void): () => void {
    return this.local.subscribeAll(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query(`UNLISTEN ${this.channel}`).catch(() => {});
      client.release();
    }
  }
}
