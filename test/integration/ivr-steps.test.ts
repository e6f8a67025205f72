// The IVR's steps around the card: the SMS identity check before it (right, wrong, expired code) and the amount
// read-back after it (confirmed, card entered again, not confirmed). Real API, ESL and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, until } from '../support/stack.js';
import { futureExpiry, keyCard, startCapture, type Run } from '../support/payment-run.js';
import type { SandboxSmsProvider } from '../../server/sms/sandbox.js';

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  // nothing about an SMS code is written either: not in logs, SSE, API answers, ESL commands or any table row
  const text = stack.writtenText() + await stack.tableRows();
  for (const m of outbox().messages()) expect(text).not.toMatch(new RegExp(`(?<![0-9A-Za-z])${codeIn(m.body)}(?![0-9A-Za-z])`));
  await stack.close();
});

const MOBILE = '090-1111-2222';
const outbox = () => stack.ivr.sms as SandboxSmsProvider;
/** the code in the SMS text (ja: 確認コード 123456 / en: your confirmation code is 123456) */
const codeIn = (body: string) => /(?:コード|code is) (\d{6})/.exec(body)![1]!;

async function smsCode(run: Run): Promise<string> {
  await run.sse.waitForType('identity_check');
  const sms = await until(() => outbox().messages('+819011112222').at(-1), 5_000, 'the SMS');
  return codeIn(sms.body);
}

describe('SMS identity check before the card', () => {
  it('the right code lets the customer key the card', async () => {
    const m = await stack.merchant({ smsCheck: true });
    const run = await startCapture(stack, m, { customerPhone: MOBILE });
    const code = await smsCode(run);
    expect(outbox().messages('+819011112222').at(-1)!.body).toMatch(/Test merchant/);
    await stack.phone.press(run.phone, code);
    await run.sse.waitForType('identity_verified');
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    await stack.phone.hangUp(run.phone);
  });

  it('a wrong code is asked again; the right one then works', async () => {
    const m = await stack.merchant({ smsCheck: true });
    const run = await startCapture(stack, m, { customerPhone: MOBILE });
    const code = await smsCode(run);
    await stack.phone.press(run.phone, code === '000000' ? '111111' : '000000');
    const e = await run.sse.waitForType('step_error');
    expect(e).toMatchObject({ step: 'sms', attempt: 1, error: { code: 'wrong_sms_code' } });
    await stack.phone.press(run.phone, code);
    await run.sse.waitForType('identity_verified');
    await stack.phone.hangUp(run.phone);
    await run.sse.waitForType('abandoned');
  });

  it('wrong codes until the attempts run out: failed, nothing charged', async () => {
    const m = await stack.merchant({ smsCheck: true, smsMaxAttempts: 2 });
    const run = await startCapture(stack, m, { customerPhone: MOBILE });
    const code = await smsCode(run);
    const wrong = code === '000000' ? '111111' : '000000';
    await stack.phone.press(run.phone, wrong + wrong);
    const failed = await run.sse.waitForType('failed', 30_000);
    expect(failed.error?.code).toBe('sms_check_failed');
    expect(run.sse.events.some((e) => e.type === 'field_prompt')).toBe(false);
    await run.sse.waitForType('conversation_restored');
    await stack.phone.hangUp(run.phone);
  });

  it('an expired code is refused', async () => {
    const m = await stack.merchant({ smsCheck: true, smsCodeValiditySeconds: 5, smsMaxAttempts: 1 });
    const run = await startCapture(stack, m, { customerPhone: MOBILE });
    const code = await smsCode(run);
    await new Promise((r) => setTimeout(r, 5_200));
    await stack.phone.press(run.phone, code);
    expect((await run.sse.waitForType('step_error')).error?.code).toBe('wrong_sms_code');
    expect((await run.sse.waitForType('failed', 30_000)).error?.code).toBe('sms_check_failed');
    await stack.phone.hangUp(run.phone);
  });

  it('no mobile number: the check cannot start and the operator is told why', async () => {
    const m = await stack.merchant({ smsCheck: true });
    const run = await startCapture(stack, m, {}, '0312345678'); // a landline caller id, and no customerPhone
    expect((await run.sse.waitForType('failed')).error?.code).toBe('sms_unavailable');
    await stack.phone.hangUp(run.phone);
  });
});

describe('amount read-back before authorizing', () => {
  it('1 confirms: the card goes to the gateway', async () => {
    const m = await stack.merchant({ confirmAmount: true });
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    const c = await run.sse.waitForType('confirming');
    expect(c.last4).toBe('1111');
    expect(run.sse.events.some((e) => e.type === 'authorizing')).toBe(false);
    // the read-back played the amount's words (¥12,800: いちまん にせん はっぴゃく えん) and the last four
    const plays = stack.eslCommands.filter((l) => / play (ja|en)\/(num-|confirm-)/.test(l)).map((l) => l.split(' ')[4]);
    expect(plays).toEqual(expect.arrayContaining(['ja/confirm-amount.wav', 'ja/num-ichi.wav', 'ja/num-man.wav', 'ja/num-ni-sen.wav', 'ja/num-hachi-hyaku.wav', 'ja/num-yen.wav', 'ja/confirm-press.wav']));
    await stack.phone.press(run.phone, '1');
    await run.sse.waitForType('confirmed');
    await run.sse.waitForType('approved');
    await stack.phone.hangUp(run.phone);
  });

  it('2 starts the card over; the second card is the one charged', async () => {
    const m = await stack.merchant({ confirmAmount: true });
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('confirming');
    await stack.phone.press(run.phone, '2');
    await run.sse.waitFor((e) => e.type === 'field_cleared' && e.field === 'pan', 10_000, 'card cleared');
    await keyCard(stack, run, { pan: '5555555555554444', exp: futureExpiry(), cvv: '321' });
    await run.sse.waitFor((e) => e.type === 'confirming' && e.last4 === '4444', 20_000, 'second read-back');
    await stack.phone.press(run.phone, '1');
    expect((await run.sse.waitForType('approved')).last4).toBe('4444');
    await stack.phone.hangUp(run.phone);
  });

  it('no confirmation (silence, then wrong keys): failed as not confirmed, nothing charged', async () => {
    const m = await stack.merchant({ confirmAmount: true, maxAttempts: 2, firstDigitTimeoutMs: 300 });
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4242424242424242', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('confirming');
    await stack.phone.press(run.phone, '9');
    const failed = await run.sse.waitForType('failed', 60_000);
    expect(failed.error?.code).toBe('not_confirmed');
    const errors = run.sse.events.filter((e) => e.type === 'step_error').map((e) => e.error?.code);
    expect(errors).toHaveLength(2);
    expect(run.sse.events.some((e) => e.type === 'authorizing')).toBe(false);
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    expect(json.status).toBe('failed');
    await stack.phone.hangUp(run.phone);
  });

  it('hanging up during the read-back abandons the payment', async () => {
    const m = await stack.merchant({ confirmAmount: true });
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('confirming');
    await stack.phone.hangUp(run.phone);
    expect((await run.sse.waitForType('abandoned')).error?.code).toBe('customer_hung_up');
  });
});
