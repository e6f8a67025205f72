// Transfer mode: the operator on any phone system sends the customer to the merchant's payment IVR number; the
// customer keys the 6-digit identification id, then the card; the call goes back to the operator. Through the
// real API, ESL (simulator or real switch) and SQLite.
import { sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, until, type TestMerchant } from '../support/stack.js';
import { futureExpiry, keyCard, type Run } from '../support/payment-run.js';
import type { MerchantSettings } from '../../server/merchants/settings.js';
import { MASK_FILE } from '../../server/esl/contract.js';

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start({ env: { IVRPAY_SANDBOX_LATENCY_MS: '300' } });
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  await stack.close();
});

interface IvrMerchant extends TestMerchant {
  ivrDid: string;
}

async function ivrMerchant(settings: Partial<MerchantSettings> = {}, maxConcurrent: number | null = null): Promise<IvrMerchant> {
  const m = await stack.merchant(settings);
  const ivrDid = `05${randomInt(10_000_000, 99_999_999)}`;
  await stack.ivr.merchants.addDid(m.id, ivrDid, { mode: 'ivr', maxConcurrent });
  return { ...m, ivrDid };
}

/** The operator prepares the payment; the customer calls the IVR number from `caller`. */
async function prepareAndCall(m: IvrMerchant, caller = '0312340000', over: Record<string, unknown> = {}) {
  const { payment, token } = await stack.createPayment(m, { operatorId: m.operatorId, ...over });
  expect(payment.identification?.code).toMatch(/^\d{6}$/);
  const sse = stack.events(payment.id, token);
  await sse.opened;
  const phone = await stack.phone.call(m.ivrDid, { callerNumber: caller });
  const call = await until(() => stack.ivr.calls.onDid(m.ivrDid).find((c) => !seen.has(c.id)), 10_000, 'the IVR call');
  seen.add(call.id);
  return { payment, token, sse, phone, callId: call.id, code: payment.identification!.code };
}
const seen = new Set<string>();

const outcomes = (m: IvrMerchant) => stack.ivr.callLog.counts(m.id, m.ivrDid);
const ended = (callId: string) => until(() => !stack.ivr.calls.get(callId), 30_000, 'the IVR to hang up');

describe('the payment IVR', () => {
  it('right id → card → approved → the operator is rung back into the call (transfer-back)', async () => {
    const m = await ivrMerchant({ returnMode: 'transfer-back' });
    const r = await prepareAndCall(m);
    expect(stack.ivr.calls.get(r.callId)!.operators.size).toBe(0);
    await stack.phone.press(r.phone, r.code);
    await r.sse.waitForType('customer_connected');
    const run: Run = { paymentId: r.payment.id, token: r.token, phone: r.phone, callId: r.callId, sse: r.sse };
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    const approved = await r.sse.waitForType('approved');
    expect(approved.last4).toBe('1111');
    await r.sse.waitForType('returned_to_operator', 40_000);
    const call = stack.ivr.calls.get(r.callId)!;
    expect([...call.operators.values()].map((o) => o.operatorId)).toEqual([m.operatorId]);
    expect(await outcomes(m)).toEqual({ completed: 1 });
    const { json } = await stack.api('GET', `/v1/payments/${r.payment.id}`, m.apiKey);
    expect(json).toMatchObject({ status: 'approved', callId: r.callId, identification: null });
    // the id is used up
    const again = stack.ivr.calls.get(r.callId);
    expect(again).toBeDefined();
    await stack.phone.hangUp(r.phone);
  });

  it('three-way: digits are covered by the masking sound, and the IVR leaves the call at the end', async () => {
    const m = await ivrMerchant({ returnMode: 'three-way' });
    const r = await prepareAndCall(m);
    const before = stack.eslCommands.length;
    await stack.phone.press(r.phone, r.code);
    await r.sse.waitForType('customer_connected');
    const run: Run = { paymentId: r.payment.id, token: r.token, phone: r.phone, callId: r.callId, sse: r.sse };
    await keyCard(stack, run, { pan: '5555555555554444', exp: futureExpiry(), cvv: '321' });
    await r.sse.waitForType('approved');
    const masked = stack.eslCommands.slice(before).filter((c) => c.includes(`play ${MASK_FILE}`));
    expect(masked.length).toBeGreaterThanOrEqual(3); // at least once per field
    await r.sse.waitForType('returned_to_operator', 40_000);
    await ended(r.callId);
    expect(await outcomes(m)).toEqual({ completed: 1 });
  });

  it('a wrong id three times: the call is refused and counted; the payment is untouched', async () => {
    const m = await ivrMerchant();
    const r = await prepareAndCall(m);
    const wrong = r.code === '111111' ? '222222' : '111111';
    await stack.phone.press(r.phone, wrong.repeat(3));
    await ended(r.callId);
    expect(await outcomes(m)).toEqual({ id_failed: 1 });
    expect((await stack.api('GET', `/v1/payments/${r.payment.id}`, m.apiKey)).json.status).toBe('created');
  });

  it('an expired id and a used id are refused', async () => {
    const m = await ivrMerchant({ idMaxAttempts: 1 });
    const r = await prepareAndCall(m);
    await stack.query(sql`UPDATE identification_ids SET expires_at = ${new Date(Date.now() - 1000).toISOString()} WHERE payment_id = ${r.payment.id}`);
    await stack.phone.press(r.phone, r.code);
    await ended(r.callId);
    expect(await outcomes(m)).toEqual({ id_failed: 1 });

    // a new id for the same payment works once…
    const renewed = await stack.api('POST', `/v1/payments/${r.payment.id}/identification`, r.token);
    expect(renewed.status).toBe(201);
    const code = renewed.json.identification.code as string;
    const phone = await stack.phone.call(m.ivrDid, { callerNumber: '0312340001' });
    await stack.phone.press(phone, code);
    await r.sse.waitForType('customer_connected');
    await stack.phone.hangUp(phone);
    await r.sse.waitForType('abandoned');
    // …and not twice
    const phone2 = await stack.phone.call(m.ivrDid, { callerNumber: '0312340002' });
    await stack.phone.press(phone2, code);
    await until(async () => (await outcomes(m)).id_failed === 2, 30_000, 'the used id to be refused');
    await stack.phone.hangUp(phone2).catch(() => {});
  });

  it('a caller not on the allow-list is refused', async () => {
    const m = await ivrMerchant({ allowedCallers: ['03', '+813'] });
    const r = await prepareAndCall(m, '09099990000');
    await ended(r.callId);
    expect(await outcomes(m)).toEqual({ refused_caller: 1 });
  });

  it('a caller who keeps keying wrong ids is locked out', async () => {
    const m = await ivrMerchant({ idMaxAttempts: 1, callerLockout: { failures: 2, windowMinutes: 15, lockMinutes: 15 } });
    for (let i = 0; i < 2; i++) {
      const r = await prepareAndCall(m, '0311112222');
      await stack.phone.press(r.phone, r.code === '999999' ? '888888' : '999999');
      await ended(r.callId);
    }
    const r = await prepareAndCall(m, '0311112222');
    await ended(r.callId);
    expect(await outcomes(m)).toEqual({ id_failed: 2, locked_out: 1 });
    // another caller is not affected
    const other = await prepareAndCall(m, '0333334444');
    await stack.phone.press(other.phone, other.code);
    await other.sse.waitForType('customer_connected');
    await stack.phone.hangUp(other.phone);
  });

  it('the call over the number’s limit hears busy and is counted, while the others go on', async () => {
    const m = await ivrMerchant({}, 2);
    const a = await prepareAndCall(m, '0310000001');
    const b = await prepareAndCall(m, '0310000002');
    const c = await prepareAndCall(m, '0310000003');
    await ended(c.callId);
    expect((await outcomes(m)).busy).toBe(1);
    await stack.phone.press(a.phone, a.code);
    await stack.phone.press(b.phone, b.code);
    await a.sse.waitForType('customer_connected');
    await b.sse.waitForType('customer_connected');
    const run: Run = { paymentId: a.payment.id, token: a.token, phone: a.phone, callId: a.callId, sse: a.sse };
    await keyCard(stack, run, { pan: '4242424242424242', exp: futureExpiry(), cvv: '123' });
    await a.sse.waitForType('approved');
    await stack.phone.hangUp(a.phone);
    await stack.phone.hangUp(b.phone);
  });
});

describe('hang-ups leave a truthful state', () => {
  it('during the greeting: the payment stays ready for another call', async () => {
    const m = await ivrMerchant();
    const r = await prepareAndCall(m);
    await stack.phone.hangUp(r.phone);
    await ended(r.callId);
    expect(await outcomes(m)).toEqual({ hung_up: 1 });
    const { json } = await stack.api('GET', `/v1/payments/${r.payment.id}`, m.apiKey);
    expect(json).toMatchObject({ status: 'created', identification: { code: r.code } });
  });

  it('while keying the card: abandoned', async () => {
    const m = await ivrMerchant();
    const r = await prepareAndCall(m);
    await stack.phone.press(r.phone, r.code);
    await r.sse.waitFor((e) => e.type === 'field_prompt' && e.field === 'pan', 20_000, 'pan prompt');
    await stack.phone.press(r.phone, '4111');
    await r.sse.waitFor((e) => e.type === 'digit' && e.entered === 4, 10_000, '4 digits');
    await stack.phone.hangUp(r.phone);
    expect((await r.sse.waitForType('abandoned')).error?.code).toBe('customer_hung_up');
    expect(await outcomes(m)).toEqual({ hung_up: 1 });
  });

  it('while the gateway works: the payment still completes, and nobody is rung back', async () => {
    const m = await ivrMerchant();
    const r = await prepareAndCall(m);
    await stack.phone.press(r.phone, r.code);
    const run: Run = { paymentId: r.payment.id, token: r.token, phone: r.phone, callId: r.callId, sse: r.sse };
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await r.sse.waitForType('authorizing');
    await stack.phone.hangUp(r.phone);
    await r.sse.waitForType('approved');
    await ended(r.callId);
    await new Promise((res) => setTimeout(res, 500));
    expect(r.sse.events.some((e) => e.type === 'returned_to_operator' || e.type === 'return_failed')).toBe(false);
  });

  it('when the operator does not answer the way back: the customer hears goodbye, and the operator is told', async () => {
    const m = await ivrMerchant({ returnMode: 'transfer-back' });
    const op = await stack.ivr.merchants.addOperator(m.id, 'Away operator', 'error/USER_BUSY');
    const r = await prepareAndCall(m, '0312340000', { operatorId: op.id });
    await stack.phone.press(r.phone, r.code);
    const run: Run = { paymentId: r.payment.id, token: r.token, phone: r.phone, callId: r.callId, sse: r.sse };
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await r.sse.waitForType('approved');
    await r.sse.waitForType('return_failed', 40_000);
    await ended(r.callId);
    expect(await outcomes(m)).toEqual({ return_failed: 1 });
  });
});
