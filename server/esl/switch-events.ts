// Turns raw Event Socket events into the few typed facts ivrpay acts on. The DTMF digit is handed on, never kept.
import type { Event } from 'modesl';

export interface DtmfEvent { uuid: string; digit: string }
export interface MemberEvent {
  room: string;
  memberId: string;
  uuid: string;
  destination: string;
  callerNumber: string;
  callerName: string;
}
export interface PlayDoneEvent { room: string; memberId: string | null; file: string }
export interface HangupEvent { uuid: string; cause: string }

export type SwitchEvent =
  | ({ kind: 'dtmf' } & DtmfEvent)
  | ({ kind: 'member-added' } & MemberEvent)
  | ({ kind: 'member-left' } & MemberEvent)
  | ({ kind: 'play-done' } & PlayDoneEvent)
  | ({ kind: 'hangup' } & HangupEvent);

const h = (e: Event, name: string): string => e.getHeader(name) ?? '';

function member(e: Event): MemberEvent {
  return {
    room: h(e, 'Conference-Name'),
    memberId: h(e, 'Member-ID'),
    uuid: h(e, 'Unique-ID'),
    destination: h(e, 'Caller-Destination-Number'),
    callerNumber: h(e, 'Caller-Caller-ID-Number'),
    callerName: h(e, 'Caller-Caller-ID-Name'),
  };
}

/** The typed fact in an event, or null when ivrpay does not act on it. */
export function toSwitchEvent(e: Event): SwitchEvent | null {
  switch (e.getHeader('Event-Name')) {
    case 'DTMF':
      return { kind: 'dtmf', uuid: h(e, 'Unique-ID'), digit: h(e, 'DTMF-Digit') };
    case 'CHANNEL_HANGUP_COMPLETE':
      return { kind: 'hangup', uuid: h(e, 'Unique-ID'), cause: h(e, 'Hangup-Cause') };
    case 'CUSTOM':
      if (e.getHeader('Event-Subclass') !== 'conference::maintenance') return null;
      switch (e.getHeader('Action')) {
        case 'add-member':
          return { kind: 'member-added', ...member(e) };
        case 'del-member':
          return { kind: 'member-left', ...member(e) };
        case 'play-file-member-done':
          return { kind: 'play-done', room: h(e, 'Conference-Name'), memberId: h(e, 'Member-ID'), file: h(e, 'File') };
        case 'play-file-done':
          return { kind: 'play-done', room: h(e, 'Conference-Name'), memberId: null, file: h(e, 'File') };
        default:
          return null;
      }
    default:
      return null;
  }
}

/** What server/esl subscribes to: the events above, plus what modesl needs for bgapi/execute. */
export const SUBSCRIPTIONS = ['DTMF', 'CHANNEL_HANGUP_COMPLETE', 'BACKGROUND_JOB', 'CHANNEL_EXECUTE_COMPLETE', 'CUSTOM', 'conference::maintenance'];
