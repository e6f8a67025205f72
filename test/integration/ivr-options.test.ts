// The Japanese options in the IVR (issue #9): how the customer pays chosen on the keypad (installments with a
// count), and the cancel line (slip number + the merchant's check → voided, merchant told by webhook).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, until, type TestMerchant } from '../support/stack.js';
import { futureExpiry, keyCard, keyField, startCapture } from '../support/payment-run.js';
import { WebhookEndpoints } from '../../server/webhooks/endpoints.js';

let stack: Stack;
const hooks: { type: string; body: string }[] = [];
let hookUrl = '';
const receiver = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    hooks.push({ type: String(req.headers['ivrpay-event-type'] ?? ''), body });
    res.writeHead(204).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  stack = await Stack.start({ webhooks: { backoffMs: [200, 400], pollMs: 50 } });
});
afterAll(async () => {
  expect(findCardNumbers(stack.written() + hooks.map((h) => h.body).join('\n'))).toEqual([]);
  await stack.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe('how the customer pays, chosen on the keypad', () => {
  it('2 = installments, then the count: the gateway gets installments × 6', async () => {
    const m = await stack.merchant({ askMethodInIvr: true, installmentCounts: [3, 6, 12] });
    const run = await startCapture(stack, m, { amount: 60_000 });
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('method_menu'); // the widget shows the menu step from this
    await stack.phone.press(run.phone, '2');
    await stack.phone.press(run.phone, '7#'); // not a count the merchant allows
    const e = await run.sse.waitForType('step_error');
    expect(e).toMatchObject({ step: 'method', error: { code: 'method_not_accepted' } });
    await stack.phone.press(run.phone, '6#');
    const chosen = await run.sse.waitForType('method_chosen');
    expect(chosen.method).toEqual({ kind: 'installments', count: 6 });
    await run.sse.waitForType('approved');
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    expect(json.method).toEqual({ kind: 'installments', count: 6 });
    await stack.phone.hangUp(run.phone);
  });

  it('1 = lump sum; a key the merchant does not offer is asked again', async () => {
    const m = await stack.merchant({ askMethodInIvr: true, payMethods: ['installments'] });
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4242424242424242', exp: futureExpiry(), cvv: '123' });
    await stack.phone.press(run.phone, '3'); // bonus: not offered by this merchant
    await run.sse.waitForType('step_error');
    await stack.phone.press(run.phone, '1');
    expect((await run.sse.waitForType('method_chosen')).method).toEqual({ kind: 'lump' });
    await run.sse.waitForType('approved');
    await stack.phone.hangUp(run.phone);
  });

  it('the menu is not asked when the operator already chose a method', async () => {
    const m = await stack.merchant({ askMethodInIvr: true });
    const run = await startCapture(stack, m, { method: { kind: 'bonus' } });
    await keyCard(stack, run, { pan: '5555555555554444', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    expect(run.sse.events.some((e) => e.type === 'method_chosen' || e.type === 'method_menu' || e.step === 'method')).toBe(false);
    await stack.phone.hangUp(run.phone);
  });
});

describe('cancel by phone', () => {
  async function approvedPayment(m: TestMerchant) {
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    await stack.phone.hangUp(run.phone);
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    expect(json.slipNumber).toMatch(/^\d{9}$/);
    return { run, payment: json as { id: string; slipNumber: string; last4: string; orderId: string } };
  }
  async function cancelLine(m: TestMerchant): Promise<string> {
    const did = `0120${randomInt(100_000, 999_999)}`;
    await stack.ivr.merchants.addDid(m.id, did, { mode: 'cancel' });
    return did;
  }

  it('slip number + last four + 1: voided, and the order system is told by webhook', async () => {
    const m = await stack.merchant();
    await new WebhookEndpoints(stack.ivr.db).create(m.id, hookUrl);
    const { run, payment } = await approvedPayment(m);
    const did = await cancelLine(m);
    const phone = await stack.phone.call(did, { callerNumber: '0312345678' });
    await stack.phone.press(phone, payment.slipNumber);
    await stack.phone.press(phone, payment.last4);
    await stack.phone.press(phone, '1');
    const events = stack.events(run.paymentId, m.apiKey);
    await events.waitFor((e) => e.status === 'voided', 30_000, 'voided');
    await until(async () => (await stack.ivr.callLog.counts(m.id, did)).cancel_done === 1, 20_000, 'the cancel line to finish');
    await until(() => hooks.some((h) => h.type === 'payment.voided' && h.body.includes(payment.orderId)), 10_000, 'the voided webhook');
  });

  it('a mistyped slip (check digit) and a wrong last four are refused; nothing changes', async () => {
    const m = await stack.merchant({ idMaxAttempts: 1 });
    const { payment } = await approvedPayment(m);
    const did = await cancelLine(m);
    const bad = payment.slipNumber.slice(0, 8) + String((Number(payment.slipNumber[8]) + 1) % 10);
    const p1 = await stack.phone.call(did, { callerNumber: '0312345678' });
    await stack.phone.press(p1, bad);
    await until(async () => (await stack.ivr.callLog.counts(m.id, did)).cancel_failed === 1, 30_000, 'slip refused');
    const p2 = await stack.phone.call(did, { callerNumber: '0312345678' });
    await stack.phone.press(p2, payment.slipNumber + (payment.last4 === '0000' ? '1111' : '0000'));
    await until(async () => (await stack.ivr.callLog.counts(m.id, did)).cancel_failed === 2, 30_000, 'check refused');
    expect((await stack.api('GET', `/v1/payments/${payment.id}`, m.apiKey)).json.status).toBe('approved');
  });

  it('the amount as the check, when the merchant configures it', async () => {
    const m = await stack.merchant({ cancelCheck: 'amount' });
    const { payment } = await approvedPayment(m);
    const did = await cancelLine(m);
    const phone = await stack.phone.call(did, { callerNumber: '0312345678' });
    await stack.phone.press(phone, `${payment.slipNumber}12800#1`);
    await until(async () => (await stack.ivr.callLog.counts(m.id, did)).cancel_done === 1, 30_000, 'canceled');
    expect((await stack.api('GET', `/v1/payments/${payment.id}`, m.apiKey)).json.status).toBe('voided');
  });
});
