// A minimal inbound Event Socket client for the bench's customer phones: auth, api, bgapi, plain events with arrival time; cheap per message (no modesl).
import net from 'node:net';
import { randomUUID } from 'node:crypto';

export interface EslEvent {
  headers: Map<string, string>;
  body: string | undefined;
  /** process.hrtime.bigint() when the chunk holding it was read */
  at: bigint;
}

interface Waiter {
  resolve(text: string): void;
  reject(err: Error): void;
}

const DOUBLE_NL = Buffer.from('\n\n');

export class EslLite {
  private buf: Buffer = Buffer.alloc(0);
  /** command/reply and api/response come back in command order */
  private readonly replies: Waiter[] = [];
  private readonly jobs = new Map<string, Waiter>();
  private closed = false;
  onEvent: ((e: EslEvent) => void) | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.read(d));
    socket.on('close', () => this.fail(new Error('Event Socket connection closed')));
    socket.on('error', (e) => this.fail(e));
  }

  static async connect(host: string, port: number, password: string): Promise<EslLite> {
    const socket = net.createConnection({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const c = new EslLite(socket);
    // the greeting (auth/request) is queued as the first "reply"
    await new Promise<string>((resolve, reject) => c.replies.push({ resolve, reject }));
    const ok = await c.command(`auth ${password}`);
    if (!ok.startsWith('+OK')) throw new Error(`Event Socket auth refused: ${ok}`);
    return c;
  }

  /** A command answered by command/reply; resolves with Reply-Text. */
  command(line: string, headers: Record<string, string> = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('Event Socket connection closed'));
      this.replies.push({ resolve, reject });
      let text = `${line}\n`;
      for (const [k, v] of Object.entries(headers)) text += `${k}: ${v}\n`;
      this.socket.write(`${text}\n`);
    });
  }

  /** `api <cmd>`: the response body. */
  api(cmd: string): Promise<string> {
    return this.command(`api ${cmd}`);
  }

  /** `bgapi <cmd>`: the BACKGROUND_JOB body (needs subscribe(['BACKGROUND_JOB'])). */
  bgapi(cmd: string, timeoutMs = 60_000): Promise<string> {
    const job = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.jobs.delete(job);
        reject(new Error(`bgapi ${cmd.split(' ')[0]}: no BACKGROUND_JOB within ${timeoutMs} ms`));
      }, timeoutMs);
      this.jobs.set(job, {
        resolve: (t) => {
          clearTimeout(timer);
          resolve(t);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.command(`bgapi ${cmd}`, { 'Job-UUID': job }).catch((e: Error) => this.jobs.get(job)?.reject(e));
    });
  }

  subscribe(names: string[]): Promise<string> {
    return this.command(`event plain ${names.join(' ')}`);
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private fail(err: Error): void {
    this.closed = true;
    for (const w of this.replies.splice(0)) w.reject(err);
    for (const w of this.jobs.values()) w.reject(err);
    this.jobs.clear();
  }

  private read(chunk: Buffer): void {
    const at = process.hrtime.bigint();
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const end = this.buf.indexOf(DOUBLE_NL);
      if (end < 0) return;
      const head = parseHeaders(this.buf.toString('utf8', 0, end), false);
      const len = Number(head.get('Content-Length') ?? 0);
      if (this.buf.length < end + 2 + len) return;
      const body = len > 0 ? this.buf.toString('utf8', end + 2, end + 2 + len) : '';
      this.buf = this.buf.subarray(end + 2 + len);
      this.dispatch(head, body, at);
    }
  }

  private dispatch(head: Map<string, string>, body: string, at: bigint): void {
    const type = head.get('Content-Type');
    if (type === 'auth/request') return void this.replies.shift()?.resolve('');
    if (type === 'command/reply') return void this.replies.shift()?.resolve(head.get('Reply-Text') ?? '');
    if (type === 'api/response') return void this.replies.shift()?.resolve(body);
    if (type === 'text/event-plain') {
      const split = body.indexOf('\n\n');
      const headers = parseHeaders(split < 0 ? body : body.slice(0, split), true);
      const inner = split < 0 ? undefined : body.slice(split + 2) || undefined;
      if (headers.get('Event-Name') === 'BACKGROUND_JOB') {
        const job = headers.get('Job-UUID') ?? '';
        const w = this.jobs.get(job);
        if (w) {
          this.jobs.delete(job);
          w.resolve(inner ?? '');
        }
      }
      this.onEvent?.({ headers, body: inner, at });
    }
    // text/disconnect-notice: the close handler fails what is pending
  }
}

function parseHeaders(text: string, urlEncoded: boolean): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(': ');
    if (i < 0) continue;
    let v = line.slice(i + 2);
    if (urlEncoded && v.includes('%')) {
      try {
        v = decodeURIComponent(v);
      } catch {
        /* keep raw */
      }
    }
    if (!m.has(line.slice(0, i))) m.set(line.slice(0, i), v);
  }
  return m;
}
