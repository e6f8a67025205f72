// Replays a real .esl transcript's client commands against an ESL server and lines the answers up with the real ones; reports differences, decides nothing.
import { RawEslClient, type ReceivedMessage } from './esl-client.js';
import { MessageSplitter, header, messagesOf, parseEvent, parseTranscript, type ParsedEvent, type TranscriptRecord, type WireMessage } from './transcript.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface RealMessage {
  type: string;
  raw: WireMessage;
  event?: ParsedEvent;
  body: string;
}

export interface Step {
  /** the client packet as sent (without the final blank line handling) */
  text: string;
  ms: number;
  /** S>C messages the real switch had sent before this packet */
  before: number;
  /** `# ...` annotations between the previous packet and this one, with the server messages sent before each */
  notes: string[];
  noteBefore: number[];
}

export interface Transcript {
  steps: Step[];
  messages: RealMessage[];
  /** notes after the last packet */
  trailingNotes: string[];
  trailingNoteBefore: number[];
  closedByServer: boolean;
  lastClientRecord?: number;
  /** the client ended with `exit` (FreeSWITCH then closes by itself) */
  exitSent: boolean;
}

function toReal(m: WireMessage): RealMessage {
  const type = header(m, 'Content-Type') ?? '';
  const event = parseEvent(m);
  return { type, raw: m, body: m.body.toString('utf8'), ...(event ? { event } : {}) };
}

/** Client packets with the number of server messages each one followed, and the annotations around them. */
export function readTranscript(file: Buffer): Transcript {
  const records = parseTranscript(file);
  const messages = messagesOf(records, 'S>C').map(toReal);
  const serverDoneAt = new Map<number, number>(); // record index -> messages completed by then
  {
    const split = new MessageSplitter();
    let n = 0;
    records.forEach((r, i) => {
      if (r.kind === 'data' && r.dir === 'S>C') n += split.push(r.data).length;
      serverDoneAt.set(i, n);
    });
  }
  const steps: Step[] = [];
  let notes: string[] = [];
  let noteBefore: number[] = [];
  let closedByServer = false;
  const client = new MessageSplitter();
  records.forEach((r: TranscriptRecord, i) => {
    if (r.kind === 'note') {
      notes.push(r.line);
      noteBefore.push(serverDoneAt.get(i) ?? 0);
    }
    else if (r.kind === 'meta' && r.line.startsWith('@@ EOF S>C')) closedByServer = true;
    else if (r.kind === 'data' && r.dir === 'C>S') {
      for (const p of client.push(r.data)) {
        steps.push({ text: p.raw.toString('utf8'), ms: r.ms, before: serverDoneAt.get(i - 1) ?? 0, notes, noteBefore });
        notes = [];
        noteBefore = [];
      }
    }
  });
  let lastClientRecord: number | undefined;
  records.forEach((r, i) => {
    if (r.kind === 'data' && r.dir === 'C>S') lastClientRecord = i;
  });
  const exitSent = steps.some((s) => /^(exit|\.\.\.)/i.test(s.text.trimStart()));
  return { steps, messages, trailingNotes: notes, trailingNoteBefore: noteBefore, closedByServer, lastClientRecord, exitSent };
}

/** Learned correspondences between the real capture's ids and the simulator's. */
export class IdMap {
  private map = new Map<string, string>();

  learn(real: string | undefined, sim: string | undefined): void {
    if (!real || !sim) return;
    const r = real.match(UUID) ?? [];
    const s = sim.match(UUID) ?? [];
    if (r.length !== s.length) return;
    r.forEach((u, i) => {
      const key = u.toLowerCase();
      if (!this.map.has(key)) this.map.set(key, s[i]!);
    });
  }

  private members = new Map<string, string>();

  learnMember(real: string | undefined, sim: string | undefined): void {
    if (real && sim && !this.members.has(real)) this.members.set(real, sim);
  }

  private member(id: string): string {
    return this.members.get(id) ?? id;
  }

  /** Real ids in a client command become the simulator's (uuids, and member ids in conference commands). */
  apply(text: string): string {
    const out = text.replace(UUID, (u) => this.map.get(u.toLowerCase()) ?? u);
    if (!this.members.size) return out;
    return out.replace(/^((?:api |bgapi )?conference \S+ )(\S+)(.*)$/m, (_line, head: string, sub: string, rest: string) => {
      // rest starts with a space: args[0] is empty, the subcommand's own arguments follow
      const args = rest.split(' ');
      const at = (i: number, f: (a: string) => string) => {
        if (args[i] !== undefined) args[i] = f(args[i]!);
      };
      const mapList = (a: string) => a.split(',').map((x) => this.member(x)).join(',');
      if (sub === 'relate') [1, 2].forEach((i) => at(i, mapList));
      else if (sub === 'play' || sub === 'stop') at(2, (a) => this.member(a));
      else if (['kick', 'hup', 'mute', 'unmute', 'deaf', 'undeaf'].includes(sub)) at(1, (a) => this.member(a));
      return `${head}${sub}${args.join(' ')}`;
    });
  }

  /** Member ids in reply texts (relate, play, list lines, kick/hup), real side into the simulator's numbers. */
  private memberText(text: string): string {
    if (!this.members.size) return text;
    return text
      .replace(/(\d+)->(\d+)/g, (_, a: string, b: string) => `${this.member(a)}->${this.member(b)}`)
      .replace(/to member (\d+)/g, (_, a: string) => `to member ${this.member(a)}`)
      .replace(/^(\d+);/gm, (_, a: string) => `${this.member(a)};`)
      .replace(/(kicked|hup) (\d+)/g, (_, w: string, a: string) => `${w} ${this.member(a)}`);
  }

  /** Both sides in one vocabulary: real ids mapped, remaining uuids replaced by a placeholder. */
  canonical(text: string, side: 'real' | 'sim'): string {
    const mapped = side === 'real' ? this.memberText(text.replace(UUID, (u) => this.map.get(u.toLowerCase()) ?? u)) : text;
    return mapped.replace(UUID, (u) => (this.simIds().has(u) ? `<${this.label(u)}>` : '<uuid>'));
  }

  private labels = new Map<string, number>();
  private simSet?: Set<string>;
  private simIds(): Set<string> {
    this.simSet = new Set(this.map.values());
    return this.simSet;
  }
  private label(u: string): number {
    let n = this.labels.get(u);
    if (n === undefined) this.labels.set(u, (n = this.labels.size + 1));
    return n;
  }
}

export interface ReplayOptions {
  host: string;
  port: number;
  /** rewrite a client packet before sending (after id mapping), e.g. to swap a SIP dial string for loopback */
  rewrite?: (text: string) => string;
  /** stop before the step whose notes contain this text */
  stopAtNote?: string;
  /** things the capture did outside this connection, run when their annotation is reached */
  onNote?: (note: string, ctx: { ids: IdMap; received: ReceivedMessage[] }) => Promise<void>;
  /** how to wait before each step: exact message count (strict) or "at least these kinds of messages" */
  sync: 'count' | 'kinds';
  /** keep the capture's pauses between packets (ms cap) */
  maxGapMs?: number;
  timeoutMs?: number;
  /** kinds (kindOf with channel) the simulator does not model: not waited for */
  ignoreKinds?: RegExp;
}

export interface ReplayResult {
  transcript: Transcript;
  received: ReceivedMessage[];
  /** index in `received` where each step's answers begin */
  segmentStarts: number[];
  /** index in the real messages where each step's answers begin (step.before) */
  realStarts: number[];
  ids: IdMap;
  stepsSent: number;
  /** real messages considered (all, or those before `stopAtNote`) */
  realEnd: number;
}

/** A message's kind for matching: content type, event name/subclass action, application. */
export function kindOf(m: { type: string; event?: ParsedEvent }, withChannel = true): string {
  if (!m.event) return m.type;
  const g = (k: string) => m.event!.headers.find(([n]) => n === k)?.[1] ?? '';
  const base = `${g('Event-Name')}|${g('Action')}|${g('Application')}`;
  return withChannel ? `${base}|${g('Channel-Name')}` : base;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function replay(file: Buffer, opts: ReplayOptions): Promise<ReplayResult> {
  const t = readTranscript(file);
  const c = await RawEslClient.connect(opts.host, opts.port);
  const ids = new IdMap();
  const segmentStarts: number[] = [];
  const realStarts: number[] = [];
  const timeout = opts.timeoutMs ?? 4000;
  let lastSent = 0;
  let lastMs = 0;
  let sent = 0;
  let realEnd = t.messages.length;
  for (const [k, step] of t.steps.entries()) {
    const stopNote = opts.stopAtNote ? step.notes.findIndex((n) => n.includes(opts.stopAtNote!)) : -1;
    if (stopNote >= 0) {
      realEnd = step.noteBefore[stopNote]!;
      await waitFor(c, t, realEnd, opts, realStarts, segmentStarts, timeout);
      break;
    }
    // an annotation marks when the capture did something elsewhere: do it at the same point
    for (const [j, note] of step.notes.entries()) {
      if (!opts.onNote) break;
      await waitFor(c, t, step.noteBefore[j]!, opts, realStarts, segmentStarts, timeout);
      await opts.onNote(note, { ids, received: c.messages });
    }
    await waitFor(c, t, step.before, opts, realStarts, segmentStarts, timeout);
    learnIds(ids, t.messages, c.messages, realStarts, segmentStarts, step.before);
    if (k > 0 && opts.maxGapMs) {
      const gap = Math.min(opts.maxGapMs, step.ms - lastMs) - (Date.now() - lastSent);
      if (gap > 0) await sleep(gap);
    }
    if (c.closed) break;
    realStarts.push(step.before);
    segmentStarts.push(c.messages.length);
    let text = ids.apply(step.text);
    if (opts.rewrite) text = opts.rewrite(text);
    c.send(text);
    sent++;
    lastSent = Date.now();
    lastMs = step.ms;
  }
  const stopped = sent < t.steps.length;
  if (!stopped) {
    // a capture that ended by closing its side got a disconnect notice for it: do the same
    const last = t.messages[t.messages.length - 1];
    const byClient = last?.type === 'text/disconnect-notice' && last.raw.record > (t.lastClientRecord ?? 0) && !t.exitSent;
    for (const [j, note] of t.trailingNotes.entries()) {
      if (!opts.onNote) break;
      await waitFor(c, t, t.trailingNoteBefore[j]!, opts, realStarts, segmentStarts, timeout);
      await opts.onNote(note, { ids, received: c.messages });
    }
    await waitFor(c, t, t.messages.length - (byClient ? 1 : 0), opts, realStarts, segmentStarts, timeout);
    if (byClient) await c.end(timeout);
    else if (t.closedByServer) await c.waitClosed(timeout).catch(() => {});
  }
  learnIds(ids, t.messages, c.messages, realStarts, segmentStarts, t.messages.length);
  c.destroy();
  return { transcript: t, received: c.messages, segmentStarts, realStarts, ids, stepsSent: sent, realEnd };
}

async function waitFor(
  c: RawEslClient,
  t: Transcript,
  realCount: number,
  opts: ReplayOptions,
  realStarts: number[],
  segmentStarts: number[],
  timeout: number,
): Promise<void> {
  const segReal = realStarts.length ? realStarts[realStarts.length - 1]! : 0;
  const segSim = segmentStarts.length ? segmentStarts[segmentStarts.length - 1]! : 0;
  const deadline = Date.now() + timeout;
  const counted = (m: { type: string; event?: ParsedEvent }) => !opts.ignoreKinds?.test(kindOf(m));
  const want = t.messages.slice(segReal, realCount).filter(counted).length;
  for (;;) {
    const simCount = c.messages.slice(segSim).filter(counted).length;
    if (opts.sync === 'count' ? simCount >= want : hasKinds(t.messages.slice(segReal, realCount), c.messages.slice(segSim))) {
      // let anything that arrives in the same burst land too
      await sleep(30);
      return;
    }
    if (c.closed || Date.now() > deadline) return;
    await sleep(10);
  }
}

function hasKinds(real: { type: string; event?: ParsedEvent }[], sim: { type: string; event?: ParsedEvent }[]): boolean {
  const need = new Map<string, number>();
  for (const m of real) need.set(kindOf(m, false), (need.get(kindOf(m, false)) ?? 0) + 1);
  for (const m of sim) {
    const k = kindOf(m, false);
    if (need.has(k)) need.set(k, need.get(k)! - 1);
  }
  return [...need.values()].every((n) => n <= 0);
}

/** Pairs the newest segments' messages by kind and learns uuid correspondences from their headers and bodies. */
function learnIds(ids: IdMap, real: RealMessage[], sim: ReceivedMessage[], realStarts: number[], simStarts: number[], realEnd: number): void {
  const rs = realStarts.length ? realStarts[realStarts.length - 1]! : 0;
  const ss = simStarts.length ? simStarts[simStarts.length - 1]! : 0;
  const pairs = pairByKind(real.slice(rs, realEnd), sim.slice(ss));
  for (const [r, s] of pairByKind(real.slice(rs, realEnd), sim.slice(ss), false)) {
    const action = (m: { event?: ParsedEvent }) => m.event?.headers.find(([k]) => k === 'Action')?.[1];
    if (action(r) === 'add-member' && action(s) === 'add-member') {
      ids.learnMember(r.event!.headers.find(([k]) => k === 'Member-ID')?.[1], s.event!.headers.find(([k]) => k === 'Member-ID')?.[1]);
    }
  }
  for (const [r, s] of pairs) {
    if (r.event && s.event) {
      for (const name of ['Unique-ID', 'Job-UUID', 'Conference-Unique-ID', 'variable_other_loopback_leg_uuid', 'Core-UUID']) {
        ids.learn(r.event.headers.find(([k]) => k === name)?.[1], s.event.headers.find(([k]) => k === name)?.[1]);
      }
      if (r.event.body && s.event.body) ids.learn(r.event.body, s.event.body);
    } else if (r.type === 'api/response' || r.type === 'command/reply') {
      ids.learn(r.type === 'api/response' ? r.body : header(r.raw, 'Reply-Text'), s.type === 'api/response' ? s.body.toString('utf8') : header(s, 'Reply-Text'));
    }
  }
}

/** Matches messages of one segment by kind, in order within each kind. */
export function pairByKind<R extends { type: string; event?: ParsedEvent }, S extends { type: string; event?: ParsedEvent }>(
  real: R[],
  sim: S[],
  withChannel = true,
): [R, S][] {
  const bucket = new Map<string, S[]>();
  for (const s of sim) {
    const k = kindOf(s, withChannel);
    const list = bucket.get(k) ?? [];
    list.push(s);
    bucket.set(k, list);
  }
  const out: [R, S][] = [];
  for (const r of real) {
    const list = bucket.get(kindOf(r, withChannel));
    const s = list?.shift();
    if (s) out.push([r, s]);
  }
  return out;
}
