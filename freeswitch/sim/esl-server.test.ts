// The Event Socket protocol over TCP (auth, api/bgapi, filters, sendmsg, controls) and modesl against the simulator.
import { afterEach, describe, expect, it } from 'vitest';
import esl from 'modesl';
import { startSimulator, type Simulator } from './index.js';
import { RawEslClient, eventHeader, sleep } from './testing/esl-client.js';
import { customer, rig, type Rig } from './testing/harness.js';
import { header } from './testing/transcript.js';

let open: (Rig | Simulator | RawEslClient)[] = [];
afterEach(async () => {
  for (const x of open) {
    if (x instanceof RawEslClient) x.destroy();
    else if ('sim' in x) await x.close();
    else await x.close();
  }
  open = [];
});

async function sim(password = 'ClueCon'): Promise<Simulator> {
  const s = await startSimulator({ password });
  open.push(s);
  return s;
}

async function client(s: Simulator): Promise<RawEslClient> {
  const c = await RawEslClient.connect(s.host, s.port);
  open.push(c);
  return c;
}

describe('connection and auth', () => {
  it('greets, refuses commands before auth without closing, accepts the password', async () => {
    const s = await sim('S3cret');
    const c = await client(s);
    const greet = await c.waitFor(() => true);
    expect(greet.raw.toString()).toBe('Content-Type: auth/request\n\n');
    expect(header(await c.command('api status'), 'Reply-Text')).toBe('-ERR command not found');
    expect(header(await c.command('auth S3cret'), 'Reply-Text')).toBe('+OK accepted');
  });

  it('a wrong password gets -ERR invalid, the goodbye notice, and a closed socket', async () => {
    const c = await client(await sim());
    await c.waitFor(() => true);
    c.send('auth nope\n\n');
    await c.waitClosed();
    expect(c.messages.map((m) => m.type)).toEqual(['auth/request', 'command/reply', 'text/disconnect-notice']);
    expect(c.ended).toBe(true);
  });

  it('exit replies +OK bye then the notice; a half-close gets the notice too', async () => {
    const s = await sim();
    const a = await client(s);
    await a.auth();
    a.send('exit\n\n');
    await a.waitClosed();
    expect(a.messages.slice(-2).map((m) => m.type)).toEqual(['command/reply', 'text/disconnect-notice']);
    const b = await client(s);
    await b.auth();
    await b.end();
    expect(b.messages[b.messages.length - 1]!.body.toString()).toBe('Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n');
  });
});

describe('api and bgapi', () => {
  it('api replies with Content-Length; unknown api and bare api/bgapi as the real switch', async () => {
    const r = await rig({}, '');
    open.push(r);
    const v = await r.c.command('api version');
    expect(v.headers.map(([k]) => k)).toEqual(['Content-Type', 'Content-Length']);
    expect(v.body.toString()).toMatch(/^FreeSWITCH Version 1\.11/);
    expect(await r.c.api('nosuchcommand x')).toBe('-ERR nosuchcommand Command not found!\n');
    expect(header(await r.c.command('api'), 'Reply-Text')).toBe('-ERR command not found');
    expect(header(await r.c.command('bgapi'), 'Reply-Text')).toBe('-ERR command not found');
  });

  it('bgapi keeps the client Job-UUID and answers with a BACKGROUND_JOB carrying the result as body', async () => {
    const r = await rig({}, 'BACKGROUND_JOB');
    open.push(r);
    const reply = await r.c.command('bgapi uuid_exists nope\nJob-UUID: job-1');
    expect(reply.raw.toString()).toBe('Content-Type: command/reply\nReply-Text: +OK Job-UUID: job-1\nJob-UUID: job-1\n\n');
    const job = await r.c.waitEvent('BACKGROUND_JOB');
    expect(job.event!.body).toBe('false');
    expect(job.event!.headers.slice(-4)).toEqual([['Job-UUID', 'job-1'], ['Job-Command', 'uuid_exists'], ['Job-Command-Arg', 'nope'], ['Content-Length', '5']]);
  });

  it('an api originate answers before the events it caused', async () => {
    const r = await rig();
    open.push(r);
    const from = r.c.messages.length;
    await customer(r.c);
    const types = r.c.messages.slice(from).map((m) => m.type);
    expect(types[0]).toBe('api/response');
    expect(types.slice(1).every((t) => t === 'text/event-plain')).toBe(true);
  });

  it('a Unique-ID filter alone also blocks BACKGROUND_JOB (as FreeSWITCH does)', async () => {
    const r = await rig({}, 'BACKGROUND_JOB DTMF');
    open.push(r);
    await r.c.command('filter Unique-ID 00000000-0000-4000-8000-000000000001');
    await r.c.command('bgapi status\nJob-UUID: j2');
    await sleep(100);
    expect(r.c.events('BACKGROUND_JOB')).toHaveLength(0);
    await r.c.command('filter Job-UUID j3');
    await r.c.command('bgapi status\nJob-UUID: j3');
    await r.c.waitEvent('BACKGROUND_JOB');
  });
});

describe('event formats', () => {
  it('json events are one object with string values', async () => {
    const r = await rig({}, 'CHANNEL_CREATE', 'json');
    open.push(r);
    await r.c.api('originate loopback/ivrpay_phone/ivrpay-test &park()');
    const e = await r.c.waitEvent('CHANNEL_CREATE');
    expect(e.type).toBe('text/event-json');
    const obj = JSON.parse(e.body.toString());
    expect(obj['Event-Name']).toBe('CHANNEL_CREATE');
    expect(Object.values(obj).every((v) => typeof v === 'string')).toBe(true);
  });
});

describe('sendmsg', () => {
  it('+OK for a live channel, -ERR invalid session id otherwise', async () => {
    const r = await rig({}, 'CHANNEL_EXECUTE_COMPLETE');
    open.push(r);
    const a = (await r.c.api('originate loopback/ivrpay_phone/ivrpay-test &park()')).trim().split(' ')[1]!;
    const ok = await r.c.command(`sendmsg ${a}\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: x=1\nEvent-UUID: ev-1`);
    expect(header(ok, 'Reply-Text')).toBe('+OK');
    const done = await r.c.waitEvent('CHANNEL_EXECUTE_COMPLETE', (m) => eventHeader(m, 'Application') === 'set' && eventHeader(m, 'Unique-ID') === a);
    expect(eventHeader(done, 'Application-UUID')).toBe('ev-1');
    expect(header(await r.c.command('sendmsg 00000000-0000-0000-0000-000000000000\ncall-command: execute'), 'Reply-Text')).toBe(
      '-ERR invalid session id [00000000-0000-0000-0000-000000000000]',
    );
  });
});

describe('the simulator controls', () => {
  it('dropClients() cuts every ESL socket and leaves the calls up', async () => {
    const r = await rig();
    open.push(r);
    await customer(r.c);
    expect(r.sim.channelCount()).toBe(2);
    r.sim.dropClients();
    await r.c.waitClosed();
    expect(r.c.messages.some((m) => m.type === 'text/disconnect-notice')).toBe(false);
    expect(r.sim.channelCount()).toBe(2);
    const again = await client(r.sim);
    await again.auth();
    expect(await again.api('show channels')).toMatch(/\n2 total\.\n$/);
  });

  it('shutdown() hangs up every call with SYSTEM_SHUTDOWN, then notices and closes', async () => {
    const r = await rig({}, 'CHANNEL_HANGUP_COMPLETE');
    open.push(r);
    await r.c.api('originate loopback/ivrpay_phone/ivrpay-test &park()');
    await r.sim.shutdown();
    await r.c.waitClosed();
    const hc = r.c.events('CHANNEL_HANGUP_COMPLETE');
    expect(hc.map((m) => eventHeader(m, 'Hangup-Cause'))).toEqual(['SYSTEM_SHUTDOWN', 'SYSTEM_SHUTDOWN']);
    expect(r.c.messages[r.c.messages.length - 1]!.raw.toString()).toBe('Content-Type: text/disconnect-notice\nContent-Length: 31\n\nThe system is being shut down.\n');
    await expect(RawEslClient.connect(r.sim.host, r.sim.port)).rejects.toThrow();
  });

  it('fsctl shutdown over ESL does the same', async () => {
    const r = await rig({}, '');
    open.push(r);
    expect(await r.c.api('fsctl shutdown')).toBe('+OK\n');
    await r.c.waitClosed();
    expect(r.c.messages[r.c.messages.length - 1]!.body.toString()).toBe('The system is being shut down.\n');
  });
});

describe('modesl (the library the server uses) against the simulator', () => {
  it('connects, runs api/bgapi, receives DTMF events and execute completions', async () => {
    const s = await sim();
    const conn = await new Promise<InstanceType<typeof esl.Connection>>((resolve) => {
      const c: InstanceType<typeof esl.Connection> = new esl.Connection(s.host, s.port, 'ClueCon', () => resolve(c));
      c.on('error', () => {});
    });
    try {
      await new Promise<void>((r) => conn.events('plain', ['DTMF', 'CHANNEL_EXECUTE_COMPLETE', 'BACKGROUND_JOB', 'CUSTOM', 'conference::maintenance'], () => r()));
      const status = await new Promise<string>((r) => conn.api('status', (res) => r(res.getBody())));
      expect(status).toMatch(/is ready/);
      const originated = await new Promise<string>((r) =>
        conn.bgapi('originate', ['{origination_uuid=0a000000-0000-4000-8000-0000000000aa}loopback/0312345678/ivrpay', '&park()'], null, (res) => r(res.getBody())),
      );
      expect(originated).toBe('+OK 0a000000-0000-4000-8000-0000000000aa\n');
      const digits: string[] = [];
      const got = new Promise<void>((resolve) =>
        conn.on('esl::event::DTMF::*', (e: { getHeader(n: string): string | null }) => {
          digits.push(e.getHeader('DTMF-Digit')!);
          if (digits.length === 4) resolve();
        }),
      );
      await new Promise((r) => conn.api('uuid_send_dtmf', ['0a000000-0000-4000-8000-0000000000aa', '12#*'], r));
      await got;
      expect(digits).toEqual(['1', '2', '#', '*']);
      const done = await new Promise<{ getHeader(n: string): string | null }>((r) => conn.execute('set', 'ivrpay_call=c-1', '0a000000-0000-4000-8000-0000000000aa', r));
      expect(done.getHeader('Application')).toBe('set');
      expect(done.getHeader('variable_ivrpay_call')).toBe('c-1');
    } finally {
      conn.disconnect();
    }
  });
});
