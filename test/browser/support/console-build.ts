// Makes sure dist/console holds a build of the current console sources before a browser test serves it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './browser.js';

const INDEX = join(ROOT, 'dist/console/index.html');

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n = Math.max(n, newest(p));
    else if (!e.name.endsWith('.test.ts')) n = Math.max(n, statSync(p).mtimeMs);
  }
  return n;
}

const fresh = () => existsSync(INDEX) && statSync(INDEX).mtimeMs >= newest(join(ROOT, 'console'));

export function ensureConsoleBuilt(): void {
  if (fresh()) return;
  const lock = join(ROOT, 'dist/.console-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const giveUp = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > giveUp) throw new Error(`${lock} is held for too long: remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      if (fresh()) return;
    }
  }
  try {
    if (!fresh()) execFileSync('npx', ['vite', 'build', '--config', 'console/vite.config.ts'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
