// <ivr-pay> with the IVR's steps around the card, in Debian Chromium against the scripted fake API: the operator's
// pay-method chooser before the capture (POST …/method, gone once the capture starts), then the SMS code, the
// pay-method menu and the amount read-back in the step list with their retries and the live region, the chosen
// method on the result; a failure in one of those steps on its row. English and Japanese.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CallView, PaymentEvent } from '../../server/payments/types.js';
import ivrStepsApproved from '../../widget/ivr-pay/fixtures/ivr-steps-approved.json' with { type: 'json' };
import { screenshot, until, type WatchedPage } from './support/browser.js';
import { FakeIvrpay, paymentView } from './support/fake-ivrpay.js';
import { fakeInBrowser } from './support/fake-in-browser.js';

const PAYMENT_PATH = '/v1/payments/pay_demo01';
const events = ivrStepsApproved as PaymentEvent[];
/** the fixture from the capture on (its `created` is the fake's own) */
const upTo = (match: (e: PaymentEvent) => boolean, from = 0) => events.slice(from, events.findIndex((e, i) => i >= from && match(e)) + 1);
const indexAfter = (match: (e: PaymentEvent) => boolean) => events.findIndex(match) + 1;

const suite = fakeInBrowser();
let fake: FakeIvrpay;
let tab: WatchedPage;

const operatorCall: CallView = { id: 'call-1', did: '0312345678', caller: '***-****-5678', startedAt: new Date().toISOString(), mode: 'operator', operatorConnected: true, paymentId: null };

async function open(lang: 'en' | 'ja'): Promise<Page> {
  fake.hostPage = `<!doctype html><html><head><meta charset="utf-8"><title>CRM</title><link rel="icon" href="data:,">
<style>body{margin:0;background:#eef1f5;font-family:system-ui}aside{width:360px;padding:12px;box-sizing:border-box}</style>
<script src="/widget/ivr-pay.js"></script></head>
<body><aside><ivr-pay server="" token="${fake.token}" payment="pay_demo01" lang="${lang}"></ivr-pay></aside></body></html>`;
  tab = await suite.openTab({ width: 420, height: 1000, locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
  await tab.page.goto(fake.url + '/');
  return tab.page;
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().innerText({ timeout: 2_000 }).catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();

async function waitText(page: Page, selector: string, expected: string | RegExp): Promise<string> {
  const end = Date.now() + 10_000;
  let t = '';
  while (Date.now() < end) {
    t = await text(page, selector);
    if (typeof expected === 'string' ? t.includes(expected) : expected.test(t)) return t;
    await page.waitForTimeout(50);
  }
  throw new Error(`${selector}: expected ${String(expected)}, got "${t}"`);
}

const step = (id: string) => `ivr-pay [data-step="${id}"]`;
const stepIds = (page: Page) => page.locator('ivr-pay [data-step]').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.step}:${(e as HTMLElement).dataset.state}`));
const polite = (page: Page) => text(page, 'ivr-pay [data-live="polite"]');

function created(): void {
  fake.payment = paymentView({ amount: 60_000, payMethods: { methods: ['installments', 'bonus', 'revolving'], installmentCounts: [3, 6, 12] } });
  fake.calls = [operatorCall];
  fake.emit({ seq: 1, paymentId: 'pay_demo01', type: 'created', status: 'created', at: new Date().toISOString() });
}

describe('<ivr-pay> with the IVR steps around the card', () => {
  it('English: the operator chooses how the customer pays, then SMS code, card, menu and amount check, approved with the method', async () => {
    fake = await suite.startFake();
    created();
    const page = await open('en');
    const chooser = page.locator('ivr-pay [part~="method-select"]');
    await chooser.waitFor();
    expect(await text(page, 'ivr-pay [part~="method"] .method-label')).toBe('How the customer pays');
    expect(await chooser.locator('option').allInnerTexts()).toEqual(['Lump sum', '3 installments', '6 installments', '12 installments', 'Bonus lump sum', 'Revolving']);
    expect(await chooser.locator('optgroup').getAttribute('label')).toBe('Installments');
    expect(await chooser.inputValue()).toBe('lump');
    // the chooser sits with the call and the take button
    expect(await page.locator('ivr-pay .calls [part~="method"] + [part~="button-take"]').count()).toBe(1);
    await screenshot(page, 'ivr-pay-en-method-chooser', 'aside');

    await chooser.selectOption('installments:6');
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/method`).length === 1, 'the method sent');
    expect(fake.seen('POST', `${PAYMENT_PATH}/method`)[0]!.body).toEqual({ method: { kind: 'installments', count: 6 } });
    await waitText(page, 'ivr-pay [data-live="polite"]', 'How the customer pays: 6 installments');
    expect(await chooser.inputValue()).toBe('installments:6');
    expect(await chooser.getAttribute('data-method')).toBe('installments:6');
    // a refusal puts the stored method back and says why
    fake.failNext.set('method', { status: 422, code: 'validation_failed', message: 'not offered' });
    await chooser.selectOption('bonus');
    await waitText(page, 'ivr-pay [part~="error"]', 'The request was not accepted');
    expect(await chooser.inputValue()).toBe('installments:6');

    await page.locator('ivr-pay [part~="button-take"]').click();
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/capture`).length === 1, 'capture');
    await page.locator('ivr-pay [part~="method"]').waitFor({ state: 'detached' });
    expect(await page.locator('ivr-pay [part~="method-select"]').count()).toBe(0);

    // the customer had chosen by the operator: the step list shows the method once the capture runs
    fake.emit(...upTo((e) => e.type === 'identity_check', indexAfter((e) => e.type === 'created')));
    await waitText(page, step('identity'), "Code sent to the customer's mobile — waiting for the code");
    expect(await text(page, `${step('identity')} .step-label`)).toBe('Identity check (SMS)');
    expect(await stepIds(page)).toEqual(['identity:current', 'pan:waiting', 'expiry:waiting', 'cvv:waiting', 'method:done', 'authorizing:waiting', 'result:waiting']);
    expect(await polite(page)).toBe("SMS code sent to the customer's mobile");
    await screenshot(page, 'ivr-pay-en-sms-sent', 'aside');

    fake.emit(...upTo((e) => e.step === 'sms', indexAfter((e) => e.type === 'identity_check')));
    await waitText(page, step('identity'), 'Wrong code keyed; the customer is asked again');
    expect(await text(page, `${step('identity')} .step-note`)).toBe('attempt 1 of 3');
    expect(await page.locator(step('identity')).getAttribute('data-state')).toBe('error');
    expect(await polite(page)).toBe('Identity check (SMS): Wrong code keyed; the customer is asked again');
    await screenshot(page, 'ivr-pay-en-sms-wrong', 'aside');

    fake.emit(...upTo((e) => e.type === 'field_complete' && e.field === 'cvv', indexAfter((e) => e.step === 'sms')));
    await waitText(page, step('identity'), 'Code confirmed');
    await waitText(page, step('cvv'), 'Done');
    fake.emit(...upTo((e) => e.step === 'method', indexAfter((e) => e.field === 'cvv' && e.type === 'field_complete')));
    await waitText(page, step('method'), 'A key that is not offered; the customer is asked again');
    expect(await text(page, `${step('method')} .step-note`)).toBe('attempt 1 of 3');
    fake.emit(...upTo((e) => e.type === 'confirming', indexAfter((e) => e.step === 'method')));
    await waitText(page, step('confirmation'), 'The customer hears the amount and the last four, and presses 1');
    expect(await text(page, step('method'))).toContain('6 installments');
    expect(await text(page, `${step('confirmation')} .step-label`)).toBe('Amount check');
    expect(await stepIds(page)).toEqual(['identity:done', 'pan:done', 'expiry:done', 'cvv:done', 'method:done', 'confirmation:current', 'authorizing:waiting', 'result:waiting']);
    expect(await polite(page)).toBe('The amount and the last four are read to the customer');
    await screenshot(page, 'ivr-pay-en-amount-check', 'aside');

    fake.emit(...events.slice(indexAfter((e) => e.type === 'confirming')));
    await waitText(page, 'ivr-pay .result', 'Approved');
    expect(await text(page, 'ivr-pay [data-fact="method"]')).toBe('6 installments');
    expect(await text(page, step('confirmation'))).toContain('Confirmed by the customer');
    expect(await stepIds(page)).toEqual(['identity:done', 'pan:done', 'expiry:done', 'cvv:done', 'method:done', 'confirmation:done', 'authorizing:done', 'result:done']);
    await screenshot(page, 'ivr-pay-en-ivr-steps-approved', 'aside');
    expect(tab.errors).toEqual([]);
  });

  it('Japanese: every step in Japanese, the menu answered on the keypad, and "2" at the read-back', async () => {
    fake = await suite.startFake();
    created();
    const page = await open('ja');
    const chooser = page.locator('ivr-pay [part~="method-select"]');
    await chooser.waitFor();
    expect(await text(page, 'ivr-pay [part~="method"] .method-label')).toBe('お支払い方法');
    expect(await chooser.locator('option').allInnerTexts()).toEqual(['一括払い', '分割払い（3回）', '分割払い（6回）', '分割払い（12回）', 'ボーナス一括払い', 'リボ払い']);
    await page.locator('ivr-pay [part~="button-take"]').click();
    await page.locator('ivr-pay [part~="method"]').waitFor({ state: 'detached' });
    expect(fake.seen('POST', `${PAYMENT_PATH}/method`)).toHaveLength(0);

    fake.emit(...upTo((e) => e.type === 'identity_check', 1));
    await waitText(page, step('identity'), 'お客様の携帯電話に確認コードを送りました。コードの入力を待っています');
    expect(await text(page, `${step('identity')} .step-label`)).toBe('本人確認（SMS）');
    fake.emit(...upTo((e) => e.step === 'sms', indexAfter((e) => e.type === 'identity_check')));
    await waitText(page, step('identity'), '確認コードが違います。再入力をお願いしています');
    expect(await text(page, `${step('identity')} .step-note`)).toBe('1 / 3 回目');
    fake.emit(...upTo((e) => e.type === 'method_menu', indexAfter((e) => e.step === 'sms')));
    await waitText(page, step('method'), 'お客様がプッシュ操作で選んでいます');
    expect(await text(page, `${step('method')} .step-label`)).toBe('お支払い方法');
    expect(await polite(page)).toBe('お客様がお支払い方法を選んでいます');
    await screenshot(page, 'ivr-pay-ja-method-menu', 'aside');
    fake.emit(...upTo((e) => e.type === 'confirming', indexAfter((e) => e.type === 'method_menu')));
    await waitText(page, step('method'), '分割払い（6回）');
    await waitText(page, step('confirmation'), 'お客様に金額とカード末尾4桁を読み上げ、1 を押していただきます');
    expect(await text(page, `${step('confirmation')} .step-label`)).toBe('金額の確認');
    await screenshot(page, 'ivr-pay-ja-amount-check', 'aside');

    // the customer pressed 2: the card starts over
    const last = fake.log.at(-1)!;
    fake.emit({ ...last, seq: last.seq + 1, type: 'field_cleared', field: 'pan', brand: undefined, last4: undefined });
    await waitText(page, step('confirmation'), 'お客様が 2 を押しました。カード番号から入力し直しています');
    expect(await polite(page)).toBe('お客様が 2 を押しました。カード番号から入力し直しています');
    expect(await stepIds(page)).toEqual(['identity:done', 'pan:current', 'expiry:waiting', 'cvv:waiting', 'method:done', 'confirmation:waiting', 'authorizing:waiting', 'result:waiting']);
    await screenshot(page, 'ivr-pay-ja-reentering', 'aside');
    expect(tab.errors).toEqual([]);
  });

  it('transfer mode: the chooser under the identification id, for the payment IVR to use', async () => {
    fake = await suite.startFake();
    created();
    fake.calls = [];
    fake.payment = { ...fake.payment, identification: { code: '570318', expiresAt: new Date(Date.now() + 300_000).toISOString() } };
    const page = await open('ja');
    await page.locator('ivr-pay .transfer + section > [part~="method"]').waitFor();
    expect(await page.locator('ivr-pay [part~="button-take"]').count()).toBe(0);
    await page.locator('ivr-pay [part~="method-select"]').selectOption('bonus');
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/method`).length === 1, 'the method sent');
    expect(fake.seen('POST', `${PAYMENT_PATH}/method`)[0]!.body).toEqual({ method: { kind: 'bonus' } });
    await waitText(page, 'ivr-pay [data-live="polite"]', 'お支払い方法: ボーナス一括払い');
    await screenshot(page, 'ivr-pay-ja-transfer-method', 'aside');
    expect(tab.errors).toEqual([]);
  });

  it('puts a failure of the SMS check on its row, in Japanese and English', async () => {
    fake = await suite.startFake();
    created();
    const at = new Date().toISOString();
    fake.emit({ seq: 2, paymentId: 'pay_demo01', type: 'capture_started', status: 'capturing', at });
    const page = await open('ja');
    await waitText(page, step('pan'), '待機中');
    // no mobile number to text: the check cannot start, and the operator is told on the step's row
    fake.emit({ seq: 3, paymentId: 'pay_demo01', type: 'failed', status: 'failed', at, error: { code: 'sms_unavailable', message: 'no mobile number' } });
    await waitText(page, 'ivr-pay .result', '決済できませんでした');
    await waitText(page, step('identity'), 'SMS確認コードを送れませんでした。携帯番号を確認してください');
    expect(await page.locator(step('identity')).getAttribute('data-state')).toBe('error');
    expect(await page.locator(step('pan')).getAttribute('data-state')).toBe('skipped');
    await screenshot(page, 'ivr-pay-ja-sms-unavailable', 'aside');
    expect(tab.errors).toEqual([]);
    await tab.close();

    // English, wrong codes until the attempts ran out (replayed from the stream on load)
    fake.log.length = 0;
    created();
    fake.emit(
      { seq: 2, paymentId: 'pay_demo01', type: 'capture_started', status: 'capturing', at },
      { seq: 3, paymentId: 'pay_demo01', type: 'identity_check', status: 'capturing', at },
      { seq: 4, paymentId: 'pay_demo01', type: 'step_error', status: 'capturing', at, step: 'sms', attempt: 1, maxAttempts: 2, error: { code: 'no_input', message: 'x' } },
    );
    const en = await open('en');
    await waitText(en, step('identity'), 'No code keyed; the customer is asked again');
    expect(await text(en, `${step('identity')} .step-note`)).toBe('attempt 1 of 2');
    fake.emit(
      { seq: 5, paymentId: 'pay_demo01', type: 'step_error', status: 'capturing', at, step: 'sms', attempt: 2, maxAttempts: 2, error: { code: 'wrong_sms_code', message: 'x' } },
      { seq: 6, paymentId: 'pay_demo01', type: 'failed', status: 'failed', at, error: { code: 'sms_check_failed', message: 'x' } },
    );
    await waitText(en, step('identity'), 'The SMS code was not confirmed. Check the mobile number and start again');
    expect(await text(en, `${step('identity')} .step-note`)).toBe('attempt 2 of 2');
    await screenshot(en, 'ivr-pay-en-sms-failed', 'aside');
    expect(tab.errors).toEqual([]);
  });
});
