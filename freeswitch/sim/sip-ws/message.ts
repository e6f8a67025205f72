// SIP messages as text (RFC 3261 §7): parse one WebSocket frame into a request or response, print one back; no transactions, no I/O.

export type SipHeaders = [name: string, value: string][];

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeaders;
  body: string;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** RFC 3261 §7.3.3 compact header names. */
const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
};

const canonical = (name: string): string => {
  const n = name.trim().toLowerCase();
  return COMPACT[n] ?? n;
};

/** Parses one message; null when it is not SIP (a keep-alive CRLF, garbage). */
export function parseSip(text: string): SipMessage | null {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split + 4);
  const lines = head.split('\r\n');
  // header folding (a line starting with whitespace continues the previous one)
  const unfolded: string[] = [];
  for (const l of lines) {
    if (/^[ \t]/.test(l) && unfolded.length > 1) unfolded[unfolded.length - 1] += ` ${l.trim()}`;
    else unfolded.push(l);
  }
  const start = unfolded.shift()?.trim() ?? '';
  const headers: SipHeaders = [];
  for (const l of unfolded) {
    const colon = l.indexOf(':');
    if (colon <= 0) continue;
    headers.push([l.slice(0, colon).trim(), l.slice(colon + 1).trim()]);
  }
  const length = headers.find(([n]) => canonical(n) === 'content-length')?.[1];
  if (length !== undefined && /^\d+$/.test(length)) body = Buffer.from(body, 'utf8').subarray(0, Number(length)).toString('utf8');
  const res = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(start);
  if (res) return { kind: 'response', status: Number(res[1]), reason: res[2] ?? '', headers, body };
  const req = /^([A-Z]+)\s+(\S+)\s+SIP\/2\.0$/.exec(start);
  if (req) return { kind: 'request', method: req[1]!, uri: req[2]!, headers, body };
  return null;
}

/** Prints a message with a correct Content-Length (whatever the headers said). */
export function printSip(m: SipMessage): string {
  const start = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason}`;
  const lines = m.headers.filter(([n]) => canonical(n) !== 'content-length').map(([n, v]) => `${n}: ${v}`);
  lines.push(`Content-Length: ${Buffer.byteLength(m.body, 'utf8')}`);
  return `${start}\r\n${lines.join('\r\n')}\r\n\r\n${m.body}`;
}

/** The first value of a header (any case, compact form accepted). */
export function header(m: SipMessage, name: string): string | undefined {
  const n = canonical(name);
  return m.headers.find(([h]) => canonical(h) === n)?.[1];
}

/** Every value of a header, comma-separated values of Via/Contact/Route split apart. */
export function headerValues(m: SipMessage, name: string): string[] {
  const n = canonical(name);
  const out: string[] = [];
  for (const [h, v] of m.headers) if (canonical(h) === n) out.push(...splitList(v));
  return out;
}

/** Splits a header value on commas outside quotes and <...>. */
export function splitList(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = 0;
  for (const ch of v) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle++;
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1);
    if (ch === ',' && !quoted && angle === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** A `;name=value` parameter of a header value (outside <...>), e.g. the tag of From/To or the branch of Via. */
export function headerParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const outside = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : value.slice(value.indexOf(';'));
  for (const part of outside.split(';').slice(1)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key === name.toLowerCase()) return eq < 0 ? '' : part.slice(eq + 1).trim().replace(/^"|"$/g, '');
  }
  return undefined;
}

/** The URI of a name-addr (`"Name" <sip:u@h;transport=ws>;expires=60` → `sip:u@h;transport=ws`). */
export function addrUri(value: string): string {
  const lt = value.indexOf('<');
  if (lt >= 0) return value.slice(lt + 1, value.indexOf('>', lt));
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim();
}

/** The display name of a name-addr, unquoted ('' when none). */
export function addrName(value: string): string {
  const lt = value.indexOf('<');
  if (lt <= 0) return '';
  return value.slice(0, lt).trim().replace(/^"|"$/g, '');
}

/** user and host of a SIP URI (`sip:user@host:port;params`). */
export function uriParts(uri: string): { user: string; host: string } {
  const m = /^sips?:(?:([^@;]+)@)?([^;?>]+)/i.exec(uri.trim());
  return { user: m?.[1] ? decodeURIComponent(m[1]) : '', host: m?.[2] ?? '' };
}

/** A response to `req` with its Via, From, To (tag added when given and missing), Call-ID and CSeq copied (§8.2.6.2). */
export function responseTo(req: SipRequest, status: number, reason: string, opts: { toTag?: string; headers?: SipHeaders; body?: string } = {}): SipResponse {
  const headers: SipHeaders = [];
  for (const [n, v] of req.headers) {
    const c = canonical(n);
    if (c === 'via' || c === 'from' || c === 'call-id' || c === 'cseq') headers.push([n, v]);
    else if (c === 'to') headers.push([n, opts.toTag && headerParam(v, 'tag') === undefined ? `${v};tag=${opts.toTag}` : v]);
  }
  headers.push(...(opts.headers ?? []));
  return { kind: 'response', status, reason, headers, body: opts.body ?? '' };
}
