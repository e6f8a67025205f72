// A test's SSE reader: opens /v1/payments/:id/events with a bearer token, collects PaymentEvents, can wait for one.
import type { PaymentEvent } from '../../server/payments/types.js';

export class SseClient {
  readonly events: PaymentEvent[] = [];
  /** every raw byte received, for scans */
  raw = '';
  private readonly controller = new AbortController();
  private waiters: { pred: (e: PaymentEvent) => boolean; resolve: (e: PaymentEvent) => void }[] = [];
  readonly opened: Promise<void>;
  closed = false;

  constructor(base: string, paymentId: string, token: string, lastEventId?: number) {
    this.opened = this.run(base, paymentId, token, lastEventId);
  }

  private async run(base: string, paymentId: string, token: string, lastEventId?: number): Promise<void> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
    const res = await fetch(`${base}/v1/payments/${paymentId}/events`, { headers, signal: this.controller.signal });
    if (!res.ok || !res.body) throw new Error(`SSE ${res.status}: ${await res.text()}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          this.raw += value;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trimStart())
              .join('\n');
            if (data) this.push(JSON.parse(data) as PaymentEvent);
          }
        }
      } catch {
        /* aborted */
      } finally {
        this.closed = true;
      }
    })();
  }

  private push(e: PaymentEvent): void {
    this.events.push(e);
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(e)) return true;
      w.resolve(e);
      return false;
    });
  }

  /** Resolves with the first event (already received or future) matching `pred`. */
  waitFor(pred: (e: PaymentEvent) => boolean, timeoutMs = 20_000, what = 'event'): Promise<PaymentEvent> {
    const found = this.events.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out waiting for ${what}; got: ${this.events.map((e) => e.type + (e.field ? `:${e.field}` : '') + (e.error ? `(${e.error.code})` : '')).join(', ')}`));
      }, timeoutMs);
      const done = (e: PaymentEvent) => {
        clearTimeout(t);
        resolve(e);
      };
      this.waiters.push({ pred, resolve: done });
    });
  }

  waitForType(type: PaymentEvent['type'], timeoutMs?: number): Promise<PaymentEvent> {
    return this.waitFor((e) => e.type === type, timeoutMs, type);
  }

  close(): void {
    this.controller.abort();
  }
}
