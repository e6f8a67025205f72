// `npm start` to ready: spawns `node --import tsx server/main.ts` (what `npm start` runs after its build) and times it to the "ivrpay ready" log line; a first start on an empty data folder, then restarts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { round } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface StartupResult {
  command: string;
  /** first start: empty data folder (migrations, demo seed, generated secrets) */
  firstMs: number;
  /** restarts on that folder */
  restartsMs: number[];
  medianRestartMs: number;
  /** startIvrpay's own time (the `ms` of the ready line), median over all runs */
  insideMs: number;
}

/** One start: ms from spawn to the ready line, and the server's own figure; then SIGTERM and wait for the exit. */
async function startOnce(dataDir: string): Promise<{ ms: number; inside: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      IVRPAY_PORT: '0',
      IVRPAY_DATA_DIR: dataDir,
      // a laptop without FreeSWITCH: what `auto` chooses when nothing answers on 8021 (without the probe's wait)
      IVRPAY_SIMULATOR: 'on',
    },
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stderr.resume();
  try {
    return await new Promise((ok, fail) => {
      let buf = '';
      const timer = setTimeout(() => fail(new Error('no "ivrpay ready" within 30 s')), 30_000);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buf += chunk;
        const line = buf.split('\n').find((l) => l.includes('"ivrpay ready"'));
        if (!line) return;
        clearTimeout(timer);
        ok({ ms: performance.now() - t0, inside: Number((JSON.parse(line) as { ms?: number }).ms ?? NaN) });
      });
      child.once('exit', (code) => fail(new Error(`server/main.ts exited (${code}) before it was ready`)));
    });
  } finally {
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(kill);
  }
}

export async function runStartup(restarts = 4): Promise<StartupResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ivrpay-bench-start-'));
  try {
    const first = await startOnce(dir);
    const again: { ms: number; inside: number }[] = [];
    for (let i = 0; i < restarts; i++) again.push(await startOnce(dir));
    const sorted = again.map((r) => r.ms).sort((a, b) => a - b);
    const inside = [first, ...again].map((r) => r.inside).sort((a, b) => a - b);
    return {
      command: 'node --import tsx server/main.ts',
      firstMs: round(first.ms, 0),
      restartsMs: again.map((r) => round(r.ms, 0)),
      medianRestartMs: round(sorted[Math.floor(sorted.length / 2)] ?? NaN, 0),
      insideMs: round(inside[Math.floor(inside.length / 2)] ?? NaN, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
