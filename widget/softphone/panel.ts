// What the phone panel shows, from the server's view of the operator's calls and this page's own SIP call: one pure
// function, so a reload, a lost connection or a click-to-call in progress is always shown as it really is.
import type { SoftphoneCall } from '../../server/softphone/types.js';
import type { CallPhase, MediaHealth } from './softphone.js';

/** This page's SIP call, as far as the panel cares. */
export interface LocalCall {
  phase: CallPhase;
  callId: string;
  legId: string;
  number: string;
  health: MediaHealth;
}

export type Panel =
  | { kind: 'idle' }
  /** FreeSWITCH rings this page: answer or decline */
  | { kind: 'incoming'; local: LocalCall }
  /** this page is on the call (or answering it) */
  | { kind: 'in-call'; local: LocalCall; server: SoftphoneCall | null }
  /** a click-to-call rings the customer */
  | { kind: 'dialing'; server: SoftphoneCall }
  /** the call is being connected to this page (answered click-to-call, rejoin): the INVITE is on its way */
  | { kind: 'connecting'; server: SoftphoneCall }
  /** a click-to-call did not reach the customer */
  | { kind: 'failed'; server: SoftphoneCall }
  /**
   * the server has this operator in (or owning) a call this page has no audio for: the page was reloaded, or the audio
   * was lost. `lost` = this page had it and lost it (network), else a reload.
   */
  | { kind: 'orphan'; server: SoftphoneCall; lost: boolean };

export interface PanelInput {
  /** the last /state answer's calls (null before the first) */
  server: SoftphoneCall[] | null;
  local: LocalCall | null;
  /** calls this page asked to be rung into (click-to-call, rejoin), with when it asked */
  expecting: ReadonlyMap<string, number>;
  /** failed attempts the operator has dismissed */
  dismissed: ReadonlySet<string>;
  /** calls whose audio this page lost */
  lost: ReadonlySet<string>;
  now: number;
}

/** How long after asking the page waits for FreeSWITCH's INVITE before calling the call an orphan. */
export const EXPECT_RING_MS = 20_000;

export function panelFor(i: PanelInput): Panel {
  const local = i.local && i.local.phase !== 'ended' ? i.local : null;
  const server = i.server ?? [];
  if (local?.phase === 'ringing') return { kind: 'incoming', local };
  if (local) return { kind: 'in-call', local, server: server.find((c) => c.id === local.callId) ?? null };
  const dialing = server.find((c) => c.state === 'dialing');
  if (dialing) return { kind: 'dialing', server: dialing };
  const live = server.find((c) => c.state === 'connected' || c.state === 'waiting');
  if (live) {
    const asked = i.expecting.get(live.id);
    if (asked !== undefined && i.now - asked < EXPECT_RING_MS && !i.lost.has(live.id)) return { kind: 'connecting', server: live };
    return { kind: 'orphan', server: live, lost: i.lost.has(live.id) };
  }
  const failed = server.find((c) => c.state === 'failed' && !i.dismissed.has(c.id));
  if (failed) return { kind: 'failed', server: failed };
  return { kind: 'idle' };
}
