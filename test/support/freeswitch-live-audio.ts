// Live-check helper: makes test audio (DTMF tone sequences, sine tones) with sox and measures recordings (multimon-ng DTMF decode, band level).
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const DTMF: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

const sox = (args: string[]) => execFileSync('sox', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** An 8 kHz WAV of inband DTMF: each key 120 ms of tone, 120 ms of silence (what a phone keypad sends). */
export function writeDtmfWav(dir: string, name: string, keys: string): string {
  const parts: string[] = [];
  [...keys].forEach((k, i) => {
    const f = DTMF[k];
    if (!f) throw new Error(`not a DTMF key: ${k}`);
    const p = join(dir, `${name}-${i}.wav`);
    sox(['-n', '-r', '8000', '-c', '1', '-b', '16', p, 'synth', '0.12', 'sine', String(f[0]), 'sine', String(f[1]),
      'channels', '1', 'gain', '-n', '-8', 'pad', '0', '0.12']);
    parts.push(p);
  });
  const out = join(dir, `${name}.wav`);
  sox(['-D', ...parts, out]);
  return out;
}

/** An 8 kHz WAV of one sine tone at -12 dBFS. */
export function writeToneWav(dir: string, hz: number, seconds: number): string {
  const out = join(dir, `tone-${hz}.wav`);
  sox(['-n', '-D', '-r', '8000', '-c', '1', '-b', '16', out, 'synth', String(seconds), 'sine', String(hz), 'gain', '-12']);
  return out;
}

/** Keys multimon-ng hears in a recording (FREESWITCH-NOTES "Proving that no tone reached a leg"). */
export function decodeDtmf(wav: string): string {
  const raw = execFileSync('sox', [wav, '-t', 'raw', '-r', '22050', '-e', 'signed', '-b', '16', '-c', '1', '-'], { maxBuffer: 1 << 28 });
  const out = execFileSync('multimon-ng', ['-q', '-a', 'DTMF', '-t', 'raw', '-'], { input: raw }).toString();
  return [...out.matchAll(/^DTMF: (\S)/gm)].map((m) => m[1]).join('');
}

/** RMS amplitude (0..1) of a recording within ±50 Hz of hz: about 0.18 for a -12 dBFS tone there, ~0 for none. */
export function bandRms(wav: string, hz: number): number {
  return rms(wav, ['sinc', `${hz - 50}-${hz + 50}`]);
}

/** RMS amplitude (0..1) of the whole recording. */
export function totalRms(wav: string): number {
  return rms(wav, []);
}

function rms(wav: string, effects: string[]): number {
  const r = spawnSync('sox', [wav, '-n', ...effects, 'stat'], { encoding: 'utf8' });
  const m = /RMS\s+amplitude:\s+([0-9.]+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`sox stat gave no RMS for ${wav}: ${r.stderr}`);
  return Number(m[1]);
}
