// Runtime state the simulator keeps beside each channel (apps running, queued digits, loopback partner); plain data, no behaviour.
import { Channel } from './channel.js';
import type { Action } from './dialplan.js';
import type { Member } from './conference.js';

export type FrameKind = 'instant' | 'park' | 'conference' | 'playback';

/** One running application on a channel; park and conference can run sendmsg apps nested inside them. */
export interface Frame {
  app: string;
  data: string;
  appUuid: string;
  kind: FrameKind;
  /** completes the frame: fires CHANNEL_EXECUTE_COMPLETE and continues the channel */
  complete: (response?: string) => void;
  done: boolean;
  timer?: NodeJS.Timeout;
  startedMs: number;
}

export interface PrivateCommand {
  command: 'execute' | 'hangup';
  app?: string;
  data?: string;
  appUuid?: string;
  loops?: number;
  cause?: string;
}

export interface Dtmf {
  digit: string;
  /** samples at 8 kHz */
  duration: number;
}

export class Leg extends Channel {
  partner?: Leg;
  readonly leg: 'A' | 'B' = 'A';
  /** actions still to run (dialplan extension, or the originate's &app) */
  script: Action[] = [];
  stack: Frame[] = [];
  privateQueue: PrivateCommand[] = [];
  privateTimer?: NodeJS.Timeout;
  dtmfQueue: Dtmf[] = [];
  dtmfTimer?: NodeJS.Timeout;
  /** digits dequeued so far (for digits_dialed) */
  digitsLog = '';
  member?: Member;
  recordings = new Map<string, { masked: boolean }>();
  /** the conference leave that will complete the frame (hangup/kick/transfer) is scheduled */
  leaving = false;
  /** hangup already reported (CHANNEL_HANGUP_COMPLETE fired) */
  reported = false;
  /** set while the channel waits for its originate to finish: the A leg runs nothing yet */
  awaitingOriginate = false;
  /** apps are being stopped for a hangup: nothing continues the script */
  halting = false;
  /** uuid_transfer to an XML destination: hunted when the running apps have ended */
  pendingRoute?: { context: string; destination: string };
  /** transferred: call_uuid is set again when the new destination starts */
  transferred = false;
  /** a transfer out of a conference already restored the read codec */
  codecRestored = false;
  /** uuid_drop_dtmf state (kept for the reply; the simulator relays no DTMF between legs) */
  dropDtmf?: { on: boolean; maskDigits?: string; maskFile?: string };
  onAnswered?: () => void;
  onGone?: () => void;
  /** the channel is going down (endpoint signaling: a SIP leg sends CANCEL or BYE) */
  onHangup?: (cause: string) => void;

  setLeg(leg: 'A' | 'B'): void {
    (this as { leg: 'A' | 'B' }).leg = leg;
  }
}
