// Compares a replay's messages with the real transcript's: kinds per segment, per-channel order, header names/order and stable values; lists differences.
import { header } from './transcript.js';
import type { ReceivedMessage } from './esl-client.js';
import { kindOf, pairByKind, type IdMap, type RealMessage, type ReplayResult } from './replay.js';

/** Values that differ between any two runs: times, counters, host identity, random ids of dialplan apps. */
const VOLATILE =
  /^(Core-UUID|FreeSWITCH-(Hostname|Switchname|IPv4|IPv6)|Event-Date-.*|Event-Sequence|Caller-.*-Time|Caller-Channel-(Last-Hold|Hold-Accum)|Application-UUID|Conference-Unique-ID|Conference-Domain|variable_(session_id|.*_stamp|.*_epoch|.*_uepoch|.*sec|.*msec|.*usec|mduration|uduration|duration|hold_accum_.*|app_session_uuid|conference_uuid|playback_.*|last_dtmf_duration)|seconds|milliseconds|samples|Current-Energy|Job-Command-Arg)$/;

export interface CompareOptions {
  /** message kinds (kindOf with channel) to leave out on both sides */
  ignoreKinds?: RegExp;
  /** header names to leave out of the name/order comparison */
  ignoreHeaders?: RegExp;
  /** header values not to compare (in addition to VOLATILE) */
  ignoreValues?: RegExp;
  /** rewrite reply/body text before comparing (both sides, after id canonicalisation) */
  normalizeText?: (text: string) => string;
  /** compare header names/values of events (false: only kinds, order and replies) */
  headers?: boolean;
  /** steps where the real switch raced between threads (both orders captured): only the kinds are compared */
  looseSteps?: number[];
}

function eventHeaders(m: { event?: { headers: [string, string][] } }): [string, string][] {
  return m.event?.headers ?? [];
}

function outerHeaders(m: RealMessage | ReceivedMessage): [string, string][] {
  return 'ms' in m ? m.headers : m.raw.headers;
}

function textOf(m: RealMessage | ReceivedMessage): string {
  if (m.type === 'command/reply') return outerHeaders(m).filter(([k]) => k !== 'Content-Type').map(([k, v]) => `${k}: ${v}`).join('\n');
  if (m.event) return m.event.body ?? '';
  return typeof m.body === 'string' ? m.body : m.body.toString('utf8');
}

/** Every message the simulator sent has a Content-Length that counts its body in bytes (outer and inner). */
export function checkFraming(received: ReceivedMessage[]): string[] {
  const out: string[] = [];
  let seq = 0;
  let core: string | undefined;
  received.forEach((m, i) => {
    const clen = header(m, 'Content-Length');
    if (clen !== undefined && Number(clen) !== m.body.length) out.push(`#${i}: Content-Length ${clen} but body is ${m.body.length} bytes`);
    if (m.type === 'api/response' && m.headers[1]?.[0] !== 'Content-Length') out.push(`#${i}: api/response without Content-Length second`);
    if (m.type.startsWith('text/event-') && m.headers[0]?.[0] !== 'Content-Length') out.push(`#${i}: event frame must start with Content-Length`);
    if (m.event) {
      const s = Number(m.event.headers.find(([k]) => k === 'Event-Sequence')?.[1]);
      if (!(s > seq)) out.push(`#${i}: Event-Sequence ${s} not increasing`);
      seq = s;
      const c = m.event.headers.find(([k]) => k === 'Core-UUID')?.[1];
      if (core && c !== core) out.push(`#${i}: Core-UUID changed`);
      core = c;
      if (m.type === 'text/event-plain') {
        const inner = m.event.headers.find(([k]) => k === 'Content-Length')?.[1];
        if (inner !== undefined && Number(inner) !== Buffer.byteLength(m.event.body ?? '')) out.push(`#${i}: inner Content-Length ${inner} wrong`);
      }
    }
  });
  return out;
}

function segments<T>(list: T[], starts: number[], end: number): T[][] {
  return starts.map((s, k) => list.slice(s, k + 1 < starts.length ? starts[k + 1] : end));
}

/**
 * Strict comparison for transcripts the simulator can reproduce exactly (loopback legs): the same
 * kinds in every segment, the same order per channel and for replies, the same header names in the
 * same order, the same stable values, the same reply texts.
 */
export function compareStrict(res: ReplayResult, opts: CompareOptions = {}): string[] {
  const out: string[] = [];
  const keep = (m: RealMessage | ReceivedMessage) => !opts.ignoreKinds?.test(kindOf(m));
  const realSegs = segments(res.transcript.messages, res.realStarts, res.realEnd);
  const simSegs = segments(res.received, res.segmentStarts, res.received.length);
  // answers to packets that were not sent are not expected
  realSegs.forEach((realAll, k) => {
    const real = realAll.filter(keep);
    const sim = (simSegs[k] ?? []).filter(keep);
    const cmd = res.transcript.steps[k]!.text.split('\n')[0]!.slice(0, 90);
    const where = `step ${k} (${cmd})`;
    const rk = real.map((m) => canonKind(m, res.ids, 'real'));
    const sk = sim.map((m) => canonKind(m, res.ids, 'sim'));
    const missing = multisetMinus(rk, sk);
    const extra = multisetMinus(sk, rk);
    if (missing.length) out.push(`${where}: missing ${missing.join(', ')}`);
    if (extra.length) out.push(`${where}: extra ${extra.join(', ')}`);
    if (opts.looseSteps?.includes(k)) return;
    // order per channel, and of the non-event messages
    const byChannel = (list: string[], msgs: (RealMessage | ReceivedMessage)[]) => {
      const m = new Map<string, string[]>();
      msgs.forEach((msg, i) => {
        const ch = msg.event ? (msg.event.headers.find(([n]) => n === 'Channel-Name')?.[1] ?? (msg.event.headers.find(([n]) => n === 'Action')?.[1] ? 'conference' : 'none')) : 'replies';
        m.set(ch, [...(m.get(ch) ?? []), list[i]!]);
      });
      return m;
    };
    const ro = byChannel(rk, real);
    const so = byChannel(sk, sim);
    for (const [ch, seq] of ro) {
      const s = so.get(ch) ?? [];
      if (!missing.length && !extra.length && seq.join(' > ') !== s.join(' > ')) out.push(`${where}: order on ${ch}:\n  real ${seq.join(' > ')}\n  sim  ${s.join(' > ')}`);
    }
    for (const [r, s] of pairByKind(real, sim)) {
      const label = `${where} ${kindOf(r)}`;
      if (!r.event) {
        const norm = opts.normalizeText ?? ((x: string) => x);
        const a = norm(res.ids.canonical(textOf(r), 'real'));
        const b = norm(res.ids.canonical(textOf(s), 'sim'));
        if (a !== b) out.push(`${label}: text\n  real ${JSON.stringify(a)}\n  sim  ${JSON.stringify(b)}`);
        continue;
      }
      if (r.type !== s.type) out.push(`${label}: content type ${r.type} vs ${s.type}`);
      if (opts.headers === false) continue;
      const rn = eventHeaders(r).map(([n]) => n).filter((n) => !opts.ignoreHeaders?.test(n));
      const sn = eventHeaders(s).map(([n]) => n).filter((n) => !opts.ignoreHeaders?.test(n));
      if (rn.join(',') !== sn.join(',')) out.push(`${label}: header names\n${diffLists(rn, sn)}`);
      const rv = valueMap(eventHeaders(r));
      const sv = valueMap(eventHeaders(s));
      for (const [name, value] of rv) {
        const base = name.replace(/#\d+$/, '');
        // inner Content-Length follows the body, which is compared below (checkFraming checks the count)
        if (VOLATILE.test(base) || base === 'Content-Length' || opts.ignoreValues?.test(base) || opts.ignoreHeaders?.test(name) || !sv.has(name)) continue;
        const vnorm = opts.normalizeText ?? ((x: string) => x);
        const a = vnorm(res.ids.canonical(value, 'real'));
        const b = vnorm(res.ids.canonical(sv.get(name)!, 'sim'));
        if (a !== b) out.push(`${label}: ${name} = ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
      const norm = opts.normalizeText ?? ((x: string) => x);
      const rb = norm(res.ids.canonical(r.event.body ?? '', 'real'));
      const sb = norm(res.ids.canonical(s.event!.body ?? '', 'sim'));
      if (rb !== sb) out.push(`${label}: body ${JSON.stringify(rb)} vs ${JSON.stringify(sb)}`);
    }
  });
  return out;
}

function canonKind(m: RealMessage | ReceivedMessage, ids: IdMap, side: 'real' | 'sim'): string {
  return ids.canonical(kindOf(m), side);
}

function valueMap(h: [string, string][]): Map<string, string> {
  const m = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const [k, v] of h) {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    m.set(n === 1 ? k : `${k}#${n}`, v);
  }
  return m;
}

function multisetMinus(a: string[], b: string[]): string[] {
  const count = new Map<string, number>();
  for (const x of b) count.set(x, (count.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = count.get(x) ?? 0;
    if (n > 0) count.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/** A compact line diff of two header-name lists. */
export function diffLists(a: string[], b: string[]): string {
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    const inB = b.indexOf(a[i]!, j);
    const inA = a.indexOf(b[j]!, i);
    if (i < a.length && (inB < 0 || (inA >= 0 && inA - i < inB - j))) lines.push(`  - ${a[i++]}`);
    else if (j < b.length) lines.push(`  + ${b[j++]}`);
    else lines.push(`  - ${a[i++]}`);
    if (lines.length > 30) break;
  }
  return lines.join('\n');
}

/**
 * Structural comparison for transcripts whose legs the simulator models differently (SIP legs in
 * the capture, loopback legs here): for every kind of message the real switch sent, the simulator
 * sends that kind too, with the same common headers, the same event-specific headers in the same
 * order, and replies with the same text. Channel-kind headers (variables, codecs, Caller-*) are not compared.
 */
export function compareStructure(res: ReplayResult, opts: CompareOptions & { channelKind?: RegExp } = {}): string[] {
  const out: string[] = [];
  const channelKind = opts.channelKind ?? /^(variable_.*|Caller-.*|Channel-(Read|Write)-Codec-.*|Other-.*|Channel-Presence-.*|Presence-Data-Cols|Call-Direction|Presence-Call-Direction|Channel-HIT-Dialplan|Channel-Call-State|Channel-State|Channel-State-Number|Answer-State)$/;
  const keep = (m: RealMessage | ReceivedMessage) => !opts.ignoreKinds?.test(kindOf(m, false));
  const firstOfKind = new Map<string, ReceivedMessage>();
  for (const s of res.received) if (keep(s) && !firstOfKind.has(kindOf(s, false))) firstOfKind.set(kindOf(s, false), s);
  const checked = new Set<string>();
  const realMsgs = res.transcript.messages.slice(0, res.realStarts.length ? undefined : 0);
  const lastReal = res.stepsSent < res.transcript.steps.length ? res.transcript.steps[res.stepsSent]!.before : realMsgs.length;
  for (const r of res.transcript.messages.slice(0, lastReal)) {
    if (!keep(r) || !r.event) continue;
    const k = kindOf(r, false);
    if (checked.has(k)) continue;
    checked.add(k);
    const s = firstOfKind.get(k);
    if (!s) {
      out.push(`no ${k} from the simulator`);
      continue;
    }
    const names = (m: RealMessage | ReceivedMessage) =>
      eventHeaders(m)
        .map(([n]) => n)
        .filter((n) => !channelKind.test(n) && !opts.ignoreHeaders?.test(n));
    const rn = names(r);
    const sn = names(s);
    if (rn.join(',') !== sn.join(',')) out.push(`${k}: header names\n${diffLists(rn, sn)}`);
  }
  // replies, in order
  const isReply = (m: RealMessage | ReceivedMessage) => m.type === 'command/reply' || m.type === 'api/response' || m.type === 'text/disconnect-notice';
  const rr = res.transcript.messages.slice(0, lastReal).filter(isReply);
  const sr = res.received.filter(isReply);
  const norm = opts.normalizeText ?? ((x: string) => x);
  rr.forEach((r, i) => {
    const s = sr[i];
    if (!s) return void out.push(`reply ${i} missing (${JSON.stringify(textOf(r).slice(0, 60))})`);
    const a = norm(res.ids.canonical(textOf(r), 'real'));
    const b = norm(res.ids.canonical(textOf(s), 'sim'));
    if (r.type !== s.type || a !== b) out.push(`reply ${i}: ${r.type} ${JSON.stringify(a)} vs ${s.type} ${JSON.stringify(b)}`);
  });
  return out;
}
