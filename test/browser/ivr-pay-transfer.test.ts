// <ivr-pay> in transfer mode, in Debian Chromium against the scripted fake API: the identification id large and
// copyable with its countdown, a new id once it expired, payment-IVR calls kept out of the call chooser, then the
// customer connected, the masked steps, the result and the way back to the operator (or not), in English and Japanese.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CallView, PaymentEvent } from '../../server/payments/types.js';
import transferApproved from '../../widget/ivr-pay/fixtures/transfer-approved.json' with { type: 'json' };
import { screenshot, until, type WatchedPage } from './support/browser.js';
import { FakeIvrpay, paymentView } from './support/fake-ivrpay.js';
import { fakeInBrowser } from './support/fake-in-browser.js';

const PAYMENT_PATH = '/v1/payments/pay_demo01';
const IVR_NUMBER = '0312345679';
/** the fixture from the customer keying the id on: the ids it issued before are replaced by the test's own */
const fromConnected = (transferApproved as PaymentEvent[]).slice((transferApproved as PaymentEvent[]).findIndex((e) => e.type === 'customer_connected'));

const suite = fakeInBrowser();
let fake: FakeIvrpay;
let tab: WatchedPage;

const call = (id: string, mode: CallView['mode'], caller: string): CallView => ({
  id,
  did: mode === 'ivr' ? IVR_NUMBER : '0312345678',
  caller,
  startedAt: new Date().toISOString(),
  mode,
  operatorConnected: mode === 'operator',
  paymentId: null,
});

function issued(seq: number, code: string, validMs: number): PaymentEvent {
  const at = new Date().toISOString();
  return { seq, paymentId: 'pay_demo01', type: 'identification_issued', status: 'created', at, identificationCode: code, identificationExpiresAt: new Date(Date.now() + validMs).toISOString() };
}

async function open(lang: 'en' | 'ja', attrs: Record<string, string> = {}, clock = false): Promise<Page> {
  const extra = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  fake.hostPage = `<!doctype html><html><head><meta charset="utf-8"><title>CRM</title><link rel="icon" href="data:,">
<style>body{margin:0;background:#eef1f5;font-family:system-ui}aside{width:360px;padding:12px;box-sizing:border-box}</style>
<script src="/widget/ivr-pay.js"></script></head>
<body><aside><ivr-pay server="" token="${fake.token}" payment="pay_demo01" lang="${lang}"${extra}></ivr-pay></aside></body></html>`;
  tab = await suite.openTab({ width: 420, height: 900, locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
  if (clock) await tab.page.clock.install();
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

const widgetText = (page: Page) => page.locator('ivr-pay').evaluate((el) => (el.shadowRoot as ShadowRoot).textContent ?? '');

describe('<ivr-pay> in transfer mode', () => {
  it('shows the id large with its countdown, renews it once expired, then follows the customer to approved and back to the operator', async () => {
    fake = await suite.startFake();
    fake.calls = [call('ivr-1', 'ivr', '***-****-0000')]; // someone else in the payment IVR: not a call to take a card on
    fake.emit({ seq: 1, paymentId: 'pay_demo01', type: 'created', status: 'created', at: new Date().toISOString() }, issued(2, '042917', 5 * 60_000));
    const page = await open('en', { 'ivr-number': IVR_NUMBER }, true);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fake.url });

    await waitText(page, 'ivr-pay .id-code', '042917');
    const code = page.locator('ivr-pay [part~="identification"]');
    expect(await code.getAttribute('aria-label')).toBe('Identification ID 0 4 2 9 1 7');
    // grouped 3+3 on screen; selected and copied as the plain id
    expect(await code.locator('.id-group').allInnerTexts()).toEqual(['042', '917']);
    const [g1, g2] = await code.locator('.id-group').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
    expect(g2!.left - g1!.right).toBeGreaterThan(8);
    expect(await code.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
    expect(Number.parseFloat(await code.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(30);
    expect(await text(page, 'ivr-pay [part~="countdown"]')).toMatch(/^Valid for 0[45]:\d\d$/);
    expect(await page.locator('ivr-pay [part~="countdown"]').getAttribute('role')).toBe('timer');
    expect(await text(page, 'ivr-pay .transfer')).toContain(`Payment IVR number ${IVR_NUMBER}`);
    expect(await text(page, 'ivr-pay .transfer')).toContain("Waiting for the customer's call…");
    await until(() => fake.seen('GET', '/v1/calls').length >= 2, 'calls polled');
    // no operator call: no "waiting for the customer to call", no take button, and the IVR call is not offered
    expect(await widgetText(page)).not.toContain('Waiting for the customer to call');
    expect(await page.locator('ivr-pay [part~="button-take"]').count()).toBe(0);
    expect(await page.locator('ivr-pay [data-call]').count()).toBe(0);

    await page.locator('ivr-pay [part~="button-copy"]').click();
    await waitText(page, 'ivr-pay [part~="button-copy"]', 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('042917');
    await screenshot(page, 'ivr-pay-en-transfer-id', 'aside');

    // the last minute: a warning; then expired: a new id
    await page.clock.fastForward('04:10');
    await waitText(page, 'ivr-pay [part~="countdown"]', /^Expires in 00:[45]\d$/);
    expect(await page.locator('ivr-pay .transfer').getAttribute('data-state')).toBe('warning');
    expect(await page.locator('ivr-pay [part~="countdown"]').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(154, 98, 0)');
    // (the fast-forward also made the stream look stalled: let it reconnect before the picture)
    await page.locator('ivr-pay [part~="connection"]').waitFor({ state: 'detached' });
    await screenshot(page, 'ivr-pay-en-transfer-warning', 'aside');
    await page.clock.fastForward('01:00');
    await waitText(page, 'ivr-pay [part~="countdown"]', 'This ID has expired. Issue a new one');
    expect(await page.locator('ivr-pay [part~="button-copy"]').count()).toBe(0);
    expect(await text(page, 'ivr-pay [data-live="polite"]')).toBe('This ID has expired. Issue a new one');
    await screenshot(page, 'ivr-pay-en-transfer-expired', 'aside');

    fake.renewCodes.push('318264');
    fake.idValidMs = 30 * 60_000; // the page's clock is ahead of the fake's by the time fast-forwarded
    await page.locator('ivr-pay [part~="button-renew"]').click();
    await waitText(page, 'ivr-pay .id-code', '318264');
    expect(fake.seen('POST', `${PAYMENT_PATH}/identification`)).toHaveLength(1);
    expect(await page.locator('ivr-pay .transfer').getAttribute('data-state')).toBe('ok');
    expect(await text(page, 'ivr-pay [data-live="polite"]')).toBe('New identification ID 3 1 8 2 6 4');

    // an operator call appears: the operator may take the card on it instead
    fake.calls = [call('ivr-1', 'ivr', '***-****-0000'), call('op-1', 'operator', '***-****-1234')];
    await waitText(page, 'ivr-pay .calls', 'Or take the payment on your call');
    expect(await page.locator('ivr-pay [data-call]').evaluateAll((els) => els.map((e) => e.getAttribute('data-call')))).toEqual(['op-1']);
    await page.waitForFunction(() => !(document.querySelector('ivr-pay')?.shadowRoot?.querySelector('[part~="button-take"]') as HTMLButtonElement | null)?.disabled);
    await screenshot(page, 'ivr-pay-en-transfer-or-call', 'aside');

    // the customer keys the id in the payment IVR
    const seq0 = fake.log.at(-1)!.seq;
    const events = fromConnected.map((e, i) => ({ ...e, seq: seq0 + 1 + i }));
    const at = (match: (e: PaymentEvent) => boolean) => events.findIndex(match);
    fake.emit(events[0]!);
    await page.locator('ivr-pay [data-step="connected"][data-state="done"]').waitFor();
    expect(await page.locator('ivr-pay .transfer').count()).toBe(0);
    expect(await text(page, 'ivr-pay [data-live="polite"]')).toBe('Customer connected');
    const polled = fake.seen('GET', '/v1/calls').length;

    fake.emit(...events.slice(1, at((e) => e.type === 'digit' && e.field === 'pan' && e.entered === 9) + 1));
    await waitText(page, 'ivr-pay [data-step="pan"] .step-detail', 'Mastercard · 9 of 16 digits');
    expect(await text(page, 'ivr-pay [data-step="connected"]')).toBe('Customer call Customer connected');
    expect(await text(page, 'ivr-pay [data-step="return"] .step-detail')).toBe('Waiting');
    expect(await text(page, 'ivr-pay .muted-note')).toBe('The customer is keying the card in the payment IVR. After the result the call comes back to you.');
    await screenshot(page, 'ivr-pay-en-transfer-capturing', 'aside');

    fake.emit(...events.slice(at((e) => e.type === 'digit' && e.field === 'pan' && e.entered === 10), at((e) => e.type === 'returned_to_operator')));
    await waitText(page, 'ivr-pay .result', 'Approved');
    await waitText(page, 'ivr-pay [data-step="return"] .step-detail', 'Handing the call back…');
    expect(await page.locator('ivr-pay [data-step="return"]').getAttribute('data-state')).toBe('current');
    expect(await text(page, 'ivr-pay .result')).not.toContain('You are talking with the customer again');
    await page.waitForTimeout(300);
    expect(fake.openStreams).toBe(1); // still listening for the way back

    fake.emit(...events.slice(at((e) => e.type === 'returned_to_operator')));
    await waitText(page, 'ivr-pay [data-step="return"] .step-detail', 'Returned to operator');
    await waitText(page, 'ivr-pay .result', 'Returned to operator');
    expect(await text(page, 'ivr-pay [data-live="polite"]')).toBe('Returned to operator');
    expect(await text(page, 'ivr-pay .result dl')).toContain('Approval code B67890');
    await until(() => fake.openStreams === 0, 'the stream to close');
    expect(fake.seen('GET', '/v1/calls').length).toBeLessThanOrEqual(polled + 1); // no more polling once connected
    expect(await widgetText(page)).not.toMatch(/\d[\d\s-]{11,}\d/);
    await screenshot(page, 'ivr-pay-en-transfer-returned', 'aside');
    expect(tab.errors).toEqual([]);
  });

  it('in Japanese: no valid id yet, a refused renewal, a new id, then the way back fails and the operator is told to call back', async () => {
    fake = await suite.startFake();
    fake.emit({ seq: 1, paymentId: 'pay_demo01', type: 'created', status: 'created', at: new Date().toISOString() });
    const page = await open('ja', { 'ivr-number': IVR_NUMBER });

    await waitText(page, 'ivr-pay .transfer', '使える識別番号がありません。新しい番号を発行してください');
    expect(await page.locator('ivr-pay .transfer').getAttribute('data-state')).toBe('none');
    expect(await page.locator('ivr-pay .id-code').count()).toBe(0);
    expect(await widgetText(page)).not.toContain('お客様からの着信を待っています');

    fake.failNext.set('identification', { status: 409, code: 'invalid_state', message: 'no IVR number' });
    const renew = page.locator('ivr-pay [part~="button-renew"]');
    await renew.click();
    await waitText(page, 'ivr-pay [part~="error"]', 'この決済は現在その操作ができません');
    fake.renewCodes.push('905172');
    await renew.click();
    await waitText(page, 'ivr-pay .id-code', '905172');
    expect(await page.locator('ivr-pay [part~="identification"]').getAttribute('aria-label')).toBe('識別番号 9 0 5 1 7 2');
    expect(await text(page, 'ivr-pay [part~="countdown"]')).toMatch(/^有効期限まで 0[45]:\d\d$/);
    expect(await text(page, 'ivr-pay .transfer')).toContain(`IVR決済の番号 ${IVR_NUMBER}`);
    expect(await text(page, 'ivr-pay .transfer')).toContain('お客様からIVRへの着信を待っています…');
    expect(await page.locator('ivr-pay [part~="error"]').count()).toBe(0);
    await screenshot(page, 'ivr-pay-ja-transfer-id', 'aside');

    const seq0 = fake.log.at(-1)!.seq;
    const events = fromConnected.map((e, i) => ({ ...e, seq: seq0 + 1 + i }));
    const back = events.findIndex((e) => e.type === 'returned_to_operator');
    fake.emit(...events.slice(0, back), { ...events[back]!, type: 'return_failed' });
    await waitText(page, 'ivr-pay [data-step="return"] .step-detail', '通話を戻せませんでした。お客様に折り返しお電話ください');
    expect(await page.locator('ivr-pay [data-step="return"]').getAttribute('data-state')).toBe('error');
    expect(await text(page, 'ivr-pay .result .return-failed')).toBe('通話を戻せませんでした。お客様に折り返しお電話ください');
    expect(await text(page, 'ivr-pay [data-live="assertive"]')).toBe('通話を戻せませんでした。お客様に折り返しお電話ください');
    expect(await text(page, 'ivr-pay [data-step="connected"] .step-detail')).toBe('お客様が接続しました');
    await screenshot(page, 'ivr-pay-ja-transfer-return-failed', 'aside');
    expect(tab.errors).toEqual([]);
  });

  it('keeps operator mode as it was when the payment has no id, and never offers a payment-IVR call', async () => {
    fake = await suite.startFake();
    fake.payment = paymentView();
    fake.calls = [call('ivr-1', 'ivr', '***-****-0000')];
    const page = await open('en');
    await waitText(page, 'ivr-pay .calls', 'Waiting for the customer to call…');
    expect(await page.locator('ivr-pay .transfer').count()).toBe(0);
    expect(await page.locator('ivr-pay [data-call]').count()).toBe(0);
    fake.calls = [...fake.calls, call('op-1', 'operator', '***-****-1234')];
    await waitText(page, 'ivr-pay .calls', 'From ***-****-1234');
    expect(await page.locator('ivr-pay [data-call]').count()).toBe(1);
    await page.locator('ivr-pay [part~="button-take"]').click();
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/capture`).length === 1, 'capture request');
    expect(fake.seen('POST', `${PAYMENT_PATH}/capture`)[0]!.body).toEqual({ callId: 'op-1' });
    expect(tab.errors).toEqual([]);
  });
});
