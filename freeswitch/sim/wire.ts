// ESL framing byte for byte as mod_event_socket writes it: replies, api responses, events (plain/json), notices; and the client command reader.

/** One event header; FreeSWITCH keeps duplicates and order. */
export type Header = readonly [name: string, value: string];

const HEX = '0123456789ABCDEF';
const IS_HEX = new Uint8Array(256);
for (const c of HEX) IS_HEX[c.charCodeAt(0)] = 1;
/** SWITCH_URL_UNSAFE (switch_utils.h) plus bytes outside ' '..'~'. */
const UNSAFE = new Uint8Array(256);
for (let b = 0; b < 256; b++) UNSAFE[b] = b < 0x20 || b > 0x7e ? 1 : 0;
for (const c of '\r\n #%&+:;<=>?@[\\]^`{|}"') UNSAFE[c.charCodeAt(0)] = 1;
const NEEDS_CHECK = /[^!$'()*,\-./0-9A-Z_a-z~]/;

/** switch_url_encode: percent-encode unsafe bytes, but keep an existing %XX (uppercase hex) as it is. */
export function urlEncode(value: string): string {
  if (!NEEDS_CHECK.test(value)) return value;
  const b = Buffer.from(value, 'utf8');
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x25 && b.length - 1 - i > 1 && IS_HEX[b[i + 1]!] && IS_HEX[b[i + 2]!]) out += '%';
    else if (UNSAFE[c]) out += `%${HEX[c >> 4]}${HEX[c & 15]}`;
    else out += String.fromCharCode(c);
  }
  return out;
}

/** switch_event_serialize(encode=TRUE): `Name: urlencoded\n`..., then body block or a blank line. */
export function serializePlain(headers: readonly Header[], body?: string): string {
  let s = '';
  for (const [k, v] of headers) s += `${k}: ${v === '' ? '_undef_' : urlEncode(v)}\n`;
  if (body) s += `Content-Length: ${Buffer.byteLength(body)}\n\n${body}`;
  else s += '\n';
  return s;
}

/** switch_event_serialize_json (cJSON_PrintUnformatted): duplicate keys kept; body as Content-Length + _body. */
export function serializeJson(headers: readonly Header[], body?: string): string {
  const parts: string[] = [];
  for (const [k, v] of headers) {
    if (v.startsWith('ARRAY::')) parts.push(`${JSON.stringify(k)}:[${v.slice(7).split('|:').map((x) => JSON.stringify(x)).join(',')}]`);
    else parts.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
  }
  if (body !== undefined) {
    parts.push(`"Content-Length":${JSON.stringify(String(Buffer.byteLength(body)))}`, `"_body":${JSON.stringify(body)}`);
  }
  return `{${parts.join(',')}}`;
}

export type EventFormat = 'plain' | 'json' | 'xml';

/** The outer frame: Content-Length first, then Content-Type (unlike api/response). */
export function eventFrame(format: EventFormat, serialized: string): Buffer {
  const body = Buffer.from(serialized, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\nContent-Type: text/event-${format}\n\n`), body]);
}

export function commandReply(text: string): Buffer {
  return Buffer.from(`Content-Type: command/reply\nReply-Text: ${text}\n\n`);
}

/** bgapi's reply carries the Job-UUID as its own header too. */
export function jobReply(jobUuid: string): Buffer {
  return Buffer.from(`Content-Type: command/reply\nReply-Text: +OK Job-UUID: ${jobUuid}\nJob-UUID: ${jobUuid}\n\n`);
}

export function apiResponse(body: string): Buffer {
  const b = Buffer.from(body || '-ERR no reply\n', 'utf8');
  return Buffer.concat([Buffer.from(`Content-Type: api/response\nContent-Length: ${b.length}\n\n`), b]);
}

export const GOODBYE = 'Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n';
export const SHUTTING_DOWN = 'The system is being shut down.\n';

export function disconnectNotice(text: string): Buffer {
  return Buffer.from(`Content-Type: text/disconnect-notice\nContent-Length: ${Buffer.byteLength(text)}\n\n${text}`);
}

export function lingerNotice(uuid: string, channelName: string, lingerTime: number): Buffer {
  return Buffer.from(
    `Content-Type: text/disconnect-notice\nControlled-Session-UUID: ${uuid}\nContent-Disposition: linger\nChannel-Name: ${channelName}\nLinger-Time: ${lingerTime}\nContent-Length: 0\n\n`,
  );
}

export const AUTH_REQUEST = Buffer.from('Content-Type: auth/request\n\n');

/** A client packet as read_packet() builds it: the command line, `Name: value` headers, optional body. */
export interface ClientPacket {
  command: string;
  headers: Map<string, string>;
  body?: string;
}

/**
 * Splits the client byte stream into packets like mod_event_socket's read_packet: leading CR/LF are
 * skipped, a packet ends at two newlines (CR ignored), and a Content-Length header pulls that many body bytes.
 */
export class PacketReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): ClientPacket[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: ClientPacket[] = [];
    for (;;) {
      let start = 0;
      while (start < this.buf.length && (this.buf[start] === 10 || this.buf[start] === 13)) start++;
      let end = -1;
      let nl = 0;
      for (let i = start; i < this.buf.length; i++) {
        const c = this.buf[i];
        if (c === 10) {
          if (++nl === 2) {
            end = i;
            break;
          }
        } else if (c !== 13) nl = 0;
      }
      if (end < 0) {
        this.buf = this.buf.subarray(start);
        break;
      }
      const lines = this.buf.subarray(start, end).toString('utf8').split('\n').map((l) => l.replace(/\r/g, ''));
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        if (!line) continue;
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).replace(/^ +/, ''));
      }
      const clen = Number(headers.get('content-length') ?? 0);
      if (clen > 0 && this.buf.length < end + 1 + clen) break;
      const packet: ClientPacket = { command: lines[0]!, headers };
      if (clen > 0) packet.body = this.buf.subarray(end + 1, end + 1 + clen).toString('utf8');
      out.push(packet);
      this.buf = this.buf.subarray(end + 1 + Math.max(clen, 0));
    }
    return out;
  }
}
