// The widget's sizes as a CRM page downloads them: each script in dist/widget raw and gzip -9 (built first when dist/widget is missing).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, 'dist/widget');

export interface WidgetFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface WidgetSizes {
  built: boolean;
  files: WidgetFile[];
}

export function widgetSizes(): WidgetSizes {
  let built = false;
  if (!existsSync(DIR) || !readdirSync(DIR).some((f) => f.endsWith('.js'))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    built = true;
  }
  const files = readdirSync(DIR)
    .filter((f) => /\.(m?js)$/.test(f))
    .sort()
    .map((file) => {
      const data = readFileSync(join(DIR, file));
      return { file, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
    });
  return { built, files };
}
