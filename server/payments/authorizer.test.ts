// Tests the Authorizer's gateway routing: each merchant's payment goes to that merchant's gateway with the pay
// method and registration mode, the approval stores the method and when the card was charged, and an inquiry after
// a timeout carries the hint an adapter needs to rebuild its idempotent request.
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openSqlite as openDatabase } from '../db/index.js';
import { merchants } from '../db/sqlite-schema.js';
import { SandboxGateway } from '../gateway/sandbox.js';
import { testCard } from '../gateway/testing/cards.js';
import type { GatewayRequest, InquiryHint, PaymentGateway } from '../gateway/types.js';
import { nowIso } from '../ids.js';
import { Authorizer } from './authorizer.js';
import { EventLog } from './event-log.js';
import { LocalEventBus } from './event-bus.js';
import { PaymentService } from './service.js';

class Recording extends SandboxGateway {
  readonly requests: Omit<GatewayRequest, 'card'>[] = [];
  readonly hints: (InquiryHint | undefined)[] = [];
  override async execute(req: GatewayRequest, signal: AbortSignal) {
    const { card: _card, ...rest } = req;
    this.requests.push(rest);
    return super.execute(req, signal);
  }
  override async inquire(merchantId: string, orderId: string, signal: AbortSignal, hint?: InquiryHint) {
    this.hints.push(hint);
    return super.inquire(merchantId, orderId, signal);
  }
}

describe('Authorizer', () => {
  it("sends each payment to its merchant's gateway with the pay method and registration mode", async () => {
    const db = openDatabase(':memory:');
    for (const id of ['mer_a', 'mer_b']) await db.q.insert(merchants).values({ id, name: id, settings: '{}', createdAt: nowIso() });
    const payments = new PaymentService(db, new EventLog(db), new LocalEventBus());
    const a = new Recording(db, { latencyMs: 0, hangMs: 0 });
    const b = new Recording(db, { latencyMs: 0, hangMs: 400 });
    const gateways = new Map<string, PaymentGateway>([['mer_a', a], ['mer_b', b]]);
    const authorizer = new Authorizer({ forMerchant: (id) => gateways.get(id)! }, payments, pino({ level: 'silent' }), {
      timeoutMs: 150,
      inquiryBackoffMs: [50],
      registrationFor: (id) => (id === 'mer_a' ? 'add' : 'replace'),
    });
    const start = async (merchantId: string, job: 'capture' | 'register', over: object = {}) => {
      const { payment } = await payments.create(merchantId, { orderId: `O-${Math.random().toString(36).slice(2)}`, amount: job === 'register' ? 0 : 30_000, currency: 'JPY', job, memberId: job === 'register' ? 'M-1' : null, ...over });
      await payments.advance(payment.id, 'capturing', 'capture_started');
      await payments.advance(payment.id, 'authorizing', 'authorizing');
      return (await payments.row(payment.id))!;
    };

    const installments = await start('mer_a', 'capture', { method: { kind: 'installments', count: 6 } });
    expect(await authorizer.run(installments, testCard('4111111111111111', '1230'))).toBe('approved');
    expect(a.requests[0]).toMatchObject({ merchantId: 'mer_a', method: { kind: 'installments', count: 6 }, registration: 'add' });
    expect(await payments.row(installments.id)).toMatchObject({ status: 'approved', payMethod: 'installments', installmentCount: 6, chargedAt: expect.any(String) });

    const register = await start('mer_b', 'register');
    expect(await authorizer.run(register, testCard('4000000000000259', '1230'))).toBe('reconciling');
    expect(a.requests).toHaveLength(1);
    expect(b.requests[0]).toMatchObject({ merchantId: 'mer_b', job: 'register', registration: 'replace' });
    for (let i = 0; i < 40 && (await payments.row(register.id))?.status === 'authorizing'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await payments.row(register.id)).toMatchObject({ status: 'approved', chargedAt: null, cardToken: expect.stringMatching(/^tok_/) });
    expect(b.hints[0]).toEqual({ job: 'register', memberId: 'M-1', registration: 'replace', amount: 0, currency: 'JPY', method: { kind: 'lump' } });
    authorizer.stop();
  });
});
