// After approval, through the real API (server on a port, SQLite, ESL, the customer keying the card on the phone):
// the sale of an authorization, voids, partial and full refunds with their status events, an Idempotency-Key
// retry, clear refusals; each merchant on its own gateway (sandbox, GMO-PG, Stripe: local servers speaking their
// wire formats) with the pay method passed through; an operation whose answer times out is reconciled, never sent
// twice. Ends with the card-number scan of everything written, the gateways' request logs included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, type TestMerchant } from '../support/stack.js';
import { futureExpiry, keyCard, startCapture, type Run } from '../support/payment-run.js';
import { FakeGmoPg } from '../support/gateways/gmo-pg-server.js';
import { FakeStripe } from '../support/gateways/stripe-server.js';
import type { SandboxGateway } from '../../server/gateway/sandbox.js';
import type { PaymentView } from '../../server/payments/types.js';

let stack: Stack;
let gmo: FakeGmoPg;
let stripe: FakeStripe;

beforeAll(async () => {
  stack = await Stack.start({ env: { IVRPAY_GATEWAY_TIMEOUT_MS: '1000', IVRPAY_SANDBOX_HANG_MS: '2500' }, inquiryBackoffMs: [150, 300], notFoundWindowMs: 15_000 });
  gmo = await FakeGmoPg.start({ shopId: 'tshop00011111', shopPass: 'Gmo1Pass', siteId: 'tsite00011111', sitePass: 'Site1Pass', hangMs: 2_500 });
  stripe = await FakeStripe.start({ secretKey: 'sk_test_afterApproval0001', hangMs: 2_500 });
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  expect(stack.logs.text()).toMatch(/"gateway":"stripe"/);
  expect(stack.logs.text()).toMatch(/"gateway":"gmo-pg"/);
  await stack.close();
  await gmo.close();
  await stripe.close();
});

/** A payment approved on the phone; the call is hung up after. */
async function approved(m: TestMerchant, over: Record<string, unknown> = {}, pan = '4111111111111111', cvv: string | null = '123'): Promise<Run> {
  const run = await startCapture(stack, m, over);
  await keyCard(stack, run, { pan, exp: futureExpiry(), ...(cvv === null ? {} : { cvv }) });
  await run.sse.waitFor((e) => e.type === 'approved' || e.type === 'declined' || e.type === 'failed', 20_000, 'the result');
  await stack.phone.hangUp(run.phone);
  return run;
}

async function post(run: Run, action: string, credential: string, body: unknown = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}/v1/payments/${run.paymentId}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  stack.apiBodies.push(text);
  return { status: res.status, json: JSON.parse(text) };
}

const get = async (run: Run, credential: string): Promise<PaymentView> => (await stack.api('GET', `/v1/payments/${run.paymentId}`, credential)).json;

describe('after approval, on the sandbox', () => {
  it('records the sale of an authorization, then refunds it in parts, each with one status event', async () => {
    const m = await stack.merchant();
    const run = await approved(m, { job: 'auth', amount: 12_000 });
    expect(await get(run, run.token)).toMatchObject({ status: 'approved', operations: ['sale', 'void'], refundedAmount: 0 });

    const sale = await post(run, 'sale', run.token);
    expect(sale.status).toBe(200);
    expect(sale.json).toMatchObject({ payment: { status: 'captured', operations: ['void', 'refund'] }, operation: { kind: 'sale', amount: 12_000, status: 'succeeded' } });
    expect(await run.sse.waitForType('captured')).toMatchObject({ status: 'captured', amount: 12_000 });

    const part = await post(run, 'refund', m.apiKey, { amount: 5_000 }, { 'idempotency-key': 'refund-1' });
    expect(part.json).toMatchObject({ payment: { status: 'partially_refunded', refundedAmount: 5_000, operations: ['refund'] }, operation: { kind: 'refund', amount: 5_000 } });
    expect(await run.sse.waitForType('refunded')).toMatchObject({ status: 'partially_refunded', amount: 5_000, refundedAmount: 5_000 });
    const again = await post(run, 'refund', m.apiKey, { amount: 5_000 }, { 'idempotency-key': 'refund-1' });
    expect(again.json.operation.id).toBe(part.json.operation.id);
    expect(again.json.payment.refundedAmount).toBe(5_000);

    expect(await post(run, 'refund', m.apiKey, { amount: 7_001 })).toMatchObject({ status: 422, json: { error: { code: 'refund_exceeds_amount' } } });
    expect(await post(run, 'void', m.apiKey)).toMatchObject({ status: 409, json: { error: { code: 'invalid_state' } } });
    expect(await post(run, 'refund', m.apiKey, {})).toMatchObject({ status: 200, json: { payment: { status: 'refunded', refundedAmount: 12_000, operations: [] } } });
    expect(await post(run, 'refund', m.apiKey, {})).toMatchObject({ status: 409, json: { error: { code: 'invalid_state' } } });

    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}/operations`, m.apiKey);
    expect(json.operations.map((o: { kind: string; amount: number }) => `${o.kind}:${o.amount}`)).toEqual(['sale:12000', 'refund:5000', 'refund:7000']);
    const sandbox = stack.ivr.gateway as SandboxGateway;
    const payment = await get(run, m.apiKey);
    expect((await sandbox.ledger(m.id, payment.orderId))[0]).toMatchObject({ state: 'refunded', refundedAmount: 12_000 });
    expect(await sandbox.operations(m.id, payment.orderId)).toHaveLength(3);
  });

  it('voids a charge the same day; another merchant cannot touch it', async () => {
    const m = await stack.merchant();
    const run = await approved(m, { job: 'capture', amount: 3_300 });
    const other = await stack.merchant();
    expect((await post(run, 'void', other.apiKey)).status).toBe(404);
    const voided = await post(run, 'void', run.token);
    expect(voided.json).toMatchObject({ payment: { status: 'voided', operations: [] }, operation: { kind: 'void', amount: 3_300 } });
    expect(await run.sse.waitForType('voided')).toMatchObject({ status: 'voided' });
    expect(await post(run, 'refund', m.apiKey, {})).toMatchObject({ status: 409, json: { error: { code: 'invalid_state' } } });
  });

  it('refuses what a job does not allow, with the reason', async () => {
    const m = await stack.merchant();
    const run = await approved(m, { job: 'check', amount: 0 });
    expect(await post(run, 'sale', m.apiKey)).toMatchObject({ status: 409, json: { error: { code: 'invalid_state', message: expect.stringMatching(/charged nothing/) } } });
    expect(await post(run, 'refund', m.apiKey, { amount: -1 })).toMatchObject({ status: 400, json: { error: { code: 'validation_failed' } } });
    expect(await post(run, 'void', m.apiKey, { amount: 5 })).toMatchObject({ status: 400, json: { error: { code: 'validation_failed' } } });
  });

  it('takes the pay method on creation, refuses one the merchant does not offer, and shows it on the result', async () => {
    const m = await stack.merchant({ payMethods: ['installments'], installmentCounts: [3, 6] });
    const refused = await stack.api('POST', '/v1/payments', m.apiKey, { orderId: `PM-${Date.now()}`, amount: 30_000, job: 'capture', method: { kind: 'revolving' } });
    expect(refused).toMatchObject({ status: 422, json: { error: { code: 'method_not_allowed', message: expect.stringMatching(/revolving/) } } });
    const run = await approved(m, { job: 'capture', amount: 30_000, method: { kind: 'installments', count: 6 } });
    expect(run.sse.events.find((e) => e.type === 'approved')).toMatchObject({ method: { kind: 'installments', count: 6 } });
    expect(await get(run, run.token)).toMatchObject({ status: 'approved', method: { kind: 'installments', count: 6 } });
  });

  it('reconciles a refund whose answer times out, by inquiry, without sending it twice', async () => {
    const m = await stack.merchant();
    const run = await approved(m, { job: 'capture', amount: 8_000 }, '4000000000000259');
    await run.sse.waitForType('approved', 20_000);
    const pending = await post(run, 'refund', m.apiKey, {});
    expect(pending.status).toBe(202);
    expect(pending.json).toMatchObject({ payment: { status: 'approved', operations: [] }, operation: { kind: 'refund', status: 'pending' } });
    expect(await post(run, 'void', m.apiKey)).toMatchObject({ status: 409, json: { error: { code: 'operation_in_progress' } } });
    expect(await run.sse.waitForType('refunded', 20_000)).toMatchObject({ status: 'refunded', refundedAmount: 8_000 });
    const payment = await get(run, m.apiKey);
    expect(await (stack.ivr.gateway as SandboxGateway).operations(m.id, payment.orderId)).toHaveLength(1);
  }, 40_000);
});

describe('how the customer pays, chosen before the card is sent', () => {
  it('offers the menu, takes the choice from the widget with one event, refuses it once the card went to the gateway', async () => {
    const m = await stack.merchant({ payMethods: ['installments', 'bonus'], installmentCounts: [3, 10] });
    const { payment, token } = await stack.createPayment(m, { job: 'capture', amount: 50_000 });
    expect((await stack.api('GET', `/v1/payments/${payment.id}`, token)).json).toMatchObject({ method: { kind: 'lump' }, payMethods: { methods: ['installments', 'bonus'], installmentCounts: [3, 10] } });
    expect(await post({ paymentId: payment.id } as Run, 'method', token, { method: { kind: 'installments', count: 6 } })).toMatchObject({ status: 422, json: { error: { code: 'method_not_allowed', message: expect.stringMatching(/accepted counts: 3, 10/) } } });
    expect(await post({ paymentId: payment.id } as Run, 'method', token, { method: { kind: 'installments', count: 10 } })).toMatchObject({ status: 200, json: { method: { kind: 'installments', count: 10 } } });

    const sse = stack.events(payment.id, token);
    await sse.waitFor((e) => e.type === 'method_chosen', 5_000, 'method_chosen');
    expect(sse.events.find((e) => e.type === 'method_chosen')).toMatchObject({ status: 'created', method: { kind: 'installments', count: 10 } });
    const { callId, phone } = await stack.customerCalls(m);
    expect((await stack.api('POST', `/v1/payments/${payment.id}/capture`, token, { callId })).status).toBe(202);
    const run: Run = { paymentId: payment.id, token, phone, callId, sse };
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    expect(await sse.waitForType('approved')).toMatchObject({ method: { kind: 'installments', count: 10 } });
    await stack.phone.hangUp(phone);
    const sandbox = stack.ivr.gateway as SandboxGateway;
    expect((await sandbox.ledger(m.id, payment.orderId))[0]).toMatchObject({ payMethod: 'installments', installmentCount: 10 });
    expect(await post(run, 'method', token, { method: { kind: 'lump' } })).toMatchObject({ status: 409, json: { error: { code: 'invalid_state' } } });
    expect((await stack.api('GET', `/v1/payments/${payment.id}`, token)).json.payMethods).toBeUndefined();
  });
});

describe('each merchant on its own gateway', () => {
  it('GMO-PG: authorization in installments by phone, the sale, a partial refund', async () => {
    const m = await stack.merchant();
    await stack.ivr.gatewaySettings.save(m.id, { kind: 'gmo-pg', options: { endpoint: gmo.url, shopId: 'tshop00011111', siteId: 'tsite00011111' }, credentials: { shopPass: 'Gmo1Pass', sitePass: 'Site1Pass' } });
    expect((await stack.ivr.gatewaySettings.describe(m.id)).credentials).toEqual({ shopPass: '••••••••', sitePass: '••••••••' });
    const run = await approved(m, { job: 'auth', amount: 24_000, method: { kind: 'installments', count: 3 } });
    const result = await get(run, m.apiKey);
    expect(result).toMatchObject({ status: 'approved', method: { kind: 'installments', count: 3 }, approvalCode: expect.stringMatching(/^\d{7}$/) });
    expect(gmo.trade(result.orderId)).toMatchObject({ Status: 'AUTH', Method: '2', PayTimes: '3' });
    expect((await post(run, 'sale', run.token)).json.payment.status).toBe('captured');
    expect(gmo.trade(result.orderId)?.Status).toBe('SALES');
    expect((await post(run, 'refund', m.apiKey, { amount: 4_000 })).json.payment).toMatchObject({ status: 'partially_refunded', refundedAmount: 4_000 });
    expect(gmo.trade(result.orderId)?.Amount).toBe(20_000);
    expect(gmo.executions.get(result.orderId)).toBe(1);
  });

  it('GMO-PG: a decline comes back with a reason the operator can act on', async () => {
    const m = await stack.merchant();
    await stack.ivr.gatewaySettings.save(m.id, { kind: 'gmo-pg', options: { endpoint: gmo.url, shopId: 'tshop00011111' }, credentials: { shopPass: 'Gmo1Pass' } });
    const run = await approved(m, {}, '4000000000009995');
    expect(run.sse.events.find((e) => e.type === 'declined')).toMatchObject({ error: { code: 'insufficient_funds' } });
  });

  it('Stripe: charged by phone, cannot be voided once charged, refunded instead', async () => {
    const m = await stack.merchant();
    await stack.ivr.gatewaySettings.save(m.id, { kind: 'stripe', options: { apiBase: stripe.url }, credentials: { secretKey: 'sk_test_afterApproval0001' } });
    const run = await approved(m, { job: 'capture', amount: 9_800 });
    const result = await get(run, run.token);
    expect(result).toMatchObject({ status: 'approved', transactionId: expect.stringMatching(/^pi_/), operations: ['refund'] });
    expect(await post(run, 'void', run.token)).toMatchObject({ status: 422, json: { error: { code: 'operation_not_supported', message: expect.stringMatching(/refund it instead/) } } });
    expect((await post(run, 'refund', run.token, {})).json.payment).toMatchObject({ status: 'refunded', refundedAmount: 9_800 });
    expect([...stripe.refunds.values()].filter((r) => r.payment_intent === result.transactionId)).toHaveLength(1);
  });

  it('Stripe: a registration stores the saved card reference', async () => {
    const m = await stack.merchant({ askCvv: false });
    await stack.ivr.gatewaySettings.save(m.id, { kind: 'stripe', options: { apiBase: stripe.url }, credentials: { secretKey: 'sk_test_afterApproval0001' } });
    const run = await approved(m, { job: 'register', amount: 0, memberId: 'M-77' }, '5555555555554444', null);
    expect(await get(run, m.apiKey)).toMatchObject({ status: 'approved', cardToken: expect.stringMatching(/^pm_/), operations: [] });
    expect((await (await stack.ivr.gateways.forMerchant(m.id)).cards(m.id, 'M-77', AbortSignal.timeout(5_000))).map((c) => c.last4)).toEqual(['4444']);
  });
});
