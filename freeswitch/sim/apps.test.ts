// Applications run through sendmsg on a parked leg: playback timing and variables, set/export/unset, DTMF detectors, hangup.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventHeader } from './testing/esl-client.js';
import { phone, rig, soundsFixture, uid, type Rig } from './testing/harness.js';

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

async function execute(a: string, app: string, arg?: string, eventUuid?: string) {
  const from = r!.c.messages.length;
  await r!.c.command(`sendmsg ${a}\ncall-command: execute\nexecute-app-name: ${app}${arg ? `\nexecute-app-arg: ${arg}` : ''}${eventUuid ? `\nEvent-UUID: ${eventUuid}` : ''}\nevent-lock: true`);
  return r!.c.waitEvent('CHANNEL_EXECUTE_COMPLETE', (m) => uid(m) === a && eventHeader(m, 'Application') === app, 3000, from);
}

describe('apps run through sendmsg on a parked leg', () => {
  it('playback lasts the file, answers FILE PLAYED, sets playback_* and keeps Event-UUID as Application-UUID', async () => {
    r = await rig({ soundsDir: sounds.dir });
    const p = await phone(r.c);
    const t0 = Date.now();
    const done = await execute(p.a, 'playback', 'ivrpay/en/card-number.wav', '0e000000-0000-4000-8000-0000000000e1');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(eventHeader(done, 'Application-Response')).toBe('FILE PLAYED');
    expect(eventHeader(done, 'Application-UUID')).toBe('0e000000-0000-4000-8000-0000000000e1');
    expect(eventHeader(done, 'variable_playback_ms')).toBe('300');
    expect(eventHeader(done, 'variable_current_loop')).toBe('1');
    const missing = await execute(p.a, 'playback', 'ivrpay/en/nope.wav');
    expect(eventHeader(missing, 'Application-Response')).toBe('FILE NOT FOUND');
  });

  it('set, export, unset change variables; park goes on around them', async () => {
    r = await rig();
    const p = await phone(r.c);
    expect(eventHeader(await execute(p.a, 'set', 'ivrpay_call=c-9'), 'variable_ivrpay_call')).toBe('c-9');
    expect(eventHeader(await execute(p.a, 'export', 'x=1'), 'variable_export_vars')).toBe('x');
    expect(eventHeader(await execute(p.a, 'unset', 'ivrpay_call'), 'variable_ivrpay_call')).toBeUndefined();
    expect(r.c.events('CHANNEL_EXECUTE_COMPLETE').filter((m) => eventHeader(m, 'Application') === 'park' && uid(m) === p.a)).toHaveLength(0);
  });

  it('start_dtmf and spandsp_start_dtmf complete at once', async () => {
    r = await rig();
    const p = await phone(r.c);
    expect(eventHeader(await execute(p.a, 'start_dtmf'), 'Application-Response')).toBe('_none_');
    expect(eventHeader(await execute(p.a, 'spandsp_start_dtmf'), 'Application-Response')).toBe('_none_');
  });

  it('hangup hangs up with the cause given; an unknown app hangs up DESTINATION_OUT_OF_ORDER', async () => {
    r = await rig();
    const p = await phone(r.c);
    await execute(p.a, 'hangup', 'CALL_REJECTED');
    const hc = await r.c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === p.a);
    expect(eventHeader(hc, 'Hangup-Cause')).toBe('CALL_REJECTED');
    const q = await phone(r.c);
    await r.c.command(`sendmsg ${q.a}\ncall-command: execute\nexecute-app-name: no_such_app`);
    const hc2 = await r.c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === q.a);
    expect(eventHeader(hc2, 'Hangup-Cause')).toBe('DESTINATION_OUT_OF_ORDER');
  });

  it('call-command: hangup with a hangup-cause', async () => {
    r = await rig();
    const p = await phone(r.c);
    await r.c.command(`sendmsg ${p.a}\ncall-command: hangup\nhangup-cause: USER_BUSY`);
    const hc = await r.c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === p.a);
    expect(eventHeader(hc, 'Hangup-Cause')).toBe('USER_BUSY');
  });
});
