// The IVR's steps around the card, the whole product in a browser: the demo CRM page served by the real ivrpay server
// (HTTP on a port, SQLite, FreeSWITCH = simulator in CI or a real switch with IVRPAY_TEST_ESL). The demo options turn
// on the SMS check and the pay-method menu; the customer calls the operator line, the operator takes the card
// payment, the customer keys the SMS code from the simulated inbox, a test card, chooses 2 (installments) and a
// count, confirms the amount with 1; the widget shows each step and ends approved in installments. Then nothing
// written or shown holds a card number.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byId, screenshot, visibleText as text } from './support/browser.js';
import { demoInBrowser } from './support/demo-in-browser.js';
import { findCardNumbers, until } from '../support/stack.js';
import { DEMO_DID } from '../../server/demo/seed.js';

const suite = demoInBrowser();

const stepState = (page: Page, id: string, state: string, timeout = 20_000) => page.locator(`ivr-pay [data-step="${id}"][data-state="${state}"]`).waitFor({ timeout });

describe('demo CRM page against the real server: SMS check, pay method on the keypad, amount check', () => {
  it('turns the steps on, then SMS code → card → 2 installments × 6 → 1 confirms → approved in installments', async () => {
    const { stack } = suite;
    const tab = await suite.open({ width: 1280, height: 1000 });
    const page = tab.page;
    const demo = async () => (await stack.ivr.merchants.get(stack.ivr.demo!.merchantId))!.settings;

    // the demo options: the amount read-back is on by default; SMS check and the keypad menu are switched on
    expect(await byId(page, 'option-confirm-amount').isChecked()).toBe(true);
    expect(await byId(page, 'option-sms-check').isChecked()).toBe(false);
    await byId(page, 'option-sms-check').click();
    await until(async () => (await demo()).smsCheck, 5_000, 'SMS check on');
    await page.locator('[data-testid="option-ask-method"]:not([disabled])').waitFor();
    await byId(page, 'option-ask-method').click();
    await until(async () => (await demo()).askMethodInIvr, 5_000, 'pay method on the keypad on');
    await page.locator('[data-testid="option-ask-method"]:checked:not([disabled])').waitFor();
    expect(await text(page, '[data-testid="customer-mobile"]')).toBe('090-1234-5678');
    expect(await text(page, '[data-testid="sms-empty"]')).toBe('No messages');
    await screenshot(page, 'e2e-ivr-steps-options');

    // the payment carries the customer's mobile
    await byId(page, 'payment-create').click();
    await page.locator('ivr-pay').waitFor();
    const paymentId = (await page.locator('ivr-pay').getAttribute('payment'))!;
    expect((await stack.ivr.payments.row(paymentId))!.customerPhone).toBe('+819012345678');
    const events = stack.events(paymentId, stack.ivr.demo!.apiKey);

    // the customer calls the operator line; the operator's phone is rung into the room
    await byId(page, 'phone-did').selectOption(DEMO_DID);
    await byId(page, 'phone-dial').click();
    await page.locator('[data-testid="phone-state"][data-state="in-call"]').waitFor();
    await until(() => stack.ivr.calls.all().some((c) => c.operators.size > 0), 15_000, 'operator leg in the room');

    // the operator leaves the method to the customer (lump sum is the default): the keypad menu will ask
    const chooser = page.locator('ivr-pay [part~="method-select"]');
    await chooser.waitFor();
    expect(await chooser.inputValue()).toBe('lump');
    expect(await chooser.locator('option').allInnerTexts()).toContain('6 installments');
    await page.waitForFunction(() => {
      const b = document.querySelector('ivr-pay')?.shadowRoot?.querySelector('[part~="button-take"]') as HTMLButtonElement | null;
      return !!b && !b.disabled;
    });
    await page.locator('ivr-pay [part~="button-take"]').click();

    // SMS identity check: the text arrives in the simulated inbox; the quick key keys its code
    await stepState(page, 'identity', 'current');
    expect(await page.locator('ivr-pay [part~="method"]').count()).toBe(0);
    expect(await text(page, 'ivr-pay [data-step="identity"]')).toContain("Code sent to the customer's mobile — waiting for the code");
    const sms = page.locator('[data-testid="sms-message"]').first();
    await sms.waitFor({ timeout: 10_000 });
    const body = await text(page, '[data-testid="sms-message"] .sms-body');
    const code = /(?:確認コード|code is) (\d{6})/.exec(body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await page.locator(`[data-testid="phone-sms-code"][data-code="${code}"]:not([disabled])`).waitFor();
    expect(await text(page, '[data-testid="phone-sms-code"]')).toBe(`Key the SMS code ${code}`);
    await screenshot(page, 'e2e-ivr-steps-sms');
    await byId(page, 'phone-sms-code').click();
    await stepState(page, 'identity', 'done');
    await stepState(page, 'pan', 'current');

    // the card
    await page.locator('[data-testid^="phone-card-"][data-outcome="approved"][data-brand="visa"]').first().click();
    await stepState(page, 'pan', 'done');
    await byId(page, 'phone-expiry').click();
    await stepState(page, 'expiry', 'done');
    await byId(page, 'phone-cvv').click();

    // the pay-method menu: 2 = installments, then the count
    await stepState(page, 'method', 'current');
    expect(await text(page, 'ivr-pay [data-step="method"]')).toContain('The customer is choosing on the keypad');
    expect(await page.locator('ivr-pay [part~="button-rerequest"]').count()).toBe(0);
    await screenshot(page, 'e2e-ivr-steps-menu');
    await byId(page, 'phone-menu-installments').click();
    await byId(page, 'phone-count-6').click();
    await stepState(page, 'method', 'done');
    expect(await text(page, 'ivr-pay [data-step="method"] .step-detail')).toBe('6 installments');

    // the amount read-back: 1 confirms
    await stepState(page, 'confirmation', 'current');
    expect(await text(page, 'ivr-pay [data-step="confirmation"]')).toContain('The customer hears the amount and the last four, and presses 1');
    await screenshot(page, 'e2e-ivr-steps-confirm');
    await byId(page, 'phone-confirm').click();

    await page.locator('ivr-pay .result[data-status="approved"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="order-status"][data-state="paid"]').waitFor();
    expect(await text(page, 'ivr-pay [data-fact="method"]')).toBe('6 installments');
    const states = await page.locator('ivr-pay [data-step]').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.step}:${(e as HTMLElement).dataset.state}`));
    expect(states).toEqual(['identity:done', 'pan:done', 'expiry:done', 'cvv:done', 'method:done', 'confirmation:done', 'authorizing:done', 'result:done']);
    await screenshot(page, 'e2e-ivr-steps-approved');

    const { json } = await stack.api('GET', `/v1/payments/${paymentId}`, stack.ivr.demo!.apiKey);
    expect(json).toMatchObject({ status: 'approved', brand: 'visa', method: { kind: 'installments', count: 6 } });
    const types = events.events.map((e) => e.type);
    for (const t of ['identity_check', 'identity_verified', 'method_menu', 'method_chosen', 'confirming', 'confirmed', 'approved']) expect(types).toContain(t);
    const visible = await page.locator('body').innerText();
    const shadow = await page.evaluate(() => document.querySelector('ivr-pay')?.shadowRoot?.textContent ?? '');
    expect(findCardNumbers(visible + shadow)).toEqual([]);

    await byId(page, 'phone-hangup').click();
    await until(() => stack.ivr.calls.all().length === 0, 10_000, 'the call to end');
    expect(tab.errors).toEqual([]);
  });
});
