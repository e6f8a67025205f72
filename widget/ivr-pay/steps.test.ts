import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../server/payments/types.js';
import approvedAfterRetry from './fixtures/approved-after-retry.json' with { type: 'json' };
import declinedWithoutCvv from './fixtures/declined-without-cvv.json' with { type: 'json' };
import transferApproved from './fixtures/transfer-approved.json' with { type: 'json' };
import ivrStepsApproved from './fixtures/ivr-steps-approved.json' with { type: 'json' };
import { MESSAGES } from './i18n.js';
import { applyEvent, emptyProgress, reduceEvents, type Progress } from './progress.js';
import { stepRows, type StepOptions } from './steps.js';

const approved = approvedAfterRetry as PaymentEvent[];
const declined = declinedWithoutCvv as PaymentEvent[];

function after(events: PaymentEvent[], match: (e: PaymentEvent) => boolean): Progress {
  return reduceEvents(events.slice(0, events.findIndex(match) + 1));
}

const transfer = transferApproved as PaymentEvent[];

const summary = (p: Progress, lang: 'ja' | 'en' = 'en', opts: StepOptions = {}) =>
  stepRows(p, MESSAGES[lang], opts).map((r) => [r.id, r.state, r.detail, r.note].filter(Boolean).join(' | '));

describe('stepRows', () => {
  it('lists five waiting steps before the capture', () => {
    expect(summary(emptyProgress())).toEqual([
      'pan | waiting | Waiting',
      'expiry | waiting | Waiting',
      'cvv | waiting | Waiting',
      'authorizing | waiting | Waiting',
      'result | waiting | Waiting',
    ]);
  });

  it('shows the brand and how many digits were keyed, with a meter', () => {
    const p = after(approved, (e) => e.type === 'digit' && e.entered === 7);
    const [pan] = stepRows(p, MESSAGES.en);
    expect(pan).toMatchObject({ state: 'current', detail: 'Visa · 7 of 16 digits', meter: { entered: 7, expected: 16 } });
    expect(stepRows(p, MESSAGES.ja)[0]!.detail).toBe('Visa · 7 / 16 桁');
  });

  it('says why the customer is asked again, and which attempt it is', () => {
    const rejected = after(approved, (e) => e.type === 'field_error');
    expect(summary(rejected)[0]).toBe('pan | error | The card number is not valid | attempt 1 of 3');
    const again = after(approved, (e) => e.type === 'digit' && e.entered === 2 && e.seq > rejected.lastSeq);
    expect(summary(again)[0]).toBe('pan | current | Visa · 2 of 16 digits | Asked again (The card number is not valid) · attempt 2 of 3');
  });

  it('shows the card masked once complete, and never the value of expiry or security code', () => {
    const p = after(approved, (e) => e.type === 'digit' && e.field === 'cvv' && e.entered === 2);
    expect(summary(p).slice(0, 3)).toEqual(['pan | done | Visa •••• 4242', 'expiry | done | Done', 'cvv | current | 2 of 3 digits']);
  });

  it('ends approved with every step done', () => {
    expect(summary(reduceEvents(approved), 'ja')).toEqual([
      'pan | done | Visa •••• 4242',
      'expiry | done | 完了',
      'cvv | done | 完了',
      'authorizing | done | 完了',
      'result | done | 承認されました',
    ]);
  });

  it('shows the skipped security code, reconciling, and the decline reason', () => {
    const reconciling = after(declined, (e) => e.type === 'reconciling');
    expect(summary(reconciling).slice(2, 4)).toEqual(['cvv | skipped | Not needed', 'authorizing | current | Checking the result with the gateway…']);
    expect(summary(reduceEvents(declined)).slice(3)).toEqual([
      'authorizing | error | Declined',
      'result | error | Declined',
    ]);
  });

  it('shows a canceled capture as stopped, not as an error', () => {
    const keying = after(approved, (e) => e.type === 'field_prompt' && e.field === 'expiry');
    const canceled = applyEvent(keying, { ...approved[0]!, seq: 9999, type: 'canceled', status: 'canceled' });
    expect(summary(canceled).slice(1)).toEqual([
      'expiry | stopped | Stopped',
      'cvv | skipped | Not reached',
      'authorizing | skipped | Not reached',
      'result | stopped | Canceled',
    ]);
  });
});

describe('stepRows in transfer mode', () => {
  it('starts with the customer connected and ends with the way back to the operator', () => {
    const keying = after(transfer, (e) => e.type === 'digit' && e.field === 'pan' && e.entered === 3);
    expect(summary(keying)).toEqual([
      'connected | done | Customer connected',
      'pan | current | Mastercard · 3 of 16 digits',
      'expiry | waiting | Waiting',
      'cvv | waiting | Waiting',
      'authorizing | waiting | Waiting',
      'result | waiting | Waiting',
      'return | waiting | Waiting',
    ]);
  });

  it('hands the call back after the result, in English and Japanese', () => {
    const approvedOnly = after(transfer, (e) => e.type === 'conversation_restored');
    expect(summary(approvedOnly).slice(-2)).toEqual(['result | done | Approved', 'return | current | Handing the call back…']);
    expect(summary(reduceEvents(transfer)).at(-1)).toBe('return | done | Returned to operator');
    expect(summary(reduceEvents(transfer), 'ja')).toEqual([
      'connected | done | お客様が接続しました',
      'pan | done | Mastercard •••• 4444',
      'expiry | done | 完了',
      'cvv | done | 完了',
      'confirmation | done | お客様が確認しました',
      'authorizing | done | 完了',
      'result | done | 承認されました',
      'return | done | オペレーターに通話を戻しました',
    ]);
  });

  it('tells the operator to call back when the way back failed, and says when the IVR never reported it', () => {
    const approvedOnly = after(transfer, (e) => e.type === 'conversation_restored');
    const failed = applyEvent(approvedOnly, { ...transfer[0]!, seq: 9999, type: 'return_failed', status: 'approved' });
    expect(summary(failed).at(-1)).toBe('return | error | Could not return the call: call the customer back');
    expect(summary(approvedOnly, 'en', { returnUnreported: true }).at(-1)).toBe('return | skipped | The IVR did not report the way back (the call may have ended)');
  });

  it('does not wait for the way back when the customer hung up', () => {
    const keying = after(transfer, (e) => e.type === 'field_prompt' && e.field === 'expiry');
    const hungUp = applyEvent(keying, { ...transfer[0]!, seq: 9999, type: 'abandoned', status: 'abandoned', error: { code: 'customer_hung_up', message: 'x' } });
    expect(summary(hungUp).at(-1)).toBe('return | skipped | Not reached');
  });

  it('shows no transfer rows for an operator-mode capture', () => {
    expect(stepRows(reduceEvents(approved), MESSAGES.en).map((r) => r.id)).toEqual(['pan', 'expiry', 'cvv', 'authorizing', 'result']);
  });
});

describe("stepRows with the IVR's steps", () => {
  const ivr = ivrStepsApproved as PaymentEvent[];
  const next = (p: Progress, e: Omit<PaymentEvent, 'seq' | 'paymentId' | 'at'>) => applyEvent(p, { seq: p.lastSeq + 1, paymentId: 'pay_demo01', at: '2025-01-15T11:01:00.000Z', ...e });

  it('puts the SMS code before the card, with the attempt that failed', () => {
    expect(summary(after(ivr, (e) => e.type === 'identity_check'))[0]).toBe("identity | current | Code sent to the customer's mobile — waiting for the code");
    expect(summary(after(ivr, (e) => e.step === 'sms'))[0]).toBe('identity | error | Wrong code keyed; the customer is asked again | attempt 1 of 3');
    expect(summary(after(ivr, (e) => e.step === 'sms'), 'ja')[0]).toBe('identity | error | 確認コードが違います。再入力をお願いしています | 1 / 3 回目');
    expect(summary(after(ivr, (e) => e.type === 'field_prompt')).slice(0, 2)).toEqual(['identity | done | Code confirmed', 'pan | current | 0 digits']);
  });

  it('puts the pay-method menu and the amount check after the card, before the payment', () => {
    const menu = after(ivr, (e) => e.type === 'method_menu');
    expect(summary(menu).slice(1)).toEqual([
      'pan | done | Mastercard •••• 4444',
      'expiry | done | Done',
      'cvv | done | Done',
      'method | current | The customer is choosing on the keypad',
      'authorizing | waiting | Waiting',
      'result | waiting | Waiting',
    ]);
    expect(summary(after(ivr, (e) => e.step === 'method'))[4]).toBe('method | error | A key that is not offered; the customer is asked again | attempt 1 of 3');
    expect(summary(after(ivr, (e) => e.type === 'confirming')).slice(4, 6)).toEqual([
      'method | done | 6 installments',
      'confirmation | current | The customer hears the amount and the last four, and presses 1',
    ]);
    expect(summary(after(ivr, (e) => e.step === 'confirm'), 'ja')[5]).toBe('confirmation | error | 入力がありません。もう一度読み上げています | 1 / 3 回目');
  });

  it('ends approved with every step done, in Japanese', () => {
    expect(summary(reduceEvents(ivr), 'ja')).toEqual([
      'identity | done | 確認できました',
      'pan | done | Mastercard •••• 4444',
      'expiry | done | 完了',
      'cvv | done | 完了',
      'method | done | 分割払い（6回）',
      'confirmation | done | お客様が確認しました',
      'authorizing | done | 完了',
      'result | done | 承認されました',
    ]);
    expect(stepRows(reduceEvents(ivr), MESSAGES.ja).slice(0, 6).map((r) => r.label)).toEqual(['本人確認（SMS）', 'カード番号', '有効期限', 'セキュリティコード', 'お支払い方法', '金額の確認']);
  });

  it('says the card is keyed again after "2" at the read-back', () => {
    const again = next(after(ivr, (e) => e.type === 'confirming'), { type: 'field_cleared', status: 'capturing', field: 'pan' });
    expect(summary(again).slice(1, 6)).toEqual([
      'pan | current | 0 digits',
      'expiry | waiting | Waiting',
      'cvv | waiting | Waiting',
      'method | done | 6 installments',
      'confirmation | waiting | The customer pressed 2: the card is keyed again',
    ]);
  });

  it('gives the reason of a failure in its step, in both languages', () => {
    const wrong = after(ivr, (e) => e.step === 'sms');
    const failed = next(wrong, { type: 'failed', status: 'failed', error: { code: 'sms_check_failed', message: 'x' } });
    expect(summary(failed)[0]).toBe('identity | error | The SMS code was not confirmed. Check the mobile number and start again | attempt 1 of 3');
    expect(summary(failed)[1]).toBe('pan | skipped | Not reached');
    const noMobile = next(next(emptyProgress(), { type: 'capture_started', status: 'capturing' }), { type: 'failed', status: 'failed', error: { code: 'sms_unavailable', message: 'x' } });
    expect(summary(noMobile, 'ja')[0]).toBe('identity | error | SMS確認コードを送れませんでした。携帯番号を確認してください');
    const notConfirmed = next(after(ivr, (e) => e.step === 'confirm'), { type: 'failed', status: 'failed', error: { code: 'not_confirmed', message: 'x' } });
    expect(summary(notConfirmed)[5]).toBe('confirmation | error | The customer did not confirm the amount. Check it with them | attempt 1 of 3');
    const noMethod = next(after(ivr, (e) => e.type === 'method_menu'), { type: 'failed', status: 'failed', error: { code: 'method_not_chosen', message: 'x' } });
    expect(summary(noMethod, 'ja')[4]).toBe('method | error | お客様が支払方法を選びませんでした。支払方法をご確認ください');
  });

  it('shows a method the operator chose before the call', () => {
    const chosen = next(emptyProgress(), { type: 'method_chosen', status: 'created', method: { kind: 'revolving' } });
    expect(summary(next(chosen, { type: 'capture_started', status: 'capturing' }), 'ja')[3]).toBe('method | done | リボ払い | 決済の開始前に指定済み');
  });
});
