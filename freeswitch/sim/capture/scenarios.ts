// ESL capture scenarios over loopback legs, run against a real FreeSWITCH (or the simulator) to record wire fixtures; never sends card numbers.
import { RawEslClient, eventHeader, sleep, type ReceivedMessage } from '../testing/esl-client.js';

export interface ScenarioContext {
  /** directory the switch writes recordings to (scenario 13) */
  recordDir: string;
  /** runs `fsctl shutdown` from another connection (scenario 15) */
  shutdownFromOutside(): Promise<void>;
}

export interface Scenario {
  file: string;
  description: string[];
  run(c: RawEslClient, ctx: ScenarioContext): Promise<void>;
}

export const CALL_EVENTS =
  'DTMF CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE BACKGROUND_JOB CUSTOM conference::maintenance';

/** Fixed uuids so replays can map them; the B legs' uuids are random and learned from events. */
export const CUSTOMER_A = '0a000000-0000-4000-8000-00000000000a';
export const OPERATOR_A = '0b000000-0000-4000-8000-00000000000b';
export const PHONE_A = '0c000000-0000-4000-8000-00000000000c';

const SETTLE_MS = 300;

function uid(m: ReceivedMessage): string {
  return eventHeader(m, 'Unique-ID') ?? '';
}

async function start(c: RawEslClient, events: string, format: 'plain' | 'json' = 'plain'): Promise<void> {
  await c.auth();
  await c.command(`event ${format} ${events}`);
}

/** Customer on a loopback leg into the ivrpay context; returns its B leg (the room member) and member id. */
async function customerCall(c: RawEslClient, viaBgapi = false): Promise<{ b: string; member: string; room: string }> {
  const from = c.messages.length;
  const cmd = `originate {origination_uuid=${CUSTOMER_A},origination_caller_id_number=0311112222,origination_caller_id_name='Test Customer'}loopback/0312345678/ivrpay &park()`;
  if (viaBgapi) await c.command(`bgapi ${cmd}`);
  else await c.api(cmd);
  const add = await c.waitEvent('add-member', () => true, 10_000, from);
  await c.waitEvent('floor-change', () => true, 5000, from);
  if (viaBgapi) await c.waitEvent('BACKGROUND_JOB', () => true, 5000, from);
  await c.waitEvent('CHANNEL_EXECUTE', (m) => uid(m) === CUSTOMER_A, 5000, from);
  await sleep(SETTLE_MS);
  const b = uid(add);
  return { b, member: eventHeader(add, 'Member-ID')!, room: `ivrpay-${b}` };
}

async function operatorJoins(c: RawEslClient, room: string): Promise<string> {
  const from = c.messages.length;
  await c.command(`bgapi originate {origination_uuid=${OPERATOR_A},ivrpay_role=operator}loopback/ivrpay_phone/ivrpay-test &conference(${room}@ivrpay)`);
  const add = await c.waitEvent('add-member', (m) => uid(m) === OPERATOR_A, 10_000, from);
  await c.waitEvent('BACKGROUND_JOB', () => true, 5000, from);
  await sleep(SETTLE_MS);
  return eventHeader(add, 'Member-ID')!;
}

async function digits(c: RawEslClient, to: string, dtmf: string, count: number): Promise<void> {
  let at = c.messages.length;
  await c.api(`uuid_send_dtmf ${to} ${dtmf}`);
  for (let n = 0; n < count; n++) {
    const m = await c.waitEvent('DTMF', () => true, 5000, at);
    at = c.messages.indexOf(m) + 1;
  }
  await sleep(SETTLE_MS);
}

async function hangUpAll(c: RawEslClient, legs: string[], expectDestroy: boolean): Promise<void> {
  for (const leg of legs) {
    const from = c.messages.length;
    await c.api(`uuid_kill ${leg}`);
    await c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === leg || eventHeader(m, 'variable_other_loopback_leg_uuid') === leg, 5000, from);
    await sleep(SETTLE_MS);
  }
  if (expectDestroy) await c.waitEvent('conference-destroy', () => true, 5000);
  await sleep(SETTLE_MS);
}

async function playToMember(c: RawEslClient, room: string, file: string, member: string, stopAfterMs?: number): Promise<void> {
  const from = c.messages.length;
  await c.api(`conference ${room} play ${file} ${member}`);
  if (stopAfterMs !== undefined) {
    await sleep(stopAfterMs);
    await c.api(`conference ${room} stop current ${member}`);
  }
  await c.waitEvent('play-file-member-done', () => true, 10_000, from);
  await sleep(SETTLE_MS);
}

function callScenario(format: 'plain' | 'json'): Scenario['run'] {
  return async (c) => {
    await start(c, CALL_EVENTS, format);
    c.note('>>> customer: originate loopback/0312345678/ivrpay &park() (B leg runs the ivrpay context and joins ivrpay-<B uuid>)');
    const cust = await customerCall(c);
    c.note(`>>> operator: bgapi originate loopback/ivrpay_phone/ivrpay-test &conference(room) (A leg joins, B leg answers+parks)`);
    const op = await operatorJoins(c, cust.room);
    await c.api(`conference ${cust.room} list`);
    await c.api(`conference ${cust.room} json_list`);
    await c.api(`conference ${cust.room} relate ${op} ${cust.member} nohear`);
    await playToMember(c, cust.room, 'en/card-number.wav', cust.member);
    c.note('>>> uuid_send_dtmf on the customer A leg: digits reach the B leg (room member) as DTMF events');
    await digits(c, CUSTOMER_A, '1234567890*#@100', 12);
    await digits(c, CUSTOMER_A, '98', 2);
    await playToMember(c, cust.room, 'en/expiry.wav', cust.member, 400);
    await playToMember(c, cust.room, 'tone_stream://%(200,0,800)', cust.member);
    await playToMember(c, cust.room, 'silence_stream://300', cust.member);
    await c.api(`conference ${cust.room} relate ${op} ${cust.member} clear`);
    await c.api(`uuid_getvar ${cust.b} ivrpay_did`);
    await c.api(`uuid_exists ${cust.b}`);
    await hangUpAll(c, [CUSTOMER_A, OPERATOR_A], true);
    await c.command('exit');
    await c.waitClosed(3000);
  };
}

export const SCENARIOS: Scenario[] = [
  {
    file: '10-loopback-call-plain.esl',
    description: [
      'customer loopback leg into context ivrpay (per-call room), operator loopback leg joins with &conference(),',
      'list/json_list, relate nohear, member play (wav, stopped wav, tone_stream, silence_stream), uuid_send_dtmf',
      'with @100 and default duration, relate clear, uuid_getvar/uuid_exists, uuid_kill both A legs; event plain.',
    ],
    run: callScenario('plain'),
  },
  {
    file: '11-loopback-call-json.esl',
    description: ['same as 10 with event json.'],
    run: callScenario('json'),
  },
  {
    file: '12-originate-forms.esl',
    description: [
      'originate variants and failures: unallocated number in ivrpay, missing context, error/<cause>, user/<x>,',
      'the <ext> XML <context> form, bgapi originate, and api replies for uuid_kill with a cause.',
    ],
    run: async (c) => {
      await start(c, CALL_EVENTS);
      await c.api('originate loopback/abc/ivrpay &park()');
      await sleep(SETTLE_MS);
      await c.api('originate loopback/1/ivrpay &park()');
      await sleep(SETTLE_MS);
      await c.api('originate loopback/ivrpay_phone/nosuchcontext &park()');
      await sleep(SETTLE_MS);
      await c.api('originate error/user_busy &park()');
      await c.api('originate error/NO_ANSWER &park()');
      await c.api('originate user/1000 &park()');
      let from = c.messages.length;
      await c.command('bgapi originate loopback/abc/ivrpay &park()');
      await c.waitEvent('BACKGROUND_JOB', () => true, 10_000, from);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.api(`originate {origination_uuid=${PHONE_A}}loopback/ivrpay_phone/ivrpay-test ivrpay_phone XML ivrpay-test`);
      await c.waitEvent('CHANNEL_EXECUTE', (m) => uid(m) === PHONE_A && eventHeader(m, 'Application') === 'park', 5000, from);
      await sleep(SETTLE_MS);
      await c.api(`uuid_kill ${PHONE_A} USER_BUSY`);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.api(`originate {origination_uuid=${PHONE_A},ivrpay_role=operator}loopback/ivrpay_phone/ivrpay-test &park()`);
      await sleep(SETTLE_MS);
      await c.api(`uuid_kill ${PHONE_A} NO_SUCH_CAUSE`);
      await sleep(SETTLE_MS);
      await c.api(`uuid_kill ${PHONE_A}`);
      await c.command('exit');
      await c.waitClosed(3000);
    },
  },
  {
    file: '13-channel-commands.esl',
    description: [
      'on a parked loopback phone: sendmsg execute (playback with Event-UUID + event-lock, set, start_dtmf, hangup),',
      'uuid_getvar/uuid_setvar, uuid_record start/mask/unmask/stop, uuid_drop_dtmf, uuid_break, uuid_transfer inline,',
      'DTMF on a parked leg, status/fsctl/show channels/hupall.',
    ],
    run: async (c, ctx) => {
      await start(c, `${CALL_EVENTS} RECORD_START RECORD_STOP`);
      let from = c.messages.length;
      await c.api(`originate {origination_uuid=${PHONE_A}}loopback/ivrpay_phone/ivrpay-test &park()`);
      const bCreate = await c.waitEvent('CHANNEL_CREATE', (m) => uid(m) !== PHONE_A, 5000, from);
      const phoneB = uid(bCreate);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.command(
        `sendmsg ${PHONE_A}\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: ivrpay/en/card-number.wav\nEvent-UUID: 0d000000-0000-4000-8000-00000000000d\nevent-lock: true`,
      );
      await c.waitEvent('CHANNEL_EXECUTE_COMPLETE', (m) => eventHeader(m, 'Application') === 'playback', 10_000, from);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.command(`sendmsg ${PHONE_A}\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: ivrpay_call=call-1\nEvent-UUID: 0d000000-0000-4000-8000-00000000000e`);
      await c.waitEvent('CHANNEL_EXECUTE_COMPLETE', (m) => eventHeader(m, 'Application') === 'set', 5000, from);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.command(`sendmsg ${PHONE_A}\ncall-command: execute\nexecute-app-name: start_dtmf\nasync: true`);
      await c.waitEvent('CHANNEL_EXECUTE_COMPLETE', (m) => eventHeader(m, 'Application') === 'start_dtmf', 5000, from);
      await sleep(SETTLE_MS);
      await digits(c, phoneB, '5*', 2);
      await c.api(`uuid_getvar ${PHONE_A} ivrpay_call`);
      await c.api(`uuid_getvar ${PHONE_A} no_such_var`);
      await c.api(`uuid_getvar ${PHONE_A}`);
      await c.api(`uuid_setvar ${PHONE_A} ivrpay_operator op-7`);
      await c.api(`uuid_getvar ${PHONE_A} ivrpay_operator`);
      await c.api(`uuid_setvar ${PHONE_A} ivrpay_operator`);
      await c.api(`uuid_getvar ${PHONE_A} ivrpay_operator`);
      await c.api(`uuid_setvar ${PHONE_A}`);
      await c.api('uuid_getvar 00000000-0000-0000-0000-000000000000 x');
      await c.api('uuid_exists 00000000-0000-0000-0000-000000000000');
      await c.api(`uuid_exists ${PHONE_A}`);
      const rec = `${ctx.recordDir}/sim-capture.wav`;
      await c.api(`uuid_record ${PHONE_A} mask ${rec}`);
      await c.api(`uuid_record ${PHONE_A} start ${rec}`);
      await sleep(SETTLE_MS);
      await c.api(`uuid_record ${PHONE_A} mask ${rec}`);
      await c.api(`uuid_record ${PHONE_A} unmask ${rec}`);
      await c.api(`uuid_record ${PHONE_A} stop ${rec}`);
      await sleep(SETTLE_MS);
      await c.api(`uuid_record ${PHONE_A} unmask ${rec}`);
      await c.api(`uuid_record ${PHONE_A} stop ${rec}`);
      await c.api(`uuid_record ${PHONE_A} bogus ${rec}`);
      await c.api(`uuid_drop_dtmf ${PHONE_A} on`);
      await c.api(`uuid_drop_dtmf ${PHONE_A} on mask_digits 0`);
      await c.api(`uuid_drop_dtmf ${PHONE_A} off mask_digits 0`);
      await c.api(`uuid_drop_dtmf 00000000-0000-0000-0000-000000000000 on mask_digits 0`);
      from = c.messages.length;
      await c.api(`uuid_break ${PHONE_A}`);
      await sleep(SETTLE_MS);
      await c.api(`uuid_break 00000000-0000-0000-0000-000000000000`);
      await c.api('uuid_break');
      from = c.messages.length;
      await c.api(`uuid_transfer ${PHONE_A} conference:ivrpay-capture-room@ivrpay inline`);
      await c.waitEvent('add-member', () => true, 5000, from);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.api(`uuid_transfer ${PHONE_A} -both park inline`);
      await c.waitEvent('conference-destroy', () => true, 5000, from);
      await sleep(SETTLE_MS);
      await c.api(`uuid_transfer ${PHONE_A}`);
      await c.api('uuid_transfer 00000000-0000-0000-0000-000000000000 park inline');
      await c.api('status');
      await c.api('fsctl sps');
      await c.api('fsctl sps 500');
      await c.api('fsctl sps 1000');
      await c.api('show channels');
      await c.api('show channels as json');
      from = c.messages.length;
      await c.command(`sendmsg ${PHONE_A}\ncall-command: execute\nexecute-app-name: hangup\nexecute-app-arg: CALL_REJECTED`);
      await c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === phoneB, 5000, from);
      await sleep(SETTLE_MS);
      await c.api('show channels');
      from = c.messages.length;
      await c.api(`originate {origination_uuid=${PHONE_A}}loopback/ivrpay_phone/ivrpay-test &park()`);
      await sleep(SETTLE_MS);
      await c.api('hupall');
      await c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === PHONE_A, 5000, from);
      await sleep(SETTLE_MS);
      await c.api('hupall');
      await c.command('exit');
      await c.waitClosed(3000);
    },
  },
  {
    file: '14-filters-and-jobs.esl',
    description: [
      'filter semantics: a Unique-ID filter blocks BACKGROUND_JOB and other channels; Job-UUID filter lets it through;',
      'regex filter values; event ALL; nixevent; myevents on a live uuid and linger replies.',
    ],
    run: async (c) => {
      await start(c, 'BACKGROUND_JOB CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE');
      await c.command(`filter Unique-ID ${PHONE_A}`);
      let from = c.messages.length;
      await c.command('bgapi status\nJob-UUID: 0e000000-0000-4000-8000-000000000001');
      await c.api(`originate {origination_uuid=${PHONE_A}}loopback/ivrpay_phone/ivrpay-test &park()`);
      await sleep(SETTLE_MS);
      await c.command('filter Job-UUID 0e000000-0000-4000-8000-000000000002');
      from = c.messages.length;
      await c.command('bgapi uuid_exists ' + PHONE_A + '\nJob-UUID: 0e000000-0000-4000-8000-000000000002');
      await c.waitEvent('BACKGROUND_JOB', () => true, 5000, from);
      await sleep(SETTLE_MS);
      await c.command('filter delete all');
      await c.command('filter Event-Name /^CHANNEL_HANG/');
      await c.command(`sendmsg ${PHONE_A}\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: x=y`);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.api(`uuid_kill ${PHONE_A}`);
      await c.waitEvent('CHANNEL_HANGUP_COMPLETE', () => true, 5000, from);
      await sleep(SETTLE_MS);
      await c.command('filter delete Event-Name /^CHANNEL_HANG/');
      await c.command('filter delete Event-Name');
      await c.command('filter Event-Name');
      await c.command('nixevent CHANNEL_ANSWER');
      await c.command('nixevent');
      await c.command('event');
      await c.command('noevents');
      await c.command('noevents');
      await c.command('nolog');
      await c.command('log');
      await c.command('log bogus');
      await c.command('nolog');
      await c.command('event json ALL');
      await c.command('noevents');
      from = c.messages.length;
      await c.api(`originate {origination_uuid=${PHONE_A}}loopback/ivrpay_phone/ivrpay-test &park()`);
      await c.command(`myevents ${PHONE_A} plain`);
      await c.command(`myevents ${PHONE_A} plain`);
      await c.command('linger 5');
      await c.command('nolinger');
      await c.command('linger');
      await c.command(`sendmsg ${PHONE_A}\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: x=y`);
      await sleep(SETTLE_MS);
      await c.api(`uuid_kill ${PHONE_A}`);
      await c.waitFor((m) => m.type === 'text/disconnect-notice', 5000, from);
      await sleep(SETTLE_MS);
      await c.command('exit');
      await c.waitClosed(3000);
    },
  },
  {
    file: '16-conference-errors.esl',
    description: [
      'conference api edge replies: missing file, unknown member, stop with nothing playing, room-wide play/stop,',
      'relate usage/not-found, kick and hup of a member, conference-not-found, list with two rooms.',
    ],
    run: async (c) => {
      await start(c, CALL_EVENTS);
      const cust = await customerCall(c);
      const op = await operatorJoins(c, cust.room);
      const r = cust.room;
      for (const cmd of [
        `conference ${r} play en/no-such-prompt.wav ${cust.member}`,
        `conference ${r} play /no/such/file.wav ${cust.member}`,
        `conference ${r} play en/card-number.wav 99`,
        `conference ${r} stop current ${cust.member}`,
        `conference ${r} stop all ${cust.member}`,
        `conference ${r} stop current 99`,
        `conference ${r} stop bogus`,
        `conference ${r} relate ${op} ${cust.member}`,
        `conference ${r} relate`,
        `conference ${r} relate ${op}`,
        `conference ${r} relate ${op} 99 nohear`,
        `conference ${r} relate 99 ${cust.member} clear`,
        `conference ${r} relate ${op} ${cust.member} nospeak`,
        `conference ${r} relate ${op}`,
        `conference ${r} relate ${op} ${cust.member} clear`,
        `conference ${r} kick 99`,
        `conference ${r} hup 99`,
        `conference ${r} bogus`,
        `conference ${r}`,
        `conference nosuchroom list`,
        `conference nosuchroom json_list`,
        `conference nosuchroom kick 1`,
        `conference list`,
        `conference json_list`,
        `conference xml_list`,
      ]) await c.api(cmd);
      let from = c.messages.length;
      await c.api(`conference ${r} play en/card-number.wav`);
      await sleep(SETTLE_MS);
      await c.api(`conference ${r} stop current`);
      await c.waitEvent('play-file-done', () => true, 5000, from);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.api(`conference ${r} play tone_stream://%(100,0,440);%(100,0,480)`);
      await c.waitEvent('play-file-done', () => true, 5000, from);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.api(`conference ${r} kick ${op}`);
      await c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === OPERATOR_A, 5000, from);
      await sleep(SETTLE_MS);
      from = c.messages.length;
      await c.api(`conference ${r} hup ${cust.member}`);
      await c.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => uid(m) === CUSTOMER_A, 5000, from);
      await sleep(SETTLE_MS);
      await c.api(`conference ${r} list`);
      await c.command('exit');
      await c.waitClosed(3000);
    },
  },
  {
    file: '15-shutdown-with-room.esl',
    description: ['a customer + operator loopback call in a room, then `fsctl shutdown` from another connection.'],
    run: async (c, ctx) => {
      await start(c, CALL_EVENTS);
      const cust = await customerCall(c, true);
      await operatorJoins(c, cust.room);
      c.note('>>> another connection runs: fsctl shutdown');
      await ctx.shutdownFromOutside();
      await c.waitClosed(15_000);
    },
  },
];
