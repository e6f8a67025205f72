// A raw inbound-ESL client for tests and captures: records every chunk both ways, splits messages, waits for them; no protocol smarts.
import net from 'node:net';
import { MessageSplitter, parseEvent, header, type ParsedEvent, type TranscriptRecord, type WireMessage } from './transcript.js';

export interface ReceivedMessage extends WireMessage {
  ms: number;
  type: string;
  event?: ParsedEvent;
}

export function eventHeader(m: ReceivedMessage, name: string): string | undefined {
  return m.event?.headers.find(([k]) => k === name)?.[1];
}

export class RawEslClient {
  readonly records: TranscriptRecord[] = [];
  readonly messages: ReceivedMessage[] = [];
  closed = false;
  ended = false;
  private sock!: net.Socket;
  private t0 = 0;
  private split = new MessageSplitter();
  private waiters = new Set<() => void>();
  /** called for every message as it arrives (load tests count with this instead of scanning) */
  onMessage?: (m: ReceivedMessage) => void;
  /** keep every message in `messages` (turn off for load) */
  keep = true;

  static async connect(host: string, port: number): Promise<RawEslClient> {
    const c = new RawEslClient();
    await c.open(host, port);
    return c;
  }

  private ms(): number {
    return Number(process.hrtime.bigint() / 1000n) / 1000 - this.t0;
  }

  private open(host: string, port: number): Promise<void> {
    this.t0 = Number(process.hrtime.bigint() / 1000n) / 1000;
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port });
      this.sock = s;
      s.once('connect', () => resolve());
      s.on('error', (e) => {
        this.records.push({ kind: 'note', line: `# socket error: ${e.message}` });
        reject(e);
      });
      s.on('data', (d: Buffer) => {
        const ms = this.ms();
        if (this.keep) this.records.push({ kind: 'data', dir: 'S>C', ms, data: d });
        for (const m of this.split.push(d, this.records.length - 1)) {
          const type = header(m, 'Content-Type') ?? '';
          const rm: ReceivedMessage = { ...m, ms, type, event: parseEvent(m) };
          if (this.keep) this.messages.push(rm);
          this.onMessage?.(rm);
        }
        this.kick();
      });
      s.on('end', () => {
        this.ended = true;
        this.records.push({ kind: 'meta', line: `@@ EOF S>C ${this.ms().toFixed(3)}` });
        this.kick();
      });
      s.on('close', () => {
        this.closed = true;
        this.records.push({ kind: 'meta', line: `@@ CLOSE ${this.ms().toFixed(3)}` });
        this.kick();
      });
    });
  }

  note(text: string): void {
    for (const l of text.split('\n')) this.records.push({ kind: 'note', line: `# ${l}` });
  }

  send(text: string): void {
    const b = Buffer.from(text);
    this.records.push({ kind: 'data', dir: 'C>S', ms: this.ms(), data: b });
    this.sock.write(b);
  }

  private kick(): void {
    for (const w of [...this.waiters]) w();
  }

  /** First message at index >= from that matches; rejects on timeout or close. */
  waitFor(pred: (m: ReceivedMessage) => boolean, timeoutMs = 10_000, from = 0): Promise<ReceivedMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < this.messages.length; i++) {
          const m = this.messages[i]!;
          if (pred(m)) return done(() => resolve(m));
        }
        if (this.closed) done(() => reject(new Error('socket closed while waiting')));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timeout after ${timeoutMs} ms`))), timeoutMs);
      const done = (f: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        f();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Wait until at least n messages arrived (or the socket closed). */
  waitCount(n: number, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.messages.length >= n || this.closed) done(resolve);
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timeout: ${this.messages.length}/${n} messages`))), timeoutMs);
      const done = (f: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        f();
      };
      this.waiters.add(check);
      check();
    });
  }

  waitClosed(timeoutMs = 10_000): Promise<void> {
    return this.waitCount(Number.MAX_SAFE_INTEGER, timeoutMs);
  }

  /** Send a command (blank line appended) and wait for its command/reply or api/response. */
  async command(text: string, timeoutMs = 15_000): Promise<ReceivedMessage> {
    const from = this.messages.length;
    this.send(text.endsWith('\n\n') ? text : `${text}\n\n`);
    return this.waitFor((m) => m.type === 'command/reply' || m.type === 'api/response', timeoutMs, from);
  }

  async api(cmd: string, timeoutMs = 15_000): Promise<string> {
    return (await this.command(`api ${cmd}`, timeoutMs)).body.toString('utf8');
  }

  /** Greeting + auth; returns the auth reply text. */
  async auth(password = 'ClueCon'): Promise<string> {
    await this.waitFor((m) => m.type === 'auth/request');
    const r = await this.command(`auth ${password}`);
    return header(r, 'Reply-Text') ?? '';
  }

  waitEvent(name: string, pred: (m: ReceivedMessage) => boolean = () => true, timeoutMs = 10_000, from = 0): Promise<ReceivedMessage> {
    return this.waitFor((m) => !!m.event && (eventHeader(m, 'Event-Name') === name || eventHeader(m, 'Action') === name) && pred(m), timeoutMs, from);
  }

  events(name?: string): ReceivedMessage[] {
    return this.messages.filter((m) => m.event && (!name || eventHeader(m, 'Event-Name') === name || eventHeader(m, 'Action') === name));
  }

  /** Half-close our side and wait for the server to close. */
  async end(timeoutMs = 3000): Promise<void> {
    if (this.closed) return;
    this.sock.end();
    await this.waitClosed(timeoutMs).catch(() => this.sock.destroy());
  }

  destroy(): void {
    this.sock.destroy();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
