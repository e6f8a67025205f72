// Softphone mode against a real FreeSWITCH loaded with freeswitch/conf (IVRPAY_TEST_ESL; skipped on the simulator):
// Chromium (fake microphone) signs in, gets short-lived SIP credentials, registers over WS to the ivrpay-webrtc profile
// (FreeSWITCH checks the password through mod_xml_curl against this server), an inbound call rings it, the operator
// answers; the page's received audio is recorded and measured: the customer's tone is heard before the capture, the
// customer's inband keypad tones during it decode to nothing (multimon-ng), the customer is heard again after the result.
// The stack listens where the switch's xml_curl binding points (global ivrpay_directory_url). Needs sox and multimon-ng.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, type WatchedPage } from './support/browser.js';
import { ensureWidgetBuilt } from './support/widget-build.js';
import { REAL_SWITCH, Stack, findCardNumbers, onSimulator, until, type TestMerchant } from '../support/stack.js';
import { futureExpiry, keyField, type Run } from '../support/payment-run.js';
import { softphoneOperator, type SoftphoneOperator } from '../support/softphone.js';
import { LiveEsl } from '../support/freeswitch-live-esl.js';
import { bandRms, decodeDtmf, writeDtmfWav, writeToneWav } from '../support/freeswitch-live-audio.js';
import { pcmWav } from '../../freeswitch/sim/testing/harness.js';

const PAN = '4111111111111111';
let stack: Stack;
let browser: Browser;
let crm: Server;
let crmUrl = '';
let tab: WatchedPage;
let m: TestMerchant;
let op: SoftphoneOperator;
let esl: LiveEsl;
const work = mkdtempSync(join(tmpdir(), 'ivrpay-softphone-fs-'));

/** host:port:password of IVRPAY_TEST_ESL */
function eslTarget(): { host: string; port: number; password: string } {
  const [host, port, ...pw] = REAL_SWITCH.split(':');
  return { host: host!, port: Number(port), password: pw.join(':') || 'ClueCon' };
}

beforeAll(async () => {
  if (onSimulator) return;
  ensureWidgetBuilt();
  const t = eslTarget();
  esl = await LiveEsl.connect(t.host, t.port, t.password);
  // the switch asks this URL for SIP users: the stack must listen there
  const directory = new URL(await esl.api('global_getvar ivrpay_directory_url'));
  if (!['127.0.0.1', 'localhost'].includes(directory.hostname)) throw new Error(`ivrpay_directory_url is ${directory}: start the switch with IVRPAY_FS_DIRECTORY_URL on 127.0.0.1`);
  stack = await Stack.start({ env: { IVRPAY_PORT: directory.port || '80' } });
  m = await stack.merchant();
  await stack.ivr.merchants.setPresence(m.id, m.operatorId, 'away');
  op = await softphoneOperator(stack, m, 'Suzuki');
  crm = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>CRM</title><script src="${stack.url}/widget/ivr-pay.js"></script></head>
<body><ivr-pay mode="softphone" server="${stack.url}" lang="en"></ivr-pay></body></html>`);
  });
  await new Promise<void>((r) => crm.listen(0, '127.0.0.1', r));
  crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/`;
  browser = await launchChromium({ fakeMedia: true });
}, 120_000);

afterAll(async () => {
  await tab?.close();
  await browser?.close();
  await new Promise((r) => (crm ? crm.close(r) : r(null)));
  if (stack) expect(findCardNumbers(stack.written())).toEqual([]);
  await stack?.close();
  esl?.close();
});

const inPhone = (page: Page, sel: string) => page.locator(`ivr-pay ivr-pay-softphone ${sel}`);

/** Starts recording what the page receives from FreeSWITCH (the <audio> element's stream), 48 kHz mono. */
async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const audio = document.querySelector('ivr-pay')!.shadowRoot!.querySelector('ivr-pay-softphone')!.shadowRoot!.querySelector('audio')!;
    const w = window as unknown as { __rec: { ctx: AudioContext; chunks: Float32Array[]; on: boolean } };
    const ctx = new AudioContext({ sampleRate: 48000 });
    const src = ctx.createMediaStreamSource(audio.srcObject as MediaStream);
    const proc = ctx.createScriptProcessor(4096, 1, 1);
    w.__rec = { ctx, chunks: [], on: true };
    proc.onaudioprocess = (e) => {
      if (w.__rec.on) w.__rec.chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
    };
    src.connect(proc);
    proc.connect(ctx.destination);
  });
}

/** Takes what was recorded since the last take as a 16-bit WAV file. */
async function takeRecording(page: Page, name: string): Promise<string> {
  const b64 = await page.evaluate(() => {
    const w = window as unknown as { __rec: { chunks: Float32Array[] } };
    const chunks = w.__rec.chunks.splice(0);
    const n = chunks.reduce((a, c) => a + c.length, 0);
    const pcm = new Int16Array(n);
    let i = 0;
    for (const c of chunks) for (const s of c) pcm[i++] = Math.max(-32768, Math.min(32767, Math.round(s * 32767)));
    let bin = '';
    const bytes = new Uint8Array(pcm.buffer);
    for (let j = 0; j < bytes.length; j++) bin += String.fromCharCode(bytes[j]!);
    return btoa(bin);
  });
  const data = Buffer.from(b64, 'base64');
  const file = join(work, `${name}.wav`);
  writeFileSync(file, pcmWav(data, 48000));
  return file;
}

describe.skipIf(onSimulator)('softphone mode against a real FreeSWITCH', () => {
  it('registers over WS, answers an inbound call, hears the customer, hears no keypad tones during the capture', async () => {
    tab = await openPage(browser, { width: 1100, height: 900 });
    const page = tab.page;
    await page.goto(crmUrl);
    const form = inPhone(page, 'form.sign-in');
    await form.waitFor({ timeout: 20_000 });
    await form.locator('input[name="loginId"]').fill(op.loginId);
    await form.locator('input[name="password"]').fill(op.password);
    await inPhone(page, '[part~="button-sign-in"]').click();
    await page.waitForFunction(() => document.querySelector('ivr-pay')?.shadowRoot?.querySelector('ivr-pay-softphone')?.shadowRoot?.querySelector('[data-phone="registered"]'), undefined, { timeout: 20_000 });
    const reg = await esl.api('sofia status profile ivrpay-webrtc reg');
    expect(reg).toContain(op.id);

    const { payment, token } = await stack.createPayment(m, { operatorId: op.id });
    const sse = stack.events(payment.id, token);
    await sse.opened;
    const customer = await stack.phone.call(m.did, { callerNumber: '09055556666' });
    await inPhone(page, '[part~="button-answer"]').click({ timeout: 20_000 });
    await inPhone(page, '[data-testid="call-timer"]').waitFor({ timeout: 20_000 });
    const call = await until(() => stack.ivr.calls.forMerchant(m.id).find((c) => c.operators.size > 0), 15_000, 'the browser leg in the room');
    const leg = [...call.operators.values()][0]!;
    expect(await esl.api(`uuid_getvar ${leg.uuid} media_webrtc`)).toBe('true');
    await page.waitForTimeout(1500); // ICE + DTLS
    await startRecording(page);

    // before the capture: the operator hears the customer (a 1 kHz tone from the customer's phone)
    const tone = writeToneWav(work, 1000, 2);
    await esl.api(`uuid_broadcast ${customer} ${tone} aleg`);
    await page.waitForTimeout(2500);
    const before = await takeRecording(page, 'before');
    expect(bandRms(before, 1000)).toBeGreaterThan(0.02);
    // control: keypad tones outside a capture do reach the operator, and the recording decodes them
    const control = writeDtmfWav(work, 'control', '159');
    await esl.api(`uuid_broadcast ${customer} ${control} aleg`);
    await page.waitForTimeout(2000);
    expect(decodeDtmf(await takeRecording(page, 'control'))).toBe('159');

    // take the card on the live call; the customer keys the card number as inband tones
    await inPhone(page, '[part~="button-pick-payment"]').first().click();
    const take = page.locator('ivr-pay [part~="button-take"]');
    await take.waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => {
      const b = document.querySelector('ivr-pay')?.shadowRoot?.querySelector('[part~="button-take"]') as HTMLButtonElement | null;
      return !!b && !b.disabled;
    });
    await take.click();
    const run: Run = { paymentId: payment.id, token, phone: customer, callId: call.id, sse };
    await sse.waitFor((e) => e.type === 'field_prompt' && e.field === 'pan', 20_000, 'the card number prompt');
    await takeRecording(page, 'prompt'); // drop what came before the tones
    const tones = writeDtmfWav(work, 'pan', PAN);
    await esl.api(`uuid_broadcast ${customer} ${tones} aleg`);
    await sse.waitFor((e) => e.type === 'field_complete' && e.field === 'pan', 30_000, 'the card number keyed as tones');
    const during = await takeRecording(page, 'during');
    expect(decodeDtmf(during)).toBe('');
    expect(decodeDtmf(tones)).toBe(PAN); // the same tones, decoded where the operator would have heard them
    await keyField(stack, run, 'expiry', futureExpiry());
    await keyField(stack, run, 'cvv', '123');
    await page.locator('ivr-pay .result[data-status="approved"]').waitFor({ timeout: 40_000 });
    await sse.waitFor((e) => e.type === 'conversation_restored', 30_000, 'conversation restored');
    await screenshot(page, 'softphone-freeswitch-approved');

    // after the result: the operator hears the customer again
    await takeRecording(page, 'result');
    await esl.api(`uuid_broadcast ${customer} ${tone} aleg`);
    await page.waitForTimeout(2500);
    const after = await takeRecording(page, 'after');
    expect(bandRms(after, 1000)).toBeGreaterThan(0.02);

    await inPhone(page, '[part~="button-hang-up"]').click();
    await until(() => !stack.ivr.calls.get(call.id), 15_000, 'the call to end');
    expect(tab.errors).toEqual([]);
  });

  it('click-to-call through the outbound dial string; hold, ICE restart, reload and rejoin keep the customer audible', async () => {
    await stack.ivr.merchants.updateSettings(m.id, { outboundDialString: 'loopback/{number}/ivrpay-test' });
    const page = tab.page;
    const hearsCustomer = async (label: string) => {
      await startRecording(page);
      const customer = await esl.api(`uuid_getvar ${callId} other_loopback_leg_uuid`);
      await esl.api(`uuid_broadcast ${customer} ${writeToneWav(work, 1000, 2)} aleg`);
      await page.waitForTimeout(2500);
      return bandRms(await takeRecording(page, label), 1000);
    };
    const dialField = inPhone(page, 'form.dial input[name="number"]');
    await dialField.fill('090-7777-8888');
    await inPhone(page, '[part~="button-call"]').click();
    // the customer's (loopback) phone answers, the browser is rung and takes the call by itself
    await inPhone(page, '[data-testid="call-timer"]').waitFor({ timeout: 30_000 });
    const call = await until(() => stack.ivr.calls.forMerchant(m.id).find((c) => c.direction === 'outbound' && c.operators.size > 0), 15_000, 'the outbound call with the browser in it');
    const callId = call.id;
    expect(call).toMatchObject({ callerNumber: '09077778888', did: m.did, requestedBy: op.id });
    await page.waitForTimeout(1500);
    expect(await hearsCustomer('c2c')).toBeGreaterThan(0.02);

    await inPhone(page, '[part~="button-hold"]').click();
    await inPhone(page, '[part~="button-hold"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    // on hold (a sendonly re-INVITE FreeSWITCH accepted) the operator hears nothing
    expect(await hearsCustomer('held')).toBeLessThan(0.005);
    await inPhone(page, '[part~="button-hold"]').click();
    await inPhone(page, '[part~="button-hold"][aria-pressed="false"]').waitFor({ timeout: 10_000 });
    expect(await hearsCustomer('resumed')).toBeGreaterThan(0.02);

    // the browser says the network changed: ICE restart over a re-INVITE; the call carries on
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await inPhone(page, '.in-call .warn').waitFor({ timeout: 5_000 });
    await inPhone(page, '.in-call .warn').waitFor({ state: 'detached', timeout: 15_000 }); // ICE connected again
    expect(await hearsCustomer('ice-restart')).toBeGreaterThan(0.02);

    await page.reload();
    await inPhone(page, '.orphan').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('ivr-pay')?.shadowRoot?.querySelector('ivr-pay-softphone')?.shadowRoot?.querySelector('[data-phone="registered"]'), undefined, { timeout: 20_000 });
    expect(stack.ivr.calls.get(callId)).toBeDefined();
    await inPhone(page, '[part~="button-rejoin"]').click();
    await inPhone(page, '[data-testid="call-timer"]').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1500);
    expect(await hearsCustomer('rejoined')).toBeGreaterThan(0.02);
    await screenshot(page, 'softphone-freeswitch-rejoined');

    await inPhone(page, '[part~="button-hang-up"]').click();
    await until(() => !stack.ivr.calls.get(callId), 15_000, 'the call to end');
    expect(tab.errors).toEqual([]);
  });
});
