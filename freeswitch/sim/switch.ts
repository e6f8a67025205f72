// The simulated switch core: channels, loopback pairs, the per-channel app engine, DTMF queues and hangup order as FreeSWITCH 1.11 shows them; never touches sockets.
import { randomUUID } from 'node:crypto';
import type { CallSite, EventFactory, SimEvent } from './event.js';
import { nowMicros } from './event.js';
import type { Header } from './wire.js';
import { Leg, type Dtmf, type Frame, type PrivateCommand } from './leg.js';
import { hunt, type Action, type Dialplan } from './dialplan.js';
import type { MediaLibrary } from './media.js';
import { ConferenceManager } from './conference.js';
import { APPS } from './apps.js';
import { inlineActions, type OriginateRequest, type OriginateResult } from './originate.js';

/** Where events go: the ESL server's listeners. */
export interface EventSink {
  mightWant(name: string): boolean;
  deliver(e: SimEvent): void;
}

export interface SwitchOptions {
  dialplan: Dialplan;
  /** <sounds>/ivrpay: the conference profile's sound-prefix */
  conferenceSounds: MediaLibrary;
  /** <sounds>: where `playback` resolves relative paths */
  sounds: MediaLibrary;
  recordingsDir: string;
  domain: string;
  /** `user/<name>` endpoints (registered browsers); without it every user is USER_NOT_REGISTERED */
  sipUsers?: UserEndpoints;
}

/** What originate needs from the SIP user endpoint (freeswitch/sim/sip-ws). */
export interface UserEndpoints {
  originate(sw: Switch, req: OriginateRequest, user: string, onResult: (r: OriginateResult) => void): void;
}

/** FreeSWITCH's frame interval: most deferred work in the real switch happens on the next 20 ms tick. */
export const TICK_MS = 20;

const VARIABLE_EVENTS = new Set(['CHANNEL_CREATE', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_EXECUTE', 'CHANNEL_EXECUTE_COMPLETE']);

const SITE = {
  create: ['switch_core_state_machine.c', 'switch_core_session_run', 626],
  answer: ['switch_channel.c', 'switch_channel_perform_mark_answered', 3848],
  execute: ['switch_core_session.c', 'switch_core_session_exec', 2949],
  executeComplete: ['switch_core_session.c', 'switch_core_session_exec', 2972],
  hangup: ['switch_channel.c', 'switch_channel_perform_hangup', 3447],
  hangupComplete: ['switch_core_state_machine.c', 'switch_core_session_reporting_state', 943],
  dtmf: ['switch_channel.c', 'switch_channel_dequeue_dtmf', 678],
} as const satisfies Record<string, CallSite>;

const MIN_DTMF_SAMPLES = 400;
const MAX_DTMF_SAMPLES = 192000;
const DEFAULT_DTMF_SAMPLES = 2000;
const DTMF_CHARS = /^[0-9*#A-Da-d]$/;

export interface SwitchStats {
  sessionsSinceStart: number;
  peak: number;
  startedAt: number;
  sps: number;
  maxSessions: number;
}

export class Switch {
  readonly legs = new Map<string, Leg>();
  readonly conferences: ConferenceManager;
  readonly stats: SwitchStats = { sessionsSinceStart: 0, peak: 0, startedAt: Date.now(), sps: 200, maxSessions: 1000 }; // freeswitch/conf switch.conf.xml
  private timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** fsctl shutdown in progress: originates fail */
  stopping = false;

  constructor(
    readonly events: EventFactory,
    readonly sink: EventSink,
    readonly opts: SwitchOptions,
  ) {
    this.conferences = new ConferenceManager(this);
  }

  // ---- time -------------------------------------------------------------------------------

  /** setTimeout that the simulator cancels when it stops. */
  later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  cancel(t: NodeJS.Timeout | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  // ---- events -----------------------------------------------------------------------------

  /** Builds and delivers an event only if some listener may want it. */
  fire(name: string, site: CallSite, build: (h: Header[]) => void, opts: { subclass?: string; body?: string } = {}): void {
    if (!this.sink.mightWant(name)) return;
    const h: Header[] = [];
    build(h);
    this.sink.deliver(this.events.create(name, site, h, opts));
  }

  channelEvent(leg: Leg, name: string, site: CallSite, extra: Header[] = [], first: Header[] = []): void {
    this.fire(name, site, (h) => {
      h.push(...first);
      leg.eventData(h, VARIABLE_EVENTS.has(name));
      h.push(...extra);
    });
  }

  // ---- channels ---------------------------------------------------------------------------

  /** mod_loopback: `loopback/<ext>/<context>/<dialplan>` makes an outbound A leg and an inbound B leg. */
  createLoopbackPair(ext: string, context: string, dialplan: string, vars: [string, string][]): { a: Leg; b: Leg } {
    const now = nowMicros();
    const get = (k: string) => vars.find(([n]) => n === k)?.[1];
    const originationUuid = get('origination_uuid');
    const aUuid = originationUuid ?? randomUUID();
    const bUuid = randomUUID();
    const cidName = get('origination_caller_id_name') ?? '';
    const cidNumber = get('origination_caller_id_number') ?? '0000000000';
    const profile = (direction: 'inbound' | 'outbound', name: string) => ({
      direction,
      logicalDirection: direction,
      dialplan,
      callerIdName: cidName,
      callerIdNumber: cidNumber,
      origCallerIdName: cidName,
      origCallerIdNumber: cidNumber,
      calleeIdName: 'Outbound Call',
      calleeIdNumber: context,
      ani: cidNumber,
      destination: ext,
      context,
      source: 'mod_loopback',
      transferSource: '',
      rdnis: '',
      chanName: name,
      profileIndex: 1,
      created: now,
      answered: 0,
      hungup: 0,
    });
    const aName = `loopback/${ext}-a`;
    const bName = `loopback/${ext}-b`;
    const a = new Leg(aUuid, aName, profile('outbound', aName), this.nextSession());
    const b = new Leg(bUuid, bName, profile('inbound', bName), this.nextSession());
    b.setLeg('B');
    a.partner = b;
    b.partner = a;

    a.setVar('direction', 'outbound');
    a.setVar('is_outbound', 'true');
    if (!originationUuid) {
      a.setVar('uuid', aUuid);
      a.setVar('call_uuid', aUuid);
    }
    a.setVar('session_id', String(a.sessionId));
    codecVars(a);
    a.setVar('channel_name', aName);
    if (originationUuid) {
      a.setVar('uuid', aUuid);
      a.setVar('call_uuid', aUuid);
    }
    for (const [k, v] of vars) a.setVar(k, v);
    a.setVar('originate_early_media', 'true');
    a.setVar('originate_endpoint', 'loopback');
    a.setVar('other_loopback_leg_uuid', bUuid);
    a.setVar('loopback_leg', 'A');

    b.setVar('direction', 'inbound');
    b.setVar('uuid', bUuid);
    b.setVar('call_uuid', bUuid);
    b.setVar('session_id', String(b.sessionId));
    b.setVar('channel_name', bName);
    codecVars(b);
    for (const [k, v] of vars) b.setVar(k, v);
    b.setVar('other_loopback_leg_uuid', aUuid);
    b.setVar('loopback_leg', 'B');

    this.legs.set(aUuid, a);
    this.legs.set(bUuid, b);
    this.stats.peak = Math.max(this.stats.peak, this.legs.size);
    this.channelEvent(a, 'CHANNEL_CREATE', SITE.create);
    this.channelEvent(b, 'CHANNEL_CREATE', SITE.create);
    // the A leg waits in CS_CONSUME_MEDIA for the originate; the B leg is ringing while it routes
    a.runningState = a.state = 'CS_CONSUME_MEDIA';
    b.runningState = b.state = 'CS_ROUTING';
    b.callState = 'RINGING';
    return { a, b };
  }

  /**
   * One outbound leg of an endpoint other than loopback (a SIP user): CHANNEL_CREATE, ringing while the endpoint
   * signals, answered by `answer()` when the far end accepts.
   */
  createEndpointLeg(name: string, destination: string, vars: [string, string][]): Leg {
    const now = nowMicros();
    const get = (k: string) => vars.find(([n]) => n === k)?.[1];
    const uuid = get('origination_uuid') ?? randomUUID();
    const cidName = get('origination_caller_id_name') ?? '';
    const cidNumber = get('origination_caller_id_number') ?? '0000000000';
    const leg = new Leg(uuid, name, {
      direction: 'outbound',
      logicalDirection: 'outbound',
      dialplan: 'XML',
      callerIdName: cidName,
      callerIdNumber: cidNumber,
      origCallerIdName: cidName,
      origCallerIdNumber: cidNumber,
      calleeIdName: 'Outbound Call',
      calleeIdNumber: destination,
      ani: cidNumber,
      destination,
      context: 'default',
      source: 'src/switch_ivr_originate.c',
      transferSource: '',
      rdnis: '',
      chanName: name,
      profileIndex: 1,
      created: now,
      answered: 0,
      hungup: 0,
    }, this.nextSession());
    leg.setVar('direction', 'outbound');
    leg.setVar('is_outbound', 'true');
    leg.setVar('uuid', uuid);
    leg.setVar('call_uuid', uuid);
    leg.setVar('session_id', String(leg.sessionId));
    codecVars(leg);
    leg.setVar('channel_name', name);
    for (const [k, v] of vars) leg.setVar(k, v);
    this.legs.set(uuid, leg);
    this.stats.peak = Math.max(this.stats.peak, this.legs.size);
    this.channelEvent(leg, 'CHANNEL_CREATE', SITE.create);
    leg.runningState = leg.state = 'CS_CONSUME_MEDIA';
    leg.callState = 'RINGING';
    return leg;
  }

  private nextSession(): number {
    return ++this.stats.sessionsSinceStart;
  }

  /** Runs a dialplan hunt for `leg` in `context`; returns false (no route) when nothing matches. */
  routeDialplan(leg: Leg, context: string, destination: string): boolean {
    const match = hunt(this.opts.dialplan, context, (field) => {
      if (field === 'destination_number') return destination;
      if (field === 'chan_name') return leg.name;
      if (field.startsWith('${') && field.endsWith('}')) return leg.getVar(field.slice(2, -1));
      return leg.getVar(field);
    });
    if (match?.captures) leg.setVar('DP_MATCH', `ARRAY::${match.captures.join('|:')}`);
    leg.setVar('call_uuid', leg.uuid);
    if (!match) return false;
    leg.script.push(...match.actions);
    return true;
  }

  /** Built-in ${...} names the dialplan uses. */
  builtin(leg: Leg, name: string): string | undefined {
    if (name === 'uuid') return leg.uuid;
    if (name === 'destination_number') return leg.profile.destination;
    if (name === 'recordings_dir') return this.opts.recordingsDir;
    return undefined;
  }

  // ---- the app engine ---------------------------------------------------------------------

  /** Runs the channel's script until an app blocks; when it runs out, the channel hangs up NORMAL_CLEARING. */
  runScript(leg: Leg): void {
    if (leg.pendingRoute && leg.up && !leg.stack.length) {
      const { context, destination } = leg.pendingRoute;
      leg.pendingRoute = undefined;
      if (!this.routeDialplan(leg, context, destination)) {
        this.hangup(leg, 'NO_ROUTE_DESTINATION');
        return;
      }
    }
    if (leg.transferred && leg.up && !leg.stack.length) {
      leg.transferred = false;
      if (leg.profile.dialplan.toLowerCase() === 'inline' && leg.profile.rdnis) {
        // mod_dptools inline_dialplan_hunt puts the destination back and clears the rdnis
        leg.profile.destination = leg.profile.rdnis;
        leg.profile.rdnis = '';
      }
      leg.setVar('call_uuid', leg.uuid);
    }
    while (leg.up && !leg.halting && !leg.stack.length) {
      if (this.runPrivate(leg)) return;
      const next = leg.script.shift();
      if (!next) {
        this.hangup(leg, 'NORMAL_CLEARING');
        return;
      }
      let sync = true;
      let finished = false;
      this.exec(leg, next, {}, () => {
        finished = true;
        if (!sync) this.runScript(leg);
      });
      sync = false;
      if (!finished) return;
    }
  }

  /**
   * switch_core_session_exec: current_application variables, CHANNEL_EXECUTE, the app, then
   * CHANNEL_EXECUTE_COMPLETE (Application-UUID = sendmsg's Event-UUID when given).
   */
  exec(leg: Leg, action: Action, opts: { appUuid?: string }, onDone: () => void): void {
    const impl = APPS[action.app.toLowerCase()];
    if (!impl) {
      // switch_core_session_exec: "Invalid Application" hangs the channel up
      this.hangup(leg, 'DESTINATION_OUT_OF_ORDER');
      onDone();
      return;
    }
    const data = leg.expand(action.data ?? '', (n) => this.builtin(leg, n));
    const appUuid = opts.appUuid ?? randomUUID();
    leg.hitDialplan = true;
    if (leg.up) leg.runningState = leg.state = 'CS_EXECUTE';
    leg.setVar('current_application', impl.name);
    leg.setVar('current_application_data', data);
    leg.setVar('current_application_response', undefined);
    const appHeaders = (): Header[] => {
      const h: Header[] = [['Application', impl.name]];
      if (data) h.push(['Application-Data', data]);
      return h;
    };
    this.channelEvent(leg, 'CHANNEL_EXECUTE', SITE.execute, [...appHeaders(), ['Application-UUID', appUuid]]);
    leg.setVar('current_application', impl.name);
    const frame: Frame = {
      app: impl.name,
      data,
      appUuid,
      kind: impl.kind,
      done: false,
      startedMs: Date.now(),
      complete: () => {
        if (frame.done) return;
        frame.done = true;
        this.cancel(frame.timer);
        const i = leg.stack.lastIndexOf(frame);
        if (i >= 0) leg.stack.splice(i, 1);
        const resp = leg.getVar('current_application_response') ?? '_none_';
        this.channelEvent(leg, 'CHANNEL_EXECUTE_COMPLETE', SITE.executeComplete, [
          ...appHeaders(),
          ['Application-Response', resp],
          ['Application-UUID', appUuid],
        ]);
        onDone();
        if (leg.up) {
          this.kickDtmf(leg);
          if (leg.stack.length && leg.privateQueue.length) this.schedulePrivate(leg);
        }
      },
    };
    leg.stack.push(frame);
    impl.run(this, leg, data, frame);
    if (!frame.done && leg.dtmfQueue.length) this.kickDtmf(leg);
  }

  /** Top app, if it is still running. */
  top(leg: Leg): Frame | undefined {
    return leg.stack[leg.stack.length - 1];
  }

  // ---- sendmsg (private events) -----------------------------------------------------------

  sendmsg(leg: Leg, cmd: PrivateCommand): void {
    leg.privateQueue.push(cmd);
    this.schedulePrivate(leg);
  }

  private schedulePrivate(leg: Leg): void {
    if (leg.privateTimer) return;
    leg.privateTimer = this.later(TICK_MS, () => {
      leg.privateTimer = undefined;
      const top = this.top(leg);
      if (!leg.up || leg.awaitingOriginate) return;
      if (!top) return; // runScript picks it up between apps
      if (top.kind === 'park' || top.kind === 'conference') this.runPrivate(leg);
    });
  }

  /** Runs queued sendmsg commands; returns true if one is now running (or hung up the channel). */
  private runPrivate(leg: Leg): boolean {
    const cmd = leg.privateQueue.shift();
    if (!cmd) return false;
    if (cmd.command === 'hangup') {
      this.hangup(leg, cmd.cause ?? 'NORMAL_CLEARING');
      return true;
    }
    const loops = Math.max(1, cmd.loops ?? 1);
    let n = 0;
    const runOne = (): void => {
      n++;
      leg.setVar('current_loop', String(n));
      leg.setVar('total_loops', String(loops));
      let sync = true;
      let finished = false;
      this.exec(leg, { app: cmd.app ?? '', data: cmd.data }, cmd.appUuid ? { appUuid: cmd.appUuid } : {}, () => {
        finished = true;
        if (!sync) after();
      });
      sync = false;
      if (finished) after();
    };
    const after = (): void => {
      if (!leg.up || leg.halting) return;
      leg.setVar('current_loop', undefined);
      leg.setVar('total_loops', undefined);
      if (n < loops) return runOne();
      if (leg.stack.length) {
        if (leg.privateQueue.length) this.runPrivate(leg);
      } else this.runScript(leg);
    };
    runOne();
    return true;
  }

  // ---- answer -----------------------------------------------------------------------------

  /** Marks a channel answered; a loopback B leg answers its A leg first (as mod_loopback does). */
  answer(leg: Leg): void {
    if (leg.answered || !leg.up) return;
    if (leg.leg === 'B' && leg.partner && leg.partner.up && !leg.partner.answered) {
      const a = leg.partner;
      a.answered = true;
      a.profile.answered = nowMicros();
      a.runningState = 'CS_CONSUME_MEDIA';
      a.state = 'CS_CONSUME_MEDIA';
      this.channelEvent(a, 'CHANNEL_ANSWER', SITE.answer);
      a.setVar('endpoint_disposition', 'ANSWER');
    }
    leg.answered = true;
    leg.profile.answered = leg.partner?.profile.answered || nowMicros();
    this.channelEvent(leg, 'CHANNEL_ANSWER', SITE.answer);
    leg.callState = 'ACTIVE';
    leg.setVar('endpoint_disposition', 'ANSWER');
    leg.onAnswered?.();
  }

  // ---- hangup -----------------------------------------------------------------------------

  /**
   * Hangs up a channel and its loopback partner in the order the real switch shows: CHANNEL_HANGUP,
   * the running apps complete (a conference member leaves on the next tick), the partner follows,
   * then CHANNEL_HANGUP_COMPLETE once a channel has no app left.
   */
  hangup(leg: Leg, cause: string): boolean {
    if (!leg.up) return false;
    this.markDown(leg, cause);
    const deferred = this.stopApps(leg);
    const partner = leg.partner;
    if (partner?.up) {
      if (deferred) {
        // the conference leg leaves later; the partner's apps end before it is hung up (no Hangup-Cause yet)
        partner.halting = true;
        partner.script = [];
        this.stopApps(partner, true);
        this.markDown(partner, cause);
        this.stopApps(partner);
        this.reportIfDone(partner);
      } else {
        this.markDown(partner, cause);
        this.reportIfDone(leg);
        this.stopApps(partner);
        this.reportIfDone(partner);
      }
    }
    this.reportIfDone(leg);
    return true;
  }

  /** hupall / shutdown: every channel down first, then their apps end, then the reports. */
  hangupAll(cause: string, filter: (l: Leg) => boolean = () => true): number {
    const victims = [...this.legs.values()].filter((l) => l.up && filter(l));
    for (const l of victims) this.markDown(l, cause);
    for (const l of victims) this.stopApps(l);
    for (const l of victims) this.reportIfDone(l);
    return victims.length;
  }

  private markDown(leg: Leg, cause: string): void {
    leg.hangupCause = cause === 'NONE' ? 'NORMAL_CLEARING' : cause;
    leg.halting = true;
    leg.state = 'CS_HANGUP';
    leg.script = [];
    leg.privateQueue = [];
    this.cancel(leg.dtmfTimer);
    this.cancel(leg.privateTimer);
    this.channelEvent(leg, 'CHANNEL_HANGUP', SITE.hangup);
    leg.onHangup?.(leg.hangupCause);
  }

  /**
   * Ends the running apps, innermost first. A conference member leaves on the next tick (that frame
   * completes then); returns true if such a deferred exit is pending. `onlyInstant` leaves conference frames alone.
   */
  private stopApps(leg: Leg, onlyInstant = false): boolean {
    let deferred = false;
    for (let i = leg.stack.length - 1; i >= 0; i--) {
      const f = leg.stack[i]!;
      if (f.done) continue;
      if (f.kind === 'conference') {
        deferred = true;
        if (!onlyInstant) this.conferences.leaveLater(leg, 'hangup');
        continue;
      }
      f.complete();
    }
    return deferred;
  }

  /** CHANNEL_HANGUP_COMPLETE once the channel is down and nothing runs on it. */
  reportIfDone(leg: Leg): void {
    if (leg.up || leg.reported || leg.stack.some((f) => !f.done)) return;
    leg.reported = true;
    const end = nowMicros();
    leg.profile.hungup = end;
    leg.runningState = 'CS_REPORTING';
    leg.state = 'CS_REPORTING';
    leg.callState = 'HANGUP';
    const filter = leg.getVar('digits_dialed_filter');
    let dialed = leg.digitsLog || 'none';
    if (leg.digitsLog && filter) dialed = maskDigits(leg.digitsLog, filter);
    leg.setHangupVariables(end, dialed);
    this.channelEvent(leg, 'CHANNEL_HANGUP_COMPLETE', SITE.hangupComplete, [], [['Hangup-Cause', leg.hangupCause!]]);
    this.legs.delete(leg.uuid);
    leg.onGone?.();
  }

  // ---- DTMF -------------------------------------------------------------------------------

  /**
   * uuid_send_dtmf: mod_loopback queues each digit on the OTHER leg at once; `@<ms>` sets the
   * duration. Returns false when nothing valid was sent.
   */
  sendDtmf(leg: Leg, spec: string): boolean {
    if (!leg.up) return false;
    let s = spec;
    if (s.startsWith('~')) s = s.slice(1);
    if (!s || s.length > 99) return false;
    let sent = 0;
    let total = 0;
    for (const part of s.split('+')) {
      let digits = part;
      let samples = DEFAULT_DTMF_SAMPLES;
      const at = part.indexOf('@');
      if (at >= 0) {
        digits = part.slice(0, at);
        const ms = Number.parseInt(part.slice(at + 1), 10);
        if (ms > MIN_DTMF_SAMPLES / 8) samples = ms * 8;
      }
      samples = Math.min(MAX_DTMF_SAMPLES, Math.max(MIN_DTMF_SAMPLES, samples));
      for (const ch of digits) {
        if (!DTMF_CHARS.test(ch)) continue;
        sent++;
        total += samples + 250 * 8;
        if (leg.partner?.up) leg.partner.dtmfQueue.push({ digit: ch.toUpperCase(), duration: samples });
      }
    }
    if (total) leg.setVar('last_dtmf_duration', String(Math.floor(total / 8)));
    if (leg.partner) this.kickDtmf(leg.partner);
    return sent > 0;
  }

  /**
   * Digits leave the queue only while an app reads them, on the next 20 ms frame: the conference loop
   * takes every queued digit at once, park/playback one per frame (measured on FreeSWITCH 1.11).
   */
  kickDtmf(leg: Leg): void {
    if (leg.dtmfTimer || !leg.dtmfQueue.length || !leg.up) return;
    const top = this.top(leg);
    if (!top || top.kind === 'instant') return;
    leg.dtmfTimer = this.later(TICK_MS, () => {
      leg.dtmfTimer = undefined;
      const reader = this.top(leg);
      if (!leg.up || !reader || reader.kind === 'instant') return;
      const batch = reader.kind === 'conference' ? leg.dtmfQueue.splice(0) : leg.dtmfQueue.splice(0, 1);
      for (const d of batch) this.dequeueDtmf(leg, d);
      this.kickDtmf(leg);
    });
  }

  /** switch_channel_dequeue_dtmf: logs the digit for digits_dialed and raises DTMF unless sensitive. */
  private dequeueDtmf(leg: Leg, d: Dtmf): void {
    if (truthy(leg.getVar('sensitive_dtmf'))) return;
    if (leg.digitsLog.length < 128) leg.digitsLog += d.digit;
    this.channelEvent(leg, 'DTMF', SITE.dtmf, [
      ['DTMF-Digit', d.digit],
      ['DTMF-Duration', String(d.duration)],
      ['DTMF-Source', 'UNKNOWN'],
    ]);
  }

  // ---- transfer ---------------------------------------------------------------------------

  /** What switch_ivr_session_transfer records: max_forwards, transfer_history/_source, a new caller profile. */
  transferProfile(leg: Leg, dest: string, dialplan: string, context: string): void {
    const src = `${Math.floor(Date.now() / 1000)}:${randomUUID()}:bl_xfer:${dest}/${context}/${dialplan}`;
    const mf = Number.parseInt(leg.getVar('max_forwards') ?? '71', 10) - 1;
    leg.setVar('max_forwards', String(mf));
    if (leg.member) {
      // switch_core_session_reset restores the read codec the conference had changed
      leg.setVar('read_codec', 'L16');
      leg.setVar('read_rate', '8000');
      leg.codecRestored = true;
    }
    const history = leg.getVar('transfer_history');
    // a second entry turns the variable into an array that keeps its place
    if (history) leg.vars.set('transfer_history', `${history.startsWith('ARRAY::') ? history : `ARRAY::${history}`}|:${src}`);
    else leg.setVar('transfer_history', src);
    leg.setVar('transfer_source', src);
    const p = leg.profile;
    p.profileIndex++;
    p.transferSource = src;
    p.dialplan = dialplan;
    p.rdnis = p.destination;
    p.destination = dest;
    p.context = context;
    if (leg.hitDialplan) p.logicalDirection = leg.direction === 'outbound' ? 'inbound' : 'outbound';
    leg.state = 'CS_ROUTING';
  }

  /** switch_ivr_session_transfer: the running apps end, then the new destination runs (inline: `app:arg,app2`). */
  transfer(leg: Leg, dest: string, dialplan: string | undefined, context: string | undefined): boolean {
    if (!leg.up) return false;
    leg.privateQueue = [];
    this.transferProfile(leg, dest, dialplan ?? 'XML', context ?? leg.profile.context);
    if ((dialplan ?? 'XML').toLowerCase() === 'inline') {
      leg.script = inlineActions(dest);
      leg.pendingRoute = undefined;
    } else {
      leg.script = [];
      leg.pendingRoute = { context: context ?? leg.profile.context, destination: dest };
    }
    leg.transferred = true;
    const running = leg.stack.filter((f) => !f.done);
    if (!running.length) {
      if (!leg.awaitingOriginate) this.runScript(leg);
      return true;
    }
    if (running.some((f) => f.kind === 'conference')) this.conferences.leaveLater(leg, 'transfer');
    for (let i = running.length - 1; i >= 0; i--) if (running[i]!.kind !== 'conference') running[i]!.complete();
    return true;
  }
}

function codecVars(leg: Leg): void {
  leg.setVar('read_codec', 'L16');
  leg.setVar('read_rate', '8000');
  leg.setVar('write_codec', 'L16');
  leg.setVar('write_rate', '8000');
}

export function truthy(v: string | undefined): boolean {
  return !!v && /^(yes|on|true|t|enabled|active|allow|1)$/i.test(v);
}

/** digits_dialed_filter: every match of the regex becomes X (switch_channel.c:4549). */
export function maskDigits(digits: string, filter: string): string {
  try {
    const re = new RegExp(filter);
    const m = re.exec(digits);
    if (!m) return digits;
    let out = digits;
    for (const g of m) if (g) out = out.split(g).join('X'.repeat(g.length));
    return out;
  } catch {
    return digits;
  }
}

