// Replays real FreeSWITCH wire transcripts (test/fixtures/esl) against the simulator and checks what it answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from './index.js';
import { IVRPAY_DIALPLAN, type Dialplan } from './dialplan.js';
import { replay, type IdMap, type ReplayOptions } from './testing/replay.js';
import { checkFraming, compareStrict, compareStructure, type CompareOptions } from './testing/compare.js';
import { RawEslClient } from './testing/esl-client.js';
import { writeWav } from './testing/harness.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/esl');
/** where the captures' sound files were (scripts in freeswitch/sim/capture) */
const CAPTURE_SOUNDS = '/tmp/fs-sim-ref-conf/sounds';

let sounds: string;

beforeAll(() => {
  sounds = mkdtempSync(join(tmpdir(), 'sim-sounds-'));
  mkdirSync(join(sounds, 'ivrpay/en'), { recursive: true });
  // silence as long as the capture's prompts were
  writeWav(join(sounds, 'ivrpay/en/card-number.wav'), 1500);
  writeWav(join(sounds, 'ivrpay/en/expiry.wav'), 1500);
});
afterAll(() => rmSync(sounds, { recursive: true, force: true }));

/** The dialplan of the original captures (shared/freeswitch-esl/tools/fs-dialplan-public-00_esl_capture.xml), for their replays. */
const VANILLA_PUBLIC_PRELUDE = [
  { app: 'set', data: 'outside_call=true' },
  { app: 'export', data: 'RFC2822_DATE=${strftime(%a, %d %b %Y %T %z)}' },
];
const CAPTURE_DIALPLAN: Dialplan = {
  ...IVRPAY_DIALPLAN,
  public: [
    {
      name: 'esl_park',
      conditions: [{ field: 'destination_number', expression: /^esl_park$/, actions: [...VANILLA_PUBLIC_PRELUDE, { app: 'answer' }, { app: 'park' }] }],
    },
    {
      name: 'esl_conf',
      conditions: [
        { field: 'destination_number', expression: /^esl_conf$/, actions: [...VANILLA_PUBLIC_PRELUDE, { app: 'answer' }, { app: 'conference', data: 'esl_room@esl' }] },
      ],
    },
    // vanilla's public context ends a call to an unknown number with NORMAL_CLEARING (03's `loopback/esl_nosuch/public`)
    { name: 'vanilla_fallthrough', conditions: [{ field: 'destination_number', expression: /^.*$/, actions: [{ app: 'hangup', data: 'NORMAL_CLEARING' }] }] },
  ],
};

/** Numbers that legitimately differ: uptime, counters, the pointer mod_conference prints, file paths. */
function normalize(text: string): string {
  return text
    .split(CAPTURE_SOUNDS)
    .join('<sounds>')
    .split(sounds)
    .join('<sounds>')
    .replace(/UP \d+ years, \d+ days, \d+ hours, \d+ minutes, \d+ seconds, \d+ milliseconds, \d+ microseconds/, 'UP <uptime>')
    .replace(/\d+ session\(s\) since startup\n\d+ session\(s\) - peak \d+, last 5min \d+ \n0 session\(s\) per Sec out of max \d+, peak \d+, last 5min \d+ \n\d+ session\(s\) max\nmin idle cpu [\d.]+\/[\d.]+/, '<sessions>')
    .replace(/-ERR Member: \d+ not found/, '-ERR Member: <pointer> not found')
    // the capture switch ran sessions-per-second 1000; freeswitch/conf (and so the simulator) 200
    .replace(/^\+OK sessions per second: (1000|200)\n$/, '+OK sessions per second: <default>\n')
    .replace(/\b\d{10}:(<uuid>|<\d+>):bl_xfer:/g, '<epoch>:<uuid>:bl_xfer:')
    .replace(/^(conference_.*_)\d+\.\d+\.\d+\.\d+(_[^_]*)$/, '$1<domain>$2')
    .replace(/"(run_time|join_time)":\t\d+/g, '"$1":\t<n>')
    .replace(/run_time="\d+"/g, 'run_time="<n>"')
    .replace(/<join_time>\d+<\/join_time>/g, '<join_time><n></join_time>')
    .replace(/"created(_epoch)?":"[^"]*"/g, '"created$1":"<t>"')
    .replace(/,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+,/g, ',<created>,')
    .replace(/,(vm|[\w.-]+),,,,(ACTIVE|RINGING|DOWN)/g, ',<host>,,,,$2')
    .replace(/"hostname":"[^"]*"/g, '"hostname":"<host>"');
}

interface Case {
  file: string;
  sync: ReplayOptions['sync'];
  mode: 'strict' | 'structure';
  sim?: SimulatorOptions;
  compare?: CompareOptions;
  replay?: Partial<ReplayOptions>;
  /** what the capture did on other connections, by annotation */
  external?: (sim: Simulator, side: RawEslClient, note: string, ids: IdMap) => Promise<void>;
  /** the differences this case accepts, said plainly */
  why?: string;
}

/** The customer's digits in a SIP capture, read from the DTMF events the real switch raised (one digit per event). */
function digitsOf(file: string): string[] {
  const text = readFileSync(join(FIXTURES, file), 'latin1');
  const plain = [...text.matchAll(/\nDTMF-Digit: ([^\n]+)\n/g)].map((m) => decodeURIComponent(m[1]!));
  const json = [...text.matchAll(/"DTMF-Digit":"([^"]+)"/g)].map((m) => m[1]!);
  return plain.length ? plain : json;
}

/**
 * The SIP captures' outside actions (a SIP phone dials, keys digits, hangs up), done with a loopback
 * leg on a second connection; the phone's B leg is the channel the capture's client talks about.
 */
function sipPhone(file: string, dialed: string): Case['external'] {
  let phone: string | undefined;
  const digits = digitsOf(file);
  let used = 0;
  return async (_sim, side, note, ids) => {
    if (/UA dials/.test(note)) {
      phone = (await side.api(`originate loopback/${dialed}/public &park()`)).trim().split(' ')[1];
    } else if (phone && /customer leg A = ([0-9a-f-]{36})/.test(note)) {
      const real = /customer leg A = ([0-9a-f-]{36})/.exec(note)![1]!;
      ids.learn(real, (await side.api(`uuid_getvar ${phone} other_loopback_leg_uuid`)).trim());
    } else if (phone && /UA sends RFC2833 DTMF/.test(note)) {
      // as many digits as the capture shows events for (none when the annotation says sensitive_dtmf hid them)
      const n = /sensitive_dtmf/.test(note) ? 3 : note.includes('1 2 3 #') ? 4 : digits.length - used;
      const batch = /sensitive_dtmf/.test(note) ? '123' : digits.slice(used, used + n).join('');
      if (!/sensitive_dtmf/.test(note)) used += n;
      await side.api(`uuid_send_dtmf ${phone} ${batch}`);
    } else if (phone && /UA hangs up/.test(note)) {
      await side.api(`uuid_kill ${phone}`);
    } else if (/fsctl shutdown/.test(note)) {
      await _sim.shutdown();
    }
  };
}

/** 05a/05d list lines: the channel kind (sofia vs loopback), caller ids and the energy-driven talking flag differ. */
function normalizeStructure(text: string): string {
  return normalize(text)
    .replace(/^(\d+);[^;\n]*;([^;\n]*);[^;\n]*;[^;\n]*;([a-z|]*);/gm, (_, id, uuid, flags: string) => `${id};<channel>;${uuid};<cid>;<cid>;${flags.replace('|talking', '')};`)
    .replace(/sofia\/external\/\S+|loopback\/\S+/g, '<endpoint>');
}

const SIP: CompareOptions = {
  normalizeText: normalizeStructure,
  // the SIP legs' own vocabulary; the simulator's loopback legs have theirs (compared in 10-16)
  ignoreHeaders: /^(Caller-Username|Caller-Network-Addr|Caller-Transfer-Source|Caller-RDNIS)$/,
};

const STRICT_IGNORES: CompareOptions = { normalizeText: normalize };

const CASES: Case[] = [
  { file: '01a-auth-ok.esl', sync: 'count', mode: 'strict' },
  { file: '01b-auth-fail.esl', sync: 'count', mode: 'strict' },
  { file: '01c-cmd-before-auth.esl', sync: 'count', mode: 'strict' },
  { file: '07b-shutdown-idle.esl', sync: 'count', mode: 'strict', external: async (sim, _s, note) => void (note.includes('fsctl shutdown') && (await sim.shutdown())) },
  { file: '09-control-commands.esl', sync: 'count', mode: 'strict' },
  {
    file: '03-api-bgapi.esl',
    sync: 'count',
    mode: 'strict',
    sim: { dialplan: CAPTURE_DIALPLAN },
    compare: { ...STRICT_IGNORES, ignoreValues: /^(Job-UUID)$/ },
    why: 'the capture ran the vanilla public context; its two extensions are given to the simulator',
  },
  {
    file: '08-misc-api-replies.esl',
    sync: 'count',
    mode: 'strict',
    replay: { stopAtNote: 'customer UA dials' },
    compare: STRICT_IGNORES,
    why: 'the second half needs a SIP leg (RECORD_START on loopback legs never fires); api replies of the first half only',
  },
  { file: '10-loopback-call-plain.esl', sync: 'count', mode: 'strict', compare: STRICT_IGNORES },
  { file: '11-loopback-call-json.esl', sync: 'count', mode: 'strict', compare: STRICT_IGNORES },
  {
    file: '12-originate-forms.esl',
    sync: 'count',
    mode: 'strict',
    compare: { ...STRICT_IGNORES, normalizeText: (t) => normalize(t).replace('-ERR SUBSCRIBER_ABSENT', '-ERR USER_NOT_REGISTERED') },
    why: 'user/1000: the capture switch had no directory (SUBSCRIBER_ABSENT); ivrpay’s has users, never registered in tests (USER_NOT_REGISTERED, as 03 and 08 show)',
  },
  {
    file: '13-channel-commands.esl',
    sync: 'count',
    mode: 'strict',
    compare: { ...STRICT_IGNORES, looseSteps: [43] },
    why: 'step 43 (sendmsg hangup inside park) races on the real switch: an earlier capture had the partner hung up with the cause first, this one has its park end first',
  },
  {
    file: '14-filters-and-jobs.esl',
    sync: 'count',
    mode: 'strict',
    replay: { ignoreKinds: /^CHANNEL_(STATE|UNPARK|PARK|CALLSTATE)\|/ },
    compare: { ...STRICT_IGNORES, ignoreKinds: /^CHANNEL_(STATE|UNPARK|PARK|CALLSTATE)\|/ },
    why: 'myevents subscribes CHANNEL_STATE/UNPARK, which the simulator does not raise',
  },
  {
    file: '15-shutdown-with-room.esl',
    sync: 'count',
    mode: 'strict',
    compare: STRICT_IGNORES,
    external: async (sim, _s, note) => void (note.includes('fsctl shutdown') && (await sim.shutdown())),
  },
  { file: '16-conference-errors.esl', sync: 'count', mode: 'strict', compare: STRICT_IGNORES },
  {
    file: '04a-dtmf-sip-rfc2833-plain.esl',
    sync: 'kinds',
    mode: 'structure',
    sim: { dialplan: CAPTURE_DIALPLAN },
    compare: SIP,
    external: sipPhone('04a-dtmf-sip-rfc2833-plain.esl', 'esl_park'),
    why: 'SIP customer replaced by a loopback leg; structure per message kind',
  },
  {
    file: '04b-dtmf-sip-rfc2833-json.esl',
    sync: 'kinds',
    mode: 'structure',
    sim: { dialplan: CAPTURE_DIALPLAN },
    compare: SIP,
    external: sipPhone('04b-dtmf-sip-rfc2833-json.esl', 'esl_park'),
    why: 'as 04a, JSON',
  },
  {
    file: '05a-conference.esl',
    sync: 'kinds',
    mode: 'structure',
    sim: { dialplan: CAPTURE_DIALPLAN },
    compare: SIP,
    replay: { rewrite: (t) => t.replace('sofia/external/op@127.0.0.1:15062', 'loopback/ivrpay_phone/ivrpay-test') },
    external: sipPhone('05a-conference.esl', 'esl_conf'),
    why: 'SIP customer and operator replaced by loopback legs; structure per message kind',
  },
  {
    file: '05d-conference-json.esl',
    sync: 'kinds',
    mode: 'structure',
    sim: { dialplan: CAPTURE_DIALPLAN },
    compare: SIP,
    replay: { rewrite: (t) => t.replace('sofia/external/op@127.0.0.1:15062', 'loopback/ivrpay_phone/ivrpay-test') },
    external: sipPhone('05d-conference-json.esl', 'esl_conf'),
    why: 'as 05a, JSON',
  },
  {
    file: '07a-shutdown-with-call.esl',
    sync: 'kinds',
    mode: 'structure',
    sim: { dialplan: CAPTURE_DIALPLAN },
    compare: SIP,
    external: sipPhone('07a-shutdown-with-call.esl', 'esl_park'),
    why: 'SIP customer replaced by a loopback leg; fsctl shutdown from outside',
  },
];

async function run(c: Case): Promise<{ diffs: string[]; framing: string[] }> {
  const sim = await startSimulator({ soundsDir: sounds, ...c.sim });
  const side = await RawEslClient.connect(sim.host, sim.port);
  await side.auth();
  try {
    const res = await replay(readFileSync(join(FIXTURES, c.file)), {
      host: sim.host,
      port: sim.port,
      sync: c.sync,
      maxGapMs: 1200,
      timeoutMs: 3000,
      ...c.replay,
      onNote: async (note, ctx) => {
        if (c.external) await c.external(sim, side, note, ctx.ids);
      },
    });
    const diffs = c.mode === 'strict' ? compareStrict(res, c.compare) : compareStructure(res, c.compare);
    return { diffs, framing: checkFraming(res.received) };
  } finally {
    side.destroy();
    await sim.close();
  }
}

describe('replaying real FreeSWITCH transcripts', () => {
  for (const c of CASES) {
    it.concurrent(`${c.file}${c.why ? ` (${c.why})` : ''}`, { timeout: 60_000 }, async () => {
      const { diffs, framing } = await run(c);
      expect(framing).toEqual([]);
      expect(diffs.join('\n')).toBe('');
    });
  }
});


