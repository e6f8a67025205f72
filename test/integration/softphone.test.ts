// Softphone mode over real sockets: widget sign-in (the console's identities), short-lived SIP credentials served to
// FreeSWITCH through the mod_xml_curl directory, a SIP phone registering over the simulator's WebSocket, inbound calls
// rung to available operators (answer, reject → next operator, away → not rung), a masked capture on the softphone call,
// click-to-call through the merchant's outbound dial string, rejoin after a lost page, sign-out. Simulator only (a real
// switch needs a browser with WebRTC: test/browser/softphone-freeswitch.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, onSimulator, until, type TestMerchant } from '../support/stack.js';
import { futureExpiry, keyCard, type Run } from '../support/payment-run.js';
import { OPERATOR_PASSWORD, WidgetSession, softphoneOperator, type SoftphoneOperator } from '../support/softphone.js';
import type { TestSipPhone } from '../../freeswitch/sim/testing/sip-ws-client.js';

let stack: Stack;
const phones: TestSipPhone[] = [];

beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  for (const p of phones) p.close();
  if (stack) {
    const everything = [stack.written(), ...(stack.ivr.simulator?.sipTrace() ?? []), ...phones.flatMap((p) => p.messages)].join('\n');
    expect(findCardNumbers(everything)).toEqual([]);
    // the SIP passwords the server handed out (in API answers only) are in no log line, no ESL command, nothing stored
    const db = stack.ivr.config.databaseFile;
    const kept = [stack.logs.text(), stack.eslCommands.join('\n'), ...[db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'))].join('\n');
    for (const pw of issuedPasswords) expect(kept.includes(pw), 'a SIP password was written').toBe(false);
  }
  await stack?.close();
});

const issuedPasswords: string[] = [];

async function signedInPhone(m: TestMerchant, name?: string): Promise<{ op: SoftphoneOperator; w: WidgetSession; phone: TestSipPhone }> {
  const op = await softphoneOperator(stack, m, name);
  const w = await WidgetSession.signIn(stack, op);
  issuedPasswords.push((await w.credentials()).password);
  const phone = await w.registerPhone();
  phones.push(phone);
  return { op, w, phone };
}

/** A merchant whose only operators are softphone ones (the stack's default operator is away). */
async function softphoneMerchant(settings = {}): Promise<TestMerchant> {
  const m = await stack.merchant(settings);
  await stack.ivr.merchants.setPresence(m.id, m.operatorId, 'away');
  return m;
}

describe.skipIf(!onSimulator)('softphone (simulator)', () => {
  it('signs in with the console login, refuses a wrong password and platform-level misuse, and serves SIP credentials uncached', async () => {
    const m = await softphoneMerchant();
    const op = await softphoneOperator(stack, m);
    const bad = await stack.api('POST', '/v1/softphone/sign-in', null, { loginId: op.loginId, password: 'wrong-password' });
    expect(bad).toMatchObject({ status: 401, json: { error: { code: 'invalid_credentials' } } });
    const w = await WidgetSession.signIn(stack, op);
    expect(w.token).toMatch(/^ot1\./);
    expect((await w.api('GET', '/session')).json).toMatchObject({ operator: { id: op.id, presence: 'available' }, merchant: { id: m.id } });
    const res = await fetch(`${stack.url}/v1/softphone/sip-credentials`, { method: 'POST', headers: { authorization: `Bearer ${w.token}` } });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const creds = await res.json();
    issuedPasswords.push(creds.password);
    expect(creds).toMatchObject({ username: op.id, wsUrl: stack.ivr.simulator ? expect.stringMatching(/^ws:\/\//) : expect.anything(), renewAfterS: 200 });
    expect(creds.password.length).toBeGreaterThanOrEqual(20);
    // the same password while young (two tabs share it)
    expect((await w.credentials()).password).toBe(creds.password);
    // a widget token or an API key is not an operator token
    const { token } = await stack.createPayment(m);
    expect((await stack.api('GET', '/v1/softphone/state', token)).status).toBe(401);
    expect((await stack.api('GET', '/v1/softphone/state', m.apiKey)).status).toBe(401);
  });

  it('answers mod_xml_curl directory lookups only on loopback with the shared credentials, with an a1-hash, never the password', async () => {
    const m = await softphoneMerchant();
    const { op, w } = await signedInPhone(m);
    const lookup = (auth: string | null, user = op.id) =>
      fetch(`${stack.url}/freeswitch/directory`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}) },
        body: new URLSearchParams({ hostname: 'fs', section: 'directory', tag_name: 'domain', key_name: 'name', key_value: 'sip.test', action: 'sip_auth', user, domain: 'sip.test', sip_auth_realm: 'sip.test' }).toString(),
      });
    expect((await lookup(null)).status).toBe(401);
    expect((await lookup('freeswitch:wrong')).status).toBe(401);
    const ok = await (await lookup(`freeswitch:${stack.ivr.config.esl.password}`)).text();
    expect(ok).toMatch(new RegExp(`<user id="${op.id}"><params><param name="a1-hash" value="[0-9a-f]{32}"/>`));
    expect(ok).not.toContain((await w.credentials()).password);
    expect(await (await lookup(`freeswitch:${stack.ivr.config.esl.password}`, 'op_nobody')).text()).toContain('not found');
  });

  it('rings an inbound call to the available softphone; the answered leg is in the room, and a capture on it masks the customer', async () => {
    const m = await softphoneMerchant();
    const { op, w, phone } = await signedInPhone(m);
    const { payment, token } = await stack.createPayment(m);
    const sse = stack.events(payment.id, token);
    await sse.opened;
    const customer = await stack.phone.call(m.did, { callerNumber: '09011112222' });
    const invite = await phone.nextCall();
    const call = stack.ivr.calls.forMerchant(m.id)[0]!;
    expect(invite.headers('X-Ivrpay-Call')).toBe(call.id);
    expect(invite.headers('From')).toContain('sip:09011112222@');
    await invite.answer();
    const mine = await w.waitCall((c) => c.state === 'connected', 'the softphone leg in the room');
    expect(mine).toMatchObject({ id: call.id, direction: 'inbound', number: '09011112222', legs: [invite.headers('X-Ivrpay-Leg')] });
    const leg = mine.legs[0]!;
    expect(stack.ivr.simulator && (stack.ivr.simulator as any).hears).toBeDefined();

    // the widget picks the payment (no server integration) and takes it on the live call: no id typed
    expect((await w.api('GET', '/payments')).json.payments.map((p: any) => p.id)).toContain(payment.id);
    const wt = await w.api('POST', `/payments/${payment.id}/widget-token`);
    expect(wt.status).toBe(201);
    expect((await stack.api('POST', `/v1/payments/${payment.id}/capture`, wt.json.token, { callId: mine.id })).status).toBe(202);
    const sim = simulatorOf(stack);
    await until(() => !sim.hears(leg, call.id), 5_000, 'the operator leg to stop hearing the customer');
    const run: Run = { paymentId: payment.id, token, phone: customer, callId: call.id, sse };
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await sse.waitFor((e) => e.type === 'approved', 20_000, 'approved');
    await sse.waitFor((e) => e.type === 'conversation_restored', 20_000, 'conversation restored');
    expect(sim.hears(leg, call.id)).toBe(true);
    expect((await w.state()).calls[0]).toMatchObject({ state: 'connected', paymentId: null });

    // hang up from the widget: the whole call ends, the phone gets a BYE
    expect((await w.api('POST', `/calls/${call.id}/hangup`)).status).toBe(200);
    expect(await invite.ended).toBe('bye');
    await until(() => !stack.ivr.calls.get(call.id), 5_000, 'the call to end');
    expect((await w.state()).calls).toEqual([]);
    void op;
  });

  it('a rejected call goes to the next available operator; an away operator is not rung', async () => {
    const m = await softphoneMerchant();
    const a = await signedInPhone(m, 'A');
    const b = await signedInPhone(m, 'B');
    const c = await signedInPhone(m, 'C');
    expect((await c.w.api('POST', '/presence', { presence: 'away' })).json).toMatchObject({ presence: 'away', online: true });
    await stack.phone.call(m.did);
    // whoever is rung first (round robin) declines; the other one is rung next
    await until(() => a.phone.messages.some((x) => x.startsWith('<< INVITE')) || b.phone.messages.some((x) => x.startsWith('<< INVITE')), 5_000, 'a ring');
    const [first, other] = a.phone.messages.some((x) => x.startsWith('<< INVITE')) ? [a, b] : [b, a];
    (await first.phone.nextCall()).reject(603, 'Decline');
    await (await other.phone.nextCall()).answer();
    await other.w.waitCall((x) => x.state === 'connected', 'the second operator connected');
    expect(c.phone.messages.some((x) => x.startsWith('<< INVITE'))).toBe(false);
  });

  it('click-to-call dials the customer through the outbound dial string, then rings the operator who placed it', async () => {
    const m = await softphoneMerchant({ outboundDialString: 'loopback/{number}/ivrpay-test' });
    const { w, phone } = await signedInPhone(m);
    const res = await w.api('POST', '/calls', { number: '090-3333-4444' });
    expect(res.status).toBe(202);
    const callId = res.json.call.id;
    const invite = await phone.nextCall();
    expect(invite.headers('X-Ivrpay-Call')).toBe(callId);
    await invite.answer();
    const mine = await w.waitCall((c) => c.id === callId && c.state === 'connected', 'the outbound call connected');
    expect(mine).toMatchObject({ direction: 'outbound', number: '09033334444', did: m.did });
    // the customer is a real call in its own room: the capture path sees it like an inbound one
    expect(stack.ivr.calls.get(callId)).toMatchObject({ direction: 'outbound', requestedBy: expect.any(String), mode: 'operator' });
    await w.api('POST', `/calls/${callId}/hangup`);
    await until(() => !stack.ivr.calls.get(callId), 5_000, 'the call to end');
  });

  it('click-to-call: refused without an outbound dial string; a number nobody answers fails with a reason', async () => {
    const plain = await softphoneMerchant();
    const s1 = await signedInPhone(plain);
    expect((await s1.w.api('POST', '/calls', { number: '0312345678' })).json).toMatchObject({ error: { code: 'not_supported' } });
    expect((await s1.w.api('POST', '/calls', { number: 'call me' })).status).toBe(400);
    const m = await softphoneMerchant({ outboundDialString: 'error/user_busy/{number}' });
    const { w } = await signedInPhone(m);
    const res = await w.api('POST', '/calls', { number: '0312345678' });
    expect(res.status).toBe(202);
    const failed = await w.waitCall((c) => c.state === 'failed', 'the attempt to fail');
    expect(failed).toMatchObject({ outcome: 'busy', number: '0312345678' });
  });

  it('after the page lost its phone (reload), the call waits; rejoin rings the browser into it again', async () => {
    const m = await softphoneMerchant();
    const { w, phone } = await signedInPhone(m);
    await stack.phone.call(m.did);
    const first = await phone.nextCall();
    await first.answer();
    const before = await w.waitCall((c) => c.state === 'connected', 'connected');
    // the page reloads: its WebSocket (and SIP session) is gone
    phone.close();
    await w.waitCall((c) => c.id === before.id && c.state === 'waiting', 'the call waiting for the operator');
    expect(stack.ivr.calls.get(before.id)).toBeDefined();
    const again = await w.registerPhone();
    phones.push(again);
    expect((await w.api('POST', `/calls/${before.id}/rejoin`)).status).toBe(202);
    const invite = await again.nextCall();
    expect(invite.headers('X-Ivrpay-Call')).toBe(before.id);
    await invite.answer();
    const after = await w.waitCall((c) => c.id === before.id && c.state === 'connected', 'connected again');
    expect(after.legs).not.toEqual(before.legs);
  });

  it('an operator who rejoins during a capture comes back masked: the new leg does not hear the customer either', async () => {
    const m = await softphoneMerchant();
    const { w, phone } = await signedInPhone(m);
    const { payment, token } = await stack.createPayment(m);
    const sse = stack.events(payment.id, token);
    await sse.opened;
    await stack.phone.call(m.did);
    await (await phone.nextCall()).answer();
    const before = await w.waitCall((c) => c.state === 'connected', 'connected');
    const wt = (await w.api('POST', `/payments/${payment.id}/widget-token`)).json.token;
    expect((await stack.api('POST', `/v1/payments/${payment.id}/capture`, wt, { callId: before.id })).status).toBe(202);
    await sse.waitFor((e) => e.type === 'field_prompt' && e.field === 'pan', 10_000, 'the card number prompt');
    phone.close(); // the page reloads mid-capture
    await w.waitCall((c) => c.id === before.id && c.state === 'waiting', 'the call waiting, capture going on');
    expect((await w.state()).calls[0]!.paymentId).toBe(payment.id);
    const again = await w.registerPhone();
    phones.push(again);
    await w.api('POST', `/calls/${before.id}/rejoin`);
    await (await again.nextCall()).answer();
    const after = await w.waitCall((c) => c.id === before.id && c.state === 'connected', 'connected again');
    const sim = simulatorOf(stack);
    await until(() => !sim.hears(after.legs[0]!, before.id), 5_000, 'the rejoined leg masked');
    expect(sim.hears(after.legs[0]!, before.id)).toBe(false);
    await stack.api('POST', `/v1/payments/${payment.id}/cancel`, token);
    await sse.waitFor((e) => e.type === 'conversation_restored' || e.type === 'canceled', 10_000, 'canceled');
  });

  it('an operator token minted with the API key works; sign-out ends the token and the SIP password at once', async () => {
    const m = await softphoneMerchant();
    const op = await softphoneOperator(stack, m);
    const minted = await stack.api('POST', '/v1/softphone/tokens', m.apiKey, { operatorId: op.id });
    expect(minted.status).toBe(201);
    const viaKey = new WidgetSession(stack, minted.json.token);
    expect((await viaKey.state()).operatorId).toBe(op.id);
    expect((await stack.api('POST', '/v1/softphone/tokens', m.apiKey, { operatorId: 'op_nobody' })).status).toBe(404);

    const w = await WidgetSession.signIn(stack, { ...op, password: OPERATOR_PASSWORD });
    const phone = await w.registerPhone();
    phones.push(phone);
    expect((await w.api('POST', '/sign-out')).status).toBe(204);
    expect((await w.api('GET', '/state')).json).toMatchObject({ error: { code: 'token_expired' } });
    expect(await phone.register('anything')).toBe(403);
  });

  it('refuses the widget on an origin the merchant does not allow', async () => {
    const m = await softphoneMerchant({ allowedOrigins: ['https://crm.example.com'] });
    const op = await softphoneOperator(stack, m);
    const res = await fetch(`${stack.url}/v1/softphone/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example.net' },
      body: JSON.stringify({ loginId: op.loginId, password: op.password }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_not_allowed');
  });
});

function simulatorOf(s: Stack): { hears(a: string, b: string): boolean } {
  return s.ivr.simulator as unknown as { hears(a: string, b: string): boolean };
}
