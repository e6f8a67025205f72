// `npm run bench`: digit latency (simulator, and a real FreeSWITCH with IVRPAY_TEST_ESL), most captures per process, creates/s, start time, widget sizes; prints the table, writes bench/results/<date>-<sha>.json.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSimulator, type Simulator } from '../freeswitch/sim/index.js';
import { BenchServer } from './server.js';
import { EslLite } from './esl-lite.js';
import { runLatency, type LatencyResult, type SwitchUnderTest } from './latency.js';
import { runCreates, type CreatesResult } from './creates.js';
import { runStartup, type StartupResult } from './startup.js';
import { widgetSizes, type WidgetSizes } from './widget-size.js';
import { machineInfo, type MachineInfo } from './machine.js';
import { summarizeProfile, type ProfileSummary } from './profile.js';
import { round } from './stats.js';
import { createDatabase, startScratchPostgres, PG_BIN } from '../test/support/postgres.js';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench/results');

/** Targets from issue #8 (2-core machine). */
const TARGET = { p99At1000Ms: 20, sessions: 2000, sessionP99Ms: 50, createsPerSecond: 3000, startMs: 2000 };
/** Others' load above this (% of one core) during a latency window marks the run as contended; runs of 1,000+ are tried up to 3 times. */
const CONTENDED_PCT = 25;
/** `npm run bench` must end within 10 minutes: the open-ended search for the most sessions stops starting runs after this. */
const SEARCH_DEADLINE_MS = 9 * 60_000;
/** …and tries no run again after this. */
const RETRY_DEADLINE_MS = 7.5 * 60_000;

interface Options {
  quick: boolean;
  only: Set<string> | null;
  maxSessions: number;
  write: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, only: null, maxSessions: 6000, write: true };
  for (const a of argv) {
    if (a === '--quick') o.quick = true;
    else if (a === '--no-write') o.write = false;
    else if (a.startsWith('--only=')) o.only = new Set(a.slice(7).split(','));
    else if (a.startsWith('--max-sessions=')) o.maxSessions = Number(a.slice(15));
    else if (a === '--help' || a === '-h') {
      console.log(`npm run bench [-- --quick] [--only=widget,start,latency,profile,creates,freeswitch,sessions] [--max-sessions=N] [--no-write]
  IVRPAY_TEST_ESL=host:port[:password]  also run the 10- and 100-capture latency against that FreeSWITCH
  BENCH_SERVER_FLAGS="--trace-gc ..."   extra node flags for the server process (investigations)`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (--help)`);
  }
  return o;
}

interface LatencyEntry extends LatencyResult {
  label: string;
  contended: boolean;
  retried?: boolean;
}

interface Results {
  startedAt: string;
  command: string;
  machine: MachineInfo;
  notes: string[];
  latency: LatencyEntry[];
  sessions: { maxWithP99Under50Ms: number | null; tried: { captures: number; p99Ms: number; missing: number; ok: boolean; contended: boolean }[] } | null;
  profile: (ProfileSummary & { captures: number; latencyP99Ms: number }) | null;
  creates: { sqlite: CreatesResult | null; postgres: CreatesResult | string | null };
  startup: StartupResult | null;
  widget: WidgetSizes | null;
  cardScan: { pans: number; bytesScanned: number; found: number } | null;
  durationS: number;
}

const opts = parseArgs(process.argv.slice(2));
const want = (s: string) => (opts.only ? opts.only.has(s) : s !== 'freeswitch' || !!process.env.IVRPAY_TEST_ESL);
const t0 = performance.now();
const elapsed = () => performance.now() - t0;
const log = (s: string) => process.stderr.write(`[bench ${(elapsed() / 1000).toFixed(0).padStart(3)}s] ${s}\n`);

const info = machineInfo();
const stamp = new Date().toISOString().slice(0, 10);
const base = `${stamp}-${info.shortCommit}`;
const results: Results = {
  startedAt: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  machine: info,
  notes: [
    'latency = DTMF event written to the server\'s ESL socket (simulator hook; real switch: arrival on a second ESL connection) → SSE `digit` event read by an HTTP client',
    'the server runs alone in a child process (startIvrpay); the simulator, the customers\' phones and the SSE readers share the bench process: two busy processes on two cores',
    'human pace: 16 digits one every 250 ms, each capture starting at a random moment within 4 s (one card\'s keying time); in step: all starting within 250 ms (worst case); bursts: 16 digits in one uuid_send_dtmf, the bursts spread over 4 s',
    'real FreeSWITCH: "other load" includes FreeSWITCH itself',
  ],
  latency: [],
  sessions: null,
  profile: null,
  creates: { sqlite: null, postgres: null },
  startup: null,
  widget: null,
  cardScan: null,
  durationS: 0,
};
log(`${info.cores} cores, ${info.cpuModel}, Node ${info.node}, commit ${info.shortCommit}${info.dirty ? ' (+ uncommitted changes)' : ''}, load ${info.loadAverage.join(' ')}`);

/** Every PAN keyed in this run: nothing the bench or the servers wrote may contain one. */
const pans = new Set<string>();
const scan = { bytes: 0, found: 0 };

const SIM_PASSWORD = 'bench-sim';
let sim: Simulator | null = null;
const simDtmf: SwitchUnderTest['dtmf'] = { handler: null };

async function simulator(): Promise<{ sw: SwitchUnderTest; esl: string }> {
  if (!sim) {
    sim = await startSimulator({
      host: '127.0.0.1',
      port: 0,
      password: SIM_PASSWORD,
      soundsDir: join(ROOT, 'freeswitch/sounds'),
      onEventWritten: (e, at) => {
        if (e.name === 'DTMF' && simDtmf.handler) simDtmf.handler(e.get('Unique-ID') ?? '', at);
      },
    });
  }
  const phone = await EslLite.connect(sim.host, sim.port, SIM_PASSWORD);
  await phone.subscribe(['BACKGROUND_JOB']);
  return { sw: { kind: 'simulator', phone, dtmf: simDtmf, originatesPerSecond: 1_000 }, esl: `${sim.host}:${sim.port}:${SIM_PASSWORD}` };
}

/** Stops a bench server and scans what it wrote (log, SQLite files) for the PANs keyed so far. */
async function closeServer(server: BenchServer): Promise<void> {
  await server.close();
  for (const f of server.written()) {
    scan.bytes += f.length;
    scan.found += pansIn(f.toString('latin1'));
  }
  server.remove();
}

async function latency(server: BenchServer, sw: SwitchUnderTest, label: string, captures: number, pace: LatencyEntry['pace'], retry = false): Promise<LatencyEntry> {
  log(`latency: ${label}, ${captures} captures, ${pace} …`);
  const run = async (): Promise<LatencyEntry> => {
    const r = await runLatency(server, sw, { captures, pace }, pans);
    return { label, ...r, contended: r.machine.otherPct > CONTENDED_PCT };
  };
  let r = await run();
  // up to two more tries while other processes took the CPU; the least disturbed one counts
  for (let i = 0; retry && r.contended && i < 2 && elapsed() < RETRY_DEADLINE_MS; i++) {
    log(`  other load ${r.machine.otherPct}% of a core during the run: again`);
    const again = await run();
    if (again.machine.otherPct < r.machine.otherPct) r = again;
    r.retried = true;
  }
  log(`  p50 ${r.latencyMs.p50} / p99 ${r.latencyMs.p99} / max ${r.latencyMs.max} ms, ${r.digits.measured}/${r.digits.expected} digits, server CPU ${r.server.cpuPct}%, other ${r.machine.otherPct}%`);
  return r;
}

try {
  if (want('widget')) {
    log('widget sizes …');
    results.widget = widgetSizes();
  }
  if (want('start')) {
    log('npm start → ready …');
    results.startup = await runStartup(opts.quick ? 2 : 4);
  }

  if (want('latency') || want('profile')) {
    const { sw, esl } = await simulator();
    const server = await BenchServer.start(esl);
    try {
      log('warm-up (not reported) …');
      await runLatency(server, sw, { captures: 100, pace: 'burst' }, pans);
      if (want('latency')) {
        for (const n of opts.quick ? [10, 100] : [10, 100, 1000]) {
          for (const pace of n >= 1000 ? (['human', 'burst', 'in-step'] as const) : (['human', 'burst'] as const)) {
            results.latency.push(await latency(server, sw, 'simulator', n, pace, n >= 1000));
          }
        }
      }
      if (want('profile') && !opts.quick) {
        const file = join(RESULTS, `${base}-server-1000.cpuprofile`);
        log('profiled run: 1000 captures, human pace (server under the V8 sampling profiler) …');
        const r = await runLatency(server, sw, { captures: 1000, pace: 'human', profileFile: file }, pans);
        results.profile = { ...summarizeProfile(file), captures: 1000, latencyP99Ms: r.latencyMs.p99 };
      }
    } finally {
      await closeServer(server);
      sw.phone.close();
    }
  }

  if (want('creates')) {
    log('creates/s over HTTP, SQLite …');
    const { sw, esl } = await simulator();
    const server = await BenchServer.start(esl);
    try {
      results.creates.sqlite = await runCreates(server, { durationMs: opts.quick ? 2_000 : 5_000 });
      log(`  ${results.creates.sqlite.perSecond}/s, p99 ${results.creates.sqlite.latencyMs.p99} ms, server CPU ${results.creates.sqlite.server.cpuPct}%`);
    } finally {
      await closeServer(server);
      sw.phone.close();
    }
    // the same on Postgres (IVRPAY_DATABASE_URL): a scratch server on this machine (Debian's postgresql, fsync off as
    // in the tests), so its CPU is counted in "other load"
    if (!PG_BIN) results.creates.postgres = 'n/a (no Debian postgresql installed)';
    else {
      log('creates/s over HTTP, Postgres …');
      const pg = await startScratchPostgres();
      const pgSwitch = await simulator();
      try {
        const db = await createDatabase(pg.url);
        const pgServer = await BenchServer.start(pgSwitch.esl, { IVRPAY_DATABASE_URL: db.url });
        try {
          const c = await runCreates(pgServer, { durationMs: opts.quick ? 2_000 : 5_000 });
          results.creates.postgres = c;
          log(`  ${c.perSecond}/s, p99 ${c.latencyMs.p99} ms, server CPU ${c.server.cpuPct}%`);
        } finally {
          await closeServer(pgServer);
        }
      } finally {
        pgSwitch.sw.phone.close();
        await pg.stop();
      }
    }
  }

  if (want('freeswitch')) {
    const target = process.env.IVRPAY_TEST_ESL;
    if (!target) throw new Error('--only=freeswitch needs IVRPAY_TEST_ESL=host:port[:password]');
    const [host, port, ...pw] = target.split(':');
    const password = pw.length ? pw.join(':') : (process.env.IVRPAY_ESL_PASSWORD ?? 'ClueCon');
    const phone = await EslLite.connect(host!, Number(port), password);
    await phone.subscribe(['BACKGROUND_JOB']);
    // a second connection only watches DTMF events: when one arrives there it has left the switch
    const observer = await EslLite.connect(host!, Number(port), password);
    const dtmf: SwitchUnderTest['dtmf'] = { handler: null };
    observer.onEvent = (e) => {
      if (dtmf.handler && e.headers.get('Event-Name') === 'DTMF') dtmf.handler(e.headers.get('Unique-ID') ?? '', e.at);
    };
    await observer.subscribe(['DTMF']);
    const sw: SwitchUnderTest = { kind: 'freeswitch', phone, dtmf, originatesPerSecond: 40 };
    const server = await BenchServer.start(`${host}:${port}:${password}`);
    try {
      log(`FreeSWITCH at ${host}:${port}: warm-up (not reported) …`);
      await runLatency(server, sw, { captures: 10, pace: 'human' }, pans);
      for (const n of [10, 100]) {
        for (const pace of ['human', 'burst'] as const) results.latency.push(await latency(server, sw, 'FreeSWITCH', n, pace));
      }
    } finally {
      await closeServer(server);
      phone.close();
      observer.close();
    }
  }

  if (want('sessions') && !opts.quick) {
    const { sw, esl } = await simulator();
    const server = await BenchServer.start(esl);
    try {
      log('most sessions: warm-up (not reported) …');
      await runLatency(server, sw, { captures: 100, pace: 'burst' }, pans);
      results.sessions = await searchSessions(server, sw);
    } finally {
      await closeServer(server);
      sw.phone.close();
    }
  }
} finally {
  await (sim as Simulator | null)?.close();
}

/** Raises the number of concurrent captures (human pace) until the p99 passes 50 ms, within the time left. */
async function searchSessions(server: BenchServer, sw: SwitchUnderTest): Promise<NonNullable<Results['sessions']>> {
  const tried: NonNullable<Results['sessions']>['tried'] = [];
  const attempt = async (n: number) => {
    const r = await latency(server, sw, 'simulator (sessions)', n, 'human', true);
    const ok = r.latencyMs.p99 <= TARGET.sessionP99Ms && r.digits.missing === 0;
    tried.push({ captures: n, p99Ms: r.latencyMs.p99, missing: r.digits.missing, ok, contended: r.contended });
    results.latency.push(r);
    return ok;
  };
  // a run of n captures takes about 8 s + 12 s per 1,000 (calls, payments, streams, keying, hang-up), more when retried
  const fits = (n: number) => elapsed() + (8_000 + (n / 1000) * 12_000) * (elapsed() < RETRY_DEADLINE_MS ? 3 : 1) < SEARCH_DEADLINE_MS;
  // from the target up by 1,000 while it holds; below the first failure down by 500; then halve the gap to 250
  let lo = 0;
  let hi: number | null = null;
  let n = TARGET.sessions;
  while (n >= 250 && n <= opts.maxSessions && fits(n)) {
    if (await attempt(n)) lo = n;
    else hi = n;
    if (hi === null) n += 1000;
    else if (hi - lo <= 250) break;
    else n = lo === 0 ? hi - 500 : lo + Math.max(250, Math.round((hi - lo) / 2 / 250) * 250);
  }
  return { maxWithP99Under50Ms: lo || null, tried };
}

// the card-data scan: the servers' logs and SQLite files, and what the bench is about to print and write
results.durationS = round(elapsed() / 1000, 0);
const tables = render(results);
const json = JSON.stringify(results, null, 2);
for (const text of [json, tables]) {
  scan.bytes += Buffer.byteLength(text);
  scan.found += pansIn(text);
}
// the scan itself must see a PAN when there is one
const sample = pans.values().next().value;
if (sample !== undefined && pansIn(`x${sample}y`) !== 1) throw new Error('the card-data scan does not work');
const found = scan.found;
results.cardScan = { pans: pans.size, bytesScanned: scan.bytes, found };
results.durationS = round(elapsed() / 1000, 0);
process.stdout.write(`${render(results)}\n`);
if (opts.write) {
  let file = join(RESULTS, `${base}.json`);
  for (let i = 2; existsSync(file); i++) file = join(RESULTS, `${base}-${i}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${file.slice(ROOT.length + 1)}`);
}
if (found) {
  log(`CARD DATA FOUND in what was written (${found} hits): this is a bug`);
  process.exitCode = 1;
}

/** How many 16-digit windows of the digit runs in `text` are PANs keyed in this run (one pass, whatever the size). */
function pansIn(text: string): number {
  let hits = 0;
  for (const m of text.matchAll(/[0-9]{16,}/g)) {
    const run = m[0];
    for (let i = 0; i + 16 <= run.length; i++) if (pans.has(run.slice(i, i + 16))) hits++;
  }
  return hits;
}

// ---- the table ----------------------------------------------------------------------------------------------

function ms(v: number): string {
  return Number.isFinite(v) ? (v >= 100 ? String(Math.round(v)) : v.toFixed(1)) : '–';
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

function render(r: Results): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`ivrpay bench — ${m.cores} cores (${m.cpuModel}), Node ${m.node}, commit ${m.shortCommit}${m.dirty ? '+changes' : ''}, ${r.startedAt.slice(0, 16)}Z, ${r.durationS} s`);
  out.push('');
  out.push('| measure | result | target |');
  out.push('|---|---|---|');
  const lat = (label: string, n: number, pace: string) => r.latency.find((l) => l.label === label && l.captures === n && l.pace === pace);
  const paceName = { human: 'human pace (4/s)', burst: 'bursts of 16', 'in-step': 'human pace, all in step (worst case)' };
  for (const n of [10, 100, 1000]) {
    for (const pace of ['human', 'burst', 'in-step'] as const) {
      const l = lat('simulator', n, pace);
      if (!l) continue;
      const target = n === 1000 && pace === 'human' ? `p99 ≤ ${TARGET.p99At1000Ms} ms` : '';
      out.push(`| digit latency, ${n} captures, ${paceName[pace]} | p50 ${ms(l.latencyMs.p50)} / p99 ${ms(l.latencyMs.p99)} / max ${ms(l.latencyMs.max)} ms${l.digits.missing ? `, ${l.digits.missing} digits missing` : ''}${l.contended ? ' *' : ''} | ${target} |`);
    }
  }
  if (r.sessions) {
    const s = r.sessions;
    const tried = s.tried.map((t) => `${t.captures}: p99 ${ms(t.p99Ms)} ms${t.missing ? ` (${t.missing} missing)` : ''}${t.contended ? ' *' : ''}`).join('; ');
    out.push(`| most concurrent captures (human pace) with p99 ≤ ${TARGET.sessionP99Ms} ms | ${s.maxWithP99Under50Ms ?? `< ${s.tried[0]?.captures ?? '?'}`} (${tried}) | ≥ ${TARGET.sessions} |`);
  }
  const createsRow = (label: string, c: CreatesResult | string | null) => {
    if (c === null) return;
    const value = typeof c === 'string' ? c : `${c.perSecond}/s (${c.connections} connections, p50 ${ms(c.latencyMs.p50)} / p99 ${ms(c.latencyMs.p99)} ms, server CPU ${c.server.cpuPct}%)`;
    out.push(`| creates/s over HTTP, ${label} | ${value} | ≥ ${TARGET.createsPerSecond}/s |`);
  };
  createsRow('SQLite (WAL)', r.creates.sqlite);
  createsRow('Postgres (same machine)', r.creates.postgres);
  if (r.startup) {
    const s = r.startup;
    out.push(`| \`npm start\` → ready (${s.command}) | first start ${(s.firstMs / 1000).toFixed(2)} s, restarts ${(s.medianRestartMs / 1000).toFixed(2)} s (median of ${s.restartsMs.length}; inside startIvrpay ${s.insideMs} ms) | ≤ ${TARGET.startMs / 1000} s |`);
  }
  if (r.widget) {
    for (const f of r.widget.files) out.push(`| widget \`${f.file}\` | ${kb(f.gzipBytes)} gzip (${kb(f.bytes)} raw) | |`);
  }
  for (const n of [10, 100]) {
    for (const pace of ['human', 'burst']) {
      const l = lat('FreeSWITCH', n, pace);
      if (!l) continue;
      out.push(`| real FreeSWITCH, ${n} captures, ${pace === 'human' ? 'human pace' : 'bursts'}: ESL → SSE | p50 ${ms(l.latencyMs.p50)} / p99 ${ms(l.latencyMs.p99)} / max ${ms(l.latencyMs.max)} ms; the switch's share (uuid_send_dtmf → DTMF event) p50 ${ms(l.switchMs.p50)} / p99 ${ms(l.switchMs.p99)} ms${l.digits.missing ? `; ${l.digits.missing} digits missing` : ''} | |`);
    }
  }
  if (r.cardScan) out.push(`| card data in anything written | ${r.cardScan.found === 0 ? 'none' : `FOUND ${r.cardScan.found}`} (${r.cardScan.pans} PANs keyed; ${kb(r.cardScan.bytesScanned)} of logs, SQLite files, JSON and this table scanned) | none |`);

  if (r.latency.length) {
    out.push('');
    out.push('| switch | captures | pace | peak digits/s | ESL→SSE p50 | p99 | max | p99 of 1st / 2nd–15th / 16th digit | key→ESL event p50 / p99 | server CPU (µs/digit) | bench CPU | other load |');
    out.push('|---|---:|---|---:|---:|---:|---:|---|---|---:|---:|---:|');
    for (const l of r.latency) {
      const mid = Math.max(...l.byDigitP99Ms.slice(1, -1).filter(Number.isFinite));
      out.push(
        `| ${l.label} | ${l.captures} | ${l.pace} | ${l.digits.peakPerSecond} | ${ms(l.latencyMs.p50)} | ${ms(l.latencyMs.p99)} | ${ms(l.latencyMs.max)} | ${ms(l.byDigitP99Ms[0] ?? NaN)} / ≤ ${ms(mid)} / ${ms(l.byDigitP99Ms.at(-1) ?? NaN)} | ${ms(l.switchMs.p50)} / ${ms(l.switchMs.p99)} | ${l.server.cpuPct}% (${l.server.cpuUsPerDigit}) | ${l.bench.cpuPct}% | ${l.machine.otherPct}%${l.contended ? ' *' : ''} |`,
      );
    }
    if (r.latency.some((l) => l.contended)) out.push(`\n\\* other processes used more than ${CONTENDED_PCT}% of a core during the run: the machine was shared.`);
    const errs = r.latency.flatMap((l) => l.errors.map((e) => `${l.label} ${l.captures} ${l.pace}: ${e}`));
    if (errs.length) out.push(`\nerrors (${errs.length}): ${errs.slice(0, 5).join('; ')}`);
  }
  if (r.profile) {
    const p = r.profile;
    out.push('');
    out.push(`Server profile, ${p.captures} captures at human pace (p99 ${ms(p.latencyP99Ms)} ms under the profiler), ${p.busyPct}% busy — self time by area: ${p.areas.slice(0, 8).map((a) => `${a.area} ${a.selfPct}%`).join(', ')}`);
    out.push(`top functions: ${p.top.slice(0, 10).map((t) => `${t.fn}${t.where ? ` (${t.where.replace(/^node_modules\//, '')})` : ''} ${t.selfPct}%`).join(', ')}`);
  }
  return out.join('\n');
}
