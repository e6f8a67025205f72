// startSimulator options and lifecycle, and the standalone cli.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator } from './index.js';
import { RawEslClient, eventHeader } from './testing/esl-client.js';

describe('startSimulator', () => {
  it('listens on an ephemeral port with the given password and hostname; Core-UUID stays the same', async () => {
    const sim = await startSimulator({ password: 'pw', hostname: 'fs-sim-test' });
    try {
      expect(sim.host).toBe('127.0.0.1');
      expect(sim.port).toBeGreaterThan(0);
      const c = await RawEslClient.connect(sim.host, sim.port);
      expect(await c.auth('pw')).toBe('+OK accepted');
      await c.command('event plain CHANNEL_CREATE');
      await c.api('originate loopback/ivrpay_phone/ivrpay-test &park()');
      const a = await c.waitEvent('CHANNEL_CREATE');
      const b = await c.waitEvent('CHANNEL_CREATE', () => true, 2000, c.messages.indexOf(a) + 1);
      expect(eventHeader(b, 'Unique-ID')).not.toBe(eventHeader(a, 'Unique-ID'));
      expect(eventHeader(a, 'FreeSWITCH-Hostname')).toBe('fs-sim-test');
      expect(eventHeader(a, 'Core-UUID')).toBe(eventHeader(b, 'Core-UUID'));
      expect(sim.channelCount()).toBe(2);
      c.destroy();
    } finally {
      await sim.close();
    }
  });

  it('onEventWritten sees each event after it went into a subscribed client socket, once per client', async () => {
    const written: { name: string; uuid: string | undefined; at: bigint }[] = [];
    const sim = await startSimulator({ onEventWritten: (e, at) => written.push({ name: e.name, uuid: e.get('Unique-ID'), at }) });
    try {
      const c = await RawEslClient.connect(sim.host, sim.port);
      await c.auth();
      await c.command('event plain CHANNEL_CREATE');
      const before = process.hrtime.bigint();
      await c.api('originate loopback/ivrpay_phone/ivrpay-test &park()');
      const a = await c.waitEvent('CHANNEL_CREATE');
      await c.waitEvent('CHANNEL_CREATE', () => true, 2000, c.messages.indexOf(a) + 1);
      expect(written.map((w) => w.name)).toEqual(['CHANNEL_CREATE', 'CHANNEL_CREATE']);
      expect(written[0]!.uuid).toBe(eventHeader(a, 'Unique-ID'));
      expect(written.every((w) => w.at >= before && w.at <= process.hrtime.bigint())).toBe(true);
      c.destroy();
    } finally {
      await sim.close();
    }
  });

  it('close() stops listening and leaves calls as they are (no hang-up events)', async () => {
    const sim = await startSimulator();
    const c = await RawEslClient.connect(sim.host, sim.port);
    await c.auth();
    await c.command('event plain CHANNEL_HANGUP');
    await c.api('originate loopback/ivrpay_phone/ivrpay-test &park()');
    await sim.close();
    await c.waitClosed();
    expect(c.events('CHANNEL_HANGUP')).toHaveLength(0);
    await expect(RawEslClient.connect(sim.host, sim.port)).rejects.toThrow();
  });
});

describe('cli', () => {
  it('runs standalone and prints where it listens', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'cli.ts'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => resolve(d.toString()));
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const m = /Event Socket on 127\.0\.0\.1:(\d+)/.exec(line);
      expect(m).not.toBeNull();
      const c = await RawEslClient.connect('127.0.0.1', Number(m![1]));
      expect(await c.auth()).toBe('+OK accepted');
      c.destroy();
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
