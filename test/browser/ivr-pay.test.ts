// <ivr-pay> in Debian Chromium against a scripted fake of the ivrpay API: steps, masking, actions, resume after a drop, ja/en, results, errors.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../server/payments/types.js';
import approvedAfterRetry from '../../widget/ivr-pay/fixtures/approved-after-retry.json' with { type: 'json' };
import declinedWithoutCvv from '../../widget/ivr-pay/fixtures/declined-without-cvv.json' with { type: 'json' };
import { screenshot, until, type WatchedPage } from './support/browser.js';
import { FakeIvrpay } from './support/fake-ivrpay.js';
import { fakeInBrowser } from './support/fake-in-browser.js';

const approved = approvedAfterRetry as PaymentEvent[];
const declined = declinedWithoutCvv as PaymentEvent[];
const PAYMENT_PATH = '/v1/payments/pay_demo01';

interface Seen {
  status: number[];
  result: { status: string; approvalCode: string | null }[];
  error: string[];
}

function hostPage(attrs: Record<string, string>, css = ''): string {
  const attributes = Object.entries(attrs)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');
  return `<!doctype html><html><head><meta charset="utf-8"><title>CRM</title><link rel="icon" href="data:,">
<style>body{margin:0;background:#eef1f5;font-family:system-ui}aside{width:360px;padding:12px;box-sizing:border-box}${css}</style>
<script>
window.__seen = { status: [], result: [], error: [] };
document.addEventListener('ivr-pay-status', (e) => __seen.status.push(e.detail.seq));
document.addEventListener('ivr-pay-result', (e) => __seen.result.push(e.detail));
document.addEventListener('ivr-pay-error', (e) => __seen.error.push(e.detail.code));
</script>
<script src="/widget/ivr-pay.js"></script></head>
<body><aside><ivr-pay ${attributes}></ivr-pay></aside></body></html>`;
}

/** index of the first event matching, to emit the fixture in slices */
function at(events: PaymentEvent[], match: (e: PaymentEvent) => boolean): number {
  const i = events.findIndex(match);
  if (i < 0) throw new Error('fixture has no such event');
  return i;
}

async function textOf(page: Page, selector: string): Promise<string> {
  const text = await page.locator(selector).first().innerText({ timeout: 2000 }).catch(() => null);
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

async function waitText(page: Page, selector: string, expected: string | RegExp, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < end) {
    text = await textOf(page, selector);
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
    await page.waitForTimeout(50);
  }
  throw new Error(`${selector}: expected ${String(expected)}, got "${text}"`);
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);
const widgetText = (page: Page) => page.locator('ivr-pay').evaluate((el) => (el.shadowRoot as ShadowRoot).textContent ?? '');

const suite = fakeInBrowser();
let fake: FakeIvrpay;
let tab: WatchedPage;

async function open(attrs: Record<string, string>, options: { locale?: string; css?: string } = {}): Promise<Page> {
  fake.hostPage = hostPage({ server: '', token: fake.token, payment: 'pay_demo01', ...attrs }, options.css);
  tab = await suite.openTab({ width: 420, height: 900, locale: options.locale ?? 'en-US' });
  await tab.page.goto(fake.url + '/');
  return tab.page;
}

describe('<ivr-pay>', () => {
  it('follows a capture in English: choose a call, masked steps, resume after a drop, ask again, approved', async () => {
    fake = await suite.startFake();
    const page = await open({ lang: 'en' });

    await waitText(page, 'ivr-pay .amount', '¥12,800');
    expect(await textOf(page, 'ivr-pay .meta')).toBe('Order A-1001 Job Charge');
    await waitText(page, 'ivr-pay .calls', 'Waiting for the customer to call…');
    expect(await page.locator('ivr-pay button.primary').isDisabled()).toBe(true);

    fake.calls = [
      { id: 'call-1', did: '0501234567', caller: '***-****-1111', startedAt: new Date().toISOString(), mode: 'operator', operatorConnected: true, paymentId: null },
      { id: 'call-2', did: '0501234567', caller: '***-****-2222', startedAt: new Date().toISOString(), mode: 'operator', operatorConnected: true, paymentId: null },
    ];
    await waitText(page, 'ivr-pay .calls', 'From ***-****-2222');
    expect(await page.locator('ivr-pay button.primary').isDisabled()).toBe(true);
    await screenshot(page, 'ivr-pay-en-calls', 'aside');
    await page.locator('ivr-pay [data-call="call-2"]').click();
    await page.locator('ivr-pay button.primary', { hasText: 'Take card payment' }).click();
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/capture`).length === 1, 'capture request');
    expect(fake.seen('POST', `${PAYMENT_PATH}/capture`)[0]!.body).toEqual({ callId: 'call-2' });

    const seventhDigit = at(approved, (e) => e.type === 'digit' && e.entered === 7);
    fake.emit(...approved.slice(0, seventhDigit + 1));
    await waitText(page, 'ivr-pay [data-step="pan"] .step-detail', 'Visa · 7 of 16 digits');
    expect(await page.locator('ivr-pay [data-step="pan"]').getAttribute('data-state')).toBe('current');
    expect(await page.locator('ivr-pay [data-step="pan"] .meter i.on').count()).toBe(7);
    expect(await textOf(page, 'ivr-pay [data-live="polite"]')).toBe('Customer is entering the card number');
    expect(await textOf(page, 'ivr-pay .muted-note')).toContain('cannot hear them or the tones');

    // the connection drops; the server is unavailable twice; events go on meanwhile
    fake.refuseStreams = 2;
    fake.replayOverlap = 3;
    fake.dropStreams();
    await waitText(page, 'ivr-pay [part~="connection"]', 'Reconnecting…');
    const rejected = at(approved, (e) => e.type === 'field_error');
    fake.emit(...approved.slice(seventhDigit + 1, rejected + 1));
    await waitText(page, 'ivr-pay [data-step="pan"] .step-detail', 'The card number is not valid');
    const streams = fake.seen('GET', `${PAYMENT_PATH}/events`);
    expect(streams[0]!.headers['last-event-id']).toBeUndefined();
    expect(streams.at(-1)!.headers['last-event-id']).toBe(String(approved[seventhDigit]!.seq));
    expect(await page.locator('ivr-pay [part~="connection"]').count()).toBe(0);
    expect(await textOf(page, 'ivr-pay [data-step="pan"] .step-note')).toBe('attempt 1 of 3');

    const expiryDigit = at(approved, (e) => e.type === 'digit' && e.field === 'expiry' && e.entered === 2);
    fake.emit(...approved.slice(rejected + 1, expiryDigit + 1));
    await waitText(page, 'ivr-pay [data-step="expiry"] .step-detail', '2 of 4 digits');
    expect(await textOf(page, 'ivr-pay [data-step="pan"] .step-detail')).toBe('Visa •••• 4242');
    expect(await page.locator('ivr-pay button[data-field]').evaluateAll((b) => b.map((x) => x.getAttribute('data-field')))).toEqual([
      'pan',
      'expiry',
    ]);
    await screenshot(page, 'ivr-pay-en-capturing', 'aside');

    await page.locator('ivr-pay button[data-field="pan"]').click();
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/rerequest`).length === 1, 'rerequest request');
    expect(fake.seen('POST', `${PAYMENT_PATH}/rerequest`)[0]!.body).toEqual({ field: 'pan' });

    fake.emit(...approved.slice(expiryDigit + 1));
    await waitText(page, 'ivr-pay .result', 'Approved');
    expect(await textOf(page, 'ivr-pay .result dl')).toBe('Card Visa •••• 4242 Approval code A12345 Transaction ID tx_sandbox_0001');
    expect(await textOf(page, 'ivr-pay [data-live="assertive"]')).toBe('Approved');
    expect(await textOf(page, 'ivr-pay [part~="status"]')).toBe('Approved');
    await waitText(page, 'ivr-pay .result', 'You are talking with the customer again');
    expect(await page.locator('ivr-pay button').count()).toBe(0);

    await until(() => fake.seen('GET', PAYMENT_PATH).length >= 2, 'final refresh');
    const s = await seen(page);
    expect(s.status).toEqual(approved.map((e) => e.seq)); // every event once, replays ignored
    expect(s.result).toHaveLength(1);
    expect(s.result[0]).toMatchObject({ status: 'approved', approvalCode: 'A12345' });
    expect(s.error).toEqual([]);

    const text = await widgetText(page);
    expect(text).not.toMatch(/\d[\d\s-]{11,}\d/); // nothing that looks like a card number
    expect(text).not.toMatch(/\b\d{2}\s*\/\s*\d{2}\b/); // nor an expiry
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${fake.token}` && !r.path.includes(fake.token))).toBe(true);
    await screenshot(page, 'ivr-pay-en-approved', 'aside');
    expect(tab.errors).toEqual([]);
  });

  it('works in Japanese: picks the only call, cancels while the customer keys the expiry', async () => {
    fake = await suite.startFake();
    fake.calls = [{ id: 'call-1', did: '0501234567', caller: '***-****-5678', startedAt: new Date().toISOString(), mode: 'operator', operatorConnected: true, paymentId: null }];
    const page = await open({}, { locale: 'ja-JP' }); // no lang attribute: from the browser language

    await waitText(page, 'ivr-pay .amount', /^[￥¥]12,800$/);
    expect(await textOf(page, 'ivr-pay .meta')).toBe('注文番号 A-1001 処理 即時売上');
    await waitText(page, 'ivr-pay .calls', '発信元 ***-****-5678');
    const take = page.locator('ivr-pay button.primary', { hasText: 'カード決済を開始' });
    await until(() => true, 'noop');
    await take.click();
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/capture`).length === 1, 'capture request');
    expect(fake.seen('POST', `${PAYMENT_PATH}/capture`)[0]!.body).toEqual({ callId: 'call-1' });

    const expiryDigit = at(approved, (e) => e.type === 'digit' && e.field === 'expiry' && e.entered === 2);
    fake.emit(...approved.slice(0, expiryDigit + 1));
    await waitText(page, 'ivr-pay [data-step="expiry"] .step-detail', '2 / 4 桁');
    expect(await textOf(page, 'ivr-pay [data-step="pan"] .step-detail')).toBe('Visa •••• 4242');
    expect(await textOf(page, 'ivr-pay [data-live="polite"]')).toBe('有効期限を入力中です');
    await screenshot(page, 'ivr-pay-ja-capturing', 'aside');

    await page.locator('ivr-pay button', { hasText: '取り消す' }).click();
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/cancel`).length === 1, 'cancel request');
    await waitText(page, 'ivr-pay .result', '取り消しました');
    const last = approved[expiryDigit]!;
    fake.emit(
      { ...last, seq: last.seq + 1, type: 'canceled', status: 'canceled', field: undefined, entered: undefined, expected: undefined, error: { code: 'canceled_by_operator', message: 'canceled' } },
      { ...last, seq: last.seq + 2, type: 'conversation_restored', status: 'canceled', field: undefined, entered: undefined, expected: undefined },
    );
    await waitText(page, 'ivr-pay .result', 'お客様との通話に戻りました');
    expect(await textOf(page, 'ivr-pay .result')).toContain('カードへの請求はありません。');
    expect(await textOf(page, 'ivr-pay [data-step="expiry"] .step-detail')).toBe('中止');
    expect(await textOf(page, 'ivr-pay [data-live="assertive"]')).toBe('取り消しました。オペレーターが取り消しました');
    const s = await seen(page);
    expect(s.result).toHaveLength(1);
    expect(s.result[0]!.status).toBe('canceled');
    await screenshot(page, 'ivr-pay-ja-canceled', 'aside');
    expect(tab.errors).toEqual([]);
  });

  it('takes the payment on the given call, explains API errors, a decline and an expired link; follows the theme', async () => {
    fake = await suite.startFake();
    fake.failNext.set('get', { status: 500, code: 'internal_error', message: 'database is locked' });
    fake.failNext.set('capture', { status: 409, code: 'no_call', message: 'no live call' });
    const page = await open(
      { lang: 'en', call: 'call-x' },
      { css: 'ivr-pay{--ivr-pay-accent:rgb(200, 0, 100);--ivr-pay-radius:0px} ivr-pay::part(button-take){text-transform:uppercase}' },
    );
    await waitText(page, 'ivr-pay [part~="error"]', 'The payment server had an error. Wait a moment and try again');
    expect(await textOf(page, 'ivr-pay [part~="error"]')).not.toContain('database'); // the server's words are not the message
    await page.locator('ivr-pay [part~="button-retry"]').click();
    const take = page.locator('ivr-pay button.primary');
    await take.waitFor();
    expect(await page.locator('ivr-pay .call-list').count()).toBe(0);
    expect(await take.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(200, 0, 100)');
    expect(await take.evaluate((b) => getComputedStyle(b).textTransform)).toBe('uppercase');

    await take.click();
    await waitText(page, 'ivr-pay [part~="error"]', 'There is no call to take the payment on');
    expect((await seen(page)).error).toEqual(['internal_error', 'no_call']);
    await take.click();
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/capture`).length === 2, 'second capture request');
    expect(fake.seen('POST', `${PAYMENT_PATH}/capture`)[1]!.body).toEqual({ callId: 'call-x' });
    expect(fake.seen('GET', '/v1/calls')).toEqual([]);

    fake.emit(...declined);
    await waitText(page, 'ivr-pay .result', 'Declined');
    expect(await textOf(page, 'ivr-pay [data-step="cvv"] .step-detail')).toBe('Not needed');
    expect(await textOf(page, 'ivr-pay .result')).toContain('Not enough credit on the card. Offer another card');
    expect(await textOf(page, 'ivr-pay .result')).toContain('Offer the customer another card or another way to pay.');
    expect(await page.locator('ivr-pay [part~="error"]').count()).toBe(0);
    await screenshot(page, 'ivr-pay-en-declined', 'aside');

    fake.tokenExpired = true;
    await page.reload();
    await waitText(page, 'ivr-pay [part~="error"]', 'This payment link has expired: reload the CRM page');
    expect(await textOf(page, 'ivr-pay [data-live="assertive"]')).toBe('This payment link has expired: reload the CRM page');
    expect((await seen(page)).error).toEqual(['token_expired']);
    await screenshot(page, 'ivr-pay-en-expired', 'aside');
    expect(tab.errors).toEqual([]);
  });
});
