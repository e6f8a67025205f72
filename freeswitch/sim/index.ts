// The FreeSWITCH simulator's public API: startSimulator() wires the ESL listener to the simulated switch; it never reads or writes card data.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { EventFactory, localIdentity } from './event.js';
import { EslServer } from './esl-server.js';
import { Switch } from './switch.js';
import { IVRPAY_DIALPLAN, type Dialplan } from './dialplan.js';
import { MediaLibrary } from './media.js';
import { SHUTTING_DOWN } from './wire.js';

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
}

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
}

/** How long after the calls are hung up FreeSWITCH sends its shutdown notice (0.5–1.3 s measured). */
const SHUTDOWN_NOTICE_MS = 500;

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const identity = localIdentity(randomUUID(), opts.hostname);
  let shutdownPromise: Promise<void> | undefined;
  let closed = false;
  const esl = new EslServer(opts.password ?? 'ClueCon', () => void sim.shutdown());
  const sounds = opts.soundsDir;
  const sw = new Switch(new EventFactory(identity), esl, {
    dialplan: opts.dialplan ?? IVRPAY_DIALPLAN,
    conferenceSounds: new MediaLibrary(sounds ? join(sounds, 'ivrpay') : undefined),
    sounds: new MediaLibrary(sounds),
    recordingsDir: join(tmpdir(), 'ivrpay-sim-recordings'),
    domain: identity.ipv4,
  });
  esl.sw = sw;
  const addr = await esl.listen(opts.host ?? '127.0.0.1', opts.port ?? 0);

  const close = async () => {
    if (closed) return;
    closed = true;
    sw.stop();
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
  };
  return sim;
}
