// The originate API: dial strings ({vars}loopback/..., error/<cause>, user/<x>) and the order a loopback originate unfolds in; user/<x> is handed to the SIP user endpoint.
import type { Switch } from './switch.js';
import type { Leg } from './leg.js';
import { causeFromString } from './channel.js';
import type { Action } from './dialplan.js';

export const ORIGINATE_SYNTAX =
  '<call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]';

export type Endpoint =
  | { kind: 'loopback'; ext: string; context: string; dialplan: string }
  | { kind: 'error'; cause: string }
  | { kind: 'user'; user: string }
  | { kind: 'unknown'; url: string };

export interface DialString {
  vars: [string, string][];
  endpoint: Endpoint;
}

/** switch_separate_string on ' ': quotes group words and are kept for the next parser; braces do not. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === ' ') {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === "'" || v[0] === '"') && v.endsWith(v[0]!) ? v.slice(1, -1) : v;
}

/** `{a=b,c='x y'}endpoint/...` (switch_event_create_brackets); undefined if the brackets do not close. */
export function parseDialString(s: string): DialString | undefined {
  const vars: [string, string][] = [];
  let rest = s;
  if (rest.startsWith('{')) {
    const close = rest.indexOf('}');
    if (close < 0) return undefined;
    let cur = '';
    let quote = '';
    const items: string[] = [];
    for (const ch of rest.slice(1, close)) {
      if (quote) {
        if (ch === quote) quote = '';
        cur += ch;
      } else if (ch === "'" || ch === '"') {
        quote = ch;
        cur += ch;
      } else if (ch === ',') {
        items.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur) items.push(cur);
    for (const item of items) {
      const eq = item.indexOf('=');
      if (eq > 0) vars.push([item.slice(0, eq), unquote(item.slice(eq + 1))]);
    }
    rest = rest.slice(close + 1);
  }
  const parts = rest.split('/');
  const tech = parts[0]!.toLowerCase();
  if (tech === 'loopback' && parts[1]) {
    return { vars, endpoint: { kind: 'loopback', ext: parts[1], context: parts[2] || 'default', dialplan: (parts[3] || 'xml').toLowerCase() } };
  }
  if (tech === 'error') {
    const cause = causeFromString(parts[1]);
    return { vars, endpoint: { kind: 'error', cause: cause === 'NONE' ? 'DESTINATION_OUT_OF_ORDER' : cause } };
  }
  if (tech === 'user') return { vars, endpoint: { kind: 'user', user: parts.slice(1).join('/') } };
  return { vars, endpoint: { kind: 'unknown', url: rest } };
}

/** The inline dialplan: `app:arg,app2:arg` (mod_dptools inline_dialplan_hunt). */
export function inlineActions(dest: string): Action[] {
  return dest.split(',').map((item) => {
    const colon = item.indexOf(':');
    return colon < 0 ? { app: item } : { app: item.slice(0, colon), data: item.slice(colon + 1) };
  });
}

export type OriginateResult = { ok: true; uuid: string } | { ok: false; cause: string };

export interface OriginateRequest {
  dial: DialString;
  /** `&app(arg)`, or an extension run through `dialplan`/`context` */
  then: { app: Action } | { exten: string; dialplan: string; context: string };
  timeoutS: number;
}

/** Parses `originate` API arguments; a string is the reply for bad syntax. */
export function parseOriginate(args: string): OriginateRequest | string {
  const argv = splitArgs(args.trim()).map((a) => (a.toLowerCase() === 'undef' ? '' : a));
  if (argv.length < 2 || argv.length > 7) return `-USAGE: ${ORIGINATE_SYNTAX}\n`;
  const dial = parseDialString(argv[0]!);
  if (!dial) return '-ERR DESTINATION_OUT_OF_ORDER\n';
  const exten = argv[1]!;
  const timeoutS = argv[6] ? Number.parseInt(argv[6], 10) || 60 : 60;
  if (exten.startsWith('&') && exten.length > 1) {
    let name = exten.slice(1);
    const close = name.indexOf(')');
    if (close >= 0) name = name.slice(0, close);
    const open = name.indexOf('(');
    const app: Action = open >= 0 ? { app: name.slice(0, open), data: name.slice(open + 1) } : { app: name };
    return { dial, then: { app }, timeoutS };
  }
  return { dial, then: { exten, dialplan: argv[2] || 'XML', context: argv[3] || 'default' }, timeoutS };
}

/**
 * switch_ivr_originate + the originate API over mod_loopback: both legs are created, the B leg runs
 * its dialplan until an app blocks, and once the A leg is answered `onResult` gets its uuid; only
 * then does the A leg start its own app (so bgapi's BACKGROUND_JOB precedes it, as on the real switch).
 */
export function originate(sw: Switch, req: OriginateRequest, onResult: (r: OriginateResult) => void): void {
  const ep = req.dial.endpoint;
  if (ep.kind === 'error') return onResult({ ok: false, cause: ep.cause });
  if (ep.kind === 'user') {
    if (sw.stopping) return onResult({ ok: false, cause: 'SYSTEM_SHUTDOWN' });
    if (!sw.opts.sipUsers) return onResult({ ok: false, cause: 'USER_NOT_REGISTERED' });
    return sw.opts.sipUsers.originate(sw, req, ep.user, onResult);
  }
  if (ep.kind === 'unknown') return onResult({ ok: false, cause: 'CHAN_NOT_IMPLEMENTED' });
  if (sw.stopping) return onResult({ ok: false, cause: 'SYSTEM_SHUTDOWN' });

  const { a, b } = sw.createLoopbackPair(ep.ext, ep.context, ep.dialplan, req.dial.vars);
  const settle = awaitAnswer(sw, a, req, onResult);

  if (ep.dialplan === 'inline') {
    b.script.push(...inlineActions(ep.ext));
    sw.runScript(b);
  } else if (sw.routeDialplan(b, ep.context, ep.ext)) sw.runScript(b);
  else sw.hangup(b, 'NO_ROUTE_DESTINATION');
  settle();
}

/**
 * Waits for the new A leg: `onResult` once it is answered (then it runs the originate's app or extension) or gone
 * (its hang-up cause); hangs it up NO_ANSWER after the originate's timeout. Returns the check, for a caller that
 * may have answered the leg synchronously.
 */
export function awaitAnswer(sw: Switch, a: Leg, req: OriginateRequest, onResult: (r: OriginateResult) => void): () => void {
  a.awaitingOriginate = true;
  let settled = false;
  const settle = () => {
    if (settled) return;
    if (!a.up) {
      settled = true;
      sw.cancel(timer);
      return onResult({ ok: false, cause: a.hangupCause ?? 'NORMAL_CLEARING' });
    }
    if (!a.answered) return;
    settled = true;
    sw.cancel(timer);
    a.onAnswered = undefined;
    a.onGone = undefined;
    onResult({ ok: true, uuid: a.uuid });
    startALeg(sw, a, req);
  };
  // the originate_timeout variable wins over the API's timeout argument (switch_ivr_originate)
  const timeoutVar = Number.parseInt(req.dial.vars.find(([k]) => k === 'originate_timeout')?.[1] ?? '', 10);
  const timeoutS = timeoutVar > 0 ? timeoutVar : req.timeoutS;
  const timer = sw.later(timeoutS * 1000, () => {
    if (!settled) sw.hangup(a, 'NO_ANSWER');
  });
  a.onAnswered = () => queueMicrotask(settle);
  a.onGone = settle;
  return settle;
}

/** After a successful originate the A leg flips caller/callee ids (switch_ivr_originate) and runs its app. */
function startALeg(sw: Switch, a: Leg, req: OriginateRequest): void {
  const p = a.profile;
  const ext = 'app' in req.then ? undefined : req.then;
  if (ext) sw.transferProfile(a, ext.exten, ext.dialplan, ext.context);
  const [name, number] = [p.callerIdName, p.callerIdNumber];
  p.callerIdName = p.calleeIdName;
  p.callerIdNumber = p.calleeIdNumber;
  p.calleeIdName = name;
  p.calleeIdNumber = number;
  if (name) a.setVar('pre_transfer_caller_id_name', name);
  a.setVar('pre_transfer_caller_id_number', number);
  a.setVar('channel_cid_flipped', 'yes');
  a.setVar('call_uuid', a.uuid);
  a.runningState = 'CS_EXECUTE';
  a.state = 'CS_EXECUTE';
  a.callState = 'ACTIVE';
  a.awaitingOriginate = false;
  if (!ext) a.script = [(req.then as { app: Action }).app];
  else if (ext.dialplan.toLowerCase() === 'inline') a.script = inlineActions(ext.exten);
  else a.pendingRoute = { context: ext.context, destination: ext.exten };
  sw.runScript(a);
}

export type { Leg };
