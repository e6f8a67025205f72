// Transfer mode, the whole product in a browser: the demo CRM page served by the real ivrpay server (HTTP on a port,
// SQLite, FreeSWITCH = simulator in CI or a real switch with IVRPAY_TEST_ESL). The payment's identification id is
// shown, the virtual phone calls the payment IVR number and keys the id, then a test card; the widget follows it to
// "approved" and "returned to operator". Then nothing written holds a card.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byId, screenshot, visibleText as text } from './support/browser.js';
import { demoInBrowser } from './support/demo-in-browser.js';
import { findCardNumbers, until } from '../support/stack.js';
import { DEMO_DID, DEMO_IVR_DID } from '../../server/demo/seed.js';

const suite = demoInBrowser();


describe('demo CRM page against the real server, transfer mode', () => {
  it('prepare payment → id shown → the customer calls the payment IVR, keys the id and the card → approved → returned to operator', async () => {
    const { stack } = suite;
    const tab = await suite.open({ width: 1280, height: 900 });
    const page = tab.page;

    // the demo backend says which number is which
    const config = await page.evaluate(() => fetch('/demo/api/config').then((r) => r.json()));
    expect(config.numbers).toEqual(
      expect.arrayContaining([
        { number: DEMO_DID, mode: 'operator' },
        { number: DEMO_IVR_DID, mode: 'ivr' },
      ]),
    );
    expect(config.dids).toEqual(expect.arrayContaining([DEMO_DID, DEMO_IVR_DID]));
    const options = await byId(page, 'phone-did').locator('option').allInnerTexts();
    expect(options).toContain(`${DEMO_DID} — operator line`);
    expect(options).toContain(`${DEMO_IVR_DID} — payment IVR`);

    // the operator prepares the payment: the widget shows the identification id and the number to transfer to
    await byId(page, 'payment-create').click();
    const widget = page.locator('ivr-pay');
    await widget.waitFor();
    const paymentId = (await widget.getAttribute('payment'))!;
    const idCode = page.locator('ivr-pay [part~="identification"]');
    await idCode.waitFor();
    const code = (await idCode.getAttribute('data-code'))!;
    expect(code).toMatch(/^\d{6}$/);
    const { json: created } = await stack.api('GET', `/v1/payments/${paymentId}`, stack.ivr.demo!.apiKey);
    expect(created.identification.code).toBe(code);
    expect(await idCode.getAttribute('aria-label')).toBe(`Identification ID ${code.split('').join(' ')}`);
    expect(await widget.getAttribute('ivr-number')).toBe(DEMO_IVR_DID);
    expect(await text(page, 'ivr-pay .transfer')).toContain(`Payment IVR number ${DEMO_IVR_DID}`);
    expect(await text(page, 'ivr-pay [part~="countdown"]')).toMatch(/^Valid for 0[45]:\d\d$/);
    expect(await byId(page, 'phone-did').inputValue()).toBe(DEMO_IVR_DID);
    expect(await text(page, '[data-testid="phone-key-id"]')).toBe(`Key the ID ${code}`);
    await screenshot(page, 'e2e-transfer-id');

    // the customer (transferred by the operator) calls the payment IVR
    await byId(page, 'phone-dial').click();
    await page.locator('[data-testid="phone-state"][data-state="in-call"]').waitFor();
    await until(() => stack.ivr.calls.onDid(DEMO_IVR_DID).length > 0, 15_000, 'the call in the payment IVR');
    await page.waitForTimeout(2_500); // a calls poll or two: the IVR call must not be offered as an operator call
    expect(await page.locator('ivr-pay [data-call]').count()).toBe(0);
    expect(await page.locator('ivr-pay [part~="button-take"]').count()).toBe(0);

    const events = stack.events(paymentId, stack.ivr.demo!.apiKey);
    await byId(page, 'phone-key-id').click();
    await page.locator('ivr-pay [data-step="connected"][data-state="done"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('ivr-pay .transfer').count()).toBe(0);
    await page.locator('ivr-pay [data-step="pan"][data-state="current"]').waitFor({ timeout: 20_000 });

    const visa = page.locator('[data-testid^="phone-card-"][data-outcome="approved"][data-brand="visa"]').first();
    await visa.click();
    await page.locator('ivr-pay [data-step="pan"][data-state="done"]').waitFor({ timeout: 20_000 });
    expect(await text(page, 'ivr-pay [data-step="pan"]')).toMatch(/Visa/);
    await screenshot(page, 'e2e-transfer-pan-done');
    await byId(page, 'phone-expiry').click();
    await page.locator('ivr-pay [data-step="expiry"][data-state="done"]').waitFor({ timeout: 20_000 });
    await byId(page, 'phone-cvv').click();
    // the demo merchant reads the amount and the last four back: the customer presses 1
    await events.waitForType('confirming', 20_000);
    await byId(page, 'phone-key-1').click();

    await page.locator('ivr-pay .result[data-status="approved"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="order-status"][data-state="paid"]').waitFor();
    // the IVR hands the call back: the demo operator's phone answers
    await page.locator('ivr-pay [data-step="return"][data-state="done"]').waitFor({ timeout: 45_000 });
    expect(await text(page, 'ivr-pay [data-step="return"] .step-detail')).toBe('Returned to operator');
    expect(await text(page, 'ivr-pay .result')).toContain('Returned to operator');
    await screenshot(page, 'e2e-transfer-returned');

    const { json } = await stack.api('GET', `/v1/payments/${paymentId}`, stack.ivr.demo!.apiKey);
    expect(json).toMatchObject({ status: 'approved', brand: 'visa', identification: null });
    expect(await text(page, 'ivr-pay .result')).toContain(json.approvalCode);
    const types = events.events.map((e) => e.type);
    expect(types.indexOf('customer_connected')).toBeLessThan(types.indexOf('capture_started'));
    expect(types).toContain('returned_to_operator');
    const visible = await page.locator('body').innerText();
    const shadow = await page.evaluate(() => document.querySelector('ivr-pay')?.shadowRoot?.textContent ?? '');
    expect(findCardNumbers(visible + shadow)).toEqual([]);

    await byId(page, 'phone-hangup').click();
    await until(() => stack.ivr.calls.all().length === 0, 10_000, 'the call to end');
    expect(tab.errors).toEqual([]);
  });
});
