// Live check of the trunk profile with a real SIP phone (baresip): a DID call lands in its room, RFC2833 digits become DTMF events, the operator leg receives neither the digits nor the customer's audio during capture.
//
// Run: IVRPAY_FS_TRUNK_CIDRS=<this machine's address>/32 /work/shared/tools/run-freeswitch.sh freeswitch/conf
//      npx tsx test/support/freeswitch-live-sip-call.ts
// Env as freeswitch-live-check.ts. Needs baresip (Debian: baresip-core), sox and multimon-ng. Test card only; prints no digits.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFERENCE_PROFILE, CONTEXT_TEST, TEST_PHONE_EXTENSION } from '../../server/esl/contract.js';
import { LiveEsl, sleep } from './freeswitch-live-esl.js';
import { bandRms, decodeDtmf } from './freeswitch-live-audio.js';

const PAN = '378282246310005';
const DID = '+81312345678';
const PHONE_HZ = 1000; // baresip's ausine source: the customer "talking"
const password = process.env.FS_ESL_PASSWORD || process.env.IVRPAY_ESL_PASSWORD;
const port = Number(process.env.FS_ESL_PORT ?? 8021);
const scratch = process.env.FS_SCRATCH ?? '/tmp/fs-run';
let failures = 0;
const check = (ok: boolean, what: string, detail = '') => {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` — ${detail}` : ''}`);
};
const fact = (what: string, value: string) => console.log(`     ${what}: ${JSON.stringify(value)}`);

async function main(): Promise<void> {
  if (!password) throw new Error('set IVRPAY_ESL_PASSWORD (or FS_ESL_PASSWORD)');
  const ip = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  if (!ip) throw new Error('no non-loopback IPv4 address for the phone');
  const fs = await LiveEsl.connect('127.0.0.1', port, password);
  await fs.subscribe('DTMF CHANNEL_HANGUP_COMPLETE RECORD_STOP CUSTOM conference::maintenance');
  const cidrs = await fs.api('global_getvar ivrpay_trunk_cidrs');
  check(cidrs.split(',').includes(`${ip}/32`), `trunk ACL from IVRPAY_FS_TRUNK_CIDRS (env-set) lets ${ip} in`, cidrs);
  const sipIp = await fs.api('global_getvar ivrpay_sip_ip');

  const work = mkdtempSync(join(tmpdir(), 'ivrpay-sip-'));
  chmodSync(work, 0o777);
  const phone = await startPhone(work, ip);
  try {
    const t0 = Date.now();
    phone.cmd('dial', `sip:${DID}@${sipIp}:5080`);
    const add = await fs.waitFor((e) => e.header('Action') === 'add-member' && e.header('Channel-Name').startsWith('sofia/ivrpay-trunk/'), 8000, t0, 'SIP customer add-member');
    const cust = add.header('Unique-ID');
    const room = add.header('Conference-Name');
    const custMember = add.header('Member-ID');
    check(room === `ivrpay-${cust}`, 'the SIP call joined its own room', `${room} via ${add.header('Channel-Name')}`);
    check((await fs.api(`uuid_getvar ${cust} ivrpay_did`)) === DID, `ivrpay_did=${DID}`);
    fact('customer codec', await fs.api(`uuid_getvar ${cust} rtp_use_codec_name`));
    fact('customer rtp telephone-event payload', await fs.api(`uuid_getvar ${cust} rtp_2833_recv_payload`));

    const opA = crypto.randomUUID();
    const t1 = Date.now();
    await fs.api(`originate {origination_uuid=${opA},ivrpay_role=operator,conference_controls=none}loopback/${TEST_PHONE_EXTENSION}/${CONTEXT_TEST} &conference(${room}@${CONFERENCE_PROFILE})`);
    const opMember = (await fs.waitFor((e) => e.header('Action') === 'add-member' && e.header('Unique-ID') === opA, 5000, t1, 'operator')).header('Member-ID');
    const opB = await fs.api(`uuid_getvar ${opA} other_loopback_leg_uuid`);

    const listen = async (label: string, during?: () => Promise<void>) => {
      const f = join(work, `${label}.wav`);
      await fs.api(`uuid_setvar ${opB} RECORD_READ_ONLY true`);
      await fs.api(`uuid_record ${opB} start ${f}`);
      await (during ? during() : sleep(1500));
      const t = Date.now();
      await fs.api(`uuid_record ${opB} stop ${f}`);
      await fs.waitFor((e) => e.name === 'RECORD_STOP' && e.header('Unique-ID') === opB, 3000, t, 'RECORD_STOP');
      return f;
    };
    const before = await listen('before');
    check(bandRms(before, PHONE_HZ) > 0.02, 'before capture: the operator hears the SIP customer', `band RMS ${bandRms(before, PHONE_HZ)}`);

    fact('relate', await fs.api(`conference ${room} relate ${opMember} ${custMember} nohear`));
    const t2 = Date.now();
    const during = await listen('during', async () => {
      for (const d of PAN) {
        phone.cmd('sndcode', d);
        await sleep(250);
      }
      await sleep(800);
    });
    const dtmf = fs.seen.filter((e) => e.name === 'DTMF' && e.at >= t2);
    const mine = dtmf.filter((e) => e.header('Unique-ID') === cust);
    check(mine.map((e) => e.header('DTMF-Digit')).join('') === PAN, `RFC2833 from the phone: ${PAN.length} DTMF events on the customer leg, in order`,
      `${mine.length} events, source ${[...new Set(mine.map((e) => e.header('DTMF-Source')))].join(',')}, duration ${[...new Set(mine.map((e) => e.header('DTMF-Duration')))].join(',')}`);
    check(dtmf.length === mine.length, 'no DTMF event on any operator leg (nothing relayed)', `${dtmf.length - mine.length} elsewhere`);
    check(decodeDtmf(during).length === 0, 'capture: the operator hears no tone', `${decodeDtmf(during).length} decoded`);
    check(bandRms(during, PHONE_HZ) < 0.005, 'capture: the operator hears nothing from the customer', `band RMS ${bandRms(during, PHONE_HZ)}`);
    fact('deduplicate_dtmf_seen_rtp', await fs.api(`uuid_getvar ${cust} deduplicate_dtmf_seen_rtp`));

    fact('clear', await fs.api(`conference ${room} relate ${opMember} ${custMember} clear`));
    const after = await listen('after');
    check(bandRms(after, PHONE_HZ) > 0.02, 'after capture: the operator hears the customer again', `band RMS ${bandRms(after, PHONE_HZ)}`);

    const dump = await fs.api(`uuid_dump ${cust}`);
    check(!dump.includes(PAN), 'uuid_dump of the SIP customer has no card number', `${dump.split('\n').length} lines`);
    const th = Date.now();
    phone.cmd('hangup');
    const hup = await fs.waitFor((e) => e.name === 'CHANNEL_HANGUP_COMPLETE' && e.header('Unique-ID') === cust, 5000, th, 'customer hangup');
    fact('hangup cause / digits_dialed', `${hup.header('Hangup-Cause')} / ${hup.header('variable_digits_dialed')}`);
    check(!hup.text.includes(PAN), 'its CHANNEL_HANGUP_COMPLETE carries no card number');
    await fs.api(`uuid_kill ${opA}`);
    await sleep(1500);
    for (const f of ['freeswitch.log', 'cdr-csv/Master.csv']) {
      const text = readFileSync(join(scratch, 'log', f), 'latin1');
      check(!text.includes(PAN) && (f !== 'cdr-csv/Master.csv' || text.includes(cust)), `log/${f} has no card number${f.includes('cdr') ? ' (and has the call)' : ''}`);
    }
  } finally {
    phone.stop();
    fs.close();
  }
  console.log(failures === 0 ? '\nall checks passed' : `\n${failures} check(s) FAILED`);
  process.exitCode = failures === 0 ? 0 : 1;
}

/** baresip as the customer's phone: PCMU + RFC2833, sending a sine tone as its voice, driven over ctrl_tcp. */
async function startPhone(dir: string, ip: string) {
  const ctrl = 14470;
  writeFileSync(join(dir, 'config'), [
    'poll_method epoll', `sip_listen ${ip}:15070`, 'sip_trans_def udp', `net_interface ${ip}`,
    `audio_source ausine,${PHONE_HZ}`, 'ausrc_srate 48000', 'ausrc_channels 2', 'audio_player aubridge,phone', 'audio_alert aubridge,phonealert',
    'rtp_ports 17000-17098', 'rtcp_mux no', 'module_path /usr/lib/baresip/modules',
    'module g711.so', 'module ausine.so', 'module aubridge.so', 'module_app account.so', 'module_app menu.so', 'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrl}`, '',
  ].join('\n'));
  writeFileSync(join(dir, 'accounts'), `<sip:customer@${ip}:15070>;regint=0;answermode=manual;audio_codecs=PCMU\n`);
  const proc = spawn('baresip', ['-f', dir], { stdio: 'ignore' });
  let sock: Socket | undefined;
  for (let i = 0; i < 40 && !sock; i++) {
    await sleep(100);
    sock = await new Promise<Socket | undefined>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: ctrl }, () => resolve(s));
      s.on('error', () => resolve(undefined));
    });
  }
  if (!sock) throw (proc.kill(), new Error('baresip did not start (is baresip-core installed?)'));
  return {
    cmd(command: string, params = '') {
      const js = JSON.stringify({ command, params, token: String(Date.now()) });
      sock.write(`${Buffer.byteLength(js)}:${js},`);
    },
    stop() {
      sock.destroy();
      proc.kill();
    },
  };
}

main().catch((err: Error) => {
  console.error(`FAIL ${err.message}`);
  process.exitCode = 1;
});
