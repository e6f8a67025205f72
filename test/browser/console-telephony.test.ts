// The console says so when a FreeSWITCH node is down: two simulators stand for two nodes, one is closed, and the
// signed-in merchant admin sees the banner naming it (and no banner while both are up).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, type WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { Stack, onSimulator, until } from '../support/stack.js';
import { merchantUser, platformAdmin } from '../support/console-client.js';
import { startSimulator, type Simulator } from '../../freeswitch/sim/index.js';
import { nodeName } from '../../server/esl/switches.js';

const PASSWORD = 'console-nodes-pw';

describe.skipIf(!onSimulator)('console: FreeSWITCH node status', () => {
  let browser: Browser;
  let stack: Stack;
  let tab: WatchedPage;
  let b: Simulator;
  let a: Simulator;

  beforeAll(async () => {
    ensureConsoleBuilt();
    a = await startSimulator({ password: PASSWORD });
    b = await startSimulator({ password: PASSWORD });
    stack = await Stack.start({ env: { IVRPAY_SIMULATOR: 'off', IVRPAY_ESL: `${nodeName(a)}:${PASSWORD},${nodeName(b)}:${PASSWORD}` } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await stack?.close();
    await a?.close();
    await b?.close().catch(() => {});
  });

  it('shows a banner naming the node that is down', async () => {
    const m = await stack.merchant();
    const admin = await merchantUser(stack, await platformAdmin(stack), m.id, 'merchant_admin', 'Node Watcher');
    tab = await openPage(browser, { width: 1200, height: 700, locale: 'en-US' });
    const page = tab.page;
    await page.goto(`${stack.url}/console/`);
    await page.locator('[data-testid="login-id"]').fill(admin.loginId);
    await page.locator('[data-testid="password"]').fill(admin.password);
    await page.locator('[data-testid="sign-in"]').click();
    await page.locator('[data-testid="live-state"]').waitFor();
    expect(await page.locator('[data-testid="telephony-down"]').count()).toBe(0);

    await b.close();
    await until(() => !stack.ivr.fs.isUp(nodeName(b)), 5_000, 'node B down');
    await page.reload();
    const banner = page.locator('[data-testid="telephony-down"]');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.innerText()).toContain(nodeName(b));
    expect(await banner.innerText()).not.toContain(nodeName(a));
    await screenshot(page, 'console-node-down');
  });
});
