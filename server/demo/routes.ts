// The demo CRM's backend: creates payments with the demo merchant's API key exactly as a merchant's server would
// (through the public /v1 API), drives the virtual customer phone, shows the sandbox SMS outbox and switches the demo
// merchant's IVR steps. Serves demo/ at /demo/.
import { resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { serveStatic } from '@hono/node-server/serve-static';
import { JOBS } from '../payments/types.js';
import { SANDBOX_CARDS } from '../gateway/sandbox-cards.js';
import { ApiError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import type { VirtualPhones } from './virtual-phone.js';
import type { MerchantStore } from '../merchants/store.js';
import { SandboxSmsProvider } from '../sms/sandbox.js';
import { toE164, type SmsProvider } from '../sms/types.js';
import { DEMO_MOBILE } from './seed.js';

export interface DemoDeps {
  merchantName: string;
  apiKey: string;
  dids: string[];
  simulator: boolean;
  phones: VirtualPhones | null;
  /** the app itself, so the demo CRM calls the public API like any merchant server */
  api: (path: string, init: RequestInit) => Promise<Response>;
  /** the server's SMS provider: its outbox is shown on the page when it is the sandbox */
  sms: SmsProvider | null;
  /** the demo merchant, whose IVR steps the page switches on and off */
  merchants: MerchantStore;
  merchantId: string;
}

/** The numbers the demo's customer uses (E.164): the SMS check texts them, the page shows their texts. */
const DEMO_NUMBERS = new Set([toE164(DEMO_MOBILE)!]);

const Options = z
  .object({ smsCheck: z.boolean(), askMethodInIvr: z.boolean(), confirmAmount: z.boolean() })
  .partial()
  .strict();

const CreateBody = z.object({
  orderId: z.string().min(1).max(64).optional(),
  amount: z.number().int().min(0).max(99_999_999),
  currency: z.string().regex(/^[A-Z]{3}$/).default('JPY'),
  job: z.enum(JOBS),
  memberId: z.string().min(1).max(60).optional(),
  /** the customer's mobile for the SMS check: only the demo's own number (a demo page must not text anyone else) */
  customerPhone: z
    .string()
    .max(32)
    .refine((v) => DEMO_NUMBERS.has(toE164(v) ?? ''), `the demo customer's mobile (${DEMO_MOBILE}) only`)
    .optional(),
});

export function mountDemo(app: Hono, d: DemoDeps): void {
  const phones = () => {
    if (!d.phones) throw new ApiError(503, 'telephony_unavailable', 'the virtual phone is not connected to FreeSWITCH');
    return d.phones;
  };
  /** virtual phones this demo placed: only those may be keyed or hung up from the page */
  const placed = new Set<string>();

  /** The merchant's numbers and what each one does (operator line, payment IVR), read with the demo's API key like any merchant server would. */
  const numbers = async (): Promise<{ number: string; mode: string | null }[]> => {
    const headers = { authorization: `Bearer ${d.apiKey}`, accept: 'application/json' };
    try {
      const { merchants } = (await (await d.api('/v1/merchants', { headers })).json()) as { merchants?: { id: string }[] };
      const id = merchants?.[0]?.id;
      const res = id ? await d.api(`/v1/merchants/${encodeURIComponent(id)}/dids`, { headers }) : null;
      const body = res?.ok ? ((await res.json()) as { dids?: { number: string; mode: string }[] }) : null;
      if (body?.dids) return body.dids.map(({ number, mode }) => ({ number, mode }));
    } catch {
      // the page still gets the bare numbers
    }
    return d.dids.map((number) => ({ number, mode: null }));
  };

  /** The demo merchant's IVR steps around the card, as the page's switches show them. */
  const options = async () => {
    const s = (await d.merchants.get(d.merchantId))?.settings;
    return { smsCheck: s?.smsCheck ?? false, askMethodInIvr: s?.askMethodInIvr ?? false, confirmAmount: s?.confirmAmount ?? true };
  };

  app.get('/demo/api/config', async (c) =>
    c.json({
      merchantName: d.merchantName,
      dids: d.dids,
      numbers: await numbers(),
      simulator: d.simulator,
      options: await options(),
      customerMobile: DEMO_MOBILE,
      testCards: SANDBOX_CARDS.map((t) => ({ number: t.number, outcome: t.outcome, brand: t.brand, note: t.note })),
    }),
  );

  app.post('/demo/api/payments', validate('json', CreateBody), async (c) => {
    const body = c.req.valid('json');
    const orderId = body.orderId ?? `DEMO-${Date.now().toString(36).toUpperCase()}-${randomInt(1000, 9999)}`;
    const res = await d.api('/v1/payments', {
      method: 'POST',
      headers: { authorization: `Bearer ${d.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, orderId, ...(body.job === 'register' || body.job === 'capture+register' ? { memberId: body.memberId ?? `M${randomInt(100000, 999999)}` } : {}) }),
    });
    const json = (await res.json()) as { payment?: { id: string; identification?: unknown }; widgetToken?: string; error?: unknown };
    if (!res.ok || !json.payment) return c.json(json, res.status as 400);
    // transfer mode: the id the operator reads to the customer (the page's virtual phone can key it)
    return c.json({ paymentId: json.payment.id, widgetToken: json.widgetToken, orderId, identification: json.payment.identification ?? null });
  });

  // demo only: lets a person try each IVR step without the console (payments already running keep their settings)
  app.post('/demo/api/options', validate('json', Options), async (c) => {
    await d.merchants.updateSettings(d.merchantId, c.req.valid('json'));
    return c.json({ options: await options() });
  });

  /** The sandbox SMS outbox as the demo customer's phone would show it, newest first. */
  app.get('/demo/api/sms', async (c) => {
    if (!(d.sms instanceof SandboxSmsProvider)) throw new ApiError(503, 'sms_unavailable', 'the server does not use the sandbox SMS provider (IVRPAY_SMS=sandbox): texts go to real phones');
    const messages = d.sms
      .messages()
      .filter((m) => DEMO_NUMBERS.has(m.to))
      .map(({ to, body, at }) => ({ to, body, at }))
      .reverse();
    return c.json({ messages });
  });

  const Did = z.object({ did: z.string().regex(/^\+?[0-9]{2,32}$/) });
  app.post('/demo/api/phone/call', validate('json', Did), async (c) => {
    const { did } = c.req.valid('json');
    try {
      const phoneId = await phones().call(did);
      placed.add(phoneId);
      return c.json({ phoneId });
    } catch (err) {
      throw new ApiError(503, 'telephony_unavailable', String((err as Error).message));
    }
  });

  const Keys = z.object({ keys: z.string().regex(/^[0-9*#]{1,64}$/, '0-9 * # only') });
  app.post('/demo/api/phone/:phoneId/keys', validate('json', Keys), async (c) => {
    const id = c.req.param('phoneId');
    if (!placed.has(id)) throw new ApiError(404, 'not_found', 'no such virtual phone');
    await phones().press(id, c.req.valid('json').keys);
    return c.json({ ok: true });
  });

  app.post('/demo/api/phone/:phoneId/hangup', async (c) => {
    const id = c.req.param('phoneId');
    if (!placed.delete(id)) throw new ApiError(404, 'not_found', 'no such virtual phone');
    await phones().hangUp(id).catch(() => {});
    return c.json({ ok: true });
  });

  app.use('/demo/*', serveStatic({ root: resolve(import.meta.dirname, '../..') }));
  app.get('/demo', (c) => c.redirect('/demo/'));
}
