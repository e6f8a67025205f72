// The simulator's SIP WebSocket endpoint with a test phone and a directory server over real sockets: REGISTER digest
// auth against the directory, `originate user/<x>` ringing, answer, reject, timeout CANCEL, BYE both ways, re-INVITE.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../index.js';
import { RawEslClient, eventHeader } from '../testing/esl-client.js';
import { TestSipPhone } from '../testing/sip-ws-client.js';
import { a1Hash } from './digest.js';

const DOMAIN = 'sip.test';
const PASSWORD = 'short-lived-pw';
let sim: Simulator;
let esl: RawEslClient;
let dir: Server;
const posted: URLSearchParams[] = [];
let answerUsers = true;

beforeAll(async () => {
  dir = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const f = new URLSearchParams(body);
      posted.push(f);
      res.setHeader('content-type', 'text/xml');
      const ok = req.headers.authorization === `Basic ${Buffer.from('freeswitch:dirpw').toString('base64')}`;
      const user = f.get('user');
      if (!ok || !answerUsers || user !== 'op_1') return res.end('<document type="freeswitch/xml"><section name="result"><result status="not found"/></section></document>');
      res.end(`<document type="freeswitch/xml"><section name="directory"><domain name="${DOMAIN}"><params><param name="dial-string" value="x"/></params>
        <variables><variable name="user_context" value="ivrpay-webrtc"/></variables>
        <users><user id="op_1"><params><param name="a1-hash" value="${a1Hash('op_1', f.get('sip_auth_realm') ?? DOMAIN, PASSWORD)}"/></params></user></users></domain></section></document>`);
    });
  });
  await new Promise<void>((r) => dir.listen(0, '127.0.0.1', r));
  sim = await startSimulator({ sip: { domain: DOMAIN }, directory: { url: `http://127.0.0.1:${(dir.address() as AddressInfo).port}/d`, credentials: 'freeswitch:dirpw' } });
  esl = await RawEslClient.connect(sim.host, sim.port);
  await esl.auth();
  await esl.command('event plain CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE CUSTOM conference::maintenance');
});

afterAll(async () => {
  esl?.destroy();
  await sim?.close();
  await new Promise((r) => dir?.close(r));
});

const phones: TestSipPhone[] = [];
async function phone(user = 'op_1'): Promise<TestSipPhone> {
  const p = new TestSipPhone(sim.sip!.url, user, DOMAIN);
  phones.push(p);
  await p.connect();
  return p;
}
afterEach(() => {
  for (const p of phones.splice(0)) p.close();
  answerUsers = true;
});

describe('REGISTER', () => {
  it('challenges, then accepts the password the directory vouches for (a1-hash), with the Contact and its expiry', async () => {
    const p = await phone();
    expect(await p.register(PASSWORD, 120)).toBe(200);
    const challenge = p.messages.find((m) => m.startsWith('<< SIP/2.0 401'))!;
    expect(challenge).toMatch(/WWW-Authenticate: Digest realm="sip\.test", nonce="[0-9a-f-]+", algorithm=MD5, qop="auth"/);
    const ok = p.messages.filter((m) => m.startsWith('<< SIP/2.0 200')).at(-1)!;
    expect(ok).toMatch(/Contact: <sip:t[0-9a-f]+@[0-9a-f]+\.invalid;transport=ws>;expires=1[12]\d/);
    const f = posted.at(-1)!;
    expect(Object.fromEntries(f)).toMatchObject({ section: 'directory', action: 'sip_auth', user: 'op_1', domain: DOMAIN, sip_auth_username: 'op_1', sip_auth_realm: DOMAIN });
  });

  it('refuses a wrong password, an unknown user, a digest user other than the To user, and everyone when the directory says nothing', async () => {
    expect(await (await phone()).register('wrong')).toBe(403);
    expect(await (await phone('op_2')).register(PASSWORD)).toBe(403);
    answerUsers = false;
    expect(await (await phone()).register(PASSWORD)).toBe(403);
  });
});

describe('originate user/<name>', () => {
  it('rings the registered browser with the caller id and sip_h_ headers; answered, it joins the room; uuid_kill sends BYE', async () => {
    const p = await phone();
    await p.register(PASSWORD);
    const job = esl.api(`originate {origination_uuid=aaaa1111-0000-4000-8000-000000000001,origination_caller_id_number=0312345678,origination_caller_id_name=ivrpay,sip_h_X-Ivrpay-Call=call-1}user/op_1 &conference(ivrpay-room1@ivrpay)`);
    const call = await p.nextCall();
    expect(call.headers('X-Ivrpay-Call')).toBe('call-1');
    expect(call.headers('From')).toMatch(/^"ivrpay" <sip:0312345678@sip\.test>;tag=/);
    expect(call.request.body).toMatch(/a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(call.request.body).not.toMatch(/a=candidate/);
    await call.answer();
    expect(await job).toBe('+OK aaaa1111-0000-4000-8000-000000000001\n');
    const added = await esl.waitEvent('CUSTOM', (m) => eventHeader(m, 'Action') === 'add-member' && eventHeader(m, 'Unique-ID') === 'aaaa1111-0000-4000-8000-000000000001');
    expect(eventHeader(added, 'Conference-Name')).toBe('ivrpay-room1');
    expect(await esl.api('uuid_kill aaaa1111-0000-4000-8000-000000000001')).toBe('+OK\n');
    expect(await call.ended).toBe('bye');
  });

  it('a browser BYE hangs the leg up NORMAL_CLEARING', async () => {
    const p = await phone();
    await p.register(PASSWORD);
    const job = esl.api(`originate {origination_uuid=aaaa1111-0000-4000-8000-000000000002}user/op_1 &park()`);
    const call = await p.nextCall();
    await call.answer();
    await job;
    call.hangup();
    const done = await esl.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => eventHeader(m, 'Unique-ID') === 'aaaa1111-0000-4000-8000-000000000002');
    expect(eventHeader(done, 'Hangup-Cause')).toBe('NORMAL_CLEARING');
  });

  it.each([
    [603, 'Decline', 'CALL_REJECTED'],
    [486, 'Busy Here', 'USER_BUSY'],
    [480, 'Temporarily Unavailable', 'NO_USER_RESPONSE'],
  ])('a %s answer fails the originate with %s', async (status, reason, cause) => {
    const p = await phone();
    await p.register(PASSWORD);
    const job = esl.api('originate user/op_1 &park()');
    (await p.nextCall()).reject(status, reason);
    expect(await job).toBe(`-ERR ${cause}\n`);
    expect(p.messages.some((m) => m.startsWith('<< ACK '))).toBe(true);
  });

  it('no answer within originate_timeout: CANCEL, then -ERR NO_ANSWER', async () => {
    const p = await phone();
    await p.register(PASSWORD);
    const job = esl.api('originate {originate_timeout=1}user/op_1 &park()');
    const call = await p.nextCall();
    expect(await call.ended).toBe('cancel');
    expect(await job).toBe('-ERR NO_ANSWER\n');
  });

  it('unknown to the directory: SUBSCRIBER_ABSENT; known but not registered: USER_NOT_REGISTERED', async () => {
    expect(await esl.api('originate user/op_9 &park()')).toBe('-ERR SUBSCRIBER_ABSENT\n');
    expect(await esl.api('originate user/op_1 &park()')).toBe('-ERR USER_NOT_REGISTERED\n');
  });

  it('answers a hold re-INVITE with the reverse direction and an ICE restart with new ICE credentials', async () => {
    const p = await phone();
    await p.register(PASSWORD);
    const job = esl.api('originate {origination_uuid=aaaa1111-0000-4000-8000-000000000003}user/op_1 &park()');
    const call = await p.nextCall();
    await call.answer();
    await job;
    const first = /a=ice-ufrag:(\S+)/.exec(call.request.body)![1];
    const hold = await call.reinvite('sendonly');
    expect(hold.status).toBe(200);
    expect(hold.body).toMatch(/a=recvonly/);
    expect(hold.body).toMatch(/a=setup:passive/);
    expect(/a=ice-ufrag:(\S+)/.exec(hold.body)![1]).toBe(first);
    const restart = await call.reinvite('sendrecv', 'newufrag');
    expect(restart.body).toMatch(/a=sendrecv/);
    expect(/a=ice-ufrag:(\S+)/.exec(restart.body)![1]).not.toBe(first);
    await esl.api('uuid_kill aaaa1111-0000-4000-8000-000000000003');
    expect(await call.ended).toBe('bye');
  });

  it('a dropped WebSocket ends the answered call and the registration', async () => {
    const p = await phone();
    await p.register(PASSWORD);
    const job = esl.api('originate {origination_uuid=aaaa1111-0000-4000-8000-000000000004}user/op_1 &park()');
    await (await p.nextCall()).answer();
    await job;
    sim.dropSipConnections();
    await esl.waitEvent('CHANNEL_HANGUP_COMPLETE', (m) => eventHeader(m, 'Unique-ID') === 'aaaa1111-0000-4000-8000-000000000004');
    expect(await esl.api('originate user/op_1 &park()')).toBe('-ERR USER_NOT_REGISTERED\n');
    expect(sim.sipTrace().some((t) => t.startsWith('<< REGISTER '))).toBe(true);
  });
});
