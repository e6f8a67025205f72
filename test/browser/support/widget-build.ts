// Makes sure dist/widget holds a build of the current widget sources before a browser test serves it (builds when missing or stale).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './browser.js';

export const WIDGET_DIST = join(ROOT, 'dist/widget');
export const WIDGET_SCRIPT = join(WIDGET_DIST, 'ivr-pay.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const built = existsSync(WIDGET_SCRIPT) ? statSync(WIDGET_SCRIPT).mtimeMs : 0;
  return built > 0 && built >= newestSource(join(ROOT, 'widget'));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Test files run in parallel workers: a lock directory keeps two of them from building (and emptying dist/) at once. */
export function ensureWidgetBuilt(): void {
  if (isFresh()) return;
  const lock = join(ROOT, 'dist/.widget-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const giveUp = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > giveUp) throw new Error(`${lock} is held for too long: remove it if no build is running`);
      sleep(200);
      if (isFresh()) return;
    }
  }
  try {
    // vitest sets NODE_ENV=test, which would make Vite bundle Lit's development build: build what ships
    if (!isFresh()) execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
