// Softphone mode in Debian Chromium (fake microphone): a CRM page on another origin with only the script tag and
// <ivr-pay mode="softphone">; the operator signs in, the chunk registers sip.js over the simulator's SIP WebSocket,
// an inbound call rings the widget, the operator answers, picks the payment and takes the card on the live call
// (the operator leg stops hearing the customer during capture), hangs up; then a reload mid-call shows the call
// truthfully and "rejoin" rings the browser back in. Nothing written holds a card number; no SIP password in any page.
// Signaling only: the simulator's WebRTC leg carries no audio (test/browser/softphone-freeswitch.test.ts hears it).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, type WatchedPage } from './support/browser.js';
import { ensureWidgetBuilt } from './support/widget-build.js';
import { Stack, findCardNumbers, onSimulator, until, type TestMerchant } from '../support/stack.js';
import { futureExpiry, keyCard, type Run } from '../support/payment-run.js';
import { softphoneOperator, type SoftphoneOperator } from '../support/softphone.js';

let stack: Stack;
let browser: Browser;
let crm: Server;
let crmUrl = '';
let tab: WatchedPage;
let m: TestMerchant;
let op: SoftphoneOperator;
const pageSources: string[] = [];

function crmPage(ivrpay: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example CRM</title>
<script src="${ivrpay}/widget/ivr-pay.js"></script></head>
<body><h1>Customer</h1>
<ivr-pay mode="softphone" server="${ivrpay}" lang="en"></ivr-pay>
<script>window.phoneEvents = []; document.addEventListener('ivr-pay-call', (e) => window.phoneEvents.push(e.detail));</script>
</body></html>`;
}

beforeAll(async () => {
  ensureWidgetBuilt();
  stack = await Stack.start();
  m = await stack.merchant();
  await stack.ivr.merchants.setPresence(m.id, m.operatorId, 'away'); // only the softphone operator is offered calls
  op = await softphoneOperator(stack, m, 'Sato');
  crm = createServer((_req, res) => {
    const html = crmPage(stack.url);
    pageSources.push(html);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html);
  });
  await new Promise<void>((r) => crm.listen(0, '127.0.0.1', r));
  crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/`;
  browser = await launchChromium({ fakeMedia: true });
});

afterAll(async () => {
  await tab?.close();
  await browser?.close();
  await new Promise((r) => crm?.close(r));
  if (stack) {
    expect(findCardNumbers([stack.written(), ...(stack.ivr.simulator?.sipTrace() ?? [])].join('\n'))).toEqual([]);
    // SIP credentials never in page source: the CRM page and the widget scripts hold none
    const sipPasswords = (stack.ivr.simulator?.sipTrace() ?? []).length > 0;
    expect(sipPasswords).toBe(true);
    for (const src of pageSources) expect(src).not.toMatch(/password|sip-credentials|authorizationPassword\s*[:=]\s*['"][^'"]/i);
  }
  await stack?.close();
});

const phone = (page: Page, part: string) => page.locator(`ivr-pay ivr-pay-softphone [part~="${part}"]`);
const status = (page: Page) => page.locator('ivr-pay ivr-pay-softphone [data-testid="phone-status"]');

async function signIn(page: Page): Promise<void> {
  await page.goto(crmUrl);
  const form = page.locator('ivr-pay ivr-pay-softphone form.sign-in');
  await form.waitFor({ timeout: 15_000 });
  await form.locator('input[name="loginId"]').fill(op.loginId);
  await form.locator('input[name="password"]').fill(op.password);
  await phone(page, 'button-sign-in').click();
  await waitText(page, status(page), /^Ready for calls$/);
}

async function waitText(page: Page, locator: ReturnType<Page['locator']>, re: RegExp, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const t = (await locator.textContent().catch(() => '')) ?? '';
    if (re.test(t)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${re} (last: ${t})`);
    await page.waitForTimeout(50);
  }
}

describe.skipIf(!onSimulator)('softphone mode in Chromium (simulator signaling)', () => {
  it('answers an inbound call, takes the card on it, hangs up', async () => {
    tab = await openPage(browser, { width: 1100, height: 900 });
    const page = tab.page;
    await signIn(page);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toMatch(/ot1\.|password/i);
    await screenshot(page, 'softphone-ready');

    const { payment, token } = await stack.createPayment(m, { operatorId: op.id });
    const sse = stack.events(payment.id, token);
    await sse.opened;
    const customer = await stack.phone.call(m.did, { callerNumber: '09011112222' });
    await phone(page, 'button-answer').waitFor({ timeout: 15_000 });
    await waitText(page, page.locator('ivr-pay ivr-pay-softphone .ringing'), /Incoming call: 090-1111-2222/);
    await screenshot(page, 'softphone-ringing');
    await phone(page, 'button-answer').click();
    await page.locator('ivr-pay ivr-pay-softphone [data-testid="call-timer"]').waitFor({ timeout: 15_000 });
    const call = await until(() => stack.ivr.calls.forMerchant(m.id).find((c) => c.operators.size > 0), 10_000, 'the browser leg in the room');
    const leg = [...call.operators.values()][0]!;
    expect(leg.operatorId).toBe(op.id);
    expect(await page.evaluate(() => (window as any).phoneEvents.map((e: any) => e.state))).toEqual(['ringing', 'connected']);

    // no server integration: the widget lists the operator's payment; one click and "take card payment" is on this call
    await phone(page, 'button-pick-payment').first().click();
    const take = page.locator('ivr-pay [part~="button-take"]');
    await take.waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => {
      const b = document.querySelector('ivr-pay')?.shadowRoot?.querySelector('[part~="button-take"]') as HTMLButtonElement | null;
      return !!b && !b.disabled;
    });
    await take.click();
    await page.locator('ivr-pay [data-step="pan"][data-state="current"]').waitFor({ timeout: 15_000 });
    const sim = stack.ivr.simulator as unknown as { hears(a: string, b: string): boolean };
    expect(sim.hears(leg.uuid, call.id)).toBe(false);
    await screenshot(page, 'softphone-capturing');
    const run: Run = { paymentId: payment.id, token, phone: customer, callId: call.id, sse };
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await page.locator('ivr-pay .result[data-status="approved"]').waitFor({ timeout: 30_000 });
    await sse.waitFor((e) => e.type === 'conversation_restored', 20_000, 'conversation restored');
    expect(sim.hears(leg.uuid, call.id)).toBe(true);
    await screenshot(page, 'softphone-approved');

    await phone(page, 'button-hang-up').click();
    await until(() => !stack.ivr.calls.get(call.id), 10_000, 'the call to end');
    await phone(page, 'button-call').waitFor({ timeout: 10_000 });
    const shadow = await page.evaluate(() => document.querySelector('ivr-pay')?.shadowRoot?.textContent ?? '');
    expect(findCardNumbers(shadow)).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('after a reload mid-call the widget says the call is still up without audio here; rejoin rings it back in', async () => {
    const page = tab.page;
    await stack.phone.call(m.did, { callerNumber: '09033334444' });
    await phone(page, 'button-answer').click({ timeout: 15_000 });
    await page.locator('ivr-pay ivr-pay-softphone [data-testid="call-timer"]').waitFor({ timeout: 15_000 });
    const call = await until(() => stack.ivr.calls.forMerchant(m.id).find((c) => c.operators.size > 0), 10_000, 'connected');

    await page.reload();
    // the session comes back from sessionStorage (no sign-in form), and the call is shown as it is
    await waitText(page, status(page), /^Ready for calls$/);
    await page.locator('ivr-pay ivr-pay-softphone .orphan').waitFor({ timeout: 15_000 });
    expect(await page.locator('ivr-pay ivr-pay-softphone .orphan').textContent()).toMatch(/090-3333-4444/);
    expect(stack.ivr.calls.get(call.id)).toBeDefined();
    await screenshot(page, 'softphone-after-reload');
    await phone(page, 'button-rejoin').click();
    await page.locator('ivr-pay ivr-pay-softphone [data-testid="call-timer"]').waitFor({ timeout: 15_000 });
    await until(() => [...(stack.ivr.calls.get(call.id)?.operators.values() ?? [])].some((l) => l.operatorId === op.id), 10_000, 'the browser back in the room');
    await phone(page, 'button-hang-up').click();
    await until(() => !stack.ivr.calls.get(call.id), 10_000, 'the call to end');
    expect(tab.errors).toEqual([]);
  });

  it('the SIP WebSocket drops: the widget says so, reconnects, registers again and takes the next call', async () => {
    const page = tab.page;
    stack.ivr.simulator!.dropSipConnections();
    await waitText(page, status(page), /^Reconnecting to the phone server/);
    await waitText(page, status(page), /^Ready for calls$/, 20_000);
    await stack.phone.call(m.did, { callerNumber: '09055556666' });
    await phone(page, 'button-answer').click({ timeout: 15_000 });
    await page.locator('ivr-pay ivr-pay-softphone [data-testid="call-timer"]').waitFor({ timeout: 15_000 });
    const call = await until(() => stack.ivr.calls.forMerchant(m.id).find((c) => c.operators.size > 0), 10_000, 'connected');
    await phone(page, 'button-hang-up').click();
    await until(() => !stack.ivr.calls.get(call.id), 10_000, 'the call to end');
    expect(tab.errors).toEqual([]);
  });
});
