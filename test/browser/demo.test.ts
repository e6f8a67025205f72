// The demo CRM page in Chromium against a fake demo backend: creates a payment, mounts <ivr-pay> with the token, drives the virtual phone, follows the result, switches language.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../server/payments/types.js';
import approvedAfterRetry from '../../widget/ivr-pay/fixtures/approved-after-retry.json' with { type: 'json' };
import { screenshot, until, type WatchedPage } from './support/browser.js';
import { FakeIvrpay } from './support/fake-ivrpay.js';
import { fakeInBrowser } from './support/fake-in-browser.js';

const VISA_APPROVED = '4242424242424242';
const VISA_DECLINED = '4000000000000002';

const suite = fakeInBrowser();
let fake: FakeIvrpay;
let tab: WatchedPage;

const byId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
const text = async (page: Page, id: string) => ((await byId(page, id).innerText()) ?? '').replace(/\s+/g, ' ').trim();

async function waitFor(page: Page, check: () => Promise<boolean>, message: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${message}`);
    await page.waitForTimeout(50);
  }
}

function keysSent(): string {
  return fake.requests
    .filter((r) => r.method === 'POST' && r.path === '/demo/api/phone/phone-1/keys')
    .map((r) => (r.body as { keys: string }).keys)
    .join('');
}

describe('demo CRM page', () => {
  it('creates a payment, embeds the widget with its token, keys a test card from the virtual phone, shows the result', async () => {
    fake = await suite.startFake();
    fake.nextWidgetToken = 'wt_from_demo_backend';
    fake.demoConfig = {
      merchantName: 'Sakura Tea Shop',
      dids: ['0501234567', '0507654321'],
      simulator: true,
      testCards: [
        { number: VISA_APPROVED, outcome: 'approved', brand: 'visa' },
        { number: VISA_DECLINED, outcome: 'card_declined', brand: 'visa' },
      ],
    };
    tab = await suite.openTab({ width: 1280, height: 900, locale: 'en-US' });
    const page = tab.page;
    await page.goto(`${fake.url}/demo/?lang=en`);
    await page.locator('body[data-ready="true"]').waitFor();

    expect(await text(page, 'merchant-name')).toBe('Sakura Tea Shop');
    expect(await byId(page, 'phone-did').locator('option').allInnerTexts()).toEqual(['0501234567', '0507654321']);
    expect(await text(page, 'phone-card-0')).toBe('Visa approved …4242');
    expect(await text(page, 'phone-card-1')).toBe('Visa declined …0002');
    expect(await byId(page, 'phone-card-0').isDisabled()).toBe(true); // not in a call yet
    expect(await page.locator('body').innerText()).not.toContain(VISA_APPROVED);
    expect(await text(page, 'phone')).toContain('simulator / test only');

    // the operator prepares the payment: the CRM backend creates it and hands the page a widget token
    await byId(page, 'payment-job').selectOption('capture');
    await byId(page, 'payment-create').click();
    await page.locator('ivr-pay').waitFor();
    const created = fake.seen('POST', '/demo/api/payments')[0]!;
    expect(created.body).toMatchObject({ amount: 12800, currency: 'JPY', job: 'capture' });
    expect((created.body as { orderId: string }).orderId).toMatch(/^ORD-/);
    expect(await page.locator('ivr-pay').getAttribute('token')).toBe('wt_from_demo_backend');
    expect(await page.locator('ivr-pay').getAttribute('payment')).toBe(fake.payment.id);
    await page.locator('ivr-pay .amount').filter({ hasText: '¥12,800' }).waitFor();
    expect(fake.seen('GET', `/v1/payments/${fake.payment.id}`)[0]!.headers.authorization).toBe('Bearer wt_from_demo_backend');
    expect(await byId(page, 'payment-form').isHidden()).toBe(true);
    expect(await text(page, 'order-status')).toBe('Paying');

    // the customer calls the merchant's number and keys the card on the virtual phone
    await byId(page, 'phone-did').selectOption('0507654321');
    await byId(page, 'phone-dial').click();
    await page.locator('[data-testid="phone-state"][data-state="in-call"]').waitFor();
    expect(fake.seen('POST', '/demo/api/phone/call')[0]!.body).toEqual({ did: '0507654321' });
    await byId(page, 'phone-card-0').click();
    await waitFor(page, async () => keysSent().length === 16, 'sixteen keys');
    expect(keysSent()).toBe(VISA_APPROVED);
    const keyTimes = fake.requests.filter((r) => r.path.endsWith('/keys')).map((r) => r.at);
    expect(keyTimes.at(-1)! - keyTimes[0]!).toBeGreaterThanOrEqual(15 * 100); // one key at a time, ~120 ms apart
    await byId(page, 'phone-expiry').click();
    await byId(page, 'phone-cvv').click();
    await byId(page, 'phone-key-hash').click();
    await waitFor(page, async () => keysSent().length === 24, 'expiry, cvv and #');
    expect(keysSent().slice(16)).toBe('1230123#');
    await waitFor(page, async () => (await text(page, 'phone-sent')) === '24', 'sent counter');
    expect(await page.locator('body').innerText()).not.toContain(VISA_APPROVED);

    // the widget follows the capture (events from the fake stand in for the server)
    const events = approvedAfterRetry as PaymentEvent[];
    fake.emit(...events.slice(0, 30));
    await page.locator('ivr-pay [data-step="pan"] .step-detail').filter({ hasText: 'Visa' }).waitFor();
    await screenshot(page, 'demo-en-capturing');
    fake.emit(...events.slice(30));
    await page.locator('[data-testid="order-status"][data-state="paid"]').waitFor();
    expect(await text(page, 'order-paid-note')).toBe('Paid by card over the phone (approval code A12345)');
    expect(await byId(page, 'payment-new').isVisible()).toBe(true);
    expect(Number(await text(page, 'event-count'))).toBe(events.length);

    // language switch reaches the widget
    await byId(page, 'lang-ja').click();
    expect(await page.locator('ivr-pay').getAttribute('lang')).toBe('ja');
    await page.locator('ivr-pay .result').filter({ hasText: '承認されました' }).waitFor();
    expect(await text(page, 'order-status')).toBe('支払い済み');
    expect(await text(page, 'order-paid-note')).toBe('電話カード決済で支払い済み（承認番号 A12345）');
    expect(await text(page, 'phone')).toContain('仮想のお客様の電話');
    await screenshot(page, 'demo-ja-approved');

    await byId(page, 'phone-hangup').click();
    await until(() => fake.seen('POST', '/demo/api/phone/phone-1/hangup').length === 1, 'hangup');
    expect(await byId(page, 'phone-key-1').isDisabled()).toBe(true);

    await byId(page, 'payment-new').click();
    expect(await page.locator('ivr-pay').count()).toBe(0);
    expect(await byId(page, 'payment-form').isVisible()).toBe(true);
    await byId(page, 'payment-job').selectOption('register');
    await byId(page, 'payment-create').click();
    await page.locator('ivr-pay').waitFor();
    const second = fake.seen('POST', '/demo/api/payments')[1]!.body as { orderId: string; memberId?: string };
    expect(second.memberId).toBe('M-000123');
    expect(second.orderId).not.toBe((created.body as { orderId: string }).orderId);
    expect(tab.errors).toEqual([]);
  });

  it('transfer mode: labels the numbers, points the widget and the phone at the payment IVR, keys the id from the phone', async () => {
    fake = await suite.startFake();
    fake.demoConfig = {
      merchantName: 'Sakura Tea Shop',
      dids: ['0312345678', '0312345679'],
      numbers: [
        { number: '0312345678', mode: 'operator' },
        { number: '0312345679', mode: 'ivr' },
      ],
      simulator: true,
      testCards: [{ number: VISA_APPROVED, outcome: 'approved', brand: 'visa' }],
    };
    fake.demoIdentification = true;
    fake.renewCodes.push('570318');
    tab = await suite.openTab({ width: 1280, height: 900, locale: 'en-US' });
    const page = tab.page;
    await page.goto(`${fake.url}/demo/?lang=en`);
    await page.locator('body[data-ready="true"]').waitFor();

    expect(await byId(page, 'phone-did').locator('option').allInnerTexts()).toEqual(['0312345678 — operator line', '0312345679 — payment IVR']);
    expect(await byId(page, 'phone-did').inputValue()).toBe('0312345678');
    expect(await byId(page, 'phone-id').isHidden()).toBe(true);

    await byId(page, 'payment-create').click();
    await page.locator('ivr-pay').waitFor();
    expect(await page.locator('ivr-pay').getAttribute('ivr-number')).toBe('0312345679');
    expect(await byId(page, 'phone-did').inputValue()).toBe('0312345679');
    await page.locator('ivr-pay .id-code[data-code="570318"]').waitFor();
    expect(await text(page, 'phone-key-id')).toBe('Key the ID 570318');
    expect(await byId(page, 'phone-key-id').isDisabled()).toBe(true); // not in a call yet

    await byId(page, 'phone-dial').click();
    await page.locator('[data-testid="phone-state"][data-state="in-call"]').waitFor();
    expect(fake.seen('POST', '/demo/api/phone/call')[0]!.body).toEqual({ did: '0312345679' });
    await byId(page, 'phone-key-id').click();
    await waitFor(page, async () => keysSent().length === 6, 'six keys');
    expect(keysSent()).toBe('570318');
    await screenshot(page, 'demo-en-transfer');

    // a new id (the operator renewed it in the widget): the quick key follows
    fake.emit({ seq: 3, paymentId: fake.payment.id, type: 'identification_issued', status: 'created', at: new Date().toISOString(), identificationCode: '318264', identificationExpiresAt: new Date(Date.now() + 300_000).toISOString() });
    await page.locator('ivr-pay .id-code[data-code="318264"]').waitFor();
    await waitFor(page, async () => (await text(page, 'phone-key-id')) === 'Key the ID 318264', 'the new id on the quick key');

    await byId(page, 'lang-ja').click();
    expect(await byId(page, 'phone-did').locator('option').allInnerTexts()).toEqual(['0312345678 — オペレーター回線', '0312345679 — IVR決済']);
    expect(await byId(page, 'phone-did').inputValue()).toBe('0312345679');
    expect(await text(page, 'phone-key-id')).toBe('識別番号を入力 318264');
    expect(await text(page, 'phone-id')).toContain('識別番号（IVR決済）');

    // the customer keyed it in the IVR: it is used up
    fake.emit({ seq: 4, paymentId: fake.payment.id, type: 'customer_connected', status: 'created', at: new Date().toISOString() });
    await page.locator('ivr-pay [data-step="connected"]').waitFor();
    expect(await byId(page, 'phone-id').isHidden()).toBe(true);
    await byId(page, 'phone-hangup').click();
    expect(tab.errors).toEqual([]);
  });

  it("the IVR's steps: demo options, the customer's mobile, the simulated SMS inbox and its code, the menu keys (ja, then en)", async () => {
    fake = await suite.startFake();
    fake.demoConfig = {
      merchantName: 'Sakura Tea Shop',
      dids: ['0312345678'],
      simulator: true,
      testCards: [{ number: VISA_APPROVED, outcome: 'approved', brand: 'visa' }],
      options: { smsCheck: false, askMethodInIvr: false, confirmAmount: true },
    };
    tab = await suite.openTab({ width: 1280, height: 1000, locale: 'ja-JP' });
    const page = tab.page;
    await page.goto(`${fake.url}/demo/?lang=ja`);
    await page.locator('body[data-ready="true"]').waitFor();

    expect(await text(page, 'customer-mobile')).toBe('090-1234-5678');
    expect(await text(page, 'sms')).toContain('SMS受信箱（サンドボックス）');
    expect(await text(page, 'sms')).toContain('模擬');
    expect(await text(page, 'sms-empty')).toBe('メッセージはありません');
    expect(await text(page, 'demo-options')).toContain('SMSによる本人確認');
    expect([await byId(page, 'option-sms-check').isChecked(), await byId(page, 'option-ask-method').isChecked(), await byId(page, 'option-confirm-amount').isChecked()]).toEqual([false, false, true]);

    // each switch sets one option of the demo merchant
    await byId(page, 'option-sms-check').click();
    await until(() => fake.seen('POST', '/demo/api/options').length === 1, 'options sent');
    await page.locator('[data-testid="option-ask-method"]:not([disabled])').waitFor();
    await byId(page, 'option-ask-method').click();
    await until(() => fake.seen('POST', '/demo/api/options').length === 2, 'options sent twice');
    expect(fake.seen('POST', '/demo/api/options').map((r) => r.body)).toEqual([{ smsCheck: true }, { askMethodInIvr: true }]);
    await page.locator('[data-testid="option-ask-method"]:checked:not([disabled])').waitFor();
    expect(await byId(page, 'option-sms-check').isChecked()).toBe(true);

    // the payment carries the customer's mobile; while it runs, the inbox is read every 2 s
    await byId(page, 'payment-create').click();
    await page.locator('ivr-pay').waitFor();
    expect(fake.seen('POST', '/demo/api/payments')[0]!.body).toMatchObject({ customerPhone: '090-1234-5678' });
    await byId(page, 'phone-dial').click();
    await page.locator('[data-testid="phone-state"][data-state="in-call"]').waitFor();
    expect(await text(page, 'phone-sms-code')).toBe('コードのSMSを待っています');
    expect(await byId(page, 'phone-sms-code').isDisabled()).toBe(true);

    const before = fake.seen('GET', '/demo/api/sms').length;
    fake.smsOutbox = [
      { to: '+819012345678', body: '【Sakura Tea Shop】確認コード 482913（5分間有効）。お電話の案内に従って入力してください。', at: new Date().toISOString() },
      { to: '+819012345678', body: '【Sakura Tea Shop】確認コード 111111（5分間有効）。', at: new Date(Date.now() - 600_000).toISOString() },
    ];
    await until(() => fake.seen('GET', '/demo/api/sms').length > before, 'the inbox polled', 5_000);
    await page.locator('[data-testid="sms-message"]').nth(1).waitFor();
    expect(await byId(page, 'sms-message').first().innerText()).toContain('確認コード 482913');
    // the IVR asks for the code: the quick key offers the newest one
    fake.emit({ seq: 1, paymentId: fake.payment.id, type: 'capture_started', status: 'capturing', at: new Date().toISOString() }, { seq: 2, paymentId: fake.payment.id, type: 'identity_check', status: 'capturing', at: new Date().toISOString() });
    await page.locator('[data-testid="phone-sms-code"][data-code="482913"]:not([disabled])').waitFor();
    expect(await text(page, 'phone-sms-code')).toBe('SMSのコードを入力 482913');
    await page.locator('ivr-pay [data-step="identity"]').waitFor();
    await screenshot(page, 'demo-ja-sms');
    await byId(page, 'phone-sms-code').click();
    await waitFor(page, async () => keysSent() === '482913', 'the code keyed');
    fake.emit({ seq: 3, paymentId: fake.payment.id, type: 'identity_verified', status: 'capturing', at: new Date().toISOString() });
    await page.locator('[data-testid="phone-sms-code"][data-code=""]').waitFor();

    // the menu and the amount check on the keypad
    expect(await text(page, 'phone-menu-installments')).toBe('2 分割');
    expect(await text(page, 'phone-count-6')).toBe('6回 6#');
    for (const id of ['phone-menu-installments', 'phone-count-6', 'phone-count-12', 'phone-confirm', 'phone-reenter', 'phone-menu-lump']) await byId(page, id).click();
    await waitFor(page, async () => keysSent() === '482913' + '2' + '6#' + '12' + '1' + '2' + '1', 'the menu keys');

    await byId(page, 'lang-en').click();
    expect(await text(page, 'phone-menu-installments')).toBe('2 installments');
    expect(await text(page, 'phone-count-6')).toBe('× 6 6#');
    expect(await text(page, 'phone-confirm')).toBe('1 confirm');
    expect(await text(page, 'phone-reenter')).toBe('2 re-enter card');
    expect(await text(page, 'sms')).toContain('SMS inbox (sandbox)');
    expect(await text(page, 'demo-options')).toContain('Pay method on the keypad');
    await screenshot(page, 'demo-en-ivr-steps');

    await byId(page, 'phone-hangup').click();
    expect(tab.errors).toEqual([]);
  });

  it('says so when the server does not use the sandbox SMS provider', async () => {
    fake = await suite.startFake();
    fake.smsOutbox = null;
    tab = await suite.openTab({ width: 1280, height: 900, locale: 'en-US' });
    const page = tab.page;
    await page.goto(`${fake.url}/demo/?lang=en`);
    await page.locator('body[data-ready="true"]').waitFor();
    await waitFor(page, async () => (await text(page, 'sms-empty')).startsWith('This server does not use the sandbox SMS provider'), 'the inbox explains');
    await byId(page, 'payment-create').click();
    await page.locator('ivr-pay').waitFor();
    await page.waitForTimeout(2_500);
    expect(fake.seen('GET', '/demo/api/sms')).toHaveLength(1);
    // a backend that does not say the options (the fake's default config): the switches stay disabled
    expect(await byId(page, 'option-sms-check').isDisabled()).toBe(true);
    expect(tab.errors).toEqual([]);
  });

  it('fits a phone-sized screen with the payment panel first', async () => {
    fake = await suite.startFake();
    tab = await suite.openTab({ width: 390, height: 844, locale: 'ja-JP' });
    const page = tab.page;
    await page.goto(`${fake.url}/demo/`);
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await byId(page, 'payment-create').click();
    await page.locator('ivr-pay button.primary').filter({ hasText: 'カード決済を開始' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    const side = await byId(page, 'payment-panel').boundingBox();
    const phone = await byId(page, 'phone').boundingBox();
    expect(side!.y).toBeLessThan(phone!.y);
    await screenshot(page, 'demo-ja-narrow');
    expect(tab.errors).toEqual([]);
  });
});
