// The gateway adapter contract: the same tests against the sandbox, the GMO-PG adapter talking to a local server
// that speaks GMO-PG's card protocol, and the Stripe adapter (official library) talking to a local server that
// speaks Stripe's wire format. Every job, sale, void, refund, registration (replace / add), pay methods, error
// mapping, timeout then retry → exactly one charge; and no PAN, expiry or security code in any request log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openSqlite as openDatabase } from '../../server/db/index.js';
import { MemorySink } from '../../server/log/logger.js';
import { SandboxGateway } from '../../server/gateway/sandbox.js';
import { GmoPgGateway } from '../../server/gateway/gmo-pg/gateway.js';
import { gmoOrderId } from '../../server/gateway/gmo-pg/wire.js';
import { StripeGateway } from '../../server/gateway/stripe/gateway.js';
import { testCard } from '../../server/gateway/testing/cards.js';
import type { GatewayOutcome, GatewayRequest, InquiryHint, OperationRequest, PaymentGateway } from '../../server/gateway/types.js';
import type { Job, PayMethod } from '../../server/payments/types.js';
import { FakeGmoPg } from '../support/gateways/gmo-pg-server.js';
import { FakeStripe } from '../support/gateways/stripe-server.js';

/** Card data every test uses: a distinctive expiry (07/2039) and security code, so a leak is found by the scan. */
const EXP = '0739';
const CVV = '741';
const AMEX_CVV = '7413';
const HANG_MS = 1_500;
const ALL_METHODS = ['installments', 'bonus', 'revolving'] as const;
const COUNTS = [3, 5, 6, 10, 12, 15, 18, 20, 24];

interface Harness {
  gateway: PaymentGateway;
  /** the request log every adapter writes to (a logger WITHOUT ivrpay's redactor: what reaches it is what the adapter passed) */
  log: MemorySink;
  /** times the gateway ran the card for an order (charge or check) */
  executions(orderId: string): number | Promise<number>;
  /** minor units given back on an order, as the gateway's records say */
  refunded(orderId: string): number | Promise<number>;
  clock: { now: Date };
  /** the same gateway with wrong credentials (none for the sandbox, which has none) */
  withBadCredentials?: () => PaymentGateway;
  close(): Promise<void>;
}

const adapters: [string, () => Promise<Harness>][] = [
  [
    'sandbox',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ivrpay-contract-'));
      const clock = { now: new Date() };
      const gateway = new SandboxGateway(openDatabase(join(dir, 'sandbox.db')), { latencyMs: 5, hangMs: HANG_MS, now: () => clock.now });
      return {
        gateway,
        log: new MemorySink(),
        clock,
        executions: async (o) => (await gateway.ledger(M, o)).filter((r) => r.outcome === 'approved').length,
        refunded: async (o) => (await gateway.ledger(M, o))[0]?.refundedAmount ?? 0,
        close: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'gmo-pg',
    async () => {
      const clock = { now: new Date() };
      const creds = { shopId: 'tshop00099901', shopPass: 'Shop1Pass', siteId: 'tsite00099901', sitePass: 'Site1Pass' };
      const fake = await FakeGmoPg.start({ ...creds, hangMs: HANG_MS, now: () => clock.now });
      const log = new MemorySink();
      const make = (shopPass: string) => new GmoPgGateway({ endpoint: fake.url, ...creds, shopPass, methods: ALL_METHODS, installmentCounts: COUNTS }, pino({ level: 'debug' }, log), { now: () => clock.now });
      return {
        gateway: make(creds.shopPass),
        log,
        clock,
        executions: (o) => fake.executions.get(gmoOrderId(o)) ?? 0,
        refunded: (o) => {
          const t = fake.trade(gmoOrderId(o));
          return !t ? 0 : ['VOID', 'RETURN', 'RETURNX'].includes(t.Status) ? originalAmount.get(o)! : originalAmount.get(o)! - t.Amount;
        },
        withBadCredentials: () => make('Wrong1Pass'),
        close: () => fake.close(),
      };
    },
  ],
  [
    'stripe',
    async () => {
      const secretKey = 'sk_test_ivrpayContract0001';
      const fake = await FakeStripe.start({ secretKey, hangMs: HANG_MS });
      const log = new MemorySink();
      const make = (key: string) => new StripeGateway({ secretKey: key, apiBase: fake.url, moto: true, methods: ALL_METHODS, installmentCounts: COUNTS, timeoutMs: 10_000 }, pino({ level: 'debug' }, log));
      return {
        gateway: make(secretKey),
        log,
        clock: { now: new Date() },
        executions: (o) => fake.confirmations.get(o) ?? 0,
        refunded: (o) => [...fake.refunds.values()].filter((r) => fake.paymentIntents.get(r.payment_intent)?.metadata.ivrpay_order === o).reduce((s, r) => s + r.amount, 0),
        withBadCredentials: () => make('sk_test_notTheRightKey99'),
        close: () => fake.close(),
      };
    },
  ],
];

const M = 'mer_contract';
const originalAmount = new Map<string, number>();
const chargedAt = new Map<string, string>();
let seq = 0;
const orderId = (tag: string) => `C-${tag}-${Date.now().toString(36)}-${++seq}`;
const signal = () => AbortSignal.timeout(10_000);

describe.each(adapters)('gateway contract: %s', (name, setup) => {
  let h: Harness;
  let gw: PaymentGateway;
  const used = new Set<string>();

  beforeAll(async () => {
    h = await setup();
    gw = h.gateway;
  });
  afterAll(async () => {
    // the card-data scan of the adapter's request log: no PAN, no expiry, no security code, and no field names for them
    const text = h.log.text();
    for (const pan of used) expect(text, `PAN ${pan.slice(-4)} in the ${name} request log`).not.toContain(pan);
    // numbers the logger itself writes (time, pid, durations, HTTP status) can hold the same digits: leave them out
    const fields = text.replace(/"(time|pid|level|ms|durationMs|status|httpStatus)":\d+/g, '');
    for (const v of ['0739', '3907', '07/39', '2039', CVV, AMEX_CVV]) expect(fields).not.toMatch(new RegExp(`["=:]${v}(?![0-9])`));
    expect(text).not.toMatch(/CardNo=|"CardNo"|SecurityCode|"Expire"|"number"|"cvc"|exp_month|exp_year|payment_method_data/);
    await h.close();
  });

  function request(job: Job, pan: string, over: Partial<GatewayRequest> = {}): GatewayRequest {
    used.add(pan);
    const id = over.orderId ?? orderId(job);
    const amount = over.amount ?? (job === 'check' || job === 'register' ? 0 : 12_800);
    originalAmount.set(id, amount);
    if (!chargedAt.has(id)) chargedAt.set(id, h.clock.now.toISOString());
    const card = testCard(pan, EXP, pan.startsWith('37') ? AMEX_CVV : CVV);
    return { merchantId: M, job, currency: 'JPY', memberId: null, card, ...over, orderId: id, amount };
  }

  function op(req: GatewayRequest, approved: GatewayOutcome, kind: OperationRequest['kind'], opAmount: number, refundedBefore = 0, operationId = `op_${++seq}`): OperationRequest {
    if (approved.kind !== 'approved') throw new Error(`expected approved, got ${JSON.stringify(approved)}`);
    return { merchantId: M, orderId: req.orderId, transactionId: approved.transactionId, job: req.job, currency: req.currency, amount: req.amount, refundedBefore, operationId, kind, opAmount, chargedAt: chargedAt.get(req.orderId)! };
  }

  const hintOf = (req: GatewayRequest): InquiryHint => ({ job: req.job, memberId: req.memberId, registration: req.registration, amount: req.amount, currency: req.currency, method: req.method });

  it('describes what it can do', () => {
    expect(gw.capabilities.jobs).toEqual(expect.arrayContaining(['auth', 'capture', 'check', 'register', 'capture+register']));
    expect(gw.capabilities.sale).toBe(true);
    expect(gw.capabilities.refund).toBe('partial');
    expect(gw.capabilities.registration).toEqual(['replace', 'add']);
  });

  it('authorizes, then records the sale once (a repeated sale is answered, not repeated)', async () => {
    const req = request('auth', '4111111111111111');
    const approved = await gw.execute(req, signal());
    expect(approved).toMatchObject({ kind: 'approved', transactionId: expect.any(String) });
    const sale = op(req, approved, 'sale', req.amount);
    expect(await gw.inquireOperation(sale, signal())).toBeNull();
    expect(await gw.operate(sale, signal())).toMatchObject({ kind: 'done' });
    expect(await gw.inquireOperation(sale, signal())).toMatchObject({ kind: 'done' });
    expect(await gw.operate(sale, signal())).toMatchObject({ kind: 'done' });
    expect(await h.executions(req.orderId)).toBe(1);
    // a sale under another operation id finds the transaction sold: refused, or (GMO-PG, which has no operation
    // ids and reads the Status) answered as done; either way nothing moves twice
    expect([{ kind: 'refused', code: 'invalid_state' }, { kind: 'done' }]).toContainEqual(expect.objectContaining({ kind: (await gw.operate(op(req, approved, 'sale', req.amount), signal())).kind }));
    expect(await gw.operate(op(req, approved, 'refund', req.amount), signal())).toMatchObject({ kind: 'done' });
    expect(await h.refunded(req.orderId)).toBe(req.amount);
  });

  it('voids an authorization', async () => {
    const req = request('auth', '5555555555554444');
    const approved = await gw.execute(req, signal());
    const v = op(req, approved, 'void', req.amount);
    expect(await gw.operate(v, signal())).toMatchObject({ kind: 'done' });
    expect(await gw.inquireOperation(v, signal())).toMatchObject({ kind: 'done' });
    expect(await gw.operate(op(req, approved, 'sale', req.amount), signal())).toEqual({ kind: 'refused', code: 'invalid_state' });
  });

  it('voids a charge the same day where the gateway can, and says when it cannot', async () => {
    const req = request('capture', '378282246310005');
    const approved = await gw.execute(req, signal());
    const result = await gw.operate(op(req, approved, 'void', req.amount), signal());
    if (gw.capabilities.voidCharge === 'same_day') expect(result).toMatchObject({ kind: 'done' });
    else expect(result).toEqual({ kind: 'refused', code: 'operation_not_supported' });
  });

  it('refuses to void a charge after its business day: only a refund is left', async () => {
    if (gw.capabilities.voidCharge !== 'same_day') return expect(gw.capabilities.voidCharge).toBe('never');
    const req = request('capture', '3530111333300000');
    const approved = await gw.execute(req, signal());
    const charged = op(req, approved, 'void', req.amount);
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 36 * 3_600_000);
    try {
      expect(await gw.operate(charged, signal())).toEqual({ kind: 'refused', code: 'void_window_closed' });
      expect(await gw.operate(op(req, approved, 'refund', req.amount), signal())).toMatchObject({ kind: 'done' });
      expect(await h.refunded(req.orderId)).toBe(req.amount);
    } finally {
      h.clock.now = saved;
    }
  });

  it('refunds in parts, never more than was charged, and a repeated refund once', async () => {
    const req = request('capture', '4242424242424242', { amount: 10_000 });
    const approved = await gw.execute(req, signal());
    const first = op(req, approved, 'refund', 3_000, 0);
    expect(await gw.operate(first, signal())).toMatchObject({ kind: 'done' });
    const second = op(req, approved, 'refund', 3_000, 3_000);
    expect(await gw.operate(second, signal())).toMatchObject({ kind: 'done' });
    expect(await gw.operate(second, signal())).toMatchObject({ kind: 'done' });
    expect(await gw.inquireOperation(second, signal())).toMatchObject({ kind: 'done' });
    expect(await h.refunded(req.orderId)).toBe(6_000);
    expect(await gw.operate(op(req, approved, 'refund', 5_000, 6_000), signal())).toEqual({ kind: 'refused', code: 'refund_exceeds_amount' });
    expect(await gw.operate(op(req, approved, 'refund', 4_000, 6_000), signal())).toMatchObject({ kind: 'done' });
    expect(await h.refunded(req.orderId)).toBe(10_000);
    expect(await h.executions(req.orderId)).toBe(1);
  });

  it('checks a card without charging it', async () => {
    const req = request('check', '30569309025904');
    expect(await gw.execute(req, signal())).toMatchObject({ kind: 'approved', cardToken: null });
    expect(await h.executions(req.orderId)).toBe(1);
  });

  it('registers cards to a member: replace keeps one, add keeps the others', async () => {
    const member = `M-${name}-${++seq}`;
    const register = (pan: string, registration: 'replace' | 'add') => gw.execute(request('register', pan, { memberId: member, registration }), signal());
    const a = await register('4111111111111111', 'replace');
    expect(a).toMatchObject({ kind: 'approved', cardToken: expect.any(String) });
    expect((await gw.cards(M, member, signal())).map((c) => c.last4)).toEqual(['1111']);
    const b = await register('5555555555554444', 'add');
    const cards = await gw.cards(M, member, signal());
    expect(cards.map((c) => [c.last4, c.isDefault])).toEqual([['4444', true], ['1111', false]]);
    expect(cards[0]!.token).toBe(b.kind === 'approved' ? b.cardToken : null);
    await register('3530111333300000', 'replace');
    expect((await gw.cards(M, member, signal())).map((c) => c.last4)).toEqual(['0000']);
    expect(await gw.cards(M, `M-nobody-${seq}`, signal())).toEqual([]);
  });

  it('charges and registers in one job', async () => {
    const member = `M-${name}-${++seq}`;
    const req = request('capture+register', '4242424242424242', { memberId: member });
    const approved = await gw.execute(req, signal());
    expect(approved).toMatchObject({ kind: 'approved', cardToken: expect.any(String) });
    expect((await gw.cards(M, member, signal())).map((c) => [c.token, c.last4])).toEqual([[approved.kind === 'approved' ? approved.cardToken : '', '4242']]);
    expect(await h.executions(req.orderId)).toBe(1);
  });

  it.each<PayMethod>([{ kind: 'installments', count: 6 }, { kind: 'bonus' }, { kind: 'revolving' }, { kind: 'lump' }])('passes the pay method %o to the gateway and back', async (method) => {
    const req = request('capture', '4111111111111111', { method, amount: 60_000 });
    const approved = await gw.execute(req, signal());
    expect(approved).toMatchObject({ kind: 'approved', method });
    expect(await gw.inquire(M, req.orderId, signal(), hintOf(req))).toMatchObject({ kind: 'approved', method });
  });

  it('declines a card that cannot pay in installments, and takes it as a lump sum', async () => {
    const inInstallments = request('capture', '4000000000003311', { method: { kind: 'installments', count: 3 } });
    expect(await gw.execute(inInstallments, signal())).toEqual({ kind: 'declined', code: 'method_not_accepted' });
    expect(await h.executions(inInstallments.orderId)).toBe(0);
    expect(await gw.execute(request('capture', '4000000000003311'), signal())).toMatchObject({ kind: 'approved' });
  });

  it.each([
    ['4000000000000002', { kind: 'declined', code: 'card_declined' }],
    ['4000000000009995', { kind: 'declined', code: 'insufficient_funds' }],
    ['4000000000000069', { kind: 'declined', code: 'expired_card' }],
    ['4000000000000127', { kind: 'declined', code: 'incorrect_cvv' }],
    ['4000000000009979', { kind: 'declined', code: 'card_restricted' }],
    ['4000000000006975', { kind: 'declined', code: 'too_many_uses' }],
    ['4000000000000119', { kind: 'error', code: 'processing_error', charged: false }],
  ] as const)('maps test card %s to %o, charges nothing, and an inquiry never says approved', async (pan, expected) => {
    const req = request('capture', pan);
    expect(await gw.execute(req, signal())).toEqual(expected);
    expect(await h.executions(req.orderId)).toBe(0);
    const asked = await gw.inquire(M, req.orderId, signal(), hintOf(req));
    expect(asked === null || asked.kind === expected.kind).toBe(true);
  });

  it('maps refused credentials to gateway_credentials_invalid', async () => {
    if (!h.withBadCredentials) return expect(name).toBe('sandbox');
    const bad = h.withBadCredentials();
    const req = request('capture', '4111111111111111');
    expect(await bad.execute(req, signal())).toEqual({ kind: 'error', code: 'gateway_credentials_invalid', charged: false });
    expect(await h.executions(req.orderId)).toBe(0);
  });

  it('after a timeout, finds the charge by inquiry, and a retry of the same order charges nothing more', async () => {
    const req = request('capture', '4000000000000259');
    await expect(gw.execute(req, AbortSignal.timeout(300))).rejects.toBeTruthy();
    let found: GatewayOutcome | null = null;
    for (let i = 0; i < 50 && !found; i++) {
      found = await gw.inquire(M, req.orderId, signal(), hintOf(req));
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toMatchObject({ kind: 'approved' });
    const retried = await gw.execute(request('capture', '4000000000000259', { orderId: req.orderId }), signal());
    expect(retried).toMatchObject({ kind: 'approved', transactionId: found!.kind === 'approved' ? found!.transactionId : '' });
    expect(await h.executions(req.orderId)).toBe(1);

    // the same for an operation: a refund whose answer times out is found by inquiry and never repeated
    const refund = op(req, found!, 'refund', req.amount);
    await expect(gw.operate(refund, AbortSignal.timeout(300))).rejects.toBeTruthy();
    await new Promise((r) => setTimeout(r, 100));
    expect(await gw.inquireOperation(refund, signal())).toMatchObject({ kind: 'done' });
    expect(await gw.operate(refund, signal())).toMatchObject({ kind: 'done' });
    expect(await h.refunded(req.orderId)).toBe(req.amount);
  }, 30_000);

  it('logs each request with endpoint, status and duration (HTTP gateways)', () => {
    if (name === 'sandbox') return expect(h.log.text()).toBe('');
    const lines = h.log.text().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(20);
    for (const l of lines) expect(l).toMatchObject({ component: 'gateway', gateway: name, merchantId: M, method: expect.any(String), endpoint: expect.stringMatching(/^\//), ms: expect.any(Number) });
    expect(lines.some((l) => l.errorCode)).toBe(true);
  });
});

describe('Stripe specifics', () => {
  it('sends an Idempotency-Key with every PaymentIntent, SetupIntent and Refund write, and the card in one confirm per order', async () => {
    const secretKey = 'sk_test_ivrpayContract0002';
    const fake = await FakeStripe.start({ secretKey, hangMs: HANG_MS });
    try {
      const gw = new StripeGateway({ secretKey, apiBase: fake.url, moto: true, methods: [], installmentCounts: [] }, pino({ level: 'silent' }));
      const id = orderId('stripe-keys');
      const req: GatewayRequest = { merchantId: M, orderId: id, job: 'auth', amount: 5_000, currency: 'JPY', memberId: null, card: testCard('4242424242424242', EXP, CVV) };
      const approved = await gw.execute(req, signal());
      expect(approved).toMatchObject({ kind: 'approved', approvalCode: expect.stringMatching(/^\d{6}$/) });
      expect(await gw.execute({ ...req, card: testCard('4242424242424242', EXP, CVV) }, signal())).toEqual(approved);
      await gw.operate({ merchantId: M, orderId: id, transactionId: approved.kind === 'approved' ? approved.transactionId : '', job: 'auth', currency: 'JPY', amount: 5_000, refundedBefore: 0, operationId: 'op_keys', kind: 'sale', opAmount: 5_000, chargedAt: null }, signal());
      const writes = fake.calls.filter((c) => /^POST \/v1\/(payment_intents|setup_intents|refunds)/.test(c.route));
      expect(writes.length).toBeGreaterThanOrEqual(5);
      for (const w of writes) expect(w.idempotencyKey, w.route).toMatch(/^ivrpay-/);
      expect(fake.calls.filter((c) => c.route === 'POST /v1/payment_intents/pi_…/confirm' && !c.replayed)).toHaveLength(1);
      expect(fake.confirmations.get(id)).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('answers an account without raw card data access with gateway_configuration_error, nothing charged', async () => {
    const secretKey = 'sk_test_ivrpayContract0003';
    const fake = await FakeStripe.start({ secretKey, hangMs: HANG_MS, rawCardData: false });
    try {
      const gw = new StripeGateway({ secretKey, apiBase: fake.url, moto: true, methods: [], installmentCounts: [] }, pino({ level: 'silent' }));
      const req: GatewayRequest = { merchantId: M, orderId: orderId('stripe-raw'), job: 'capture', amount: 5_000, currency: 'JPY', memberId: null, card: testCard('4242424242424242', EXP, CVV) };
      expect(await gw.execute(req, signal())).toEqual({ kind: 'error', code: 'gateway_configuration_error', charged: false });
      expect(fake.confirmations.size).toBe(0);
    } finally {
      await fake.close();
    }
  });
});
