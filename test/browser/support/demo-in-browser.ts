// One browser test file's world for the demo CRM page: the real server with the demo on (HTTP, storage, the simulator
// or IVRPAY_TEST_ESL's switch), Chromium, the page opened and ready; at the end, nothing written may hold a card number.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium, openPage, type WatchedPage } from './browser.js';
import { ensureWidgetBuilt } from './widget-build.js';
import { Stack, findCardNumbers } from '../../support/stack.js';

export interface DemoInBrowser {
  readonly stack: Stack;
  /** opens /demo/?lang=en in a new tab (closed at the end) and waits until the page is ready */
  open(viewport: { width: number; height: number }): Promise<WatchedPage>;
}

/** Registers the file's beforeAll/afterAll; call at the top level of a test file. */
export function demoInBrowser(): DemoInBrowser {
  let browser: Browser | undefined;
  let stack: Stack | undefined;
  const tabs: WatchedPage[] = [];
  beforeAll(async () => {
    ensureWidgetBuilt();
    stack = await Stack.start({ env: { IVRPAY_DEMO: 'true' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const tab of tabs) await tab.close();
    await browser?.close();
    if (stack) expect(findCardNumbers(stack.written())).toEqual([]);
    await stack?.close();
  });
  return {
    get stack() {
      if (!stack) throw new Error('the stack is not started yet (use it inside a test)');
      return stack;
    },
    async open(viewport) {
      const tab = await openPage(browser!, { ...viewport, locale: 'en-US' });
      tabs.push(tab);
      await tab.page.goto(`${stack!.url}/demo/?lang=en`);
      await tab.page.locator('body[data-ready="true"]').waitFor();
      return tab;
    },
  };
}
