// One simulated channel (a mod_loopback leg): state, caller profile, ordered variables, and its event headers in switch_channel order; never schedules anything.
import type { Header } from './wire.js';
import { localStamp } from './event.js';

/** switch_channel_state_t numbering. */
export const STATE_NUMBER = {
  CS_NEW: 0,
  CS_INIT: 1,
  CS_ROUTING: 2,
  CS_SOFT_EXECUTE: 3,
  CS_EXECUTE: 4,
  CS_EXCHANGE_MEDIA: 5,
  CS_PARK: 6,
  CS_CONSUME_MEDIA: 7,
  CS_HIBERNATE: 8,
  CS_RESET: 9,
  CS_HANGUP: 10,
  CS_REPORTING: 11,
  CS_DESTROY: 12,
} as const;
export type ChannelState = keyof typeof STATE_NUMBER;

export type CallState = 'DOWN' | 'RINGING' | 'EARLY' | 'ACTIVE' | 'HELD' | 'HANGUP';

/** Q.850 codes of the causes FreeSWITCH names (switch_channel.c CAUSE_CHART). */
export const CAUSES: Record<string, number> = {
  NONE: 0, UNALLOCATED_NUMBER: 1, NO_ROUTE_TRANSIT_NET: 2, NO_ROUTE_DESTINATION: 3, CHANNEL_UNACCEPTABLE: 6, CALL_AWARDED_DELIVERED: 7,
  NORMAL_CLEARING: 16, USER_BUSY: 17, NO_USER_RESPONSE: 18, NO_ANSWER: 19, SUBSCRIBER_ABSENT: 20, CALL_REJECTED: 21, NUMBER_CHANGED: 22,
  REDIRECTION_TO_NEW_DESTINATION: 23, EXCHANGE_ROUTING_ERROR: 25, DESTINATION_OUT_OF_ORDER: 27, INVALID_NUMBER_FORMAT: 28,
  FACILITY_REJECTED: 29, RESPONSE_TO_STATUS_ENQUIRY: 30, NORMAL_UNSPECIFIED: 31, NORMAL_CIRCUIT_CONGESTION: 34, NETWORK_OUT_OF_ORDER: 38,
  NORMAL_TEMPORARY_FAILURE: 41, SWITCH_CONGESTION: 42, ACCESS_INFO_DISCARDED: 43, REQUESTED_CHAN_UNAVAIL: 44, PRE_EMPTED: 45,
  FACILITY_NOT_SUBSCRIBED: 50, OUTGOING_CALL_BARRED: 52, INCOMING_CALL_BARRED: 54, BEARERCAPABILITY_NOTAUTH: 57,
  BEARERCAPABILITY_NOTAVAIL: 58, SERVICE_UNAVAILABLE: 63, BEARERCAPABILITY_NOTIMPL: 65, CHAN_NOT_IMPLEMENTED: 66,
  FACILITY_NOT_IMPLEMENTED: 69, SERVICE_NOT_IMPLEMENTED: 79, INVALID_CALL_REFERENCE: 81, INCOMPATIBLE_DESTINATION: 88,
  INVALID_MSG_UNSPECIFIED: 95, MANDATORY_IE_MISSING: 96, MESSAGE_TYPE_NONEXIST: 97, WRONG_MESSAGE: 98, IE_NONEXIST: 99,
  INVALID_IE_CONTENTS: 100, WRONG_CALL_STATE: 101, RECOVERY_ON_TIMER_EXPIRE: 102, MANDATORY_IE_LENGTH_ERROR: 103,
  PROTOCOL_ERROR: 111, INTERWORKING: 127, SUCCESS: 142, ORIGINATOR_CANCEL: 487, CRASH: 700, SYSTEM_SHUTDOWN: 701,
  LOSE_RACE: 702, MANAGER_REQUEST: 703, BLIND_TRANSFER: 800, ATTENDED_TRANSFER: 801, ALLOTTED_TIMEOUT: 802, USER_CHALLENGE: 803,
  MEDIA_TIMEOUT: 804, PICKED_OFF: 805, USER_NOT_REGISTERED: 806, PROGRESS_TIMEOUT: 807, INVALID_GATEWAY: 808, GATEWAY_DOWN: 809,
  INVALID_URL: 810, INVALID_PROFILE: 811, NO_PICKUP: 812, SRTP_READ_ERROR: 813, BOWOUT: 814, BUSY_EVERYWHERE: 815,
  DECLINE: 816, DOES_NOT_EXIST_ANYWHERE: 817, NOT_ACCEPTABLE: 818, UNWANTED: 819, NO_IDENTITY: 820, BAD_IDENTITY_INFO: 821,
  UNSUPPORTED_CERTIFICATE: 822, INVALID_IDENTITY: 823, STALE_DATE: 824, REJECT_ALL: 825,
};

/** switch_channel_str2cause: a known name (any case) or a number; anything else is NONE. */
export function causeFromString(s: string | undefined): string {
  if (!s) return 'NONE';
  const up = s.trim().toUpperCase();
  if (up in CAUSES) return up;
  const n = Number(up);
  if (Number.isInteger(n)) for (const [name, code] of Object.entries(CAUSES)) if (code === n) return name;
  return 'NONE';
}

export interface CallerProfile {
  direction: 'inbound' | 'outbound';
  /** an outbound channel that ran the dialplan gets inbound profiles after a transfer (CF_DIALPLAN) */
  logicalDirection: 'inbound' | 'outbound';
  dialplan: string;
  callerIdName: string;
  callerIdNumber: string;
  origCallerIdName: string;
  origCallerIdNumber: string;
  calleeIdName: string;
  calleeIdNumber: string;
  ani: string;
  destination: string;
  context: string;
  source: string;
  /** set by a transfer: `<epoch>:<uuid>:bl_xfer:<dest>/<context>/<dialplan>` */
  transferSource: string;
  /** the destination before an XML transfer */
  rdnis: string;
  chanName: string;
  profileIndex: number;
  created: number;
  answered: number;
  hungup: number;
}

export class Channel {
  readonly vars = new Map<string, string>();
  runningState: ChannelState = 'CS_INIT';
  state: ChannelState = 'CS_ROUTING';
  callState: CallState = 'DOWN';
  answered = false;
  hangupCause?: string;
  /** CF_DIALPLAN: outbound legs show Channel-HIT-Dialplan true once they run an app */
  hitDialplan: boolean;
  readonly createdMicros: number;
  /** the first caller profile's fields, for `show channels` */
  readonly initial: { cidNumber: string; destination: string; dialplan: string; context: string };

  constructor(
    readonly uuid: string,
    readonly name: string,
    readonly profile: CallerProfile,
    readonly sessionId: number,
  ) {
    this.createdMicros = profile.created;
    this.initial = { cidNumber: profile.callerIdNumber, destination: profile.destination, dialplan: profile.dialplan, context: profile.context };
    this.hitDialplan = profile.direction === 'inbound';
  }

  get up(): boolean {
    return this.hangupCause === undefined;
  }

  get direction(): 'inbound' | 'outbound' {
    return this.profile.direction;
  }

  /** switch_channel_set_variable: an existing variable moves to the end; empty value deletes it. */
  setVar(name: string, value: string | undefined): void {
    this.vars.delete(name);
    if (value !== undefined && value !== '') this.vars.set(name, value);
  }

  getVar(name: string): string | undefined {
    return this.vars.get(name);
  }

  /** ${var} expansion against channel variables (and a few built-ins). */
  expand(text: string, extra: (name: string) => string | undefined = () => undefined): string {
    if (!text.includes('${')) return text;
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => this.vars.get(name) ?? extra(name) ?? '');
  }

  /** switch_channel_event_set_basic_data + the caller profile ("Caller-*"). */
  basicData(out: Header[]): void {
    out.push(
      ['Channel-State', this.runningState],
      ['Channel-Call-State', this.callState],
      ['Channel-State-Number', String(STATE_NUMBER[this.state])],
      ['Channel-Name', this.name],
      ['Unique-ID', this.uuid],
      ['Call-Direction', this.direction],
      ['Presence-Call-Direction', this.direction],
      ['Channel-HIT-Dialplan', this.hitDialplan ? 'true' : 'false'],
      ['Channel-Call-UUID', this.vars.get('call_uuid') ?? this.uuid],
      ['Answer-State', !this.up ? 'hangup' : this.answered ? 'answered' : 'ringing'],
    );
    if (this.hangupCause) out.push(['Hangup-Cause', this.hangupCause]);
    out.push(
      ['Channel-Read-Codec-Name', 'L16'],
      ['Channel-Read-Codec-Rate', '8000'],
      ['Channel-Read-Codec-Bit-Rate', '128000'],
      ['Channel-Write-Codec-Name', 'L16'],
      ['Channel-Write-Codec-Rate', '8000'],
      ['Channel-Write-Codec-Bit-Rate', '128000'],
    );
    this.profileData(out);
  }

  private profileData(out: Header[]): void {
    const p = this.profile;
    const add = (name: string, v: string) => {
      if (v) out.push([`Caller-${name}`, v]);
    };
    out.push(['Caller-Direction', p.direction], ['Caller-Logical-Direction', p.logicalDirection]);
    add('Dialplan', p.dialplan);
    add('Caller-ID-Name', p.callerIdName);
    add('Caller-ID-Number', p.callerIdNumber);
    if (p.callerIdName) add('Orig-Caller-ID-Name', p.origCallerIdName);
    if (p.callerIdNumber) add('Orig-Caller-ID-Number', p.origCallerIdNumber);
    add('Callee-ID-Name', p.calleeIdName);
    add('Callee-ID-Number', p.calleeIdNumber);
    add('ANI', p.ani);
    add('Destination-Number', p.destination);
    add('Unique-ID', this.uuid);
    add('Source', p.source);
    add('Transfer-Source', p.transferSource);
    add('Context', p.context);
    add('RDNIS', p.rdnis);
    add('Channel-Name', p.chanName);
    out.push(
      ['Caller-Profile-Index', String(p.profileIndex)],
      ['Caller-Profile-Created-Time', String(p.created)],
      ['Caller-Channel-Created-Time', String(p.created)],
      ['Caller-Channel-Answered-Time', String(p.answered)],
      ['Caller-Channel-Progress-Time', '0'],
      ['Caller-Channel-Progress-Media-Time', '0'],
      ['Caller-Channel-Hangup-Time', String(p.hungup)],
      ['Caller-Channel-Transfer-Time', '0'],
      ['Caller-Channel-Resurrect-Time', '0'],
      ['Caller-Channel-Bridged-Time', '0'],
      ['Caller-Channel-Last-Hold', '0'],
      ['Caller-Channel-Hold-Accum', '0'],
      ['Caller-Screen-Bit', 'true'],
      ['Caller-Privacy-Hide-Name', 'false'],
      ['Caller-Privacy-Hide-Number', 'false'],
    );
  }

  /** switch_channel_event_set_data: basic data, then every variable as `variable_<name>`. */
  eventData(out: Header[], withVariables: boolean): void {
    this.basicData(out);
    if (withVariables) for (const [k, v] of this.vars) out.push([`variable_${k}`, v]);
  }

  /** The variables switch_channel_set_timestamps and the CDR code add when the channel reaches CS_REPORTING. */
  setHangupVariables(endMicros: number, digitsDialed: string): void {
    const p = this.profile;
    const start = p.created;
    const answer = p.answered;
    const sec = (us: number) => String(Math.floor(us / 1e6));
    this.setVar('hangup_cause', this.hangupCause);
    const code = CAUSES[this.hangupCause ?? 'NONE'] ?? 0;
    this.setVar('hangup_cause_q850', String(code <= 127 ? code : 16));
    this.setVar('digits_dialed', digitsDialed);
    this.setVar('start_stamp', localStamp(new Date(start / 1000)));
    this.setVar('profile_start_stamp', localStamp(new Date(start / 1000)));
    if (answer) this.setVar('answer_stamp', localStamp(new Date(answer / 1000)));
    this.setVar('end_stamp', localStamp(new Date(endMicros / 1000)));
    this.setVar('start_epoch', sec(start));
    this.setVar('start_uepoch', String(start));
    this.setVar('profile_start_epoch', sec(start));
    this.setVar('profile_start_uepoch', String(start));
    this.setVar('answer_epoch', answer ? sec(answer) : '0');
    this.setVar('answer_uepoch', String(answer));
    for (const k of ['bridge', 'last_hold']) {
      this.setVar(`${k}_epoch`, '0');
      this.setVar(`${k}_uepoch`, '0');
    }
    this.setVar('hold_accum_seconds', '0');
    this.setVar('hold_accum_usec', '0');
    this.setVar('hold_accum_ms', '0');
    for (const k of ['resurrect', 'progress', 'progress_media']) {
      this.setVar(`${k}_epoch`, '0');
      this.setVar(`${k}_uepoch`, '0');
    }
    this.setVar('end_epoch', sec(endMicros));
    this.setVar('end_uepoch', String(endMicros));
    const lastApp = this.vars.get('current_application');
    if (lastApp) this.setVar('last_app', lastApp);
    const lastArg = this.vars.get('current_application_data');
    if (lastApp && lastArg) this.setVar('last_arg', lastArg);
    this.setVar('caller_id', p.callerIdName ? `"${p.callerIdName}" <${p.callerIdNumber}>` : p.callerIdNumber);
    const durUs = endMicros - start;
    const billUs = answer ? endMicros - answer : 0;
    const waitUs = answer ? answer - start : 0;
    const flowUs = billUs;
    const s = (us: number) => String(Math.floor(us / 1e6));
    const ms = (us: number) => String(Math.floor(us / 1e3));
    this.setVar('duration', s(durUs));
    this.setVar('billsec', s(billUs));
    this.setVar('progresssec', '0');
    this.setVar('answersec', s(waitUs));
    this.setVar('waitsec', s(waitUs));
    this.setVar('progress_mediasec', '0');
    this.setVar('flow_billsec', s(flowUs));
    this.setVar('mduration', ms(durUs));
    this.setVar('billmsec', ms(billUs));
    this.setVar('progressmsec', '0');
    this.setVar('answermsec', ms(waitUs));
    this.setVar('waitmsec', ms(waitUs));
    this.setVar('progress_mediamsec', '0');
    this.setVar('flow_billmsec', ms(flowUs));
    this.setVar('uduration', String(durUs));
    this.setVar('billusec', String(billUs));
    this.setVar('progressusec', '0');
    this.setVar('answerusec', String(waitUs));
    this.setVar('waitusec', String(waitUs));
    this.setVar('progress_mediausec', '0');
    this.setVar('flow_billusec', String(flowUs));
    this.setVar('is_loopback', '1');
  }
}
