// Test helpers over real TCP: a simulator with an authenticated, subscribed raw client, and the ivrpay call legs; for tests only.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../index.js';
import { RawEslClient, eventHeader, type ReceivedMessage } from './esl-client.js';

export const CALL_EVENTS =
  'DTMF CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE BACKGROUND_JOB CUSTOM conference::maintenance';

/** A WAV file (RIFF, PCM 16-bit mono) around the given samples. */
export function pcmWav(data: Buffer, sampleRate: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** 8 kHz 16-bit mono silence of the given length. */
export function writeWav(path: string, ms: number): void {
  writeFileSync(path, pcmWav(Buffer.alloc(ms * 16), 8000));
}

/** A sounds directory with ivrpay/en/card-number.wav (300 ms) and ivrpay/en/expiry.wav (600 ms). */
export function soundsFixture(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sim-sounds-'));
  mkdirSync(join(dir, 'ivrpay/en'), { recursive: true });
  writeWav(join(dir, 'ivrpay/en/card-number.wav'), 300);
  writeWav(join(dir, 'ivrpay/en/expiry.wav'), 600);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Rig {
  sim: Simulator;
  c: RawEslClient;
  close(): Promise<void>;
}

export async function rig(opts: SimulatorOptions = {}, events = CALL_EVENTS, format: 'plain' | 'json' = 'plain'): Promise<Rig> {
  const sim = await startSimulator(opts);
  const c = await RawEslClient.connect(sim.host, sim.port);
  await c.auth(opts.password);
  if (events) await c.command(`event ${format} ${events}`);
  return {
    sim,
    c,
    close: async () => {
      c.destroy();
      await sim.close();
    },
  };
}

export const uid = (m: ReceivedMessage) => eventHeader(m, 'Unique-ID') ?? '';

export interface CustomerCall {
  /** the A leg: the customer's phone, where uuid_send_dtmf goes */
  a: string;
  /** the B leg: the room member, where DTMF events are raised */
  b: string;
  member: string;
  room: string;
}

let n = 0;
export function testUuid(): string {
  return `0f000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

/** A customer dialing a merchant DID (context ivrpay): joins ivrpay-<B uuid>. */
export async function customer(c: RawEslClient, did = '0312345678'): Promise<CustomerCall> {
  const a = testUuid();
  const from = c.messages.length;
  const r = await c.api(`originate {origination_uuid=${a},origination_caller_id_number=0311112222}loopback/${did}/ivrpay &park()`);
  if (!r.startsWith('+OK')) throw new Error(r);
  const add = await c.waitFor((m) => eventHeader(m, 'Action') === 'add-member' && eventHeader(m, 'Channel-Name') === `loopback/${did}-b`, 5000, from);
  const b = uid(add);
  // the room gives the floor to its first member on the next 20 ms tick
  await c.waitFor((m) => eventHeader(m, 'Action') === 'floor-change' && uid(m) === b, 5000, from);
  return { a, b, member: eventHeader(add, 'Member-ID')!, room: `ivrpay-${b}` };
}

/** An operator leg joining a room: the A leg is the member, its B leg answers and parks (ivrpay_phone). */
export async function operator(c: RawEslClient, room: string): Promise<{ a: string; member: string }> {
  const a = testUuid();
  const from = c.messages.length;
  const r = await c.api(`originate {origination_uuid=${a},ivrpay_role=operator}loopback/ivrpay_phone/ivrpay-test &conference(${room}@ivrpay)`);
  if (!r.startsWith('+OK')) throw new Error(r);
  const add = await c.waitFor((m) => eventHeader(m, 'Action') === 'add-member' && uid(m) === a, 5000, from);
  return { a, member: eventHeader(add, 'Member-ID')! };
}

/** A parked test phone (A leg parked, B leg answered+parked in ivrpay-test). */
export async function phone(c: RawEslClient): Promise<{ a: string; b: string }> {
  const a = testUuid();
  const from = c.messages.length;
  const r = await c.api(`originate {origination_uuid=${a}}loopback/ivrpay_phone/ivrpay-test &park()`);
  if (!r.startsWith('+OK')) throw new Error(r);
  const create = await c.waitFor((m) => eventHeader(m, 'Event-Name') === 'CHANNEL_CREATE' && uid(m) !== a, 5000, from);
  await c.waitFor((m) => eventHeader(m, 'Application') === 'park' && uid(m) === a, 5000, from);
  return { a, b: uid(create) };
}

export function kinds(msgs: ReceivedMessage[], uuid?: string): string[] {
  return msgs
    .filter((m) => m.event && (!uuid || uid(m) === uuid))
    .map((m) => [eventHeader(m, 'Event-Name'), eventHeader(m, 'Action'), eventHeader(m, 'Application')].filter(Boolean).join(' '));
}
