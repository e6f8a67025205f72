// Reads and writes .esl wire transcripts (test/fixtures/esl) and splits ESL byte streams into messages; never interprets calls.

export type Direction = 'S>C' | 'C>S';

export type TranscriptRecord =
  | { kind: 'data'; dir: Direction; ms: number; data: Buffer }
  | { kind: 'meta'; line: string }
  | { kind: 'note'; line: string };

const RECORD_HEAD = /^@@ (S>C|C>S) ([\d.]+) (\d+)$/;

/** Parse the `@@ <dir> <ms> <len>` transcript format (see test/fixtures/esl/README.md). */
export function parseTranscript(file: Buffer): TranscriptRecord[] {
  const records: TranscriptRecord[] = [];
  let i = 0;
  while (i < file.length) {
    let nl = file.indexOf(10, i);
    if (nl < 0) nl = file.length;
    const line = file.subarray(i, nl).toString('utf8');
    i = nl + 1;
    const m = RECORD_HEAD.exec(line);
    if (m) {
      const len = Number(m[3]);
      records.push({ kind: 'data', dir: m[1] as Direction, ms: Number(m[2]), data: file.subarray(i, i + len) });
      if (i + len > file.length) throw new Error(`truncated record at byte ${i}`);
      i += len + 1;
    } else if (line.startsWith('@@ ')) records.push({ kind: 'meta', line });
    else if (line.startsWith('#')) records.push({ kind: 'note', line });
    else if (line !== '') throw new Error(`bad transcript line: ${line.slice(0, 80)}`);
  }
  return records;
}

/** Serialize records back to the transcript format, after `#` header lines. */
export function formatTranscript(headerLines: string[], records: TranscriptRecord[]): Buffer {
  const parts: Buffer[] = headerLines.map((l) => Buffer.from(`# ${l}\n`));
  for (const r of records) {
    if (r.kind === 'data') {
      parts.push(Buffer.from(`@@ ${r.dir} ${r.ms.toFixed(3)} ${r.data.length}\n`), r.data, Buffer.from('\n'));
    } else parts.push(Buffer.from(`${r.line}\n`));
  }
  return Buffer.concat(parts);
}

/** One ESL message: the header block (outer headers) and its body bytes. */
export interface WireMessage {
  headers: [string, string][];
  body: Buffer;
  /** exact bytes of the whole message as sent */
  raw: Buffer;
  /** index of the transcript record whose data completed this message */
  record: number;
}

export function header(m: { headers: [string, string][] }, name: string): string | undefined {
  for (const [k, v] of m.headers) if (k === name) return v;
  return undefined;
}

function parseHeaderBlock(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const k = line.indexOf(': ');
    if (k > 0) out.push([line.slice(0, k), line.slice(k + 2)]);
    else if (line.endsWith(':')) out.push([line.slice(0, -1), '']);
  }
  return out;
}

/**
 * Incremental splitter for an ESL stream in either direction: a header block ends at a blank line,
 * and `Content-Length` (if any) counts the body bytes after it.
 */
export class MessageSplitter {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer, record = -1): WireMessage[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: WireMessage[] = [];
    for (;;) {
      // FreeSWITCH skips line ends between client packets; do the same so replays of client streams split right.
      let start = 0;
      while (start < this.buf.length && (this.buf[start] === 10 || this.buf[start] === 13)) start++;
      const end = this.buf.indexOf('\n\n', start);
      if (end < 0) {
        if (start) this.buf = this.buf.subarray(start);
        break;
      }
      const headers = parseHeaderBlock(this.buf.subarray(start, end).toString('utf8'));
      const clen = Number(header({ headers }, 'Content-Length') ?? 0);
      if (this.buf.length < end + 2 + clen) break;
      const body = this.buf.subarray(end + 2, end + 2 + clen);
      out.push({ headers, body, raw: this.buf.subarray(start, end + 2 + clen), record });
      this.buf = this.buf.subarray(end + 2 + clen);
    }
    return out;
  }

  get pending(): number {
    return this.buf.length;
  }
}

/** All messages of one direction of a transcript, in order. */
export function messagesOf(records: TranscriptRecord[], dir: Direction): WireMessage[] {
  const split = new MessageSplitter();
  const out: WireMessage[] = [];
  records.forEach((r, i) => {
    if (r.kind === 'data' && r.dir === dir) out.push(...split.push(r.data, i));
  });
  return out;
}

/** A parsed event: its headers in wire order (duplicates kept), decoded values, and body. */
export interface ParsedEvent {
  format: 'plain' | 'json';
  headers: [string, string][];
  body: string | undefined;
}

/** Decode the body of a `text/event-plain` or `text/event-json` message. */
export function parseEvent(m: WireMessage): ParsedEvent | undefined {
  const type = header(m, 'Content-Type');
  if (type === 'text/event-plain') {
    const text = m.body.toString('utf8');
    const blank = text.indexOf('\n\n');
    const head = blank >= 0 ? text.slice(0, blank) : text;
    const headers = parseHeaderBlock(head).map(([k, v]) => [k, decodeURIComponent(v)] as [string, string]);
    const clen = headers.find(([k]) => k === 'Content-Length');
    return { format: 'plain', headers, body: clen ? text.slice(blank + 2) : undefined };
  }
  if (type === 'text/event-json') return { format: 'json', ...parseJsonWithDuplicates(m.body.toString('utf8')) };
  return undefined;
}

/** A flat JSON object of strings (or arrays of strings), keeping duplicate keys in order (FreeSWITCH emits them). */
function parseJsonWithDuplicates(text: string): { headers: [string, string][]; body: string | undefined } {
  const headers: [string, string][] = [];
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  // array headers (e.g. variable_DP_MATCH) come as JSON arrays; keep them as plain format spells them
  const arr = (): string => {
    const items: string[] = [];
    i++;
    for (;;) {
      ws();
      if (text[i] === ']') break;
      items.push(str());
      ws();
      if (text[i] === ',') i++;
    }
    i++;
    return `ARRAY::${items.join('|:')}`;
  };
  ws();
  if (text[i] !== '{') throw new Error('json event is not an object');
  i++;
  for (;;) {
    ws();
    if (text[i] === '}') break;
    const key = str();
    ws();
    i++; // :
    ws();
    headers.push([key, text[i] === '[' ? arr() : str()]);
    ws();
    if (text[i] === ',') i++;
  }
  let body: string | undefined;
  const bi = headers.findIndex(([k]) => k === '_body');
  if (bi >= 0) body = headers.splice(bi, 1)[0]![1];
  return { headers, body };
}
