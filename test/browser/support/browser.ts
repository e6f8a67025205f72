// Debian Chromium for the browser tests, driven by playwright-core: one launch helper, pages that record their errors, screenshots under test-results/.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const RESULTS_DIR = join(ROOT, 'test-results');

/** Flags for a quiet, reproducible headless run (no sandbox in containers, no background network, no GPU). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export function chromiumPath(): string {
  const path = process.env.IVRPAY_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}: apt-get install chromium, or set IVRPAY_CHROMIUM to its path`);
  }
  return path;
}

/**
 * Launches headless Chromium. playwright-core gives every launch a fresh temporary profile (its own
 * --user-data-dir, deleted on close); it refuses a --user-data-dir in args, so none is passed here.
 */
export function launchChromium(opts: { fakeMedia?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(opts.fakeMedia ? FAKE_MEDIA_FLAGS : [])],
    timeout: 60_000,
  });
}

/** A fake microphone (a beep), permission granted without a prompt, audio that plays without a click: for softphone tests. */
export const FAKE_MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'] as const;

export interface PageOptions {
  width?: number;
  height?: number;
  locale?: string;
}

export interface WatchedPage {
  page: Page;
  /** uncaught exceptions and console errors in the page, for a test to assert there were none */
  errors: string[];
  /** "Failed to load resource" lines: the browser logs every HTTP error answer, expected ones included */
  failedLoads: string[];
  close(): Promise<void>;
}

/** A page in its own context (no shared cookies or storage between tests) that records its errors. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: options.locale ?? 'en-US',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const failedLoads: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (msg.text().startsWith('Failed to load resource')) failedLoads.push(`${msg.text()} ${msg.location().url}`);
    else errors.push(`console: ${msg.text()}`);
  });
  return { page, errors, failedLoads, close: () => context.close() };
}

/** Saves a PNG under test-results/ (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
  return path;
}

/** Polls a condition in the test process (for things the page cannot see, like requests a fake server got). */
export async function until(check: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${message}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The element a test finds by its data-testid. */
export const byId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** The first match's visible text, whitespace collapsed. */
export const visibleText = async (page: Page, selector: string) => ((await page.locator(selector).first().innerText()) ?? '').replace(/\s+/g, ' ').trim();
