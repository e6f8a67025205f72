// Play durations: WAV headers, tone_stream, silence_stream, the sound prefix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaLibrary, toneStreamMs, wavDurationMs } from './media.js';

let dir: string;

function wav(path: string, bytesOfData: number, rate = 8000): void {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + bytesOfData, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(bytesOfData, 40);
  writeFileSync(path, Buffer.concat([h, Buffer.alloc(bytesOfData)]));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'media-'));
  mkdirSync(join(dir, 'ivrpay/en'), { recursive: true });
  wav(join(dir, 'ivrpay/en/card-number.wav'), 24000);
  wav(join(dir, 'wide.wav'), 64000, 16000);
  writeFileSync(join(dir, 'not-a-wav.wav'), 'hello');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('durations', () => {
  it('reads a WAV header', () => {
    expect(wavDurationMs(join(dir, 'ivrpay/en/card-number.wav'))).toBe(1500);
    expect(wavDurationMs(join(dir, 'wide.wav'))).toBe(2000);
    expect(wavDurationMs(join(dir, 'not-a-wav.wav'))).toBeUndefined();
  });

  it('adds up tone_stream segments and loops', () => {
    expect(toneStreamMs('%(200,0,800)')).toBe(200);
    expect(toneStreamMs('%(100,50,440);%(100,0,480)')).toBe(250);
    expect(toneStreamMs('%(100,100,440);loops=3')).toBe(600);
    expect(toneStreamMs('%(100,100,440);L=-1')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('MediaLibrary', () => {
  it('resolves relative paths under the prefix, absolute paths as they are', () => {
    const lib = new MediaLibrary(join(dir, 'ivrpay'));
    expect(lib.resolve('en/card-number.wav')).toEqual({ file: join(dir, 'ivrpay/en/card-number.wav'), durationMs: 1500 });
    expect(lib.resolve(join(dir, 'wide.wav'))?.durationMs).toBe(2000);
    expect(lib.resolve('en/missing.wav')).toBeUndefined();
    expect(lib.resolve('silence_stream://300')).toEqual({ file: 'silence_stream://300', durationMs: 300 });
    expect(lib.resolve('tone_stream://%(200,0,800)')?.durationMs).toBe(200);
  });

  it('a file that appears later is found', () => {
    const lib = new MediaLibrary(dir);
    expect(lib.resolve('late.wav')).toBeUndefined();
    wav(join(dir, 'late.wav'), 1600);
    expect(lib.resolve('late.wav')?.durationMs).toBe(100);
  });
});
