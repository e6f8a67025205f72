// Console flows that run payments: the live board changing while a capture runs, webhooks signed as documented and
// retried with backoff (also across a restart), the retention purge removing exactly the old authorization data,
// the typed client. Ends by scanning everything written (and every webhook body) for card numbers.
import { sql } from 'drizzle-orm';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, until } from '../support/stack.js';
import { merchantUser, platformAdmin, type ConsoleUser } from '../support/console-client.js';
import { futureExpiry, keyCard, startCapture } from '../support/payment-run.js';
import { createIvrpayClient, verifyWebhookSignature } from '../../client/index.js';
import { openSqlite as openDatabase } from '../../server/db/index.js';
import { MerchantStore } from '../../server/merchants/store.js';
import { EventLog } from '../../server/payments/event-log.js';
import { LocalEventBus } from '../../server/payments/event-bus.js';
import { PaymentService } from '../../server/payments/service.js';
import { WebhookEndpoints } from '../../server/webhooks/endpoints.js';
import { WebhookDispatcher } from '../../server/webhooks/dispatcher.js';
import { createLogger, MemorySink } from '../../server/log/logger.js';
import { purgeAuthorizationData } from '../../server/retention/purge.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local order system: answers with the next status in `plan` (then 204). */
async function receiver(plan: number[] = []): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(plan.shift() ?? 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got, server };
}

let stack: Stack;
let root: ConsoleUser;
const webhookBodies: string[] = [];
beforeAll(async () => {
  stack = await Stack.start({ webhooks: { backoffMs: [200, 400], pollMs: 50 } });
  root = await platformAdmin(stack);
});
afterAll(async () => {
  expect(findCardNumbers(stack.written() + webhookBodies.join('\n'))).toEqual([]);
  await stack.close();
});

describe('live board', () => {
  it("shows the merchant's payment moving through the capture, and nothing of other merchants", async () => {
    const m = await stack.merchant();
    const other = await stack.merchant();
    const op = await merchantUser(stack, root, m.id, 'operator');
    const ctl = new AbortController();
    const res = await fetch(`${stack.url}/v1/merchants/${m.id}/live`, { headers: { cookie: op.cookie }, signal: ctl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const frames: { event: string; data: any }[] = [];
    let raw = '';
    void (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          raw += value;
          const blocks = raw.split('\n\n');
          raw = blocks.pop()!;
          for (const b of blocks) {
            const event = /^event: (.*)$/m.exec(b)?.[1];
            const data = /^data: (.*)$/m.exec(b)?.[1];
            if (event && data) frames.push({ event, data: JSON.parse(data) });
            stack.apiBodies.push(b);
          }
        }
      } catch {
        /* aborted */
      }
    })();
    await until(() => frames.find((f) => f.event === 'snapshot'), 5_000, 'snapshot');
    await stack.createPayment(other);
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    await until(() => frames.find((f) => f.event === 'payment' && f.data.status === 'approved'), 5_000, 'approved on the board');
    const mine = frames.filter((f) => f.event === 'payment').map((f) => f.data);
    expect(new Set(mine.map((e) => e.id))).toEqual(new Set([run.paymentId]));
    const steps = mine.map((e) => e.step);
    expect(steps).toEqual(expect.arrayContaining(['pan', 'expiry', 'cvv', 'authorizing', 'done']));
    expect(mine.some((e) => e.step === 'pan' && e.entered > 0 && e.expected === 16)).toBe(true);
    expect(mine.at(-1)).toMatchObject({ status: 'approved', brand: 'visa', last4: '1111', step: 'done' });
    ctl.abort();
    await stack.phone.hangUp(run.phone);
  });
});

describe('webhooks', () => {
  it('POSTs every final status, signed as documented, retrying with backoff after a failure', async () => {
    const m = await stack.merchant();
    const admin = await merchantUser(stack, root, m.id, 'merchant_admin');
    const rx = await receiver([500]);
    const created = await admin.request('POST', `/v1/merchants/${m.id}/webhooks`, { url: rx.url });
    expect(created.status).toBe(201);
    const secret: string = created.json.secret;
    expect(secret).toMatch(/^whsec_/);
    expect((await admin.request('GET', `/v1/merchants/${m.id}/webhooks`)).text).not.toContain(secret);

    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '4242424242424242', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    const { payment } = await stack.createPayment(m);
    await stack.api('POST', `/v1/payments/${payment.id}/cancel`, m.apiKey);

    await until(() => rx.got.filter((g) => g.headers['ivrpay-event-type'] === 'payment.approved').length >= 2 && rx.got.some((g) => g.headers['ivrpay-event-type'] === 'payment.canceled'), 10_000, 'webhooks');
    webhookBodies.push(...rx.got.map((g) => g.body));
    const approved = rx.got.filter((g) => g.headers['ivrpay-event-type'] === 'payment.approved');
    // the first attempt got a 500, the retry the same body, freshly signed
    expect(approved[0]!.body).toBe(approved[1]!.body);
    for (const g of rx.got) {
      const header = g.headers['ivrpay-signature'] as string;
      expect(header).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
      expect(verifySignature(secret, header, g.body)).toMatchObject({ ok: true });
      expect(verifySignature(secret, header, g.body + ' ').ok).toBe(false);
      expect(g.headers['content-type']).toBe('application/json');
    }
    const body = JSON.parse(approved[0]!.body);
    expect(body).toMatchObject({ type: 'payment.approved', id: approved[0]!.headers['ivrpay-event-id'], data: { payment: { id: run.paymentId, status: 'approved', last4: '4242' }, event: { type: 'approved' } } });

    const log = await admin.request('GET', `/v1/merchants/${m.id}/webhook-deliveries`);
    const d = log.json.deliveries.find((x: any) => x.paymentId === run.paymentId);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204, url: rx.url });
    expect(log.text).not.toContain('payload');
    rx.server.close();
    await stack.phone.hangUp(run.phone);
  });

  it('gives up after the backoff schedule, and a stored delivery is sent after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivrpay-wh-'));
    const file = join(dir, 'db.sqlite');
    const rx = await receiver([503, 503, 503]);
    const log = createLogger('silent', new MemorySink());
    const open = () => {
      const db = openDatabase(file);
      const bus = new LocalEventBus();
      const events = new EventLog(db);
      const payments = new PaymentService(db, events, bus);
      const endpoints = new WebhookEndpoints(db);
      return { db, bus, payments, endpoints };
    };
    // first run: the order system is down; the schedule (2 retries) runs out → failed
    const a = open();
    const merchant = await new MerchantStore(a.db).create('W');
    await a.endpoints.create(merchant.id, rx.url);
    const dispatcher = new WebhookDispatcher(a.db, a.endpoints, log, { backoffMs: [50, 50], pollMs: 20 });
    await dispatcher.start(a.bus);
    const p1 = (await a.payments.create(merchant.id, { orderId: 'W-1', amount: 1, currency: 'JPY', job: 'auth' })).payment;
    await a.payments.advance(p1.id, 'canceled', 'canceled');
    await until(async () => (await dispatcher.list(merchant.id))[0]?.status === 'failed', 5_000, 'given up');
    expect((await dispatcher.list(merchant.id))[0]).toMatchObject({ attempts: 3, lastStatus: 503, nextAttemptAt: null });
    // a second payment ends while the server is stopped before it could send
    dispatcher.stop();
    const p2 = (await a.payments.create(merchant.id, { orderId: 'W-2', amount: 1, currency: 'JPY', job: 'auth' })).payment;
    await a.payments.advance(p2.id, 'canceled', 'canceled');
    await a.db.close();
    // restart: the event is found from the stored cursor and delivered
    const b = open();
    const again = new WebhookDispatcher(b.db, b.endpoints, log, { backoffMs: [50, 50], pollMs: 20 });
    await again.start(b.bus);
    await until(async () => (await again.list(merchant.id)).find((x) => x.paymentId === p2.id)?.status === 'delivered', 5_000, 'delivered after restart');
    expect((await again.list(merchant.id)).filter((x) => x.paymentId === p2.id)).toHaveLength(1);
    again.stop();
    await b.db.close();
    rx.server.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('after approval from the console', () => {
  it('offers the operations the gateway allows (sale, void), to admins only, and voids through the payment API', async () => {
    const m = await stack.merchant();
    const admin = await merchantUser(stack, root, m.id, 'merchant_admin');
    const op = await merchantUser(stack, admin, m.id, 'operator');
    const run = await startCapture(stack, m);
    await keyCard(stack, run, { pan: '3530111333300000', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    await stack.phone.hangUp(run.phone);
    const detail = await admin.request('GET', `/v1/merchants/${m.id}/payments/${run.paymentId}`);
    expect(detail.json.actions).toEqual(['sale', 'void']); // an authorization: recorded as a sale or voided, not refunded
    expect(detail.json.actions).not.toContain('cancel');
    expect((await op.request('GET', `/v1/merchants/${m.id}/payments/${run.paymentId}`)).json.actions).toEqual([]);
    const refused = await op.request('POST', `/v1/merchants/${m.id}/payments/${run.paymentId}/void`);
    expect([refused.status, refused.json.error.code]).toEqual([403, 'forbidden']);
    const voided = await admin.request('POST', `/v1/merchants/${m.id}/payments/${run.paymentId}/void`);
    expect(voided.status).toBeLessThan(300);
    const after = await admin.request('GET', `/v1/merchants/${m.id}/payments/${run.paymentId}`);
    expect(after.json.payment.status).toBe('voided');
    expect(after.json.actions).not.toContain('void');
    const audit = (await admin.request('GET', `/v1/merchants/${m.id}/audit`)).json.entries;
    expect(audit.find((e: any) => e.action === 'payment.void' && e.actorType === 'operator')).toMatchObject({ actorId: admin.user.id });
  });
});

describe('retention', () => {
  it('purges exactly the authorization data of payments that ended before the cutoff', async () => {
    const m = await stack.merchant();
    const ids: string[] = [];
    for (const orderId of ['OLD-1', 'NEW-1']) {
      const run = await startCapture(stack, m, { orderId });
      await keyCard(stack, run, { pan: '5555555555554444', exp: futureExpiry(), cvv: '123' });
      await run.sse.waitForType('conversation_restored');
      await stack.phone.hangUp(run.phone);
      // the operator is free for the next call once the server has seen this one end (the hang-up reaches it later)
      await until(() => !stack.ivr.calls.get(run.callId), 5_000, 'the call to end');
      ids.push(run.paymentId);
    }
    const open = await stack.createPayment(m, { orderId: 'OLD-OPEN' });
    const longAgo = new Date(Date.now() - 31 * 86_400_000).toISOString();
    await stack.query(sql`UPDATE payments SET updated_at = ${longAgo}, created_at = ${longAgo} WHERE id IN (${ids[0]}, ${open.payment.id})`);
    const row = async (id: string) => (await stack.query<any>(sql`SELECT status, order_id, amount, brand, last4, approval_code, transaction_id FROM payments WHERE id = ${id}`)).map((r) => ({ ...r, amount: Number(r.amount) }))[0];
    const events = (id: string) => stack.query<any>(sql`SELECT type, data FROM payment_events WHERE payment_id = ${id} ORDER BY seq`);
    const newBefore = [await row(ids[1]!), await events(ids[1]!)];
    const oldEventsBefore = await events(ids[0]!);
    expect((await row(ids[0]!)).approval_code).toBeTruthy();

    const r = await purgeAuthorizationData(stack.ivr.db, 30);
    expect(r.payments).toBe(1);
    expect(await row(ids[0]!)).toEqual({ status: 'approved', order_id: 'OLD-1', amount: 12800, brand: null, last4: null, approval_code: null, transaction_id: null });
    const oldEvents = await events(ids[0]!);
    expect(oldEvents.map((e) => e.type)).toEqual(oldEventsBefore.map((e) => e.type));
    expect(oldEvents.map((e) => e.data).join()).not.toMatch(/brand|last4|approvalCode|transactionId|cardToken/);
    expect(oldEvents.find((e: any) => e.type === 'digit').data).toMatch(/entered/);
    expect([await row(ids[1]!), await events(ids[1]!)]).toEqual(newBefore);
    expect((await row(open.payment.id)).status).toBe('created');
    expect(await purgeAuthorizationData(stack.ivr.db, 30)).toMatchObject({ payments: 0, events: 0 });
  });
});

describe('typed client', () => {
  it('creates and searches payments with the API key', async () => {
    const m = await stack.merchant();
    const client = createIvrpayClient(stack.url, m.apiKey);
    const res = await client.payments.$post({ json: { orderId: 'TYPED-1', amount: 500, currency: 'JPY', job: 'auth' } });
    expect(res.status).toBe(201);
    const created = await res.json();
    if (!('payment' in created)) throw new Error('no payment');
    expect(created.payment.orderId).toBe('TYPED-1');
    const found = await client.merchants[':mid'].payments.$get({ param: { mid: m.id }, query: { orderId: 'TYPED' } });
    const body = await found.json();
    expect(body.payments.map((p) => p.id)).toEqual([created.payment.id]);
  });
});

const verifySignature = verifyWebhookSignature;
