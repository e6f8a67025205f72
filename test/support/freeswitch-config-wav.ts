// Config check helper: reads a WAV file's format chunk and length (what FreeSWITCH's sndfile needs to play a prompt without resampling).
import { readFileSync } from 'node:fs';

export interface WavInfo {
  format: number; // 1 = PCM
  channels: number;
  rate: number;
  bits: number;
  seconds: number;
}

export function wavInfo(path: string): WavInfo {
  const b = readFileSync(path);
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${path}: not a RIFF/WAVE file`);
  let fmt: Omit<WavInfo, 'seconds'> | undefined;
  let dataBytes: number | undefined;
  for (let at = 12; at + 8 <= b.length; ) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      fmt = { format: b.readUInt16LE(at + 8), channels: b.readUInt16LE(at + 10), rate: b.readUInt32LE(at + 12), bits: b.readUInt16LE(at + 22) };
    } else if (id === 'data') {
      dataBytes = Math.min(size, b.length - at - 8);
    }
    at += 8 + size + (size % 2);
  }
  if (!fmt || dataBytes === undefined) throw new Error(`${path}: no fmt or data chunk`);
  return { ...fmt, seconds: dataBytes / (fmt.rate * fmt.channels * (fmt.bits / 8)) };
}
