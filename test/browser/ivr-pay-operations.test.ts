// <ivr-pay>'s result panel after approval, in Debian Chromium against the scripted fake API: the pay method shown,
// sale / void / refund offered as the server allows, a refund amount typed and confirmed (with an Idempotency-Key),
// refusals explained, in English and Japanese.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, until, type WatchedPage } from './support/browser.js';
import { FakeIvrpay, paymentView } from './support/fake-ivrpay.js';
import { fakeInBrowser } from './support/fake-in-browser.js';

const PAYMENT_PATH = '/v1/payments/pay_demo01';

const suite = fakeInBrowser();
let fake: FakeIvrpay;
let tab: WatchedPage;

async function open(lang: string): Promise<Page> {
  fake.hostPage = `<!doctype html><html><head><meta charset="utf-8"><title>CRM</title><link rel="icon" href="data:,">
<style>body{margin:0;background:#eef1f5;font-family:system-ui}aside{width:360px;padding:12px;box-sizing:border-box}</style>
<script>window.__ops = []; document.addEventListener('ivr-pay-operation', (e) => __ops.push(e.detail.operation.kind + ':' + e.detail.operation.status));</script>
<script src="/widget/ivr-pay.js"></script></head>
<body><aside><ivr-pay server="" token="${fake.token}" payment="pay_demo01" lang="${lang}"></ivr-pay></aside></body></html>`;
  tab = await suite.openTab({ width: 420, height: 900, locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
  await tab.page.goto(fake.url + '/');
  return tab.page;
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().innerText({ timeout: 5_000 })) ?? '').replace(/\s+/g, ' ').trim();

async function waitText(page: Page, selector: string, expected: string | RegExp): Promise<string> {
  const end = Date.now() + 10_000;
  let t = '';
  while (Date.now() < end) {
    t = await text(page, selector).catch(() => '');
    if (typeof expected === 'string' ? t.includes(expected) : expected.test(t)) return t;
    await page.waitForTimeout(50);
  }
  throw new Error(`${selector}: expected ${String(expected)}, got "${t}"`);
}

const approvedCharge = () =>
  paymentView({
    status: 'approved',
    job: 'capture',
    amount: 12_800,
    brand: 'visa',
    last4: '1111',
    approvalCode: '123456',
    transactionId: 'sbx_1',
    method: { kind: 'installments', count: 6 },
    operations: ['void', 'refund'],
  });

describe('<ivr-pay> after approval', () => {
  it('refunds part of a charge in English: amount typed, checked, confirmed once with an Idempotency-Key', async () => {
    fake = await suite.startFake();
    fake.payment = approvedCharge();
    const page = await open('en');
    await waitText(page, 'ivr-pay .result', 'Approved');
    expect(await text(page, 'ivr-pay [data-fact="method"]')).toBe('6 installments');
    expect(await page.locator('ivr-pay [part~="operations"] button').allInnerTexts()).toEqual(['Void', 'Refund']);

    await page.locator('ivr-pay [part~="button-refund"]').click();
    const input = page.locator('ivr-pay [part~="refund-amount"]');
    expect(await input.inputValue()).toBe('12800');
    await input.fill('99999');
    await waitText(page, 'ivr-pay .operations .confirm', 'Enter an amount up to ¥12,800');
    expect(await page.locator('ivr-pay [part~="button-confirm"]').isDisabled()).toBe(true);
    await input.fill('5,000');
    await waitText(page, 'ivr-pay .operations .confirm', 'Refund ¥5,000?');
    await screenshot(page, 'ivr-pay-en-refund-confirm', 'aside');
    await page.locator('ivr-pay [part~="button-confirm"]').click();

    await waitText(page, 'ivr-pay [part~="status"]', 'Partly refunded');
    await waitText(page, 'ivr-pay .result-head', 'Partly refunded');
    expect(await text(page, 'ivr-pay [data-fact="refunded"]')).toBe('¥5,000');
    const sent = fake.seen('POST', `${PAYMENT_PATH}/refund`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({ amount: 5_000 });
    expect(sent[0]!.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_.:-]{8,64}$/);
    expect(await page.evaluate(() => (window as unknown as { __ops: string[] }).__ops)).toEqual(['refund:succeeded']);
    expect(await page.locator('ivr-pay [part~="operations"] button').allInnerTexts()).toEqual(['Refund']);
    await screenshot(page, 'ivr-pay-en-partly-refunded', 'aside');
  });

  it('voids in Japanese, and explains a refusal', async () => {
    fake = await suite.startFake();
    fake.payment = approvedCharge();
    fake.failNext.set('void', { status: 409, code: 'void_window_closed', message: 'a charge can be voided only on the day it was made' });
    const page = await open('ja');
    await waitText(page, 'ivr-pay .result', '承認されました');
    expect(await text(page, 'ivr-pay [data-fact="method"]')).toBe('分割払い（6回）');
    await page.locator('ivr-pay [part~="button-void"]').click();
    await waitText(page, 'ivr-pay .operations .confirm', /12,800 の決済を取り消します/);
    await page.locator('ivr-pay [part~="button-confirm"]').click();
    await waitText(page, 'ivr-pay [part~="error"]', '取消は決済当日のみです。返金をご利用ください');
    await page.locator('ivr-pay [part~="button-confirm"]').click();
    await until(() => fake.seen('POST', `${PAYMENT_PATH}/void`).length === 2, 'the second void');
    await waitText(page, 'ivr-pay .result-head', '取り消しました');
    expect(await page.locator('ivr-pay [part~="operations"]').count()).toBe(0);
    const keys = fake.seen('POST', `${PAYMENT_PATH}/void`).map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(2); // a new attempt after a refusal is a new operation
    await screenshot(page, 'ivr-pay-ja-voided', 'aside');
  });

  it('offers nothing the server does not allow', async () => {
    fake = await suite.startFake();
    fake.payment = paymentView({ status: 'approved', job: 'register', cardToken: 'tok_1', operations: [] });
    const page = await open('en');
    await waitText(page, 'ivr-pay .result', 'Card saved');
    expect(await page.locator('ivr-pay [part~="operations"]').count()).toBe(0);
    expect(await page.locator('ivr-pay [data-fact="method"]').count()).toBe(0);
  });
});
