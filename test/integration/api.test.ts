// The HTTP API's edges: credentials, one merchant unable to see or touch another's payments and calls, bad input
// refused with a clear 4xx and nothing written, idempotent creation, SSE replay with Last-Event-ID.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, type TestMerchant } from '../support/stack.js';
import { futureExpiry, keyCard, startCapture } from '../support/payment-run.js';

let stack: Stack;
let a: TestMerchant;
let b: TestMerchant;
beforeAll(async () => {
  stack = await Stack.start();
  a = await stack.merchant();
  b = await stack.merchant();
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  await stack.close();
});

const count = async (table: string) => Number((await stack.query<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]!.n);

describe('credentials', () => {
  it('refuses requests without, or with a wrong, key or token', async () => {
    for (const cred of [null, 'ivp_nope', 'wt1.abc.def', 'something']) {
      const res = await stack.api('GET', '/v1/calls', cred);
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unauthorized');
      expect(res.json.error.message.length).toBeGreaterThan(10);
    }
  });

  it('a widget token cannot create payments or mint tokens', async () => {
    const { payment, token } = await stack.createPayment(a);
    expect((await stack.api('POST', '/v1/payments', token, { orderId: 'X1', amount: 1, job: 'auth' })).status).toBe(403);
    expect((await stack.api('POST', `/v1/payments/${payment.id}/widget-token`, token)).status).toBe(403);
  });
});

describe('merchants are isolated', () => {
  it("one merchant cannot read, capture, re-request, cancel or stream another's payment", async () => {
    const { payment, token } = await stack.createPayment(a);
    const { payment: other, token: otherToken } = await stack.createPayment(b);
    for (const [method, path, body] of [
      ['GET', `/v1/payments/${payment.id}`, undefined],
      ['POST', `/v1/payments/${payment.id}/capture`, {}],
      ['POST', `/v1/payments/${payment.id}/rerequest`, { field: 'pan' }],
      ['POST', `/v1/payments/${payment.id}/cancel`, undefined],
      ['POST', `/v1/payments/${payment.id}/widget-token`, undefined],
      ['GET', `/v1/payments/${payment.id}/events`, undefined],
    ] as const) {
      const byKey = await stack.api(method, path, b.apiKey, body);
      expect([byKey.status, byKey.json.error.code], `${method} ${path} with B's key`).toEqual([404, 'not_found']);
      if (!path.endsWith('widget-token')) {
        const byToken = await stack.api(method, path, otherToken, body);
        expect([byToken.status, byToken.json.error.code], `${method} ${path} with a token for another payment`).toEqual([404, 'not_found']);
      }
    }
    // a's widget token for its own payment still works, and b's payment is untouched
    expect((await stack.api('GET', `/v1/payments/${payment.id}`, token)).status).toBe(200);
    expect((await stack.api('GET', `/v1/payments/${other.id}`, b.apiKey)).json.status).toBe('created');
    expect((await stack.api('GET', `/v1/payments/${payment.id}`, a.apiKey)).json.status).toBe('created');
  });

  it("one merchant does not see another's calls and cannot capture on them", async () => {
    const { phone, callId } = await stack.customerCalls(a);
    const listA = await stack.api('GET', '/v1/calls', a.apiKey);
    const listB = await stack.api('GET', '/v1/calls', b.apiKey);
    expect(listA.json.calls.map((c: { id: string }) => c.id)).toContain(callId);
    expect(listB.json.calls.map((c: { id: string }) => c.id)).not.toContain(callId);
    const { payment, token } = await stack.createPayment(b);
    const res = await stack.api('POST', `/v1/payments/${payment.id}/capture`, token, { callId });
    expect([res.status, res.json.error.code]).toEqual([409, 'no_call']);
    const tokenView = await stack.api('GET', '/v1/calls', (await stack.createPayment(a)).token);
    const mine = tokenView.json.calls.find((c: { id: string }) => c.id === callId);
    expect(mine.caller).toMatch(/^•+\d{4}$/);
    await stack.phone.hangUp(phone);
  });
});

describe('bad input', () => {
  const cases: [string, unknown][] = [
    ['no body', undefined],
    ['not JSON', '{"orderId": '],
    ['missing job', { orderId: 'O-1', amount: 100 }],
    ['unknown job', { orderId: 'O-1', amount: 100, job: 'steal' }],
    ['negative amount', { orderId: 'O-1', amount: -5, job: 'auth' }],
    ['fractional amount', { orderId: 'O-1', amount: 10.5, job: 'auth' }],
    ['zero amount for auth', { orderId: 'O-1', amount: 0, job: 'auth' }],
    ['register without member', { orderId: 'O-1', amount: 0, job: 'register' }],
    ['lowercase currency', { orderId: 'O-1', amount: 100, job: 'auth', currency: 'jpy' }],
    ['order id with spaces', { orderId: 'O 1', amount: 100, job: 'auth' }],
    ['card number as member id', { orderId: 'O-2', amount: 100, job: 'capture+register', memberId: '4111111111111111' }],
    ['card number in the order id', { orderId: 'ORD-4242424242424242', amount: 100, job: 'auth' }],
    ['unknown field', { orderId: 'O-1', amount: 100, job: 'auth', pan: '4111111111111111' }],
  ];
  it.each(cases)('%s → 400 validation_failed, nothing written', async (_name, body) => {
    const before = [await count('payments'), await count('payment_events'), await count('audit_log')];
    const res = await stack.api('POST', '/v1/payments', a.apiKey, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.message).toMatch(/\S{3,}/);
    expect(JSON.stringify(res.json)).not.toMatch(/4111111111111111|4242424242424242/);
    expect([await count('payments'), await count('payment_events'), await count('audit_log')]).toEqual(before);
  });

  it('a job the merchant has not enabled → 422, nothing written', async () => {
    const m = await stack.merchant({ allowedJobs: ['auth'] });
    const before = await count('payments');
    const res = await stack.api('POST', '/v1/payments', m.apiKey, { orderId: 'O-R', amount: 0, job: 'register', memberId: 'M1' });
    expect([res.status, res.json.error.code]).toEqual([422, 'job_not_allowed']);
    expect(await count('payments')).toBe(before);
  });

  it('re-request of an unknown field, and capture with no live call, are refused clearly', async () => {
    const { payment, token } = await stack.createPayment(b);
    const r1 = await stack.api('POST', `/v1/payments/${payment.id}/rerequest`, token, { field: 'pin' });
    expect([r1.status, r1.json.error.code]).toEqual([400, 'validation_failed']);
    const r2 = await stack.api('POST', `/v1/payments/${payment.id}/capture`, token, {});
    expect([r2.status, r2.json.error.code]).toEqual([409, 'no_call']);
    expect((await stack.api('GET', `/v1/payments/${payment.id}`, token)).json.status).toBe('created');
  });

  it('unknown endpoints answer 404 in the same shape', async () => {
    const res = await stack.api('GET', '/v1/nothing', a.apiKey);
    expect([res.status, res.json.error.code]).toEqual([404, 'not_found']);
  });
});

describe('idempotent creation', () => {
  it('the same order id and values returns the same payment; other values are a conflict', async () => {
    const body = { orderId: `IDEM-${Date.now().toString(36)}`, amount: 5000, currency: 'JPY', job: 'auth' };
    const first = await stack.api('POST', '/v1/payments', a.apiKey, body);
    const again = await stack.api('POST', '/v1/payments', a.apiKey, body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.payment.id).toBe(first.json.payment.id);
    const conflict = await stack.api('POST', '/v1/payments', a.apiKey, { ...body, amount: 5001 });
    expect([conflict.status, conflict.json.error.code]).toEqual([409, 'order_id_conflict']);
    // another merchant may use the same order id
    expect((await stack.api('POST', '/v1/payments', b.apiKey, body)).status).toBe(201);
  });
});

describe('status events', () => {
  it('replay after Last-Event-ID: a reconnecting widget gets exactly what it missed', async () => {
    const run = await startCapture(stack, a);
    await keyCard(stack, run, { pan: '4242424242424242', exp: futureExpiry(), cvv: '123' });
    // the last events of an operator-mode payment: conversation restored (before the gateway), then approved
    await run.sse.waitForType('conversation_restored');
    await run.sse.waitForType('approved');
    const all = run.sse.events;
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((x, y) => x - y));
    expect(new Set(all.map((e) => e.seq)).size).toBe(all.length);
    expect(all[0]!.type).toBe('created');

    const cut = all[10]!.seq;
    const resumed = stack.events(run.paymentId, run.token, cut);
    await resumed.waitFor((e) => e.seq === all.at(-1)!.seq, 5_000, 'last event');
    expect(resumed.events.map((e) => e.seq)).toEqual(all.filter((e) => e.seq > cut).map((e) => e.seq));
    expect(resumed.raw).toContain(`id: ${all.at(-1)!.seq}`);

    const fresh = stack.events(run.paymentId, run.token);
    await fresh.waitFor((e) => e.seq === all.at(-1)!.seq, 5_000, 'last event');
    expect(fresh.events).toEqual(all);
    await stack.phone.hangUp(run.phone);
  });

  it('the widget token works as ?token= for EventSource', async () => {
    const { payment, token } = await stack.createPayment(a);
    const res = await fetch(`${stack.url}/v1/payments/${payment.id}/events?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('"type":"created"');
    await reader.cancel();
  });
});
