// Reads a V8 .cpuprofile (the server over a keying window) and names where the time went: top functions by self time, and totals by package / area.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** share of samples not idle */
  busyPct: number;
  top: { fn: string; where: string; selfPct: number }[];
  areas: { area: string; selfPct: number }[];
}

const ROOT = resolve(import.meta.dirname, '..');

/** What the native frames (no script) that matter here are. */
const NATIVE: Record<string, string> = {
  run: 'better-sqlite3 Statement.run: SQLite insert + commit',
  get: 'better-sqlite3 Statement.get: SQLite select',
  all: 'better-sqlite3 Statement.all: SQLite select',
  writev: 'socket writes (SSE, ESL)',
  writeUtf8String: 'socket writes (SSE, ESL)',
  Statement: 'better-sqlite3: preparing a statement',
};

/** Which package or part of ivrpay a script belongs to. */
function areaOf(url: string, fn: string): string {
  if (!url) {
    if (fn === '(garbage collector)') return 'GC';
    if (NATIVE[fn]?.startsWith('better-sqlite3')) return 'SQLite (better-sqlite3, native)';
    if (NATIVE[fn]?.startsWith('socket')) return 'socket writes (native)';
    if (fn === '(idle)' || fn === '(program)') return fn;
    return 'native / V8 builtins';
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const path = url.replace(/^file:\/\//, '');
  const rel = relative(ROOT, path);
  if (!rel.startsWith('..')) return rel.split('/').slice(0, 2).join('/');
  return 'other';
}

/** node:…, node_modules/<package>/…, or the path in the repository. */
function scriptName(url: string): string {
  if (url.startsWith('node:')) return url;
  const nm = url.lastIndexOf('/node_modules/');
  return nm >= 0 ? url.slice(nm + 1) : relative(ROOT, url.replace(/^file:\/\//, ''));
}

export function summarizeProfile(file: string, topN = 20): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  for (const n of p.nodes) byId.set(n.id, n);
  // the profiler's own work (node:inspector, the IPC that stops it) is not the server's
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const profiler = new Set<number>();
  for (const n of p.nodes) {
    for (let c: number | undefined = n.id; c !== undefined; c = parent.get(c)) {
      if (byId.get(c)!.callFrame.url === 'node:inspector') {
        profiler.add(n.id);
        break;
      }
    }
  }
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  let total = 0;
  let idle = 0;
  const fnTime = new Map<string, { fn: string; where: string; us: number }>();
  const areaTime = new Map<string, number>();
  for (const [id, us] of self) {
    if (profiler.has(id)) continue;
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    const fn = functionName || '(anonymous)';
    total += us;
    if (fn === '(idle)') {
      idle += us;
      continue;
    }
    const where = url ? `${scriptName(url)}:${lineNumber + 1}` : (NATIVE[fn] ?? '');
    const key = `${fn}@${where}`;
    const f = fnTime.get(key) ?? { fn, where, us: 0 };
    f.us += us;
    fnTime.set(key, f);
    const area = areaOf(url, fn);
    areaTime.set(area, (areaTime.get(area) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number) => Math.round((1000 * us) / busy) / 10;
  return {
    file,
    totalMs: Math.round(total / 1000),
    busyPct: Math.round((100 * busy) / Math.max(1, total)),
    top: [...fnTime.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((f) => ({ fn: f.fn, where: f.where, selfPct: pct(f.us) })),
    areas: [...areaTime.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([area, us]) => ({ area, selfPct: pct(us) })),
  };
}

// `npx tsx bench/profile.ts <file.cpuprofile>`: print the summary
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const s = summarizeProfile(process.argv[2]!, Number(process.argv[3] ?? 30));
  console.log(`${s.file}: ${s.totalMs} ms, busy ${s.busyPct}%`);
  for (const a of s.areas) console.log(`  ${String(a.selfPct).padStart(5)}%  ${a.area}`);
  console.log('');
  for (const t of s.top) console.log(`  ${String(t.selfPct).padStart(5)}%  ${t.fn}  ${t.where}`);
}
