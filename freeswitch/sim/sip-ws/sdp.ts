// The simulator's side of a WebRTC leg's SDP: an offer Chromium accepts (ICE credentials, a DTLS fingerprint, rtcp-mux,
// Opus/PCMU/telephone-event like FreeSWITCH's) with NO candidates, so the browser negotiates but never sends media
// anywhere; and answers to the browser's re-offers (hold, ICE restart). The simulator carries no audio.
import { createHash, randomBytes } from 'node:crypto';

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface LocalMedia {
  ufrag: string;
  pwd: string;
  /** sha-256 fingerprint of a certificate nobody holds: DTLS never completes, and nothing needs it to */
  fingerprint: string;
  sessionId: number;
  version: number;
  /** the browser's last ICE ufrag, to notice an ICE restart */
  remoteUfrag?: string;
}

const ICE_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const iceToken = (n: number) => [...randomBytes(n)].map((b) => ICE_CHARS[b % ICE_CHARS.length]).join('');

export function newLocalMedia(): LocalMedia {
  const digest = createHash('sha256').update(randomBytes(32)).digest();
  return {
    ufrag: iceToken(16),
    pwd: iceToken(24),
    fingerprint: [...digest].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':'),
    sessionId: Math.floor(Date.now() / 1000),
    version: 1,
  };
}

function session(m: LocalMedia, host: string): string[] {
  return [`v=0`, `o=FreeSWITCH ${m.sessionId} ${m.version} IN IP4 ${host}`, `s=FreeSWITCH`, `c=IN IP4 ${host}`, `t=0 0`, `a=msid-semantic: WMS ivrpay`];
}

function media(m: LocalMedia, dir: Direction, setup: 'actpass' | 'passive', mid: string, pts: { opus: string; pcmu: string; te: string }): string[] {
  return [
    `m=audio 9 UDP/TLS/RTP/SAVPF ${pts.opus} ${pts.pcmu} ${pts.te}`,
    `a=rtpmap:${pts.opus} opus/48000/2`,
    `a=fmtp:${pts.opus} useinbandfec=1; minptime=10`,
    `a=rtpmap:${pts.pcmu} PCMU/8000`,
    `a=rtpmap:${pts.te} telephone-event/8000`,
    `a=fmtp:${pts.te} 0-16`,
    `a=ptime:20`,
    `a=${dir}`,
    `a=ice-ufrag:${m.ufrag}`,
    `a=ice-pwd:${m.pwd}`,
    `a=fingerprint:sha-256 ${m.fingerprint}`,
    `a=setup:${setup}`,
    `a=rtcp-mux`,
    `a=mid:${mid}`,
    `a=msid:ivrpay ivrpay-audio`,
  ];
}

const join = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** The INVITE's offer toward the browser. */
export function offerSdp(m: LocalMedia, host: string): string {
  return join([...session(m, host), ...media(m, 'sendrecv', 'actpass', '0', { opus: '111', pcmu: '0', te: '101' })]);
}

const ANSWER_DIRECTION: Record<Direction, Direction> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

/** The direction of the (first) audio section of an SDP. */
export function directionOf(sdp: string): Direction {
  const audio = sdp.split(/\r?\nm=/).find((s) => s.startsWith('audio')) ?? sdp;
  return (/^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(audio)?.[1] as Direction | undefined) ?? 'sendrecv';
}

/**
 * The answer to a browser's (re-)offer: the reverse direction, the same DTLS role the simulator took first (passive),
 * payload types the offer used, and new ICE credentials when the browser restarted ICE (RFC 8839 §4.4.1.1.1).
 */
export function answerSdp(m: LocalMedia, host: string, offer: string): { sdp: string; direction: Direction; iceRestart: boolean } {
  const ufrag = /a=ice-ufrag:(\S+)/.exec(offer)?.[1];
  const iceRestart = m.remoteUfrag !== undefined && ufrag !== undefined && ufrag !== m.remoteUfrag;
  if (iceRestart) Object.assign(m, { ufrag: iceToken(16), pwd: iceToken(24) });
  if (ufrag) m.remoteUfrag = ufrag;
  m.version++;
  const pt = (codec: RegExp, fallback: string) => new RegExp(`a=rtpmap:(\\d+) ${codec.source}`, 'i').exec(offer)?.[1] ?? fallback;
  const mid = /a=mid:(\S+)/.exec(offer)?.[1] ?? '0';
  const direction = ANSWER_DIRECTION[directionOf(offer)];
  const lines = [...session(m, host)];
  if (/a=group:BUNDLE/.test(offer)) lines.push(`a=group:BUNDLE ${mid}`);
  lines.push(...media(m, direction, 'passive', mid, { opus: pt(/opus\/48000/, '111'), pcmu: pt(/PCMU\/8000/, '0'), te: pt(/telephone-event\/8000/, '101') }));
  return { sdp: join(lines), direction, iceRestart };
}

/** Remembers the browser's ICE ufrag from its first answer. */
export function noteRemote(m: LocalMedia, answer: string): void {
  m.remoteUfrag = /a=ice-ufrag:(\S+)/.exec(answer)?.[1] ?? m.remoteUfrag;
}
