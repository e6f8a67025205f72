// The console in Debian Chromium against the real server: a merchant admin signs in, creates an operator, watches
// the live board change while a customer keys a card, finds the payment, opens its history and downloads the CSV.
// Screenshots under test-results/. Nothing the page shows or the server wrote holds a card number.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, type WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { Stack, findCardNumbers, type TestMerchant } from '../support/stack.js';
import { merchantUser, platformAdmin, type ConsoleUser } from '../support/console-client.js';
import { futureExpiry, keyCard, startCapture } from '../support/payment-run.js';

let browser: Browser;
let stack: Stack;
let tab: WatchedPage;
let m: TestMerchant;
let admin: ConsoleUser;

beforeAll(async () => {
  ensureConsoleBuilt();
  stack = await Stack.start();
  browser = await launchChromium();
  m = await stack.merchant();
  admin = await merchantUser(stack, await platformAdmin(stack), m.id, 'merchant_admin', 'Hanako Admin');
});
afterAll(async () => {
  await tab?.close();
  await browser?.close();
  if (stack) expect(findCardNumbers(stack.written())).toEqual([]);
  await stack?.close();
});

const byId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const walk = (root: Document | ShadowRoot): string =>
      [...root.querySelectorAll('*')].map((el) => (el.shadowRoot ? walk(el.shadowRoot) : '') + (el.childNodes.length ? [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(' ') : '')).join(' ');
    return walk(document);
  });
}

describe('management console', () => {
  it('sign in, create an operator, live board during a payment, find it, download the CSV', async () => {
    tab = await openPage(browser, { width: 1360, height: 860, locale: 'en-US' });
    const page = tab.page;
    await page.goto(`${stack.url}/console/`);
    await byId(page, 'login-id').fill(admin.loginId);
    await byId(page, 'password').fill('not the password');
    await byId(page, 'sign-in').click();
    await expect.poll(() => byId(page, 'sign-in-error').innerText()).toMatch(/wrong/);
    await byId(page, 'password').fill(admin.password);
    await screenshot(page, 'console-sign-in');
    await byId(page, 'sign-in').click();
    await page.locator('[data-testid="live-state"]').waitFor();
    expect(await byId(page, 'user-name').innerText()).toBe('Hanako Admin');

    // create an operator with a sign-in: the temporary password is shown once
    await byId(page, 'nav-operators').click();
    await byId(page, 'operator-name').fill('Suzuki Taro');
    await byId(page, 'operator-login').fill('suzuki');
    await byId(page, 'operator-add').click();
    await byId(page, 'temporary-password').waitFor();
    expect(await byId(page, 'temporary-password').innerText()).toMatch(/suzuki.*[A-Za-z2-9]{4}-[A-Za-z2-9]{4}/);
    await page.locator('[data-testid="operator-row"][data-login="suzuki"]').waitFor();
    await screenshot(page, 'console-operators');

    // the live board follows a payment while the customer keys the card
    await byId(page, 'nav-live').click();
    await byId(page, 'live-state').getByText('Live').waitFor();
    const run = await startCapture(stack, m, { orderId: 'CONSOLE-0001' });
    const row = page.locator(`[data-testid="live-row"][data-payment="${run.paymentId}"]`);
    await row.waitFor();
    await keyCard(stack, run, { pan: '4242424242424242', exp: futureExpiry(), cvv: '123' }).then(() => undefined);
    await page.locator(`[data-testid="live-row"][data-payment="${run.paymentId}"][data-status="approved"]`).waitFor({ timeout: 20_000 });
    await screenshot(page, 'console-live');
    const seenSteps = await row.getAttribute('data-step');
    expect(seenSteps).toBe('done');
    expect(await row.innerText()).toMatch(/4242/);
    await stack.phone.hangUp(run.phone);

    // find the payment by its last four, open its history
    await byId(page, 'nav-payments').click();
    await byId(page, 'filter-last4').fill('4242');
    await byId(page, 'search').click();
    await page.locator(`[data-testid="payment-row"][data-payment="${run.paymentId}"]`).waitFor();
    expect(await page.locator('[data-testid="payment-row"]').count()).toBe(1);
    await screenshot(page, 'console-payments');
    const download = page.waitForEvent('download');
    await byId(page, 'csv').click();
    const file = await (await download).path();
    const csv = readFileSync(file!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('CONSOLE-0001');
    stack.apiBodies.push(csv.toString('utf8'));

    await page.locator(`[data-testid="payment-row"][data-payment="${run.paymentId}"] a`).click();
    await byId(page, 'event-history').waitFor();
    expect(await byId(page, 'payment-status').innerText()).toBe('Approved');
    expect(await byId(page, 'event-history').innerText()).toMatch(/capture_started[\s\S]*authorizing[\s\S]*approved/);
    await screenshot(page, 'console-payment');

    await byId(page, 'nav-settings').click();
    await byId(page, 'settings-form').waitFor();
    await byId(page, 'dids').waitFor();
    await screenshot(page, 'console-settings');

    // in Japanese: reports
    await byId(page, 'lang-toggle').click();
    await byId(page, 'nav-reports').click();
    await byId(page, 'report-totals').waitFor();
    expect(await byId(page, 'report-totals').innerText()).toContain('承認率');
    await screenshot(page, 'console-reports-ja');

    expect(findCardNumbers(await visibleText(page))).toEqual([]);
    expect(tab.errors).toEqual([]);
  });
});
