// The FreeSWITCH API commands (mod_commands, mod_conference) the simulator answers, with the real reply strings; each returns the reply body.
import type { Switch } from './switch.js';
import { causeFromString } from './channel.js';
import { ORIGINATE_SYNTAX, originate, parseOriginate, splitArgs } from './originate.js';
import { localStamp } from './event.js';
import type { Leg } from './leg.js';

export const VERSION_LINE = 'FreeSWITCH Version 1.11.3-dev+git~20260821T141014Z~cc93a683ca~64bit (git cc93a68 2026-08-21 14:10:14Z 64bit)';
const READY_LINE = 'FreeSWITCH (Version 1.11.3-dev git cc93a68 2026-08-21 14:10:14Z 64bit) is ready';

const CTL_SYNTAX =
  '[api_expansion [on|off]|recover|send_sighup|hupall|pause [inbound|outbound]|resume [inbound|outbound]|shutdown [cancel|elegant|asap|now|restart]|uuid_version [4|7]|sps|sps_peak_reset|sync_clock|sync_clock_when_idle|reclaim_mem|max_sessions|min_dtmf_duration [num]|max_dtmf_duration [num]|default_dtmf_duration [num]|min_idle_cpu|loglevel [level]|debug_level [level]|mdns_resolve [enable|disable]]';
const RECORD_SYNTAX = '<uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]';
const DROP_DTMF_SYNTAX = '<uuid> [on | off ] [ mask_digits <digits> | mask_file <file>]';
const TRANSFER_SYNTAX = '<uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]';

/**
 * An API call completes now (string) or later: a deferred reply is handed its completion callback,
 * which it calls synchronously at the moment FreeSWITCH would return (an originate, once the A leg
 * answers, before the A leg starts its app: so bgapi's BACKGROUND_JOB precedes that app's events).
 */
export type ApiReply = string | ((done: (body: string) => void) => void);

export interface ApiHost {
  sw: Switch;
  /** fsctl shutdown */
  shutdown(): void;
}

/** switch_separate_string with a maximum: the last element keeps the rest of the line. */
function splitMax(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s.replace(/^ +/, '');
  while (rest && out.length < max - 1) {
    const sp = rest.indexOf(' ');
    if (sp < 0) break;
    out.push(rest.slice(0, sp));
    rest = rest.slice(sp + 1).replace(/^ +/, '');
  }
  if (rest) out.push(rest);
  return out;
}

export function runApi(host: ApiHost, command: string, arg: string | undefined): ApiReply {
  const sw = host.sw;
  const cmd = command.toLowerCase();
  const args = arg ?? '';
  const leg = (uuid: string | undefined): Leg | undefined => (uuid ? sw.legs.get(uuid) : undefined);
  switch (cmd) {
    case 'status':
      return status(sw);
    case 'version':
      return `${VERSION_LINE}\n`;
    case 'originate': {
      if (!args.trim()) return `-USAGE: ${ORIGINATE_SYNTAX}\n`;
      const req = parseOriginate(args);
      if (typeof req === 'string') return req;
      return (done) => originate(sw, req, (r) => done(r.ok ? `+OK ${r.uuid}\n` : `-ERR ${r.cause}\n`));
    }
    case 'uuid_kill': {
      if (!args) return '-USAGE: <uuid> [cause]\n';
      const sp = args.indexOf(' ');
      const uuid = sp < 0 ? args : args.slice(0, sp);
      const cause = sp < 0 ? 'NORMAL_CLEARING' : causeFromString(args.slice(sp + 1)) || 'NORMAL_CLEARING';
      const l = leg(uuid);
      if (!l || !l.up) return '-ERR No such channel!\n';
      sw.hangup(l, cause === 'NONE' ? 'NORMAL_CLEARING' : cause);
      return '+OK\n';
    }
    case 'uuid_exists':
      return arg !== undefined && !!leg(arg)?.up ? 'true' : 'false';
    case 'uuid_getvar': {
      const [uuid, name] = splitMax(args, 4);
      if (!uuid || !name) return '-USAGE: <uuid> <var>\n';
      const l = leg(uuid);
      if (!l) return '-ERR No such channel!\n';
      return getVariable(l, name) ?? '_undef_';
    }
    case 'uuid_setvar': {
      const argv = splitMax(args, 3);
      if ((argv.length !== 2 && argv.length !== 3) || !argv[0]) return '-USAGE: <uuid> <var> [value]\n';
      const l = leg(argv[0]);
      if (!l) return '-ERR No such channel!\n';
      l.setVar(argv[1]!, argv[2]);
      return '+OK\n';
    }
    case 'uuid_send_dtmf':
    case 'uuid_recv_dtmf': {
      const argv = splitMax(args, 2);
      if (argv.length < 2) return `-USAGE: <uuid> <dtmf_data>\n`;
      const l = leg(argv[0]);
      if (!l) return '-ERR Cannot locate session!\n';
      if (cmd === 'uuid_recv_dtmf') {
        for (const ch of argv[1]!) if (/[0-9*#A-Da-d]/.test(ch)) l.dtmfQueue.push({ digit: ch.toUpperCase(), duration: 2000 });
        sw.kickDtmf(l);
        return `+OK ${argv[0]} received DTMF ${argv[1]}.\n`;
      }
      return sw.sendDtmf(l, argv[1]!) ? `+OK ${argv[0]} sent DTMF ${argv[1]}.\n` : '-ERR Operation failed\n';
    }
    case 'uuid_record':
      return record(sw, args);
    case 'uuid_drop_dtmf':
      return dropDtmf(sw, args);
    case 'uuid_break': {
      if (!args) return '-USAGE: <uuid> [all]\n';
      const [uuid] = args.split(' ');
      const l = leg(uuid);
      if (!l) return '-ERR No such channel!\n';
      const top = sw.top(l);
      if (top?.kind === 'playback') {
        const ms = Date.now() - top.startedMs;
        l.setVar('playback_ms', String(ms));
        l.setVar('current_application_response', 'FILE PLAYED');
        top.complete();
      }
      return '+OK\n';
    }
    case 'uuid_transfer': {
      const argv = splitArgs(args);
      if (argv.length < 2 || argv.length > 5) return `-USAGE: ${TRANSFER_SYNTAX}\n`;
      const l = leg(argv[0]);
      if (!l || !l.up) return '-ERR No such channel!\n';
      let [, dest, dp, ctx] = argv;
      if (dest!.startsWith('-')) [, , dest, dp, ctx] = argv;
      if (!dest) return '-ERR\n';
      return sw.transfer(l, dest, dp, ctx) ? '+OK\n' : '-ERR\n';
    }
    case 'hupall': {
      const argv = splitArgs(args);
      let cause = causeFromString(argv[0]);
      if (cause === 'NONE') cause = 'MANAGER_REQUEST';
      const pairs: [string, string][] = [];
      for (let i = 1; i < argv.length - 1; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
      sw.hangupAll(cause, (l) => pairs.every(([k, v]) => l.getVar(k) === v));
      if (!pairs.length) return `+OK hangup all channels with cause ${cause}\n`;
      return `+OK hangup all channels matching [${pairs[0]![0]}]=[${pairs[0]![1]}]${pairs.length > 1 ? '...' : ''} with cause: ${cause}\n`;
    }
    case 'uuid_bridge': {
      const [x, y] = splitArgs(args);
      if (!x || !y) return '-USAGE: <uuid> <other_uuid>\n';
      if (!leg(x)?.up || !leg(y)?.up) return '-ERR Invalid uuid\n';
      // bridging is not part of ivrpay's call model (rooms are); say so rather than pretend
      return '-ERR simulator: uuid_bridge is not modelled\n';
    }
    case 'fsctl':
      return fsctl(host, args);
    case 'show':
      return show(sw, args);
    case 'conference':
      return sw.conferences.api(splitArgs(args));
    default:
      return `-ERR ${command} Command not found!\n`;
  }
}

/** switch_channel_get_variable_dup: channel variables, then caller-profile fields. */
function getVariable(l: Leg, name: string): string | undefined {
  const v = l.getVar(name);
  if (v !== undefined) return v;
  const p = l.profile;
  const fields: Record<string, string> = {
    uuid: l.uuid,
    chan_name: l.name,
    destination_number: p.destination,
    caller_id_name: p.callerIdName,
    caller_id_number: p.callerIdNumber,
    ani: p.ani,
    context: p.context,
    dialplan: p.dialplan,
    source: p.source,
  };
  return fields[name] || undefined;
}

function status(sw: Switch): string {
  let us = (Date.now() - sw.stats.startedAt) * 1000;
  const part = (div: number) => {
    const n = Math.floor(us / div);
    us -= n * div;
    return n;
  };
  const years = part(365 * 86400e6);
  const days = part(86400e6);
  const hours = part(3600e6);
  const minutes = part(60e6);
  const seconds = part(1e6);
  const ms = part(1e3);
  const up = sw.legs.size;
  return (
    `UP ${years} years, ${days} days, ${hours} hours, ${minutes} minutes, ${seconds} seconds, ${ms} milliseconds, ${Math.floor(us)} microseconds\n` +
    `${READY_LINE}\n` +
    `${sw.stats.sessionsSinceStart} session(s) since startup\n` +
    `${up} session(s) - peak ${sw.stats.peak}, last 5min ${sw.stats.peak} \n` +
    `0 session(s) per Sec out of max ${sw.stats.sps}, peak ${Math.min(sw.stats.peak, sw.stats.sps)}, last 5min ${Math.min(sw.stats.peak, sw.stats.sps)} \n` +
    `${sw.stats.maxSessions} session(s) max\n` +
    'min idle cpu 0.00/99.00\n' +
    'Current Stack Size/Max 240K/8192K\n'
  );
}

function record(sw: Switch, args: string): string {
  const argv = splitArgs(args);
  if (argv.length < 3) return `-USAGE: ${RECORD_SYNTAX}\n`;
  const [uuid, action, path] = argv as [string, string, string];
  const l = sw.legs.get(uuid);
  if (!l) return '-ERR Cannot locate session!\n';
  const rec = l.recordings.get(path);
  switch (action.toLowerCase()) {
    case 'start':
      l.recordings.set(path, { masked: false });
      return '+OK Success\n';
    case 'stop':
      if (!rec && path !== 'all') return '-ERR Cannot stop record session!\n';
      if (path === 'all') l.recordings.clear();
      else l.recordings.delete(path);
      // a loopback leg carries no media: FreeSWITCH 1.11 writes one 20 ms frame and reports this
      l.setVar('record_file_size', '364');
      l.setVar('record_samples', '160');
      l.setVar('record_seconds', '0');
      l.setVar('record_ms', '20');
      l.setVar('record_completion_cause', 'success-maxtime');
      return '+OK Success\n';
    case 'mask':
      if (!rec) return '-ERR Cannot mask recording session!\n';
      rec.masked = true;
      return '+OK Success\n';
    case 'unmask':
      if (!rec) return '-ERR Cannot unmask recording session!\n';
      rec.masked = false;
      return '+OK Success\n';
    case 'pause':
      return rec ? '+OK Success\n' : '-ERR Cannot pause recording session!\n';
    case 'resume':
      return rec ? '+OK Success\n' : '-ERR Cannot resume recording session!\n';
    default:
      return `-USAGE: ${RECORD_SYNTAX}\n`;
  }
}

function dropDtmf(sw: Switch, args: string): string {
  if (!args) return `-USAGE: ${DROP_DTMF_SYNTAX}\n`;
  const argv = args.split(' ');
  if (argv.length < 4) return `-USAGE: ${DROP_DTMF_SYNTAX}\n`;
  const [uuid, action, maskAction, maskArg] = argv as [string, string, string, string];
  if (!uuid) return `-USAGE: ${DROP_DTMF_SYNTAX}\n`;
  const l = sw.legs.get(uuid);
  if (!l) return `-ERR No such channel ${uuid}!\n`;
  l.setVar('drop_dtmf_masking_digits', undefined);
  l.setVar('drop_dtmf_masking_file', undefined);
  if (maskAction && maskArg) {
    if (maskAction.toLowerCase() === 'mask_digits') l.setVar('drop_dtmf_masking_digits', maskArg);
    else if (maskAction.toLowerCase() === 'mask_file') l.setVar('drop_dtmf_masking_file', maskArg);
    else return `-USAGE: ${DROP_DTMF_SYNTAX}\n`;
  }
  const on = action.toLowerCase() === 'on';
  l.dropDtmf = { on };
  l.setVar('drop_dtmf', on ? 'true' : 'false');
  return `+OK ${uuid} is ${on ? 'dropping' : 'not dropping'} DTMF. mask_file: ${l.getVar('drop_dtmf_masking_file') ?? 'NONE'} mask_digits: ${l.getVar('drop_dtmf_masking_digits') ?? 'NONE'}\n`;
}

function fsctl(host: ApiHost, args: string): string {
  const sw = host.sw;
  const argv = splitArgs(args);
  if (!argv.length) return `-USAGE: ${CTL_SYNTAX}\n`;
  switch (argv[0]!.toLowerCase()) {
    case 'sps': {
      const n = Number.parseInt(argv[1] ?? '', 10);
      if (n > 0) sw.stats.sps = n;
      return `+OK sessions per second: ${sw.stats.sps}\n`;
    }
    case 'hupall':
      sw.hangupAll('MANAGER_REQUEST');
      return '+OK\n';
    case 'shutdown':
      if (argv[1]?.toLowerCase() === 'cancel') return '+OK\n';
      setImmediate(() => host.shutdown());
      return '+OK\n';
    default:
      return `-ERR Invalid command\nUSAGE: fsctl ${CTL_SYNTAX}\n`;
  }
}

const SHOW_COLUMNS =
  'uuid,direction,created,created_epoch,name,state,cid_name,cid_num,ip_addr,dest,application,application_data,dialplan,context,read_codec,read_rate,read_bit_rate,write_codec,write_rate,write_bit_rate,secure,hostname,presence_id,presence_data,accountcode,callstate,callee_name,callee_num,callee_direction,call_uuid,sent_callee_name,sent_callee_num,initial_cid_name,initial_cid_num,initial_ip_addr,initial_dest,initial_dialplan,initial_context'.split(
    ',',
  );

function show(sw: Switch, args: string): string {
  const argv = splitArgs(args);
  if (argv[0]?.toLowerCase() !== 'channels') return '-USAGE: codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]|calls|detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|management|modules|nat_map|say|interfaces|interface_types|tasks|limits|status\n';
  const rows = [...sw.legs.values()].filter((l) => l.up).map((l) => channelRow(sw, l));
  if (argv[1]?.toLowerCase() === 'as' && argv[2]?.toLowerCase() === 'json') {
    if (!rows.length) return '{"row_count": 0}\n';
    return JSON.stringify({ row_count: rows.length, rows: rows.map((r) => Object.fromEntries(SHOW_COLUMNS.map((c, i) => [c, r[i] ?? '']))) });
  }
  if (!rows.length) return '\n0 total.\n';
  return `${SHOW_COLUMNS.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n\n${rows.length} total.\n`;
}

function channelRow(sw: Switch, l: Leg): string[] {
  const p = l.profile;
  const created = new Date(p.created / 1000);
  const top = l.stack[l.stack.length - 1];
  const inline = l.leg === 'A';
  return [
    l.uuid,
    l.direction,
    localStamp(created),
    String(Math.floor(p.created / 1e6)),
    l.name,
    l.runningState,
    p.callerIdName,
    p.callerIdNumber,
    '',
    inline ? (top?.app ?? '') : p.destination,
    top?.app ?? '',
    top?.data ?? '',
    inline ? 'inline' : p.dialplan,
    p.context,
    'L16',
    '8000',
    '128000',
    'L16',
    '8000',
    '128000',
    '',
    sw.events.id.hostname,
    '',
    '',
    '',
    l.callState,
    inline ? '' : 'Outbound Call',
    inline ? p.calleeIdNumber : p.context,
    inline ? 'RECV' : '',
    inline ? l.uuid : '',
    '',
    '',
    '',
    l.initial.cidNumber,
    '',
    l.initial.destination,
    l.initial.dialplan,
    l.initial.context,
  ];
}
