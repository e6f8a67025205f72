// Replays real FreeSWITCH wire transcripts (test/fixtures/esl) against the simulator and checks what it answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from './index.js';
import { IVRPAY_DIALPLAN, type Dialplan } from './dialplan.js';
import { replay, type ReplayOptions } from './testing/replay.js';
import { checkFraming, compareStrict, compareStructure, type CompareOptions } from './testing/compare.js';
import { RawEslClient } from './testing/esl-client.js';
import { eventHeader } from './testing/esl-client.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/esl');
/** where the captures' sound files were (scripts in freeswitch/sim/capture) */
const CAPTURE_SOUNDS = '/tmp/fs-sim-ref-conf/sounds';

let sounds: string;

/** 8 kHz 16-bit mono silence, the length the capture's prompts had. */
function wav(path: string, ms: number): void {
  const data = Buffer.alloc(ms * 16);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([h, data]));
}

beforeAll(() => {
  sounds = mkdtempSync(join(tmpdir(), 'sim-sounds-'));
  mkdirSync(join(sounds, 'ivrpay/en'), { recursive: true });
  wav(join(sounds, 'ivrpay/en/card-number.wav'), 1500);
  wav(join(sounds, 'ivrpay/en/expiry.wav'), 1500);
});
afterAll(() => rmSync(sounds, { recursive: true, force: true }));

/** The dialplan of the original captures (shared/freeswitch-esl/tools/fs-dialplan-public-00_esl_capture.xml), for their replays. */
const CAPTURE_DIALPLAN: Dialplan = {
  ...IVRPAY_DIALPLAN,
  public: [
    { name: 'esl_park', conditions: [{ field: 'destination_number', expression: /^esl_park$/, actions: [{ app: 'answer' }, { app: 'park' }] }] },
    {
      name: 'esl_conf',
      conditions: [{ field: 'destination_number', expression: /^esl_conf$/, actions: [{ app: 'answer' }, { app: 'conference', data: 'esl_room@esl' }] }],
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
  external?: (sim: Simulator, side: RawEslClient, note: string, ids: { apply(t: string): string }) => Promise<void>;
  /** the differences this case accepts, said plainly */
  why?: string;
}

const DIGITS = /DTMF events seen: (.*)$/;

/** The SIP captures' outside actions, done with loopback legs on a second connection. */
function sipDriver(dialed: string): Case['external'] {
  let customer: string | undefined;
  return async (_sim, side, note) => {
    if (note.includes('customer UA dials')) {
      const r = await side.api(`originate loopback/${dialed}/public &park()`);
      customer = r.trim().split(' ')[1];
    } else if (note.includes('customer UA sends') && customer) {
      // the digits come from the capture's DTMF events, one by one (the annotation itself is scrubbed)
      const seen = readAnnotation(note);
      if (seen) await side.api(`uuid_send_dtmf ${customer} ${seen}`);
    } else if (note.includes('customer UA hangs up') && customer) {
      await side.api(`uuid_kill ${customer}`);
    }
  };
}

let pendingDigits = '';
function readAnnotation(note: string): string | undefined {
  if (note.includes('customer UA sends')) return pendingDigits || undefined;
  return undefined;
}

/** 04a/04b/05a/05d: the digits the customer sent, read from the DTMF events the real switch raised. */
function digitsOf(file: string): string {
  const text = readFileSync(join(FIXTURES, file), 'latin1');
  const m = DIGITS.exec(text.split('\n').find((l) => DIGITS.test(l)) ?? '');
  if (m) return m[1]!.split(' ').map((x) => x.split('@')[0]).join('');
  return [...text.matchAll(/DTMF-Digit: (.)/g)].map((x) => decodeURIComponent(x[1]!)).join('');
}

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

export { eventHeader, digitsOf, sipDriver, pendingDigits, CASES, run };
