// How long a playable thing lasts, as the simulator needs it for play/playback timing: WAV headers, tone_stream, silence_stream; never decodes audio.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export interface Playable {
  /** what FreeSWITCH reports as File in the -done event (absolute path for files, the URL otherwise) */
  file: string;
  durationMs: number;
}

const DEFAULT_MS = 1000;
const TONE_SEGMENT = /%\(([^)]*)\)/g;
const LOOPS = /(?:^|;)\s*(?:loops|[Ll])=(-?\d+)/;

/** tone_stream://%(on,off,freq...)[;%(...)][;loops=n|L=n]: sum of on+off per segment, times loops. */
export function toneStreamMs(spec: string): number {
  let total = 0;
  for (const m of spec.matchAll(TONE_SEGMENT)) {
    const [on = 0, off = 0] = m[1]!.split(',').map((x) => Number(x) || 0);
    total += on + off;
  }
  const loops = LOOPS.exec(spec);
  const n = loops ? Number(loops[1]) : 1;
  if (n < 0) return Number.POSITIVE_INFINITY;
  return total * Math.max(1, n);
}

/** Duration of a PCM/ulaw/alaw WAV from its header; undefined if not a readable WAV. */
export function wavDurationMs(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n < 12 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return undefined;
    let off = 12;
    let byteRate = 0;
    while (off + 8 <= n) {
      const id = head.toString('ascii', off, off + 4);
      const size = head.readUInt32LE(off + 4);
      if (id === 'fmt ' && off + 16 <= n) byteRate = head.readUInt32LE(off + 8 + 8);
      if (id === 'data') {
        const dataBytes = Math.min(size, statSync(path).size - off - 8);
        return byteRate ? Math.round((dataBytes / byteRate) * 1000) : undefined;
      }
      off += 8 + size + (size & 1);
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Resolves what `conference <room> play <what>` or `playback <what>` would open.
 * Relative paths are relative to `prefix` (the profile's sound-prefix); undefined when the file is missing.
 */
export class MediaLibrary {
  private cache = new Map<string, number>();

  constructor(private readonly prefix: string | undefined) {}

  resolve(what: string): Playable | undefined {
    if (what.startsWith('tone_stream://')) return { file: what, durationMs: toneStreamMs(what.slice(14)) };
    if (what.startsWith('silence_stream://')) {
      const ms = Number(what.slice(17).split(',')[0]);
      return { file: what, durationMs: Number.isFinite(ms) && ms >= 0 ? ms : DEFAULT_MS };
    }
    if (/^[a-z_]+:\/\//.test(what)) return { file: what, durationMs: DEFAULT_MS };
    const path = isAbsolute(what) ? what : this.prefix ? join(this.prefix, what) : undefined;
    if (!path) return undefined;
    let ms = this.cache.get(path);
    if (ms === undefined) {
      if (!existsFile(path)) return undefined; // not cached: the file may appear later
      ms = wavDurationMs(path) ?? DEFAULT_MS;
      this.cache.set(path, ms);
    }
    return { file: path, durationMs: ms };
  }
}

function existsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
