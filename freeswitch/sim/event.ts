// A simulated FreeSWITCH event: common headers in switch_event order, an Event-Sequence, and its wire forms built once per format.
import os from 'node:os';
import { eventFrame, serializeJson, serializePlain, type EventFormat, type Header } from './wire.js';

/** Where in FreeSWITCH's source the event is raised (Event-Calling-File/-Function/-Line-Number). */
export type CallSite = readonly [file: string, func: string, line: number];

export interface SwitchIdentity {
  coreUuid: string;
  hostname: string;
  ipv4: string;
  ipv6: string;
}

export function localIdentity(coreUuid: string, hostname = os.hostname()): SwitchIdentity {
  let ipv4 = '127.0.0.1';
  let ipv6 = '::1';
  let have4 = false;
  let have6 = false;
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4' && !have4) [ipv4, have4] = [a.address, true];
      if (a.family === 'IPv6' && !have6 && !a.address.startsWith('fe80')) [ipv6, have6] = [a.address, true];
    }
  }
  return { coreUuid, hostname, ipv4, ipv6 };
}

const pad = (n: number) => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-11-22 18:14:54` in local time (Event-Date-Local, *_stamp variables). */
export function localStamp(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `Sun, 22 Nov 2026 18:14:54 GMT` (Event-Date-GMT). */
export function gmtStamp(d: Date): string {
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

let lastMicros = 0;
/** Wall clock in microseconds, never going backwards within the process. */
export function nowMicros(): number {
  const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  lastMicros = us > lastMicros ? us : lastMicros + 1;
  return lastMicros;
}

export class SimEvent {
  private frames: Partial<Record<EventFormat, Buffer>> = {};
  private index?: Map<string, string>;

  constructor(
    readonly name: string,
    readonly subclass: string | undefined,
    readonly headers: Header[],
    readonly body?: string,
  ) {}

  /** First value of a header (case-insensitive, as switch_event_get_header). */
  get(name: string): string | undefined {
    if (!this.index) {
      this.index = new Map();
      for (const [k, v] of this.headers) {
        const key = k.toLowerCase();
        if (!this.index.has(key)) this.index.set(key, v);
      }
    }
    return this.index.get(name.toLowerCase());
  }

  /** The whole ESL message for a listener of this format; built once and shared by every listener. */
  frame(format: EventFormat): Buffer {
    let f = this.frames[format];
    if (!f) {
      const text =
        format === 'plain' ? serializePlain(this.headers, this.body) : format === 'json' ? serializeJson(this.headers, this.body) : serializeXml(this.headers, this.body);
      f = eventFrame(format, text);
      this.frames[format] = f;
    }
    return f;
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** switch_event_xmlize, enough for clients that ask for xml (ivrpay does not). */
function serializeXml(headers: readonly Header[], body?: string): string {
  let s = '<event>\n  <headers>\n';
  for (const [k, v] of headers) s += `    <${k}>${encodeURIComponent(v)}</${k}>\n`;
  s += '  </headers>\n';
  if (body) s += `  <body>${xmlEscape(body)}</body>\n`;
  return `${s}</event>`;
}

/** Builds events with the common headers every FreeSWITCH event carries, in its order. */
export class EventFactory {
  private sequence = 0;

  constructor(readonly id: SwitchIdentity) {}

  create(name: string, site: CallSite, specific: Header[], opts: { subclass?: string; body?: string } = {}): SimEvent {
    const us = nowMicros();
    const d = new Date(us / 1000);
    const headers: Header[] = [];
    if (opts.subclass) headers.push(['Event-Subclass', opts.subclass]);
    headers.push(
      ['Event-Name', name],
      ['Core-UUID', this.id.coreUuid],
      ['FreeSWITCH-Hostname', this.id.hostname],
      ['FreeSWITCH-Switchname', this.id.hostname],
      ['FreeSWITCH-IPv4', this.id.ipv4],
      ['FreeSWITCH-IPv6', this.id.ipv6],
      ['Event-Date-Local', localStamp(d)],
      ['Event-Date-GMT', gmtStamp(d)],
      ['Event-Date-Timestamp', String(us)],
      ['Event-Calling-File', site[0]],
      ['Event-Calling-Function', site[1]],
      ['Event-Calling-Line-Number', String(site[2])],
      ['Event-Sequence', String(++this.sequence)],
    );
    for (const h of specific) headers.push(h);
    return new SimEvent(name, opts.subclass, headers, opts.body);
  }
}
