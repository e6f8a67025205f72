// Conference rooms over TCP: lists, relate/mute/deaf and hears(), member and room files, kick/hup.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { eventHeader, sleep } from './testing/esl-client.js';
import { customer, operator, rig, soundsFixture, uid, type Rig } from './testing/harness.js';

let r: Rig | undefined;
let sounds: ReturnType<typeof soundsFixture>;
beforeAll(() => {
  sounds = soundsFixture();
});
afterAll(() => sounds.remove());
afterEach(async () => {
  await r?.close();
  r = undefined;
});

async function room() {
  r = await rig({ soundsDir: sounds.dir });
  const cust = await customer(r.c);
  const op = await operator(r.c, cust.room);
  return { cust, op, api: (cmd: string) => r!.c.api(`conference ${cust.room} ${cmd}`) };
}

describe('membership and lists', () => {
  it('lists members newest first in the real line format; json_list as cJSON prints it', async () => {
    const { cust, op, api } = await room();
    await r!.c.waitEvent('start-talking');
    expect(await api('list')).toBe(
      `${op.member};loopback/ivrpay_phone-a;${op.a};Outbound Call;ivrpay-test;hear|speak;0;0;0\n` +
        `${cust.member};loopback/0312345678-b;${cust.b};;0311112222;hear|speak|talking|floor;0;0;0\n`,
    );
    const json = await api('json_list');
    expect(json.startsWith(`[{\n\t\t"conference_name":\t"${cust.room}",\n\t\t"member_count":\t2,`)).toBe(true);
    const parsed = JSON.parse(json);
    expect(parsed[0].members.map((m: { id: number; uuid: string }) => [m.id, m.uuid])).toEqual([
      [Number(op.member), op.a],
      [Number(cust.member), cust.b],
    ]);
    expect(await r!.c.api('conference list')).toMatch(new RegExp(`^\\+OK Conference ${cust.room} \\(2 members rate: 8000 flags: running\\|answered`));
  });

  it('member ids are one global counter across rooms', async () => {
    r = await rig();
    const one = await customer(r.c, '0311111111');
    const two = await customer(r.c, '0322222222');
    expect(Number(two.member)).toBe(Number(one.member) + 1);
    expect(one.room).not.toBe(two.room);
  });

  it('answers a missing room and unknown subcommands as FreeSWITCH does', async () => {
    const { cust, api } = await room();
    expect(await r!.c.api('conference nosuch list')).toBe('-ERR Conference nosuch not found\n');
    expect(await api('bogus')).toBe("-ERR Conference command 'bogus' not found.\n");
    expect(await r!.c.api(`conference ${cust.room}`)).toBe("Conference command, not specified.\nTry 'help'\n");
  });
});

describe('relate and hears()', () => {
  it('nohear stops the operator hearing the customer; clear restores it; no event is raised', async () => {
    const { cust, op, api } = await room();
    expect(r!.sim.hears(op.a, cust.b)).toBe(true);
    const from = r!.c.messages.length;
    expect(await api(`relate ${op.member} ${cust.member} nohear`)).toBe(`+OK ${op.member}->${cust.member} nohear set\n`);
    expect(r!.sim.hears(op.a, cust.b)).toBe(false);
    expect(r!.sim.hears(cust.b, op.a)).toBe(true);
    expect(await api(`relate ${op.member}`)).toBe(`${op.member} -> ${cust.member} SPEAK NOHEAR NOSENDVIDEO \n`);
    expect(await api(`relate ${op.member} ${cust.member} clear`)).toBe(`+OK relationship ${op.member}->${cust.member} cleared.\n`);
    expect(r!.sim.hears(op.a, cust.b)).toBe(true);
    await sleep(40);
    expect(r!.c.messages.slice(from).filter((m) => m.event)).toHaveLength(0);
  });

  it('nospeak on the customer silences it toward the operator', async () => {
    const { cust, op, api } = await room();
    expect(await api(`relate ${cust.member} ${op.member} nospeak`)).toBe(`+OK ${cust.member}->${op.member} nospeak set\n`);
    expect(r!.sim.hears(op.a, cust.b)).toBe(false);
  });

  it('replies for unknown members and bad syntax', async () => {
    const { cust, op, api } = await room();
    expect(await api('relate')).toBe('+OK No relationships\n');
    expect(await api(`relate ${op.member} ${cust.member}`)).toBe(
      'relate <member_id>[,<member_id>] <other_member_id>[,<other_member_id>] [nospeak|nohear|clear]',
    );
    expect(await api(`relate ${op.member} 99 nohear`)).toBe(`-ERR relationship ${op.member}->99 not found.\n`);
    expect(await api(`relate 99 ${cust.member} clear`)).toBe(`-ERR relationship 99->${cust.member} not found.\n`);
  });
});

describe('play and stop', () => {
  it('plays to one member: reply, play-file-member, then the -done event after the WAV’s length', async () => {
    const { cust, api } = await room();
    const from = r!.c.messages.length;
    const t0 = Date.now();
    expect(await api(`play en/card-number.wav ${cust.member}`)).toBe(`+OK (play) Playing file en/card-number.wav to member ${cust.member}\n`);
    const start = await r!.c.waitEvent('play-file-member', () => true, 2000, from);
    expect(eventHeader(start, 'File')).toBe('en/card-number.wav');
    expect(uid(start)).toBe(cust.b);
    const done = await r!.c.waitEvent('play-file-member-done', () => true, 3000, from);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(700);
    expect(eventHeader(done, 'File')).toBe(join(sounds.dir, 'ivrpay/en/card-number.wav'));
    expect(eventHeader(done, 'milliseconds')).toBe('600');
    expect(done.event!.headers.filter(([k]) => k === 'Conference-Name')).toHaveLength(2);
  });

  it('stop current ends the file early: done on the next tick; Stopped 0 when nothing plays', async () => {
    const { cust, api } = await room();
    await api(`play en/expiry.wav ${cust.member}`);
    const from = r!.c.messages.length;
    expect(await api(`stop current ${cust.member}`)).toBe('+OK Stopped 1 files.\n');
    const done = await r!.c.waitEvent('play-file-member-done', () => true, 200, from);
    expect(done.ms - r!.c.messages[from]!.ms).toBeLessThan(100);
    expect(await api(`stop current ${cust.member}`)).toBe('+OK Stopped 0 files.\n');
    expect(await api('stop bogus')).toBe('stop <[current|all|async|last]> [<member_id>]');
    expect(await api('stop current 99')).toBe('-ERR Member: 99 not found.\n');
  });

  it('tone_stream and silence_stream last what they say; missing files and members get the real errors', async () => {
    const { cust, api } = await room();
    let from = r!.c.messages.length;
    await api(`play silence_stream://150 ${cust.member}`);
    const done = await r!.c.waitEvent('play-file-member-done', () => true, 1000, from);
    expect(eventHeader(done, 'File')).toBe('silence_stream://150');
    expect(await api(`play en/nope.wav ${cust.member}`)).toBe('-ERR (play) File: en/nope.wav not found.\n');
    expect(await api('play en/card-number.wav 99')).toMatch(/^-ERR Member: \d+ not found\.\nplay <file_path> \[async\|<member_id> \[nomux\]\]$/);
    from = r!.c.messages.length;
    expect(await api('play tone_stream://%(100,0,440)')).toBe('+OK (play) Playing file tone_stream://%(100,0,440)\n');
    const roomDone = await r!.c.waitEvent('play-file-done', () => true, 1000, from);
    expect(eventHeader(roomDone, 'File')).toBe('tone_stream://%(100,0,440)');
  });
});

describe('mute and deaf', () => {
  it('mute silences a member for everyone, deaf stops it hearing anyone; each raises its event', async () => {
    const { cust, op, api } = await room();
    expect(await api(`mute ${cust.member}`)).toBe(`+OK mute ${cust.member}\n`);
    expect(r!.sim.hears(op.a, cust.b)).toBe(false);
    expect(await api(`unmute ${cust.member}`)).toBe(`+OK unmute ${cust.member}\n`);
    expect(await api(`deaf ${op.member}`)).toBe(`+OK deaf ${op.member}\n`);
    expect(r!.sim.hears(op.a, cust.b)).toBe(false);
    expect(await api('list')).toMatch(new RegExp(`^${op.member};[^\n]*;speak;0;0;0\n`));
    expect(await api(`undeaf ${op.member}`)).toBe(`+OK undeaf ${op.member}\n`);
    expect(r!.sim.hears(op.a, cust.b)).toBe(true);
    await r!.c.waitEvent('undeaf-member');
    expect(r!.c.events().map((m) => eventHeader(m, 'Action')).filter((a) => a?.includes('mute') || a?.includes('deaf'))).toEqual([
      'mute-member',
      'unmute-member',
      'deaf-member',
      'undeaf-member',
    ]);
  });
});

describe('queued files', () => {
  it('plays files to a member one after another; stop all stops them all, one -done per tick', async () => {
    const { cust, api } = await room();
    const from = r!.c.messages.length;
    await api(`play en/expiry.wav ${cust.member}`);
    await api(`play en/card-number.wav ${cust.member}`);
    await sleep(100);
    expect(await api(`stop all ${cust.member}`)).toBe('+OK Stopped 2 files.\n');
    await r!.c.waitFor(() => r!.c.events('play-file-member-done').length >= 2, 1000, from);
    const done = r!.c.events('play-file-member-done');
    expect(done.map((m) => eventHeader(m, 'milliseconds'))).toEqual(['200', '0']);
  });
});

describe('kick and hup', () => {
  it('kick removes the member; its leg then hangs up with its partner', async () => {
    const { op, api } = await room();
    const from = r!.c.messages.length;
    expect(await api(`kick ${op.member}`)).toBe(`+OK kicked ${op.member}\n`);
    await r!.c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === op.a, 2000, from);
    const actions = r!.c.messages.slice(from).map((m) => eventHeader(m, 'Action')).filter(Boolean);
    expect(actions).toEqual(['kick-member', 'del-member']);
    expect(await api('kick 99')).toBe('-ERR Non-Existant ID 99\n');
  });

  it('hup does the same with hup-member', async () => {
    const { cust, api } = await room();
    expect(await api(`hup ${cust.member}`)).toBe(`+OK hup ${cust.member}\n`);
    const hc = await r!.c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === cust.b);
    expect(eventHeader(hc, 'Hangup-Cause')).toBe('NORMAL_CLEARING');
    expect(r!.c.events('hup-member')).toHaveLength(1);
  });
});
