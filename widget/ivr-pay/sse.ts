// Follows a payment's status events over fetch + text/event-stream: Authorization header (no token in URLs), Last-Event-ID resume, backoff reconnect.
import type { PaymentEvent } from '../../server/payments/types.js';
import { ApiError, errorFromResponse, type FetchLike } from './api.js';
import { SseParser } from './sse-parser.js';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StreamDelegate {
  event(e: PaymentEvent): void;
  state?(state: StreamState, failures: number): void;
  /** the server refused for good (expired token, no such payment): the stream has stopped */
  fatal?(error: ApiError): void;
}

export interface StreamOptions {
  url: string;
  headers: Record<string, string>;
  /** resume after this event id */
  lastEventId?: string;
  fetch?: FetchLike;
  /** first reconnect delay; doubles per failure up to maxDelayMs (the server's `retry:` replaces it) */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** no bytes at all (not even a `: ping`) for this long means the connection is dead */
  idleTimeoutMs?: number;
  random?: () => number;
}

/** HTTP answers that retrying cannot fix. */
const FATAL_STATUS = new Set([400, 401, 403, 404, 410]);

export class PaymentEventStream {
  readonly #options: Required<Omit<StreamOptions, 'lastEventId'>>;
  readonly #delegate: StreamDelegate;
  #lastEventId: string;
  #initialDelayMs: number;
  #failures = 0;
  #closed = false;
  #running = false;
  #connection: AbortController | null = null;
  #wake: (() => void) | null = null;

  constructor(options: StreamOptions, delegate: StreamDelegate) {
    this.#options = {
      url: options.url,
      headers: options.headers,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      initialDelayMs: options.initialDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
      random: options.random ?? Math.random,
    };
    this.#initialDelayMs = this.#options.initialDelayMs;
    this.#lastEventId = options.lastEventId ?? '';
    this.#delegate = delegate;
  }

  get lastEventId(): string {
    return this.#lastEventId;
  }

  start(): void {
    if (this.#running || this.#closed) return;
    this.#running = true;
    void this.#run();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#connection?.abort();
    this.#wake?.();
    this.#delegate.state?.('closed', this.#failures);
  }

  /** delay before reconnect number `failures` (1-based): exponential with jitter in [50 %, 100 %] */
  delayFor(failures: number): number {
    const cap = Math.min(this.#options.maxDelayMs, this.#initialDelayMs * 2 ** Math.max(0, failures - 1));
    return Math.round(cap * (0.5 + this.#options.random() / 2));
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      this.#delegate.state?.(this.#failures === 0 ? 'connecting' : 'reconnecting', this.#failures);
      try {
        await this.#connect();
      } catch (err) {
        if (this.#closed) return;
        if (err instanceof ApiError && FATAL_STATUS.has(err.status)) {
          this.#closed = true;
          this.#delegate.state?.('closed', this.#failures);
          this.#delegate.fatal?.(err);
          return;
        }
      }
      if (this.#closed) return;
      this.#failures++;
      this.#delegate.state?.('reconnecting', this.#failures);
      await this.#sleep(this.delayFor(this.#failures));
    }
  }

  async #connect(): Promise<void> {
    const connection = new AbortController();
    this.#connection = connection;
    const headers: Record<string, string> = { ...this.#options.headers, accept: 'text/event-stream' };
    if (this.#lastEventId) headers['last-event-id'] = this.#lastEventId;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(), this.#options.idleTimeoutMs);
    };
    try {
      touch();
      const res = await this.#options.fetch(this.#options.url, {
        headers,
        signal: connection.signal,
        cache: 'no-store',
        credentials: 'omit',
      });
      if (!res.ok) throw await errorFromResponse(res);
      if (!res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
        throw new ApiError('bad_response', 'not an event stream', res.status);
      }
      this.#delegate.state?.('open', this.#failures);
      const parser = new SseParser(
        {
          message: (m) => {
            if (m.lastEventId) this.#lastEventId = m.lastEventId;
            if (m.event !== 'payment') return;
            const event = parsePaymentEvent(m.data);
            if (event) this.#delegate.event(event);
          },
          retry: (ms) => {
            this.#initialDelayMs = Math.max(100, ms);
          },
        },
        this.#lastEventId,
      );
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        touch();
        this.#failures = 0; // the server is talking: the next drop starts the backoff over
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearTimeout(idle);
      if (this.#connection === connection) this.#connection = null;
      connection.abort();
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }
}

/** A `payment` event's data, or null when it is not one (a stray or broken message is skipped, not fatal). */
export function parsePaymentEvent(data: string): PaymentEvent | null {
  try {
    const e = JSON.parse(data) as Partial<PaymentEvent> | null;
    if (!e || typeof e.seq !== 'number' || typeof e.type !== 'string' || typeof e.status !== 'string') return null;
    return e as PaymentEvent;
  } catch {
    return null;
  }
}
