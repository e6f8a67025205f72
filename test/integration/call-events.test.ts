// What the telephone does to a payment: the customer hangs up mid-capture, the ESL connection drops, the gateway
// does not answer in time (reconciled, never charged twice), the server restarts mid-payment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, onSimulator, until } from '../support/stack.js';
import { futureExpiry, keyCard, keyField, startCapture } from '../support/payment-run.js';
import type { SandboxGateway } from '../../server/gateway/sandbox.js';

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start({ env: { IVRPAY_GATEWAY_TIMEOUT_MS: '400', IVRPAY_SANDBOX_HANG_MS: '3000' }, inquiryBackoffMs: [200, 400], notFoundWindowMs: 5_000 });
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  await stack.close();
});

describe('the call', () => {
  it('customer hangs up mid-capture: payment abandoned, the operator is told', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '424242');
    await run.sse.waitFor((e) => e.type === 'digit' && e.entered === 6, 10_000, '6 digits');
    await stack.phone.hangUp(run.phone);
    const abandoned = await run.sse.waitForType('abandoned');
    expect(abandoned.error?.code).toBe('customer_hung_up');
    await until(() => !stack.ivr.calls.get(run.callId), 10_000, 'the call to end');
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, run.token);
    expect(json.status).toBe('abandoned');
  });

  it('the ESL connection drops mid-capture: payment fails safely, operator told, conversation restored after reconnect', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    const call = stack.ivr.calls.get(run.callId)!;
    const op = [...call.operators.values()][0]!;
    await keyField(stack, run, 'pan', '4111');
    await run.sse.waitFor((e) => e.type === 'digit' && e.entered === 4, 10_000, '4 digits');
    stack.ivr.fs.first.esl.dropConnection();
    const failed = await run.sse.waitForType('failed');
    expect(failed.error?.code).toBe('telephony_lost');
    await stack.ivr.fs.first.esl.waitUntilUp(10_000);
    if (onSimulator) await until(() => (stack.ivr.simulator as any).hears(op.uuid, run.callId), 10_000, 'operator to hear the customer again');
    // the call itself survived, and a new payment can be taken on it
    const { payment, token } = await stack.createPayment(m);
    const sse = stack.events(payment.id, token);
    const res = await stack.api('POST', `/v1/payments/${payment.id}/capture`, token, { callId: run.callId });
    expect(res.status).toBe(202);
    await keyCard(stack, { ...run, paymentId: payment.id, token, sse }, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await sse.waitForType('approved');
    await stack.phone.hangUp(run.phone);
  });
});

describe('operators', () => {
  it('a call that arrives while the only operator is busy waits, and rings the operator once they are free', async () => {
    const m = await stack.merchant();
    const first = await stack.customerCalls(m);
    await stack.phone.call(m.did);
    const second = await until(() => stack.ivr.calls.forMerchant(m.id).find((c) => c.id !== first.callId), 10_000, 'the second call');
    await until(() => stack.ivr.dialer.queued === 1, 5_000, 'the second call to wait');
    expect(second.operators.size).toBe(0);
    await stack.phone.hangUp(first.phone);
    await until(() => stack.ivr.calls.get(second.id)?.operators.size === 1, 10_000, 'the operator to be rung into the waiting call');
    expect(stack.ivr.dialer.queued).toBe(0);
    expect([...stack.ivr.calls.get(second.id)!.operators.values()][0]!.operatorId).toBe(m.operatorId);
  });
});

describe('the gateway', () => {
  it('times out after charging: the payment is reconciled by inquiry to approved, and charged once', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4000000000000259', exp: futureExpiry(), cvv: '123' });
    const reconciling = await run.sse.waitForType('reconciling');
    expect(reconciling.status).toBe('authorizing');
    expect(reconciling.error?.code).toBe('gateway_timeout');
    const approved = await run.sse.waitForType('approved');
    expect(approved.transactionId).toMatch(/^sbx_/);
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    const sandbox = stack.ivr.gateway as SandboxGateway;
    expect(await sandbox.ledger(m.id, json.orderId)).toHaveLength(1);
    expect(sandbox.calls.get(`${m.id}/${json.orderId}`)).toBe(1);
    await stack.phone.hangUp(run.phone);
  });
});

describe('a server restart', () => {
  it('fails captures it interrupted and reconciles payments waiting for the gateway', async () => {
    const m = await stack.merchant();
    const { payment: capturing } = await stack.createPayment(m);
    const { payment: authorizing } = await stack.createPayment(m);
    await stack.ivr.payments.advance(capturing.id, 'capturing', 'capture_started');
    await stack.ivr.payments.advance(authorizing.id, 'capturing', 'capture_started');
    await stack.ivr.payments.advance(authorizing.id, 'authorizing', 'authorizing', { brand: 'visa', last4: '1111' });
    await stack.ivr.capture.recoverAfterRestart();
    const a = await stack.api('GET', `/v1/payments/${capturing.id}`, m.apiKey);
    expect(a.json).toMatchObject({ status: 'failed', error: { code: 'server_restarted' } });
    // the gateway never saw that order: after the not-found window it fails as not charged
    const settled = await untilAsync(async () => (await stack.api('GET', `/v1/payments/${authorizing.id}`, m.apiKey)).json, (p) => p.status !== 'authorizing', 15_000);
    expect(settled).toMatchObject({ status: 'failed', error: { code: 'gateway_timeout' } });
  });
});

async function untilAsync<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
