// API replies over TCP: channel variables, uuid_record/drop_dtmf/break/send_dtmf, status/fsctl/show, unknown commands.
import { afterEach, describe, expect, it } from 'vitest';
import { phone, rig, type Rig } from './testing/harness.js';
import { sleep } from './testing/esl-client.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const ZERO = '00000000-0000-0000-0000-000000000000';

describe('channel variables and existence', () => {
  it('uuid_getvar / uuid_setvar / uuid_exists with the real replies', async () => {
    r = await rig();
    const p = await phone(r.c);
    expect(await r.c.api(`uuid_setvar ${p.a} ivrpay_operator op-7`)).toBe('+OK\n');
    expect(await r.c.api(`uuid_getvar ${p.a} ivrpay_operator`)).toBe('op-7');
    expect(await r.c.api(`uuid_setvar ${p.a} ivrpay_operator`)).toBe('+OK\n');
    expect(await r.c.api(`uuid_getvar ${p.a} ivrpay_operator`)).toBe('_undef_');
    expect(await r.c.api(`uuid_getvar ${p.a} destination_number`)).toBe('ivrpay_phone');
    expect(await r.c.api(`uuid_getvar ${p.a}`)).toBe('-USAGE: <uuid> <var>\n');
    expect(await r.c.api(`uuid_setvar ${p.a}`)).toBe('-USAGE: <uuid> <var> [value]\n');
    expect(await r.c.api(`uuid_getvar ${ZERO} x`)).toBe('-ERR No such channel!\n');
    expect(await r.c.api(`uuid_setvar ${ZERO} x y`)).toBe('-ERR No such channel!\n');
    expect(await r.c.api(`uuid_exists ${p.a}`)).toBe('true');
    expect(await r.c.api(`uuid_exists ${ZERO}`)).toBe('false');
  });
});

describe('uuid_record, uuid_drop_dtmf, uuid_break, uuid_send_dtmf', () => {
  it('record start/mask/unmask/stop and their errors', async () => {
    r = await rig();
    const p = await phone(r.c);
    expect(await r.c.api('uuid_record')).toBe('-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]\n');
    expect(await r.c.api(`uuid_record ${ZERO} mask /tmp/x.wav`)).toBe('-ERR Cannot locate session!\n');
    expect(await r.c.api(`uuid_record ${p.a} mask /tmp/x.wav`)).toBe('-ERR Cannot mask recording session!\n');
    expect(await r.c.api(`uuid_record ${p.a} start /tmp/x.wav`)).toBe('+OK Success\n');
    expect(await r.c.api(`uuid_record ${p.a} mask /tmp/x.wav`)).toBe('+OK Success\n');
    expect(await r.c.api(`uuid_record ${p.a} unmask /tmp/x.wav`)).toBe('+OK Success\n');
    expect(await r.c.api(`uuid_record ${p.a} stop /tmp/x.wav`)).toBe('+OK Success\n');
    expect(await r.c.api(`uuid_record ${p.a} unmask /tmp/x.wav`)).toBe('-ERR Cannot unmask recording session!\n');
    expect(await r.c.api(`uuid_record ${p.a} stop /tmp/x.wav`)).toBe('-ERR Cannot stop record session!\n');
  });

  it('uuid_drop_dtmf needs all four arguments', async () => {
    r = await rig();
    const p = await phone(r.c);
    const usage = '-USAGE: <uuid> [on | off ] [ mask_digits <digits> | mask_file <file>]\n';
    expect(await r.c.api('uuid_drop_dtmf')).toBe(usage);
    expect(await r.c.api(`uuid_drop_dtmf ${p.a} on`)).toBe(usage);
    expect(await r.c.api(`uuid_drop_dtmf ${p.a} on mask_digits 0`)).toBe(`+OK ${p.a} is dropping DTMF. mask_file: NONE mask_digits: 0\n`);
    expect(await r.c.api(`uuid_drop_dtmf ${p.a} off mask_file silence_stream://20`)).toBe(
      `+OK ${p.a} is not dropping DTMF. mask_file: silence_stream://20 mask_digits: NONE\n`,
    );
    expect(await r.c.api(`uuid_drop_dtmf ${ZERO} on mask_digits 0`)).toBe(`-ERR No such channel ${ZERO}!\n`);
  });

  it('uuid_break stops a playback (FILE PLAYED) and leaves park alone; uuid_send_dtmf errors', async () => {
    r = await rig();
    const p = await phone(r.c);
    expect(await r.c.api(`uuid_break ${p.a}`)).toBe('+OK\n');
    await r.c.command(`sendmsg ${p.a}\ncall-command: execute\nexecute-app-name: sleep\nexecute-app-arg: 5000`);
    await sleep(60);
    expect(await r.c.api(`uuid_break ${p.a}`)).toBe('+OK\n');
    expect(await r.c.api(`uuid_break ${ZERO}`)).toBe('-ERR No such channel!\n');
    expect(await r.c.api('uuid_break')).toBe('-USAGE: <uuid> [all]\n');
    expect(await r.c.api(`uuid_send_dtmf ${ZERO} 1`)).toBe('-ERR Cannot locate session!\n');
    expect(await r.c.api('uuid_send_dtmf')).toBe('-USAGE: <uuid> <dtmf_data>\n');
    expect(await r.c.api(`uuid_send_dtmf ${p.a} xyz`)).toBe('-ERR Operation failed\n');
  });
});

describe('switch-wide commands', () => {
  it('status, version, fsctl sps, show channels (empty and not), unknown commands', async () => {
    r = await rig();
    const status = await r.c.api('status');
    expect(status).toMatch(/^UP 0 years, 0 days, 0 hours, 0 minutes, \d+ seconds, \d+ milliseconds, \d+ microseconds\nFreeSWITCH \(Version 1\.11\.3-dev git cc93a68 2026-08-21 14:10:14Z 64bit\) is ready\n0 session\(s\) since startup\n/);
    expect(status.endsWith('Current Stack Size/Max 240K/8192K\n')).toBe(true);
    expect(await r.c.api('fsctl sps')).toBe('+OK sessions per second: 200\n');
    expect(await r.c.api('fsctl sps 500')).toBe('+OK sessions per second: 500\n');
    expect(await r.c.api('fsctl bogus')).toMatch(/^-ERR Invalid command\nUSAGE: fsctl /);
    expect(await r.c.api('show channels')).toBe('\n0 total.\n');
    expect(await r.c.api('show channels as json')).toBe('{"row_count": 0}\n');
    const p = await phone(r.c);
    expect(await r.c.api('show channels')).toMatch(new RegExp(`^uuid,direction,.*\\n${p.a},outbound,.*\\n${p.b},inbound,.*\\n\\n2 total\\.\\n$`));
    expect(JSON.parse(await r.c.api('show channels as json')).row_count).toBe(2);
    expect(await r.c.api('uuid_bridge x')).toBe('-USAGE: <uuid> <other_uuid>\n');
    expect(await r.c.api(`uuid_bridge ${ZERO} ${p.a}`)).toBe('-ERR Invalid uuid\n');
    expect(await r.c.api('sofia status')).toBe('-ERR sofia Command not found!\n');
  });
});
