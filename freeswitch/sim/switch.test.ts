// The call model over TCP: loopback originate order, DTMF delivery and pacing, hang-up order, hupall, transfer.
import { afterEach, describe, expect, it } from 'vitest';
import { eventHeader, sleep } from './testing/esl-client.js';
import { customer, kinds, operator, phone, rig, uid, type Rig } from './testing/harness.js';
import { maskDigits } from './switch.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('a customer call (loopback into context ivrpay)', () => {
  it('unfolds like the real switch: both legs created, the B leg runs the dialplan into its own room, then the A leg parks', async () => {
    r = await rig();
    const call = await customer(r.c);
    await sleep(150);
    expect(kinds(r.c.messages).slice(0, 3)).toEqual(['CHANNEL_CREATE', 'CHANNEL_CREATE', 'CHANNEL_EXECUTE set']);
    expect(kinds(r.c.messages, call.b)).toEqual([
      'CHANNEL_CREATE',
      ...['set', 'set', 'set', 'set', 'set', 'deduplicate_dtmf'].flatMap((a) => [`CHANNEL_EXECUTE ${a}`, `CHANNEL_EXECUTE_COMPLETE ${a}`]),
      'CHANNEL_EXECUTE answer',
      'CHANNEL_ANSWER',
      'CHANNEL_EXECUTE_COMPLETE answer',
      'CHANNEL_EXECUTE spandsp_start_dtmf',
      'CHANNEL_EXECUTE_COMPLETE spandsp_start_dtmf',
      'CHANNEL_EXECUTE conference',
      'CUSTOM add-member',
      'CUSTOM floor-change',
      'CUSTOM start-talking',
    ]);
    expect(kinds(r.c.messages, call.a)).toEqual(['CHANNEL_CREATE', 'CHANNEL_ANSWER', 'CHANNEL_EXECUTE park']);
    expect(call.room).toBe(`ivrpay-${call.b}`);
    expect(await r.c.api(`uuid_getvar ${call.b} ivrpay_did`)).toBe('0312345678');
    expect(await r.c.api(`uuid_getvar ${call.b} ivrpay_role`)).toBe('customer');
    expect(r.sim.channelCount()).toBe(2);
  });

  it('refuses numbers that are not DIDs (UNALLOCATED_NUMBER) and unknown contexts (NO_ROUTE_DESTINATION)', async () => {
    r = await rig();
    expect(await r.c.api('originate loopback/abc/ivrpay &park()')).toBe('-ERR UNALLOCATED_NUMBER\n');
    expect(await r.c.api('originate loopback/1234/nosuch &park()')).toBe('-ERR NO_ROUTE_DESTINATION\n');
    expect(await r.c.api('originate error/user_busy &park()')).toBe('-ERR USER_BUSY\n');
    expect(await r.c.api('originate user/op1 &park()')).toBe('-ERR USER_NOT_REGISTERED\n');
    await sleep(50);
    expect(r.sim.channelCount()).toBe(0);
  });

  it('bgapi originate reports the A leg in BACKGROUND_JOB before the A leg runs its app', async () => {
    r = await rig();
    const reply = await r.c.command('bgapi originate {origination_uuid=0a000000-0000-4000-8000-000000000001}loopback/ivrpay_phone/ivrpay-test &park()');
    expect(eventHeader(reply, 'Reply-Text')).toBeUndefined();
    const job = await r.c.waitEvent('BACKGROUND_JOB');
    expect(job.event!.body).toBe('+OK 0a000000-0000-4000-8000-000000000001\n');
    const park = await r.c.waitEvent('CHANNEL_EXECUTE', (m) => uid(m) === '0a000000-0000-4000-8000-000000000001');
    expect(r.c.messages.indexOf(park)).toBeGreaterThan(r.c.messages.indexOf(job));
  });
});

describe('DTMF', () => {
  it('uuid_send_dtmf on the A leg raises DTMF on the B leg in the room: all digits on the next 20 ms frame', async () => {
    r = await rig();
    const call = await customer(r.c);
    const from = r.c.messages.length;
    const t0 = Date.now();
    expect(await r.c.api(`uuid_send_dtmf ${call.a} 0123456789*#ABCDx@100`)).toBe(`+OK ${call.a} sent DTMF 0123456789*#ABCDx@100.\n`);
    for (let i = 0; i < 16; i++) await r.c.waitEvent('DTMF', () => true, 2000, from + i);
    const dtmf = r.c.events('DTMF').filter((m) => r!.c.messages.indexOf(m) >= from);
    expect(Date.now() - t0).toBeLessThan(200);
    expect(dtmf.map((m) => eventHeader(m, 'DTMF-Digit')).join('')).toBe('0123456789*#ABCD');
    expect(new Set(dtmf.map(uid))).toEqual(new Set([call.b]));
    expect(eventHeader(dtmf[0]!, 'DTMF-Duration')).toBe('800');
    expect(eventHeader(dtmf[0]!, 'DTMF-Source')).toBe('UNKNOWN');
    expect(dtmf[0]!.event!.headers.some(([k]) => k.startsWith('variable_'))).toBe(false);
    expect(dtmf[0]!.event!.headers.slice(-3).map(([k]) => k)).toEqual(['DTMF-Digit', 'DTMF-Duration', 'DTMF-Source']);
  });

  it('a parked leg reads one digit per 20 ms frame, default duration 2000 samples', async () => {
    r = await rig();
    const p = await phone(r.c);
    const from = r.c.messages.length;
    await r.c.api(`uuid_send_dtmf ${p.b} 1234`);
    await r.c.waitFor(() => r!.c.events('DTMF').length >= 4, 2000, from);
    const seen = r.c.events('DTMF');
    expect(seen.map((m) => eventHeader(m, 'DTMF-Digit'))).toEqual(['1', '2', '3', '4']);
    expect(seen.every((m) => uid(m) === p.a && eventHeader(m, 'DTMF-Duration') === '2000')).toBe(true);
    expect(seen[3]!.ms - seen[0]!.ms).toBeGreaterThanOrEqual(45);
  });

  it('sensitive_dtmf=true raises no events; digits_dialed is masked by digits_dialed_filter at hangup', async () => {
    r = await rig();
    const call = await customer(r.c);
    await r.c.api(`uuid_send_dtmf ${call.a} 12`);
    await r.c.waitEvent('DTMF');
    await r.c.api(`uuid_setvar ${call.b} sensitive_dtmf true`);
    const from = r.c.messages.length;
    await r.c.api(`uuid_send_dtmf ${call.a} 345`);
    await sleep(80);
    expect(r.c.events('DTMF').filter((m) => r!.c.messages.indexOf(m) >= from)).toHaveLength(0);
    await r.c.api(`uuid_kill ${call.a}`);
    const hc = await r.c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === call.b);
    expect(eventHeader(hc, 'variable_digits_dialed')).toBe('XX');
  });

  it('queued digits wait until an app reads them', async () => {
    r = await rig();
    const from = r.c.messages.length;
    const a = (await r.c.api('originate loopback/ivrpay_phone/ivrpay-test &sleep(100)')).trim().split(' ')[1]!;
    await r.c.api(`uuid_send_dtmf ${a} 7`);
    await sleep(60);
    expect(r.c.events('DTMF').filter((m) => r!.c.messages.indexOf(m) >= from)).toHaveLength(1);
  });

  it('maskDigits replaces what the filter matches with X', () => {
    expect(maskDigits('1234#', '.+')).toBe('XXXXX');
    expect(maskDigits('1234#', '[0-9]{2}')).toBe('XX34#');
  });
});

describe('hang-up', () => {
  it('uuid_kill on the parked A leg: HANGUP, its park ends, the partner follows, the member leaves on the next tick', async () => {
    r = await rig();
    const call = await customer(r.c);
    const op = await operator(r.c, call.room);
    await sleep(100);
    const from = r.c.messages.length;
    expect(await r.c.api(`uuid_kill ${call.a} USER_BUSY`)).toBe('+OK\n');
    await r.c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === call.b, 2000, from);
    await r.c.waitEvent('floor-change', (m) => uid(m) === op.a, 2000, from);
    const seq = r.c.messages.slice(from).filter((m) => m.event).map((m) => `${kinds([m])[0]}@${uid(m) === call.a ? 'A' : uid(m) === call.b ? 'B' : uid(m) === op.a ? 'op' : '-'}`);
    expect(seq).toEqual([
      'CHANNEL_HANGUP@A',
      'CHANNEL_EXECUTE_COMPLETE park@A',
      'CHANNEL_HANGUP@B',
      'CHANNEL_HANGUP_COMPLETE@A',
      'CUSTOM floor-change@-',
      'CUSTOM del-member@B',
      'CHANNEL_EXECUTE_COMPLETE conference@B',
      'CHANNEL_HANGUP_COMPLETE@B',
      'CUSTOM floor-change@op',
    ]);
    expect(r.c.events('CHANNEL_HANGUP').slice(-2).map((m) => eventHeader(m, 'Hangup-Cause'))).toEqual(['USER_BUSY', 'USER_BUSY']);
    expect(await r.c.api(`uuid_kill ${call.a}`)).toBe('-ERR No such channel!\n');
    expect(await r.c.api('uuid_kill')).toBe('-USAGE: <uuid> [cause]\n');
  });

  it('the last member leaving destroys the room on the next tick', async () => {
    r = await rig();
    const call = await customer(r.c);
    await r.c.api(`uuid_kill ${call.b}`);
    const destroy = await r.c.waitEvent('conference-destroy');
    expect(eventHeader(destroy, 'Conference-Name')).toBe(call.room);
    expect(await r.c.api(`conference ${call.room} list`)).toBe(`-ERR Conference ${call.room} not found\n`);
  });

  it('hupall hangs everything up (MANAGER_REQUEST, or the cause given), optionally by variable', async () => {
    r = await rig();
    const call = await customer(r.c);
    await operator(r.c, call.room);
    expect(await r.c.api('hupall NORMAL_CLEARING ivrpay_role operator')).toBe('+OK hangup all channels matching [ivrpay_role]=[operator] with cause: NORMAL_CLEARING\n');
    await sleep(80);
    expect(r.sim.channelCount()).toBe(2);
    expect(await r.c.api('hupall')).toBe('+OK hangup all channels with cause MANAGER_REQUEST\n');
    await sleep(80);
    expect(r.sim.channelCount()).toBe(0);
  });
});

describe('uuid_transfer', () => {
  it('moves a parked leg into a room inline and back to park', async () => {
    r = await rig();
    const p = await phone(r.c);
    let from = r.c.messages.length;
    expect(await r.c.api(`uuid_transfer ${p.a} conference:ivrpay-t@ivrpay inline`)).toBe('+OK\n');
    await r.c.waitEvent('floor-change', () => true, 2000, from);
    expect(kinds(r.c.messages.slice(from), p.a)).toEqual(['CHANNEL_EXECUTE_COMPLETE park', 'CHANNEL_EXECUTE conference', 'CUSTOM add-member', 'CUSTOM floor-change']);
    from = r.c.messages.length;
    expect(await r.c.api(`uuid_transfer ${p.a} -both park inline`)).toBe('+OK\n');
    await r.c.waitEvent('conference-destroy', () => true, 2000, from);
    expect(kinds(r.c.messages.slice(from), p.a)).toEqual(['CUSTOM del-member', 'CHANNEL_EXECUTE_COMPLETE conference', 'CHANNEL_EXECUTE park']);
    expect(await r.c.api(`uuid_transfer ${p.a}`)).toBe('-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n');
  });

  it('an XML transfer runs the extension of the context', async () => {
    r = await rig();
    const p = await phone(r.c);
    const from = r.c.messages.length;
    await r.c.api(`uuid_transfer ${p.a} 0312345678 XML ivrpay`);
    const add = await r.c.waitEvent('add-member', () => true, 2000, from);
    expect(uid(add)).toBe(p.a);
    expect(eventHeader(add, 'Conference-Name')).toBe(`ivrpay-${p.a}`);
  });
});
