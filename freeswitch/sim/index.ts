// The FreeSWITCH simulator's public API: startSimulator() wires the ESL listener to the simulated switch; it never reads or writes card data.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { EventFactory, localIdentity, type SimEvent } from './event.js';
import { EslServer } from './esl-server.js';
import { Switch } from './switch.js';
import { IVRPAY_DIALPLAN, type Dialplan } from './dialplan.js';
import { MediaLibrary } from './media.js';
import { SHUTTING_DOWN } from './wire.js';
import { SipWsEndpoint } from './sip-ws/endpoint.js';
import { SipUsers } from './sip-ws/user-leg.js';
import type { DirectoryBinding } from './sip-ws/directory.js';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  password?: string;
  /** where ivrpay/<lang>/<name>.wav live, for play durations */
  soundsDir?: string;
  /** FreeSWITCH-Hostname */
  hostname?: string;
  /** the XML dialplan to simulate; defaults to freeswitch/conf's ivrpay contexts */
  dialplan?: Dialplan;
  /**
   * the SIP-over-WebSocket endpoint of the ivrpay-webrtc profile (browsers register, `user/<name>` rings them);
   * off unless given. `domain` defaults to the machine's address, as $${domain} does.
   */
  sip?: { host?: string; port?: number; domain?: string };
  /** mod_xml_curl's directory binding (also settable later with setDirectory) */
  directory?: DirectoryBinding;
  /**
   * Called once per client connection an event is written to, right after the socket write, with
   * process.hrtime.bigint() of that moment (the bench's "DTMF left the ESL peer"). Unset: no cost.
   */
  onEventWritten?: (event: SimEvent, at: bigint) => void;
}

export type { SimEvent };

/** The SIP messages the simulator keeps for inspection (the newest). */
const SIP_TRACE_LIMIT = 10_000;

export interface Simulator {
  readonly host: string;
  readonly port: number;
  /** stops listening, closes sockets, hangs up nothing */
  close(): Promise<void>;
  /** abruptly destroy every ESL client socket (calls stay up): "ESL connection lost" */
  dropClients(): void;
  /** like `fsctl shutdown`: hang up all calls (SYSTEM_SHUTDOWN), notice, close */
  shutdown(): Promise<void>;
  channelCount(): number;
  /** conference mixing state: does listener hear speaker now */
  hears(listenerUuid: string, speakerUuid: string): boolean;
  /** the SIP WebSocket endpoint (`ws://host:port`) and SIP domain, when started with `sip` */
  readonly sip: { url: string; domain: string } | null;
  /** points the directory at the ivrpay server (mod_xml_curl's gateway-url and credentials) */
  setDirectory(binding: DirectoryBinding | null): void;
  /** every SIP message sent and received over the WebSocket endpoint, oldest first */
  sipTrace(): string[];
  /** drops every browser's WebSocket (registrations and calls on them end) */
  dropSipConnections(): void;
}

/** How long after the calls are hung up FreeSWITCH sends its shutdown notice (0.5–1.3 s measured). */
const SHUTDOWN_NOTICE_MS = 500;

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const identity = localIdentity(randomUUID(), opts.hostname);
  let shutdownPromise: Promise<void> | undefined;
  let closed = false;
  const esl = new EslServer(opts.password ?? 'ClueCon', () => void sim.shutdown());
  if (opts.onEventWritten) esl.onEventWritten = opts.onEventWritten;
  const sounds = opts.soundsDir;
  let directory: DirectoryBinding | null = opts.directory ?? null;
  const trace: string[] = [];
  const endpoint = opts.sip
    ? new SipWsEndpoint({
        host: opts.sip.host ?? opts.host ?? '127.0.0.1',
        port: opts.sip.port ?? 0,
        domain: opts.sip.domain ?? identity.ipv4,
        directory: () => directory,
        trace: (dir, text) => {
          trace.push(`${dir === 'in' ? '<<' : '>>'} ${text}`);
          if (trace.length > SIP_TRACE_LIMIT) trace.splice(0, trace.length - SIP_TRACE_LIMIT);
        },
      })
    : null;
  const sw = new Switch(new EventFactory(identity), esl, {
    dialplan: opts.dialplan ?? IVRPAY_DIALPLAN,
    conferenceSounds: new MediaLibrary(sounds ? join(sounds, 'ivrpay') : undefined),
    sounds: new MediaLibrary(sounds),
    recordingsDir: join(tmpdir(), 'ivrpay-sim-recordings'),
    domain: endpoint?.domain ?? identity.ipv4,
    ...(endpoint ? { sipUsers: new SipUsers(endpoint, () => directory) } : {}),
  });
  esl.sw = sw;
  const addr = await esl.listen(opts.host ?? '127.0.0.1', opts.port ?? 0);
  const sip = endpoint ? { url: (await endpoint.listen()).url, domain: endpoint.domain } : null;

  const close = async () => {
    if (closed) return;
    closed = true;
    sw.stop();
    await endpoint?.close();
    await esl.close();
  };

  const sim: Simulator = {
    host: addr.host,
    port: addr.port,
    close,
    dropClients: () => esl.dropClients(),
    shutdown: () => {
      shutdownPromise ??= (async () => {
        sw.stopping = true;
        sw.hangupAll('SYSTEM_SHUTDOWN');
        await new Promise((r) => setTimeout(r, SHUTDOWN_NOTICE_MS));
        esl.noticeAll(SHUTTING_DOWN);
        await new Promise((r) => setTimeout(r, 20));
        await close();
      })();
      return shutdownPromise;
    },
    channelCount: () => sw.legs.size,
    hears: (listener, speaker) => sw.conferences.hears(listener, speaker),
    sip,
    setDirectory: (b) => {
      directory = b;
    },
    sipTrace: () => [...trace],
    dropSipConnections: () => endpoint?.dropConnections(),
  };
  return sim;
}
