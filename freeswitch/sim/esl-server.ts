// The inbound Event Socket listener: auth, command parsing and replies as mod_event_socket's parse_command, event delivery per connection; no call logic.
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import type { SimEvent } from './event.js';
import type { EventSink, Switch } from './switch.js';
import { Subscription } from './subscription.js';
import {
  AUTH_REQUEST,
  GOODBYE,
  PacketReader,
  apiResponse,
  commandReply,
  disconnectNotice,
  jobReply,
  lingerNotice,
  type ClientPacket,
} from './wire.js';
import { runApi, type ApiHost } from './api.js';
import type { PrivateCommand } from './leg.js';

const LOG_LEVELS: Record<string, number> = { console: 0, alert: 1, crit: 2, err: 3, error: 3, warning: 4, notice: 5, info: 6, debug: 7 };
const BG_SITE = ['mod_event_socket.c', 'api_exec', 1580] as const;

class Connection {
  readonly sub = new Subscription();
  private reader = new PacketReader();
  private authed = false;
  private pending: Buffer[] = [];
  /** the events behind `pending`, kept only while the server has an onEventWritten hook */
  private pendingEvents: SimEvent[] = [];
  private flushQueued = false;
  /** an `api` command is running: FreeSWITCH's listener thread reads nothing and sends no events until it replies */
  private busy = false;
  private backlog: ClientPacket[] = [];
  private logging = false;
  private linger?: number;
  closed = false;

  constructor(
    readonly socket: net.Socket,
    private readonly server: EslServer,
  ) {
    socket.setNoDelay(true);
    socket.write(AUTH_REQUEST);
    socket.on('data', (d: Buffer) => {
      for (const p of this.reader.push(d)) this.backlog.push(p);
      this.drain();
    });
    socket.on('end', () => this.goodbye(GOODBYE));
    socket.on('error', () => this.destroy());
    socket.on('close', () => {
      this.closed = true;
      this.server.forget(this);
    });
  }

  get myEventsUuid(): string | undefined {
    return this.sub.myEventsUuid;
  }

  enqueue(frame: Buffer, event?: SimEvent): void {
    if (this.closed) return;
    this.pending.push(frame);
    if (event && this.server.onEventWritten) this.pendingEvents.push(event);
    if (!this.busy && !this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.flushQueued = false;
    if (this.closed || this.busy || !this.pending.length) return;
    const out = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.socket.write(out);
    const hook = this.server.onEventWritten;
    if (hook && this.pendingEvents.length) {
      const events = this.pendingEvents;
      this.pendingEvents = [];
      const at = process.hrtime.bigint();
      for (const e of events) hook(e, at);
    }
  }

  private write(b: Buffer): void {
    if (!this.closed) this.socket.write(b);
  }

  /** Sends what is queued, then a disconnect notice, and closes. */
  goodbye(text: string): void {
    if (this.closed) return;
    this.busy = false;
    this.flush();
    this.write(disconnectNotice(text));
    this.closed = true;
    this.socket.end();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private drain(): void {
    while (!this.busy && !this.closed && this.backlog.length) {
      const p = this.backlog.shift()!;
      this.flush();
      this.handle(p);
    }
  }

  private reply(text: string): void {
    this.write(commandReply(text));
  }

  private handle(p: ClientPacket): void {
    const cmd = p.command;
    const lower = cmd.toLowerCase();
    if (lower.startsWith('exit') || lower.startsWith('...')) {
      this.reply('+OK bye');
      this.goodbye(GOODBYE);
      return;
    }
    if (!this.authed) {
      if (lower.startsWith('auth ')) {
        if (cmd.slice(5) === this.server.password) {
          this.authed = true;
          this.reply('+OK accepted');
        } else {
          this.reply('-ERR invalid');
          this.goodbye(GOODBYE);
        }
        return;
      }
      if (lower.startsWith('userauth ')) {
        this.reply('-ERR invalid');
        this.goodbye(GOODBYE);
        return;
      }
      this.reply('-ERR command not found');
      return;
    }
    if (lower.startsWith('filter ')) return this.reply(this.sub.filter(cmd.slice(7)));
    const hasSession = !!this.sub.myEventsUuid;
    if (hasSession || lower.startsWith('myevents ')) {
      if (lower.startsWith('myevents')) {
        const [uuid, fmt] = cmd.slice(9).split(' ');
        return this.reply(this.sub.myevents(uuid || undefined, fmt, !!uuid && this.server.sw.legs.has(uuid), cmd));
      }
      if (lower.startsWith('getvar')) {
        const name = cmd.split(' ')[1];
        return this.reply((name && this.server.sw.legs.get(this.sub.myEventsUuid!)?.getVar(name)) || '');
      }
    }
    if (lower.startsWith('divert_events')) {
      if (!hasSession) return this.reply('-ERR not controlling a session.');
      const v = cmd.slice(13).trim();
      if (!v) return this.reply('-ERR missing value.');
      return this.reply(v.toLowerCase() === 'on' ? '+OK events diverted' : '+OK events not diverted');
    }
    if (lower.startsWith('sendmsg')) return this.reply(this.sendmsg(cmd.slice(7).trim(), p));
    if (lower.startsWith('sendevent')) return this.reply(`+OK ${randomUUID()}`);
    if (lower.startsWith('api ')) return this.api(cmd.slice(4));
    if (lower.startsWith('bgapi ')) return this.bgapi(cmd.slice(6), p);
    if (lower.startsWith('log')) {
      const level = cmd.slice(3).trim().split(' ')[0] ?? '';
      let n: number | undefined = 7;
      if (level) n = /^\d+$/.test(level) ? Math.min(7, Number(level)) : LOG_LEVELS[level.toLowerCase()];
      if (n === undefined) return this.reply('-ERR invalid log level');
      this.logging = true;
      return this.reply(`+OK log level ${level} [${n}]`);
    }
    if (lower.startsWith('linger')) {
      if (!hasSession) return this.reply('-ERR not controlling a session');
      const arg = cmd.slice(6);
      this.linger = arg.startsWith(' ') && arg.length > 1 ? Number.parseInt(arg.slice(1), 10) || 0 : -1;
      return this.reply(this.linger === -1 ? '+OK will linger' : `+OK will linger ${this.linger} seconds`);
    }
    if (lower.startsWith('nolinger')) {
      if (!hasSession) return this.reply('-ERR not controlling a session');
      this.linger = undefined;
      return this.reply('+OK will not linger');
    }
    if (lower.startsWith('nolog')) {
      const was = this.logging;
      this.logging = false;
      return this.reply(was ? '+OK no longer logging' : '-ERR not loging');
    }
    if (lower.startsWith('event')) return this.reply(this.sub.event(words(cmd.slice(5)), () => this.server.customSubclasses()));
    if (lower.startsWith('nixevent')) return this.reply(this.sub.nixevent(words(cmd.slice(8))));
    if (lower.startsWith('noevents')) {
      this.pending = [];
      this.pendingEvents = [];
      return this.reply(this.sub.noevents());
    }
    this.reply('-ERR command not found');
  }

  private api(line: string): void {
    const sp = line.indexOf(' ');
    const command = sp < 0 ? line : line.slice(0, sp);
    const arg = sp < 0 ? undefined : line.slice(sp + 1);
    const result = runApi(this.server, command, arg);
    if (typeof result === 'string') {
      this.write(apiResponse(result));
      return;
    }
    this.busy = true;
    let sync = true;
    result((body) => {
      this.busy = false;
      this.write(apiResponse(body));
      if (!sync) {
        this.flush();
        this.drain();
      } else if (this.pending.length && !this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    });
    sync = false;
  }

  private bgapi(line: string, p: ClientPacket): void {
    const job = p.headers.get('job-uuid') ?? randomUUID();
    this.write(jobReply(job));
    const sp = line.indexOf(' ');
    const command = sp < 0 ? line : line.slice(0, sp);
    const arg = sp < 0 ? undefined : line.slice(sp + 1);
    const finish = (body: string) =>
      this.server.sw.fire(
        'BACKGROUND_JOB',
        BG_SITE,
        (h) => {
          h.push(['Job-UUID', job], ['Job-Command', command]);
          if (arg) h.push(['Job-Command-Arg', arg]);
        },
        { body },
      );
    const result = runApi(this.server, command, arg);
    if (typeof result === 'string') finish(result);
    else result(finish);
  }

  private sendmsg(uuidArg: string, p: ClientPacket): string {
    const uuid = uuidArg || p.headers.get('session-id') || '';
    const leg = uuid ? this.server.sw.legs.get(uuid) : undefined;
    if (!leg || !leg.up) return `-ERR invalid session id [${uuid}]`;
    const h = p.headers;
    const what = (h.get('call-command') ?? '').toLowerCase();
    let cmd: PrivateCommand | undefined;
    if (what === 'execute') {
      cmd = { command: 'execute', app: h.get('execute-app-name') ?? '' };
      const data = h.get('execute-app-arg') ?? p.body;
      if (data !== undefined) cmd.data = data;
      const ev = h.get('event-uuid');
      if (ev) cmd.appUuid = ev;
      const loops = Number.parseInt(h.get('loops') ?? '', 10);
      if (loops > 0) cmd.loops = loops;
    } else if (what === 'hangup') {
      cmd = { command: 'hangup', cause: h.get('hangup-cause') ?? 'NORMAL_CLEARING' };
    }
    if (cmd) this.server.sw.sendmsg(leg, cmd);
    return '+OK';
  }

  /** myevents channel went down: linger notice, or goodbye. */
  sessionDown(uuid: string, channelName: string): void {
    if (this.linger !== undefined) {
      this.enqueue(lingerNotice(uuid, channelName, this.linger));
      if (this.linger > 0) setTimeout(() => this.goodbye(GOODBYE), this.linger * 1000).unref();
    } else setImmediate(() => this.goodbye(GOODBYE));
  }
}

function words(s: string): string[] {
  if (!s.startsWith(' ')) return [];
  return s.slice(1).split(' ');
}

/** The listener plus what the API needs from the outside (shutdown). */
export class EslServer implements EventSink, ApiHost {
  private readonly conns = new Set<Connection>();
  private readonly server: net.Server;
  sw!: Switch;
  /** SimulatorOptions.onEventWritten: called after each event went into a client socket (benchmarks) */
  onEventWritten?: (event: SimEvent, at: bigint) => void;

  constructor(
    readonly password: string,
    private readonly onShutdown: () => void,
  ) {
    this.server = net.createServer((s) => this.conns.add(new Connection(s, this)));
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const a = this.server.address() as net.AddressInfo;
        resolve({ host: a.address, port: a.port });
      });
    });
  }

  forget(c: Connection): void {
    this.conns.delete(c);
  }

  customSubclasses(): string[] {
    return ['conference::maintenance'];
  }

  mightWant(name: string): boolean {
    for (const c of this.conns) if (c.sub.mightWant(name)) return true;
    return false;
  }

  deliver(e: SimEvent): void {
    for (const c of this.conns) if (c.sub.wants(e)) c.enqueue(e.frame(c.sub.format), e);
    if (e.name === 'CHANNEL_HANGUP') {
      const uuid = e.get('Unique-ID');
      for (const c of this.conns) if (uuid && c.myEventsUuid === uuid) c.sessionDown(uuid, e.get('Channel-Name') ?? '');
    }
  }

  shutdown(): void {
    this.onShutdown();
  }

  /** Every client socket, abruptly. */
  dropClients(): void {
    for (const c of this.conns) c.destroy();
  }

  /** `fsctl shutdown`: the notice every listener gets before FreeSWITCH closes it. */
  noticeAll(text: string): void {
    for (const c of this.conns) c.goodbye(text);
  }

  close(): Promise<void> {
    for (const c of this.conns) c.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get connections(): number {
    return this.conns.size;
  }
}

