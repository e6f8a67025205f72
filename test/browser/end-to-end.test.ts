// The whole product in a browser: the demo CRM page served by the real ivrpay server (HTTP on a port, SQLite,
// FreeSWITCH = simulator in CI or a real switch with IVRPAY_TEST_ESL), the operator clicks "take card payment",
// the customer keys a test card on the virtual phone, the widget shows "approved". Then nothing written holds a card.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byId, screenshot } from './support/browser.js';
import { demoInBrowser } from './support/demo-in-browser.js';
import { findCardNumbers, until } from '../support/stack.js';
import { DEMO_DID } from '../../server/demo/seed.js';

const suite = demoInBrowser();


describe('demo CRM page against the real server', () => {
  it('takes a card payment from "take card payment" to "approved"', async () => {
    const { stack } = suite;
    const tab = await suite.open({ width: 1280, height: 900 });
    const page = tab.page;

    await byId(page, 'payment-create').click();
    await page.locator('ivr-pay').waitFor();
    const paymentId = (await page.locator('ivr-pay').getAttribute('payment'))!;
    expect(paymentId).toMatch(/^pay_/);

    // the customer calls the merchant's operator number on the virtual phone (the page preselects its payment IVR,
    // as the payment has an identification id); the operator's phone is rung into the room
    await byId(page, 'phone-did').selectOption(DEMO_DID);
    await byId(page, 'phone-dial').click();
    await page.locator('[data-testid="phone-state"][data-state="in-call"]').waitFor();
    await until(() => stack.ivr.calls.all().some((c) => c.operators.size > 0), 15_000, 'operator leg in the room');

    const take = page.locator('ivr-pay [part~="button-take"]');
    await take.waitFor();
    await page.waitForFunction(() => {
      const b = document.querySelector('ivr-pay')?.shadowRoot?.querySelector('[part~="button-take"]') as HTMLButtonElement | null;
      return !!b && !b.disabled;
    });
    await take.click();
    await page.locator('ivr-pay [data-step="pan"][data-state="current"]').waitFor({ timeout: 15_000 });

    const visa = page.locator('[data-testid^="phone-card-"][data-outcome="approved"][data-brand="visa"]').first();
    await visa.click();
    await page.locator('ivr-pay [data-step="pan"][data-state="done"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('ivr-pay [data-step="pan"]').innerText()).toMatch(/Visa/);
    await screenshot(page, 'e2e-pan-done');
    await byId(page, 'phone-expiry').click();
    await page.locator('ivr-pay [data-step="expiry"][data-state="done"]').waitFor({ timeout: 20_000 });
    await byId(page, 'phone-cvv').click();
    // the demo merchant reads the amount and the last four back: the customer presses 1
    const events = stack.events(paymentId, stack.ivr.demo!.apiKey);
    await events.waitForType('confirming', 20_000);
    await byId(page, 'phone-key-1').click();

    await page.locator('ivr-pay .result[data-status="approved"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="order-status"][data-state="paid"]').waitFor();
    await screenshot(page, 'e2e-approved');

    const { json } = await stack.api('GET', `/v1/payments/${paymentId}`, stack.ivr.demo!.apiKey);
    expect(json).toMatchObject({ status: 'approved', brand: 'visa' });
    expect(await page.locator('ivr-pay .result').innerText()).toContain(json.approvalCode);
    const visible = await page.locator('body').innerText();
    const shadow = await page.evaluate(() => document.querySelector('ivr-pay')?.shadowRoot?.textContent ?? '');
    expect(findCardNumbers(visible + shadow)).toEqual([]);

    await byId(page, 'phone-hangup').click();
    await until(() => stack.ivr.calls.all().length === 0, 10_000, 'the call to end');
    expect(tab.errors).toEqual([]);
  });
});
