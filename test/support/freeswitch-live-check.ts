// Live check of freeswitch/conf on a real FreeSWITCH: the ESL flow ivrpay relies on, DTMF masking by ear (recordings decoded), and no card digits in logs, CDRs or channel variables.
//
// Run: /work/shared/tools/run-freeswitch.sh freeswitch/conf   (with IVRPAY_ESL_PASSWORD exported)
//      npx tsx test/support/freeswitch-live-check.ts
// Env: IVRPAY_ESL_PASSWORD or FS_ESL_PASSWORD, FS_ESL_PORT (8021), FS_SCRATCH (/tmp/fs-run: its log/ holds
//      freeswitch.log and cdr-csv/). Needs sox and multimon-ng. Exit code 1 when any check fails.
// Test cards only; the script prints counts and masks, never the digits.
import { mkdtempSync, readdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFERENCE_PROFILE, CONTEXT_INBOUND, CONTEXT_TEST, TEST_PHONE_EXTENSION, VAR, promptPath, roomName } from '../../server/esl/contract.js';
import { LiveEsl, sleep, type SeenEvent } from './freeswitch-live-esl.js';
import { bandRms, decodeDtmf, totalRms, writeDtmfWav, writeToneWav } from './freeswitch-live-audio.js';
import { probeTrunk } from './freeswitch-live-sip.js';

const PAN_KEYPAD = '4111111111111111'; // sent as DTMF (uuid_send_dtmf, like RFC2833 from a trunk)
const PAN_TONES = '5555555555554444'; // sent as inband tones in the audio
const CONTROL_TONES = '4242424242424242'; // inband tones before capture: the operator must hear these
const DID = '0312345678';
const CUSTOMER_HZ = 1000;
const OPERATOR_HZ = 600;
const HEARD = 0.05; // band RMS of a -12 dBFS tone is ~0.17 after the room; silence is < 0.005
const SILENT = 0.01;

const password = process.env.FS_ESL_PASSWORD || process.env.IVRPAY_ESL_PASSWORD;
const port = Number(process.env.FS_ESL_PORT ?? 8021);
const scratch = process.env.FS_SCRATCH ?? '/tmp/fs-run';
let failures = 0;

function check(ok: boolean, what: string, detail = ''): void {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` — ${detail}` : ''}`);
}
function fact(what: string, value: string): void {
  console.log(`     ${what}: ${JSON.stringify(value)}`);
}

async function main(): Promise<void> {
  if (!password) throw new Error('set IVRPAY_ESL_PASSWORD (or FS_ESL_PASSWORD) to the switch password');
  const work = mkdtempSync(join(tmpdir(), 'ivrpay-live-'));
  chmodSync(work, 0o777); // FreeSWITCH may run as another user and writes the recordings here

  // --- Event Socket fences -------------------------------------------------------------------
  await LiveEsl.connect('127.0.0.1', port, 'ClueCon').then(
    (c) => (c.close(), check(password === 'ClueCon', 'ESL refuses the vanilla password ClueCon')),
    (e: Error) => check(true, 'ESL refuses the vanilla password ClueCon', e.message),
  );
  const nonLoopback = await externalAddress();
  if (nonLoopback) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: nonLoopback, port }, () => (s.destroy(), resolve(false)));
      s.on('error', () => resolve(true));
    });
    check(refused, `ESL not reachable on ${nonLoopback}:${port} (bound to 127.0.0.1 only)`);
  }

  const fs = await LiveEsl.connect('127.0.0.1', port, password);
  await fs.subscribe('DTMF CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE RECORD_STOP CUSTOM conference::maintenance');
  // (never "fsctl loglevel" without a level: it sets the level to DISABLE and would blind the log checks)

  // --- trunk profile: the ACL keeps unknown sources out (a real SIP INVITE over UDP) ------------
  const sipIp = await fs.api('global_getvar ivrpay_sip_ip');
  const trunkCidrs = (await fs.api('global_getvar ivrpay_trunk_cidrs')).split(',');
  const tt = Date.now();
  const trunk = await probeTrunk(sipIp, 5080, DID);
  if (!trunkCidrs.includes(`${sipIp}/32`)) {
    check(/^SIP\/2\.0 403/.test(trunk.status), 'ivrpay-trunk answers an INVITE from an address outside ivrpay-trunks with 403', trunk.status);
  } else {
    check(/^SIP\/2\.0 200/.test(trunk.status), `ivrpay-trunk answers an INVITE from ${sipIp} (listed in IVRPAY_FS_TRUNK_CIDRS)`, trunk.status);
    const probe = await fs.waitFor((e) => e.header('Action') === 'add-member' && e.header('Channel-Name').startsWith('sofia/ivrpay-trunk/'), 3000, tt, 'probe call');
    await fs.api(`uuid_kill ${probe.header('Unique-ID')}`);
  }

  // --- ivrpay-test is not reachable from the ivrpay context -----------------------------------
  const t0 = Date.now();
  const wrongCtx = await fs.api(`originate loopback/${TEST_PHONE_EXTENSION}/${CONTEXT_INBOUND} &park()`);
  check(/^-ERR/.test(wrongCtx), `${TEST_PHONE_EXTENSION} dialed in context ${CONTEXT_INBOUND} is hung up`, wrongCtx);
  const unalloc = await fs.waitFor((e) => e.name === 'CHANNEL_HANGUP_COMPLETE' && e.header('Channel-Name').endsWith('-b'), 3000, t0, 'hangup');
  fact('its hangup cause', unalloc.header('Hangup-Cause'));

  // --- customer leg: originate loopback/<DID>/ivrpay &park() -----------------------------------
  const custA = crypto.randomUUID();
  const t1 = Date.now();
  const custReply = await fs.api(`originate {origination_uuid=${custA}}loopback/${DID}/${CONTEXT_INBOUND} &park()`);
  check(custReply === `+OK ${custA}`, 'origination_uuid applies to the loopback A leg', custReply);
  const custAdd = await fs.waitFor(
    (e) => e.subclass === 'conference::maintenance' && e.header('Action') === 'add-member' && e.header('Channel-Name').startsWith(`loopback/${DID}-b`),
    5000, t1, 'customer add-member');
  const custB = custAdd.header('Unique-ID');
  const room = custAdd.header('Conference-Name');
  const custMember = custAdd.header('Member-ID');
  check(room === roomName(custB), 'customer B leg (the room member) is in room ivrpay-<its own uuid>', `${room}, member ${custMember}`);
  check(custAdd.header('Conference-Profile-Name') === CONFERENCE_PROFILE, `room uses profile ${CONFERENCE_PROFILE}`);
  for (const [name, want] of [
    ['ivrpay_role', 'customer'], ['ivrpay_did', DID], ['conference_controls', 'none'],
    ['playback_terminators', 'none'], ['digits_dialed_filter', '.+'], ['other_loopback_leg_uuid', custA],
  ] as const) {
    const got = await fs.api(`uuid_getvar ${custB} ${name}`);
    check(got === want, `customer B leg ${name}=${want}`, got);
  }

  // optional recording (IVRPAY_FS_RECORD=true): the dialplan records the customer leg; the server masks it during capture
  const recording = (await fs.api('global_getvar ivrpay_record')) === 'true' ? await fs.api(`uuid_getvar ${custB} ${VAR.recordPath}`) : '';
  if (recording) check(recording.endsWith(`ivrpay-${custB}.wav`), `IVRPAY_FS_RECORD=true: ${VAR.recordPath} set and recording`, recording);

  // --- operator leg: the server's originate -----------------------------------------------------
  const opA = crypto.randomUUID();
  const t2 = Date.now();
  const opReply = await fs.api(
    `originate {origination_uuid=${opA},ivrpay_role=operator,ivrpay_call=live-check,conference_controls=none}` +
      `loopback/${TEST_PHONE_EXTENSION}/${CONTEXT_TEST} &conference(${room}@${CONFERENCE_PROFILE})`);
  check(opReply === `+OK ${opA}`, 'operator originate into the room', opReply);
  const opAdd = await fs.waitFor((e) => e.header('Action') === 'add-member' && e.header('Unique-ID') === opA, 5000, t2, 'operator add-member');
  const opMember = opAdd.header('Member-ID');
  const opB = await fs.api(`uuid_getvar ${opA} other_loopback_leg_uuid`);
  check(/^[0-9a-f-]{36}$/.test(opB), `operator A leg is the member (${opMember}); its B leg is parked in ${CONTEXT_TEST}`);
  check((await fs.api(`uuid_getvar ${opB} current_application`)) === 'park', `${TEST_PHONE_EXTENSION} answered and parked`);
  const list = await fs.api(`conference ${room} list`);
  fact('conference list (2 lines, 1 per member)', String(list.split('\n').filter(Boolean).length));

  // --- normal audio both ways, before capture ---------------------------------------------------
  const toneCust = writeToneWav(work, CUSTOMER_HZ, 1.2);
  const toneOp = writeToneWav(work, OPERATOR_HZ, 1.2);
  const both = async (label: string, custTalks: boolean, opTalks: boolean) => {
    const [atOp, atCust] = [join(work, `${label}-operator-hears.wav`), join(work, `${label}-customer-hears.wav`)];
    await startRecording(fs, opB, atOp);
    await startRecording(fs, custA, atCust);
    await sleep(300);
    if (custTalks) await fs.api(`uuid_broadcast ${custA} ${toneCust} aleg`);
    if (opTalks) await fs.api(`uuid_broadcast ${opB} ${toneOp} aleg`);
    await sleep(1800);
    await stopRecording(fs, opB, atOp);
    await stopRecording(fs, custA, atCust);
    return { opHearsCust: bandRms(atOp, CUSTOMER_HZ), custHearsOp: bandRms(atCust, OPERATOR_HZ), opHearsSelf: bandRms(atOp, OPERATOR_HZ) };
  };
  const before = await both('before', true, true);
  check(before.opHearsCust > HEARD, 'before capture: the operator hears the customer', `band RMS ${before.opHearsCust}`);
  check(before.custHearsOp > HEARD, 'before capture: the customer hears the operator', `band RMS ${before.custHearsOp}`);
  check(before.opHearsSelf < SILENT, 'the operator does not hear their own voice back', `band RMS ${before.opHearsSelf}`);

  // control: inband tones with no relate reach the operator (so the decoder would catch a leak)
  const control = await tonesIntoCustomer(fs, work, 'control', CONTROL_TONES, custA, custB, opB);
  check(control.operatorHeard === CONTROL_TONES.length, 'control, no relate: the operator hears all 16 inband tones',
    `${control.operatorHeard} decoded`);
  check(control.events.length === 16, 'inband tones on the customer leg raise 16 DTMF events (spandsp_start_dtmf)',
    `${control.events.length}, sources ${[...new Set(control.events.map((e) => e.header('DTMF-Source')))].join(',')}`);

  // --- capture: relate nohear, prompts to the customer only, keypad and inband digits --------------
  if (recording) check((await fs.api(`uuid_record ${custB} mask ${recording}`)) === '+OK Success', 'uuid_record <customer> mask <ivrpay_record_path>');
  const relate = await fs.api(`conference ${room} relate ${opMember} ${custMember} nohear`);
  check(relate.startsWith('+OK'), 'relate <operator> <customer> nohear', relate);
  fact('relate nohear reply', relate);

  const tp = Date.now();
  const [promptAtOp, promptAtCust] = [join(work, 'prompt-operator-hears.wav'), join(work, 'prompt-customer-hears.wav')];
  await startRecording(fs, opB, promptAtOp);
  await startRecording(fs, custA, promptAtCust);
  const play = await fs.api(`conference ${room} play ${promptPath('en', 'too-many-attempts')} ${custMember}`);
  check(play.startsWith('+OK'), 'conference play en/<prompt>.wav <member> finds the file through sound-prefix', play);
  fact('play reply', play);
  const done = await fs.waitFor((e) => e.header('Action') === 'play-file-member-done' && e.header('Member-ID') === custMember, 10_000, tp, 'play-file-member-done');
  fact('play-file-member-done File', done.header('File'));
  await stopRecording(fs, opB, promptAtOp);
  await stopRecording(fs, custA, promptAtCust);
  check(totalRms(promptAtCust) > 0.02, 'the customer hears the prompt', `RMS ${totalRms(promptAtCust)}`);
  check(totalRms(promptAtOp) < 0.005, 'the operator does not hear the prompt', `RMS ${totalRms(promptAtOp)}`);
  const missing = await fs.api(`conference ${room} play ${promptPath('en', 'card-number').replace('card-number', 'no-such-prompt')} ${custMember}`);
  fact('play of a missing file', missing);

  const ts = Date.now();
  await fs.api(`conference ${room} play ${promptPath('ja', 'card-number')} ${custMember}`);
  await sleep(400);
  const stop = await fs.api(`conference ${room} stop current ${custMember}`);
  check(/^\+OK/.test(stop), 'conference <room> stop current <member> stops the prompt', stop);
  fact('stop current reply', stop);
  const stopped = await fs.waitFor((e) => e.header('Action') === 'play-file-member-done' && e.header('Member-ID') === custMember, 3000, ts, 'play-file-member-done after stop');
  fact('after stop: play-file-member-done within ms', String(stopped.at - ts - 400));

  // keypad digits (uuid_send_dtmf on the A leg arrive on the B leg = the member)
  const keypadAtOp = join(work, 'keypad-operator-hears.wav');
  await startRecording(fs, opB, keypadAtOp);
  const tk = Date.now();
  const sent = await fs.api(`uuid_send_dtmf ${custA} ${PAN_KEYPAD}`);
  // the reply echoes the digits ("+OK <uuid> sent DTMF <digits>."): never log it
  check(sent.startsWith('+OK'), 'uuid_send_dtmf <customer A leg> <digits>', sent.replace(/\b\d{4,}\b/g, (d) => 'X'.repeat(d.length)));
  const keyEvents = await collectDtmf(fs, custB, tk, PAN_KEYPAD.length, 8000);
  await sleep(500);
  await stopRecording(fs, opB, keypadAtOp);
  check(keyEvents.map((e) => e.header('DTMF-Digit')).join('') === PAN_KEYPAD, 'all 16 keypad digits arrive as DTMF events on the customer B leg, in order',
    `${keyEvents.length} events`);
  fact('keypad DTMF-Source', [...new Set(keyEvents.map((e) => e.header('DTMF-Source')))].join(','));
  fact('keypad DTMF-Duration', [...new Set(keyEvents.map((e) => e.header('DTMF-Duration')))].join(','));
  fact('keypad events on other channels', String(fs.seen.filter((e) => e.name === 'DTMF' && e.at >= tk && e.header('Unique-ID') !== custB).length));
  check(decodeDtmf(keypadAtOp).length === 0, 'capture: the operator hears no tone for keypad digits', `${decodeDtmf(keypadAtOp).length} decoded`);

  const capture = await tonesIntoCustomer(fs, work, 'capture', PAN_TONES, custA, custB, opB);
  check(capture.operatorHeard === 0, 'capture, relate nohear: the operator hears 0 of 16 inband tones', `${capture.operatorHeard} decoded`);
  check(capture.events.map((e) => e.header('DTMF-Digit')).join('') === PAN_TONES, 'inband digits during capture: 16 DTMF events, in order',
    `${capture.events.length} events, source ${[...new Set(capture.events.map((e) => e.header('DTMF-Source')))].join(',')}`);
  fact('inband DTMF-Duration', [...new Set(capture.events.map((e) => e.header('DTMF-Duration')))].join(','));

  const during = await both('during', true, true);
  check(during.custHearsOp > HEARD, 'during capture: the operator can still talk to the customer', `band RMS ${during.custHearsOp}`);
  check(during.opHearsCust < SILENT, 'during capture: the operator hears nothing from the customer', `band RMS ${during.opHearsCust}`);

  // --- back to the operator ---------------------------------------------------------------------
  const clear = await fs.api(`conference ${room} relate ${opMember} ${custMember} clear`);
  if (recording) check((await fs.api(`uuid_record ${custB} unmask ${recording}`)) === '+OK Success', 'uuid_record <customer> unmask <ivrpay_record_path>');
  check(clear.startsWith('+OK'), 'relate <operator> <customer> clear', clear);
  fact('relate clear reply', clear);
  const after = await both('after', true, true);
  check(after.opHearsCust > HEARD, 'after capture: the operator hears the customer again', `band RMS ${after.opHearsCust}`);
  check(after.custHearsOp > HEARD, 'after capture: the customer hears the operator', `band RMS ${after.custHearsOp}`);

  // --- no digits left behind ---------------------------------------------------------------------
  const digitsDialed = await fs.api(`uuid_getvar ${custB} digits_dialed`);
  fact('customer digits_dialed during the call', digitsDialed || '(unset until hangup)');
  for (const [leg, uuid] of [['customer A', custA], ['customer B', custB], ['operator A', opA], ['operator B', opB]] as const) {
    const dump = await fs.api(`uuid_dump ${uuid}`);
    check(dump.length > 500 && !leaks(dump), `uuid_dump of the ${leg} leg has no card number`, `${dump.split('\n').length} lines`);
  }
  const th = Date.now();
  await fs.api(`uuid_kill ${custA}`);
  await fs.api(`uuid_kill ${opA}`);
  const hangups: SeenEvent[] = [];
  for (const uuid of [custA, custB, opA, opB]) {
    hangups.push(await fs.waitFor((e) => e.name === 'CHANNEL_HANGUP_COMPLETE' && e.header('Unique-ID') === uuid, 5000, th, 'hangup'));
  }
  const custHangup = hangups[1]!;
  fact('customer B leg variable_digits_dialed at hangup', custHangup.header('variable_digits_dialed'));
  check(/^X+$/.test(custHangup.header('variable_digits_dialed')), 'digits_dialed is masked by digits_dialed_filter');
  check(hangups.every((e) => !leaks(e.text)), 'CHANNEL_HANGUP_COMPLETE events (all variables) carry no card number');
  await sleep(1500);
  if (recording) {
    const heard = decodeDtmf(recording);
    check(heard === CONTROL_TONES, 'the customer recording holds the tones before capture and none of the masked capture', `${heard.length} decoded`);
  }
  const files = walk(join(scratch, 'log'));
  const cdrs = files.filter((f) => f.includes('cdr-csv'));
  const cdrText = cdrs.map((f) => readFileSync(f, 'utf8')).join('');
  check(cdrText.includes(custB) && cdrText.includes(opA), 'CDRs were written for the customer and operator legs', cdrs.join(', '));
  for (const f of files) check(!leaks(readFileSync(f, 'latin1')), `${f.replace(scratch + '/', '')} has no card number`, `${statSync(f).size} bytes`);
  const logText = readFileSync(join(scratch, 'log', 'freeswitch.log'), 'utf8');
  check(logText.includes(`New Channel loopback/${DID}-b [${custB}]`), 'freeswitch.log was logging during the call (its NOTICE lines are there)');
  const dtmfLines = logText.split('\n').filter((l) => /dtmf/i.test(l) && !/Adding (API Function|Application) '/.test(l));
  check(dtmfLines.length === 0, 'freeswitch.log has no line about DTMF (beyond module loading)', dtmfLines.slice(0, 3).join(' | '));
  // mod_xml_curl logs ERR when the ivrpay server is not listening at its directory URL (sofia looks up gateways at start):
  // FreeSWITCH falls back to the static directory; that line is expected when this check runs without the server
  const errLines = logText.split('\n').filter((l) => /\[(ERR|CRIT|ALERT)\]/.test(l) && !/mod_xml_curl\.c:\d+ Received HTTP error 0 trying to fetch/.test(l));
  check(errLines.length === 0, 'freeswitch.log has no ERR/CRIT/ALERT line (but mod_xml_curl finding no ivrpay server)', errLines.slice(0, 3).join(' | '));

  fs.close();
  console.log(failures === 0 ? '\nall checks passed' : `\n${failures} check(s) FAILED`);
  process.exitCode = failures === 0 ? 0 : 1;
}

/** Plays `keys` as inband tones into the customer's phone leg while the operator's phone records. */
async function tonesIntoCustomer(fs: LiveEsl, work: string, label: string, keys: string, custA: string, custB: string, opB: string) {
  const tones = writeDtmfWav(work, `${label}-tones`, keys);
  const atOp = join(work, `${label}-operator-hears.wav`);
  await startRecording(fs, opB, atOp);
  await sleep(300);
  const t = Date.now();
  await fs.api(`uuid_broadcast ${custA} ${tones} aleg`);
  const events = await collectDtmf(fs, custB, t, keys.length, keys.length * 240 + 3000);
  await sleep(500);
  await stopRecording(fs, opB, atOp);
  return { operatorHeard: decodeDtmf(atOp).length, events };
}

async function collectDtmf(fs: LiveEsl, uuid: string, since: number, n: number, timeoutMs: number): Promise<SeenEvent[]> {
  const mine = () => fs.seen.filter((e) => e.name === 'DTMF' && e.header('Unique-ID') === uuid && e.at >= since);
  const until = Date.now() + timeoutMs;
  while (mine().length < n && Date.now() < until) await sleep(50);
  return mine();
}

/** Records what a phone leg hears (its read side only). */
async function startRecording(fs: LiveEsl, uuid: string, path: string): Promise<void> {
  await fs.api(`uuid_setvar ${uuid} RECORD_READ_ONLY true`);
  const r = await fs.api(`uuid_record ${uuid} start ${path}`);
  if (!r.startsWith('+OK')) throw new Error(`uuid_record start: ${r}`);
}
async function stopRecording(fs: LiveEsl, uuid: string, path: string): Promise<void> {
  const t = Date.now();
  await fs.api(`uuid_record ${uuid} stop ${path}`);
  await fs.waitFor((e) => e.name === 'RECORD_STOP' && e.header('Unique-ID') === uuid, 3000, t, 'RECORD_STOP');
}

function leaks(text: string): boolean {
  return [PAN_KEYPAD, PAN_TONES, CONTROL_TONES].some((pan) => text.includes(pan));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : []);
}

async function externalAddress(): Promise<string | undefined> {
  const { networkInterfaces } = await import('node:os');
  return Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

main().catch((err: Error) => {
  console.error(`FAIL ${err.message}`);
  process.exitCode = 1;
});
