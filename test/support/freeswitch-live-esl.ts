// Live-check helper: one modesl inbound connection as promises, keeping every event it receives for later matching.
import esl from 'modesl';
import type { Event as ModeslEvent } from 'modesl';

export interface SeenEvent {
  name: string;
  subclass: string;
  at: number;
  header(name: string): string;
  /** every header value and the body, for "is this string anywhere in the event" checks */
  text: string;
}

export class LiveEsl {
  readonly seen: SeenEvent[] = [];
  private waiters: { pred: (e: SeenEvent) => boolean; resolve: (e: SeenEvent) => void }[] = [];

  private constructor(private readonly conn: InstanceType<typeof esl.Connection>) {
    conn.on('esl::event::**', (evt: ModeslEvent) => {
      const name = evt.getHeader('Event-Name');
      if (!name) return;
      const e: SeenEvent = {
        name,
        subclass: evt.getHeader('Event-Subclass') ?? '',
        at: Date.now(),
        header: (h) => evt.getHeader(h) ?? '',
        text: evt.headers.map((h) => `${h.name}: ${h.value}`).join('\n') + '\n' + (evt.getBody() ?? ''),
      };
      this.seen.push(e);
      this.waiters = this.waiters.filter((w) => (w.pred(e) ? (w.resolve(e), false) : true));
    });
  }

  /** Connects and authenticates; rejects on a wrong password, a refused connection or after timeoutMs. */
  static connect(host: string, port: number, password: string, timeoutMs = 5000): Promise<LiveEsl> {
    return new Promise((resolve, reject) => {
      const conn = new esl.Connection(host, port, password);
      const timer = setTimeout(() => (conn.disconnect(), reject(new Error(`ESL ${host}:${port}: no answer in ${timeoutMs} ms`))), timeoutMs);
      conn.once('esl::ready', () => (clearTimeout(timer), resolve(new LiveEsl(conn))));
      conn.once('esl::event::auth::fail', (evt: ModeslEvent) => {
        clearTimeout(timer);
        reject(new Error(`ESL auth refused: ${evt.getHeader('Reply-Text') ?? ''}`));
      });
      conn.once('error', (err: Error) => (clearTimeout(timer), reject(err)));
    });
  }

  /** `api <cmd>`: the response body, trailing newline removed. */
  api(cmd: string): Promise<string> {
    return new Promise((resolve) => this.conn.api(cmd, (res) => resolve((res.getBody() ?? '').replace(/\n$/, ''))));
  }

  subscribe(events: string): Promise<void> {
    return new Promise((resolve) => this.conn.events('plain', events, () => resolve()));
  }

  /** First event (already seen since `since`, or arriving later) that matches; rejects after timeoutMs. */
  waitFor(pred: (e: SeenEvent) => boolean, timeoutMs = 5000, since = 0, what = 'event'): Promise<SeenEvent> {
    const old = this.seen.find((e) => e.at >= since && pred(e));
    if (old) return Promise.resolve(old);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (e: SeenEvent) => (clearTimeout(timer), resolve(e)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  close(): void {
    this.conn.disconnect();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
