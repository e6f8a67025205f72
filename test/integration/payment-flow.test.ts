// The whole payment through the real HTTP API, ESL over TCP (simulator or real switch) and SQLite: approved,
// declined, registered, checked; the operator cannot hear the customer while the card is keyed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, onSimulator, findCardNumbers, until } from '../support/stack.js';
import { futureExpiry, keyCard, startCapture } from '../support/payment-run.js';
import type { SandboxGateway } from '../../server/gateway/sandbox.js';

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  await stack.close();
});

describe('a card payment over the phone', () => {
  it('approves a Visa: masked progress for the operator, result stored, conversation restored', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    const call = stack.ivr.calls.get(run.callId)!;
    const op = [...call.operators.values()][0]!;
    if (onSimulator) expect((stack.ivr as any).simulator.hears(op.uuid, run.callId)).toBe(false);

    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    const approved = await run.sse.waitForType('approved');
    expect(approved.approvalCode).toMatch(/^\d{6}$/);
    await run.sse.waitForType('conversation_restored');
    if (onSimulator) await until(() => (stack.ivr as any).simulator.hears(op.uuid, run.callId), 5_000, 'operator to hear the customer again');

    const digits = run.sse.events.filter((e) => e.type === 'digit' && e.field === 'pan');
    expect(digits.map((e) => e.entered)).toEqual([...Array(16)].map((_, i) => i + 1));
    expect(digits.every((e) => e.expected === 16)).toBe(true);
    expect(run.sse.events.find((e) => e.type === 'field_complete' && e.field === 'pan')).toMatchObject({ brand: 'visa', last4: '1111' });

    const { json: payment } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    expect(payment).toMatchObject({ status: 'approved', brand: 'visa', last4: '1111', approvalCode: approved.approvalCode, callId: run.callId });
    expect(await (stack.ivr.gateway as SandboxGateway).ledger(m.id, payment.orderId)).toHaveLength(1);
    await stack.phone.hangUp(run.phone);
  });

  it.each([
    ['Mastercard', '5555555555554444', '123', 'mastercard'],
    ['American Express (4-digit code)', '378282246310005', '1234', 'american-express'],
    ['JCB', '3530111333300000', '123', 'jcb'],
  ])('approves %s', async (_name, pan, cvv, brand) => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan, exp: futureExpiry(), cvv });
    await run.sse.waitForType('approved');
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, run.token);
    expect(json).toMatchObject({ status: 'approved', brand, last4: pan.slice(-4) });
    await stack.phone.hangUp(run.phone);
  });

  it('declines a card the issuer refuses, with a reason the operator can act on', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4000000000009995', exp: futureExpiry(), cvv: '123' });
    const declined = await run.sse.waitForType('declined');
    expect(declined.error?.code).toBe('insufficient_funds');
    expect(declined.error?.message).toMatch(/funds|limit/i);
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    expect(json).toMatchObject({ status: 'declined', error: { code: 'insufficient_funds' }, last4: '9995' });
    await stack.phone.hangUp(run.phone);
  });

  it('registers a card to a member id without asking the security code when the merchant says so', async () => {
    const m = await stack.merchant({ askCvv: false });
    const run = await startCapture(stack, m, { job: 'register', amount: 0, memberId: 'M-1001' });
    await keyCard(stack, run, { pan: '4242424242424242', exp: futureExpiry() });
    const approved = await run.sse.waitForType('approved');
    expect(approved.cardToken).toMatch(/^tok_/);
    expect(run.sse.events.some((e) => e.field === 'cvv')).toBe(false);
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    expect(json).toMatchObject({ status: 'approved', job: 'register', memberId: 'M-1001', cardToken: approved.cardToken });
    await stack.phone.hangUp(run.phone);
  });

  it('fails a processing error as not charged', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m, { job: 'check', amount: 0 });
    await keyCard(stack, run, { pan: '4000000000000119', exp: futureExpiry(), cvv: '123' });
    const failed = await run.sse.waitForType('failed');
    expect(failed.error?.code).toBe('processing_error');
    await stack.phone.hangUp(run.phone);
  });
});
