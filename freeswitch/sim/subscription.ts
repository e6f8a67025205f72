// One ESL listener's event selection (event/nixevent/noevents/filter/myevents) with mod_event_socket's reply texts; never touches sockets.
import type { SimEvent } from './event.js';
import type { EventFormat } from './wire.js';

/** EVENT_NAMES from switch_event.c, in enum order (ALL last). */
export const EVENT_NAMES = [
  'CUSTOM', 'CLONE', 'CHANNEL_CREATE', 'CHANNEL_DESTROY', 'CHANNEL_STATE', 'CHANNEL_CALLSTATE', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP',
  'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_EXECUTE', 'CHANNEL_EXECUTE_COMPLETE', 'CHANNEL_HOLD', 'CHANNEL_UNHOLD', 'CHANNEL_BRIDGE',
  'CHANNEL_UNBRIDGE', 'CHANNEL_PROGRESS', 'CHANNEL_PROGRESS_MEDIA', 'CHANNEL_OUTGOING', 'CHANNEL_PARK', 'CHANNEL_UNPARK',
  'CHANNEL_APPLICATION', 'CHANNEL_ORIGINATE', 'CHANNEL_UUID', 'API', 'LOG', 'INBOUND_CHAN', 'OUTBOUND_CHAN', 'STARTUP', 'SHUTDOWN',
  'PUBLISH', 'UNPUBLISH', 'TALK', 'NOTALK', 'SESSION_CRASH', 'MODULE_LOAD', 'MODULE_UNLOAD', 'DTMF', 'MESSAGE', 'PRESENCE_IN',
  'NOTIFY_IN', 'PRESENCE_OUT', 'PRESENCE_PROBE', 'MESSAGE_WAITING', 'MESSAGE_QUERY', 'ROSTER', 'CODEC', 'BACKGROUND_JOB',
  'DETECTED_SPEECH', 'DETECTED_TONE', 'PRIVATE_COMMAND', 'HEARTBEAT', 'TRAP', 'ADD_SCHEDULE', 'DEL_SCHEDULE', 'EXE_SCHEDULE',
  'RE_SCHEDULE', 'RELOADXML', 'NOTIFY', 'PHONE_FEATURE', 'PHONE_FEATURE_SUBSCRIBE', 'SEND_MESSAGE', 'RECV_MESSAGE',
  'REQUEST_PARAMS', 'CHANNEL_DATA', 'GENERAL', 'COMMAND', 'SESSION_HEARTBEAT', 'CLIENT_DISCONNECTED', 'SERVER_DISCONNECTED',
  'SEND_INFO', 'RECV_INFO', 'RECV_RTCP_MESSAGE', 'SEND_RTCP_MESSAGE', 'CALL_SECURE', 'NAT', 'RECORD_START', 'RECORD_STOP',
  'PLAYBACK_START', 'PLAYBACK_STOP', 'CALL_UPDATE', 'FAILURE', 'SOCKET_DATA', 'MEDIA_BUG_START', 'MEDIA_BUG_STOP',
  'CONFERENCE_DATA_QUERY', 'CONFERENCE_DATA', 'CALL_SETUP_REQ', 'CALL_SETUP_RESULT', 'CALL_DETAIL', 'DEVICE_STATE', 'TEXT',
  'SHUTDOWN_REQUESTED', 'CERT_RELOAD', 'ALL',
] as const;

const BY_UPPER = new Map<string, string>(EVENT_NAMES.map((n) => [n, n]));

/** switch_name_event: case-insensitive, `SWITCH_EVENT_` prefix allowed. */
export function eventType(word: string): string | undefined {
  const up = word.toUpperCase();
  return BY_UPPER.get(up) ?? (up.length > 13 ? BY_UPPER.get(up.slice(13)) : undefined);
}

/** The event types `myevents` turns on (mod_event_socket.c). */
const MYEVENTS = [
  'CHANNEL_ANSWER', 'CHANNEL_APPLICATION', 'CHANNEL_BRIDGE', 'CHANNEL_CREATE', 'CHANNEL_DATA', 'CHANNEL_DESTROY', 'CHANNEL_EXECUTE',
  'CHANNEL_EXECUTE_COMPLETE', 'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_ORIGINATE', 'CHANNEL_UUID', 'CHANNEL_OUTGOING',
  'CHANNEL_PARK', 'CHANNEL_PROGRESS', 'CHANNEL_PROGRESS_MEDIA', 'CHANNEL_STATE', 'CHANNEL_UNBRIDGE', 'CHANNEL_UNPARK',
  'DETECTED_SPEECH', 'DTMF', 'NOTALK', 'TALK',
];

interface Filter {
  name: string;
  raw: string;
  positive: boolean;
  /** lowercased exact value, or a compiled regex for values starting with `/` */
  exact?: string;
  regex?: RegExp | null;
}

function compileFilter(name: string, raw: string): Filter {
  let i = 0;
  let positive = true;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '+') positive = true;
    else if (c === '-') positive = false;
    else if (c !== ' ') break;
    i++;
  }
  const compTo = raw.slice(i);
  if (raw.startsWith('/')) {
    const end = compTo.lastIndexOf('/');
    let regex: RegExp | null = null;
    if (end > 0) {
      const flags = compTo.slice(end + 1);
      try {
        regex = new RegExp(compTo.slice(1, end), `${flags.includes('i') ? 'i' : ''}${flags.includes('s') ? 's' : ''}`);
      } catch {
        regex = null;
      }
    }
    return { name, raw, positive, regex };
  }
  return { name, raw, positive, exact: compTo.toLowerCase() };
}

export class Subscription {
  format: EventFormat = 'plain';
  enabled = false;
  private all = false;
  private types = new Set<string>();
  private subclasses = new Set<string>();
  private filters: Filter[] = [];
  /** myevents: only this channel's events (and BACKGROUND_JOBs it owns) */
  myEventsUuid?: string;
  myEvents = false;

  /** Cheap check before an event is even built. */
  mightWant(name: string): boolean {
    return this.enabled && (this.all || this.types.has(name));
  }

  wants(e: SimEvent): boolean {
    if (!this.enabled) return false;
    let send = false;
    if (this.all) send = true;
    else if (this.types.has(e.name)) send = e.name !== 'CUSTOM' || !e.subclass || this.subclasses.has(e.subclass);
    if (send && this.filters.length) send = this.passesFilters(e);
    if (send && this.myEvents) {
      const uuid = e.get('Unique-ID');
      if (!uuid || (this.myEventsUuid && uuid !== this.myEventsUuid)) send = false;
    }
    return send;
  }

  private passesFilters(e: SimEvent): boolean {
    let send = false;
    for (const f of this.filters) {
      const v = e.get(f.name);
      if (v === undefined) continue;
      if (send && f.positive) continue;
      const match = f.exact !== undefined ? v.toLowerCase() === f.exact : !!f.regex && f.regex.test(v);
      if (match) {
        if (!f.positive) return false;
        send = true;
      }
    }
    return send;
  }

  /** `event [plain|json|xml] <names...>`; `words` is everything after "event". Returns the reply text. */
  event(words: string[], knownCustom: () => Iterable<string>): string {
    let keys = 0;
    let custom = false;
    words.forEach((w, count) => {
      if (count === 0 && ['xml', 'plain', 'json'].includes(w.toLowerCase())) {
        this.format = w.toLowerCase() as EventFormat;
        return;
      }
      if (custom) {
        this.subclasses.add(w);
        return;
      }
      const type = eventType(w);
      if (!type) return;
      keys++;
      if (type === 'ALL') {
        this.all = true;
        for (const sc of knownCustom()) this.subclasses.add(sc);
      }
      this.types.add(type);
      if (type === 'CUSTOM') custom = true;
    });
    if (!keys) return '-ERR no keywords supplied';
    this.enabled = true;
    return `+OK event listener enabled ${this.format}`;
  }

  nixevent(words: string[]): string {
    let keys = 0;
    let custom = false;
    for (const w of words) {
      if (custom) {
        this.subclasses.delete(w);
        continue;
      }
      const type = eventType(w);
      if (!type) continue;
      keys++;
      if (type === 'CUSTOM') custom = true;
      else if (type === 'ALL') {
        this.all = false;
        this.types.clear();
      } else {
        if (this.all) {
          this.all = false;
          for (const n of EVENT_NAMES) if (n !== 'ALL') this.types.add(n);
        }
        this.types.delete(type);
      }
    }
    if (!keys) return '-ERR no keywords supplied';
    this.enabled = true;
    return '+OK events nixed';
  }

  noevents(): string {
    if (!this.enabled) return '-ERR not listening for events';
    this.enabled = false;
    this.all = false;
    this.types.clear();
    this.subclasses.clear();
    return '+OK no longer listening for events';
  }

  /** `filter <name> <value>`, `filter add ...`, `filter delete <name> [value]|all`; `rest` is after "filter ". */
  filter(rest: string): string {
    let name = rest.replace(/^ +/, '');
    let value: string | undefined;
    const sp = name.indexOf(' ');
    if (sp >= 0) [name, value] = [name.slice(0, sp), name.slice(sp + 1)];
    if (name.toLowerCase() === 'delete' && value !== undefined) {
      let delName = value;
      let delValue: string | undefined;
      const sp2 = delName.indexOf(' ');
      if (sp2 >= 0) [delName, delValue] = [delName.slice(0, sp2), delName.slice(sp2 + 1)];
      if (delName.toLowerCase() === 'all') this.filters = [];
      else {
        // switch_event_del_header_val: every header of that name, or only those with that value
        this.filters = this.filters.filter((f) => f.name.toLowerCase() !== delName.toLowerCase() || (delValue !== undefined && f.raw !== delValue));
      }
      return `+OK filter deleted. [${delName}][${delValue ?? ''}]`;
    }
    if (value === undefined) return '-ERR invalid syntax';
    if (name.toLowerCase() === 'add') {
      const sp3 = value.indexOf(' ');
      if (sp3 >= 0) [name, value] = [value.slice(0, sp3), value.slice(sp3 + 1)];
      else [name, value] = [value, ''];
    }
    this.filters.push(compileFilter(name, value));
    return `+OK filter added. [${name}]=[${value}]`;
  }

  /** `myevents <uuid> [format]` on an inbound connection. */
  myevents(uuid: string | undefined, fmt: string | undefined, channelExists: boolean, cmd: string): string {
    if (this.myEvents) return '-ERR aready enabled.';
    if (uuid && channelExists) this.myEventsUuid = uuid;
    else if (fmt !== undefined) return '-ERR invalid uuid';
    for (const t of MYEVENTS) this.types.add(t);
    this.myEvents = true;
    this.enabled = true;
    if (/xml/i.test(cmd)) this.format = 'xml';
    if (/json/i.test(cmd)) this.format = 'json';
    return '+OK Events Enabled';
  }
}
