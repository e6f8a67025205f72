// One browser test file's world against the scripted fake API: Chromium for the file, and per test a fresh FakeIvrpay
// and tab, both closed when the test ends.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, openPage, type PageOptions, type WatchedPage } from './browser.js';
import { FakeIvrpay } from './fake-ivrpay.js';
import { ensureWidgetBuilt } from './widget-build.js';

export interface FakeInBrowser {
  /** a new fake server for this test (stopped after it) */
  startFake(): Promise<FakeIvrpay>;
  /** a new tab for this test (closed after it) */
  openTab(options: PageOptions): Promise<WatchedPage>;
}

/** Registers the file's hooks; call at the top level of a test file. */
export function fakeInBrowser(): FakeInBrowser {
  let browser: Browser | undefined;
  let fake: FakeIvrpay | undefined;
  let tab: WatchedPage | undefined;
  beforeAll(async () => {
    ensureWidgetBuilt();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await tab?.close();
    await fake?.stop();
    tab = fake = undefined;
  });
  return {
    startFake: async () => (fake = await new FakeIvrpay().start()),
    openTab: async (options) => (tab = await openPage(browser!, options)),
  };
}
