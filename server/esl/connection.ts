// One supervised inbound Event Socket connection (modesl): connect, authenticate, subscribe, reconnect with backoff,
// and promise-based api/bgapi that fail fast when the link is down. Knows nothing about calls or payments.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import esl, { type Connection, type Event } from 'modesl';
import type { Logger } from '../log/logger.js';

export interface EslTarget {
  host: string;
  port: number;
  password: string;
}

export class EslUnavailableError extends Error {
  readonly code = 'telephony_unavailable';
}
export class EslTimeoutError extends Error {
  readonly code = 'telephony_timeout';
}

export interface EslClientOptions {
  log: Logger;
  /** event names for `event json ...` */
  subscriptions: string[];
  apiTimeoutMs?: number;
  bgapiTimeoutMs?: number;
  /** first reconnect delay; doubles up to maxBackoffMs */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Pending {
  reject(err: Error): void;
}

export interface EslClientEvents {
  up: [];
  down: [reason: string];
  event: [event: Event];
  /** every command line written to FreeSWITCH (for audits and tests; never contains card digits) */
  command: [line: string];
}

export class EslClient extends EventEmitter<EslClientEvents> {
  private conn: Connection | null = null;
  private isUp = false;
  private stopped = true;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<Pending>();
  private readonly apiTimeoutMs: number;
  private readonly bgapiTimeoutMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private lastFailure = '';

  constructor(
    readonly target: EslTarget,
    private readonly opts: EslClientOptions,
  ) {
    super();
    this.apiTimeoutMs = opts.apiTimeoutMs ?? 5_000;
    this.bgapiTimeoutMs = opts.bgapiTimeoutMs ?? 60_000;
    this.minBackoffMs = opts.minBackoffMs ?? 200;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5_000;
  }

  get connected(): boolean {
    return this.isUp;
  }

  /** Connects now and keeps reconnecting until stop(). Resolves when first up, or rejects after `waitMs`. */
  start(waitMs = 0): Promise<void> {
    this.stopped = false;
    this.connect();
    if (waitMs <= 0) return Promise.resolve();
    return this.waitUntilUp(waitMs);
  }

  waitUntilUp(waitMs: number): Promise<void> {
    if (this.isUp) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('up', onUp);
        reject(new EslUnavailableError(`FreeSWITCH at ${this.where()} did not answer within ${waitMs} ms${this.lastFailure ? `: ${this.lastFailure}` : ''}`));
      }, waitMs);
      const onUp = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('up', onUp);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const conn = this.conn;
    this.conn = null;
    if (conn) {
      conn.removeAllListeners();
      conn.on('error', () => {});
      conn.socket?.destroy();
    }
    this.markDown('stopped');
  }

  /** Cuts the TCP connection as a network failure would (the client then reconnects). For tests and drills. */
  dropConnection(): void {
    this.conn?.socket?.destroy();
  }

  /** `api <command>`: resolves with the response body (e.g. "+OK ...\n" or "-ERR ...\n"). */
  api(command: string): Promise<string> {
    const conn = this.requireConn();
    const [cmd, args] = splitCommand(command);
    return this.track(this.apiTimeoutMs, `api ${cmd}`, (resolve) => conn.api(cmd, args, (res) => resolve(res.getBody() ?? '')));
  }

  /** `bgapi <command>`: resolves with the BACKGROUND_JOB body. */
  bgapi(command: string): Promise<string> {
    const conn = this.requireConn();
    const [cmd, args] = splitCommand(command);
    return this.track(this.bgapiTimeoutMs, `bgapi ${cmd}`, (resolve) => conn.bgapi(cmd, args, randomUUID(), (res) => resolve(res.getBody() ?? '')));
  }

  /** `sendmsg <uuid>` execute of a dialplan application; resolves on CHANNEL_EXECUTE_COMPLETE. */
  execute(uuid: string, app: string, arg: string): Promise<Event> {
    const conn = this.requireConn();
    return this.track(this.bgapiTimeoutMs, `execute ${app}`, (resolve) => conn.execute(app, arg, uuid, resolve));
  }

  private where(): string {
    return `${this.target.host}:${this.target.port}`;
  }

  private requireConn(): Connection {
    if (!this.isUp || !this.conn) throw new EslUnavailableError(`not connected to FreeSWITCH at ${this.where()}`);
    return this.conn;
  }

  private track<T>(timeoutMs: number, what: string, run: (resolve: (v: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const entry: Pending = {
        reject: (err) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          this.pending.delete(entry);
          reject(err);
        },
      };
      const timer = setTimeout(() => entry.reject(new EslTimeoutError(`${what}: no answer from FreeSWITCH within ${timeoutMs} ms`)), timeoutMs);
      this.pending.add(entry);
      run((v) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.pending.delete(entry);
        resolve(v);
      });
    });
  }

  private connect(): void {
    if (this.stopped) return;
    const { host, port, password } = this.target;
    const conn = new esl.Connection(host, port, password);
    this.conn = conn;
    // modesl writes a command in pieces ("api …\n", then "\n"): with Nagle's algorithm the last piece waits for the
    // switch's delayed ACK, ~40 ms per command, and FreeSWITCH delivers no events to a connection while it holds half
    // a command (mod_event_socket read_packet). Measured on FreeSWITCH 1.11: each api call took ~47 ms.
    conn.socket?.setNoDelay(true);
    // tap every line written, so callers can audit what FreeSWITCH was told
    const send = conn.send.bind(conn);
    conn.send = (command: string, args?: Record<string, string>) => {
      if (!command.startsWith('auth ')) {
        this.emit('command', args ? `${command}\n${Object.entries(args).map(([k, v]) => `${k}: ${v}`).join('\n')}` : command);
      }
      send(command, args);
    };
    const lost = (reason: string) => {
      if (this.conn !== conn) return;
      this.conn = null;
      conn.removeAllListeners();
      conn.on('error', () => {});
      conn.socket?.destroy();
      this.lastFailure = reason;
      this.markDown(reason);
      this.scheduleReconnect();
    };
    conn.on('error', (err: Error) => lost(err.message));
    conn.on('esl::end', () => lost('FreeSWITCH closed the Event Socket connection'));
    conn.socket?.on('close', () => lost('Event Socket connection closed'));
    conn.on('esl::event::auth::fail', () => {
      this.opts.log.error({ esl: this.where() }, 'FreeSWITCH rejected the Event Socket password: check IVRPAY_ESL_PASSWORD');
      lost('Event Socket password rejected');
    });
    conn.on('esl::ready', () => {
      // json, not plain: modesl parses a JSON event with one JSON.parse, a plain one header by header (split, join and
      // decodeURIComponent for each of ~60 headers); that was 20% of the server's CPU with 1,000 captures keying
      conn.events('json', this.opts.subscriptions, () => {
        if (this.conn !== conn) return;
        this.attempt = 0;
        this.isUp = true;
        this.opts.log.info({ esl: this.where() }, 'connected to FreeSWITCH Event Socket');
        this.emit('up');
      });
    });
    conn.on('esl::event::**', (event: Event) => {
      const ct = event.getHeader('Content-Type');
      if (ct === 'auth/request' || ct === 'command/reply' || ct === 'api/response') return;
      if (event.getHeader('Event-Name')) this.emit('event', event);
    });
  }

  private markDown(reason: string): void {
    const wasUp = this.isUp;
    this.isUp = false;
    for (const p of [...this.pending]) p.reject(new EslUnavailableError(`FreeSWITCH connection lost (${reason})`));
    if (wasUp) {
      this.opts.log.warn({ esl: this.where(), reason }, 'lost the FreeSWITCH Event Socket connection');
      this.emit('down', reason);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const base = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.attempt = Math.min(this.attempt + 1, 16);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }
}

function splitCommand(command: string): [string, string] {
  const i = command.indexOf(' ');
  return i < 0 ? [command, ''] : [command.slice(0, i), command.slice(i + 1)];
}
