// The demo CRM backend's additions for the IVR steps (issue #9): the sandbox SMS outbox for the demo's numbers, the
// switches for the demo merchant's steps, the customer's mobile passed on to the payment. Real server and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers } from '../support/stack.js';
import type { SandboxSmsProvider } from '../../server/sms/sandbox.js';

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start({ env: { IVRPAY_DEMO: 'true' } });
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  await stack.close();
});

const demoMerchant = async () => (await stack.ivr.merchants.get(stack.ivr.demo!.merchantId))!;

describe('demo options', () => {
  it('shows the demo merchant’s IVR steps and switches them, one or all at once', async () => {
    // read past stack.api: the config lists the sandbox's test cards for the page, which the written-data scan would flag
    const config = await (await fetch(`${stack.url}/demo/api/config`)).json();
    expect(config.options).toEqual({ smsCheck: false, askMethodInIvr: false, confirmAmount: true });
    expect(config.customerMobile).toBe('090-1234-5678');
    const { status, json } = await stack.api('POST', '/demo/api/options', null, { smsCheck: true, askMethodInIvr: true });
    expect(status).toBe(200);
    expect(json.options).toEqual({ smsCheck: true, askMethodInIvr: true, confirmAmount: true });
    expect((await demoMerchant()).settings).toMatchObject({ smsCheck: true, askMethodInIvr: true, confirmAmount: true });
    await stack.api('POST', '/demo/api/options', null, { confirmAmount: false });
    expect((await demoMerchant()).settings.confirmAmount).toBe(false);
    await stack.api('POST', '/demo/api/options', null, { smsCheck: false, askMethodInIvr: false, confirmAmount: true });
  });

  it('refuses anything but the three switches', async () => {
    expect((await stack.api('POST', '/demo/api/options', null, { smsCheck: 'yes' })).status).toBe(400);
    expect((await stack.api('POST', '/demo/api/options', null, { maxAttempts: 9 })).status).toBe(400);
    expect((await demoMerchant()).settings.maxAttempts).toBe(3);
  });
});

describe('customer mobile and the SMS outbox', () => {
  it('passes the demo customer’s mobile on to the payment; any other number is refused', async () => {
    const ok = await stack.api('POST', '/demo/api/payments', null, { amount: 12800, job: 'capture', customerPhone: '090-1234-5678' });
    expect(ok.status).toBe(200);
    expect((await stack.ivr.payments.row(ok.json.paymentId))!.customerPhone).toBe('+819012345678');
    const other = await stack.api('POST', '/demo/api/payments', null, { amount: 12800, job: 'capture', customerPhone: '090-9999-0000' });
    expect(other.status).toBe(400);
  });

  it('lists the texts to the demo’s numbers, newest first, and nobody else’s', async () => {
    const sms = stack.ivr.sms as SandboxSmsProvider;
    await sms.send({ to: '+819012345678', body: '【デモ商店】確認コード 111111' });
    await sms.send({ to: '+819099990000', body: 'someone else 222222' });
    await new Promise((r) => setTimeout(r, 5));
    await sms.send({ to: '+819012345678', body: 'Demo: your confirmation code is 333333' });
    const { status, json } = await stack.api('GET', '/demo/api/sms', null);
    expect(status).toBe(200);
    expect(json.messages.map((m: { body: string }) => m.body)).toEqual(['Demo: your confirmation code is 333333', '【デモ商店】確認コード 111111']);
    expect(Object.keys(json.messages[0]).sort()).toEqual(['at', 'body', 'to']);
  });
});

describe('without the sandbox SMS provider', () => {
  it('answers 503: the texts went to real phones', async () => {
    const off = await Stack.start({ env: { IVRPAY_DEMO: 'true', IVRPAY_SMS: 'off' } });
    try {
      const { status, json } = await off.api('GET', '/demo/api/sms', null);
      expect(status).toBe(503);
      expect(json.error.code).toBe('sms_unavailable');
    } finally {
      await off.close();
    }
  });
});
