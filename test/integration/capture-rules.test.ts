// What the customer can key wrong, and what the operator can do about it: invalid fields re-prompted, * and #,
// timeouts, attempts exhausted, re-request of a field, cancel. Every path through the real API, ESL and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers } from '../support/stack.js';
import { futureExpiry, keyCard, keyField, promptedFor, startCapture } from '../support/payment-run.js';

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  await stack.close();
});

const errorsOf = (run: { sse: { events: { type: string; field?: string; error?: { code: string } }[] } }) =>
  run.sse.events.filter((e) => e.type === 'field_error').map((e) => `${e.field}:${e.error?.code}`);

describe('keying mistakes are re-prompted', () => {
  it('a card number that fails the check digit, then the right one', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '4111111111111112');
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    expect(errorsOf(run)).toEqual(['pan:invalid_number']);
    const prompts = run.sse.events.filter((e) => e.type === 'field_prompt' && e.field === 'pan');
    expect(prompts.map((e) => e.attempt)).toEqual([1, 2]);
    await stack.phone.hangUp(run.phone);
  });

  it('a brand the merchant does not take is refused at once, without keying the rest', async () => {
    const m = await stack.merchant({ allowedBrands: ['visa', 'mastercard'] });
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '37');
    const err = await run.sse.waitFor((e) => e.type === 'field_error', 10_000, 'brand error');
    expect(err.error?.code).toBe('brand_not_accepted');
    expect(err.entered ?? 2).toBeLessThanOrEqual(2);
    await keyCard(stack, run, { pan: '5555555555554444', exp: futureExpiry(), cvv: '321' });
    await run.sse.waitForType('approved');
    await stack.phone.hangUp(run.phone);
  });

  it('an expired card and an impossible month, then a good expiry', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '4242424242424242');
    await keyField(stack, run, 'expiry', '0120');
    await keyField(stack, run, 'expiry', '1399');
    await keyField(stack, run, 'expiry', futureExpiry());
    await keyField(stack, run, 'cvv', '123');
    await run.sse.waitForType('approved');
    expect(errorsOf(run)).toEqual(['expiry:card_expired', 'expiry:invalid_expiry']);
    await stack.phone.hangUp(run.phone);
  });

  it('# ends a field early (short security code is refused), * clears and starts the field over', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '4111*');
    await run.sse.waitForType('field_cleared');
    await keyField(stack, run, 'pan', '4111111111111111');
    await keyField(stack, run, 'expiry', futureExpiry());
    await keyField(stack, run, 'cvv', '12#');
    await keyField(stack, run, 'cvv', '123');
    await run.sse.waitForType('approved');
    expect(errorsOf(run)).toEqual(['cvv:invalid_cvv']);
    await stack.phone.hangUp(run.phone);
  });
});

describe('silence and repeated mistakes', () => {
  it('no input re-prompts, and three times ends the payment as failed', async () => {
    const m = await stack.merchant({ firstDigitTimeoutMs: 300, maxAttempts: 3 });
    const run = await startCapture(stack, m);
    const failed = await run.sse.waitForType('failed', 60_000);
    expect(failed.error?.code).toBe('too_many_attempts');
    expect(errorsOf(run)).toEqual(['pan:no_input', 'pan:no_input', 'pan:no_input', 'pan:too_many_attempts']);
    await run.sse.waitForType('conversation_restored');
    await stack.phone.hangUp(run.phone);
  });

  it('a pause in the middle of a number ends the field (inter-digit timeout) and it is checked', async () => {
    const m = await stack.merchant({ interDigitTimeoutMs: 400 });
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '411111');
    await run.sse.waitFor((e) => e.type === 'field_error' && e.field === 'pan', 10_000, 'pan error');
    expect(errorsOf(run)).toEqual(['pan:invalid_number']);
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    await stack.phone.hangUp(run.phone);
  });

  it('max attempts of wrong numbers fails the payment', async () => {
    const m = await stack.merchant({ maxAttempts: 2 });
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '4111111111111112');
    await keyField(stack, run, 'pan', '4111111111111113');
    const failed = await run.sse.waitForType('failed');
    expect(failed.error?.code).toBe('too_many_attempts');
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, run.token);
    expect(json).toMatchObject({ status: 'failed', error: { code: 'too_many_attempts' }, last4: null });
    await stack.phone.hangUp(run.phone);
  });
});

describe('the operator stays in control', () => {
  it('re-requests the card number after it was complete; the customer keys it again', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '4242424242424242');
    await promptedFor(run, 'expiry');
    const res = await stack.api('POST', `/v1/payments/${run.paymentId}/rerequest`, run.token, { field: 'pan' });
    expect(res.status).toBe(202);
    await run.sse.waitFor((e) => e.type === 'field_cleared' && e.field === 'pan', 5_000, 'pan cleared');
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    const approved = await run.sse.waitForType('approved');
    expect(approved.last4).toBe('1111');
    await stack.phone.hangUp(run.phone);
  });

  it('cancels mid-capture: nothing charged, conversation restored, cannot cancel twice', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    await keyField(stack, run, 'pan', '41111111');
    await run.sse.waitFor((e) => e.type === 'digit' && e.entered === 8, 10_000, '8 digits');
    const res = await stack.api('POST', `/v1/payments/${run.paymentId}/cancel`, run.token);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'canceled', error: { code: 'canceled_by_operator' } });
    await run.sse.waitForType('conversation_restored');
    const again = await stack.api('POST', `/v1/payments/${run.paymentId}/cancel`, run.token);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('invalid_state');
    const rerequest = await stack.api('POST', `/v1/payments/${run.paymentId}/rerequest`, run.token, { field: 'pan' });
    expect(rerequest.status).toBe(409);
    await stack.phone.hangUp(run.phone);
  });

  it('a payment not yet started can be canceled by the merchant', async () => {
    const m = await stack.merchant();
    const { payment } = await stack.createPayment(m);
    const res = await stack.api('POST', `/v1/payments/${payment.id}/cancel`, m.apiKey);
    expect(res.json).toMatchObject({ status: 'canceled', error: { code: 'canceled_by_merchant' } });
  });
});
