// Tests PaymentOperations on SQLite and the sandbox: one operation at a time, an operation left pending by a
// restart settled once by inquiry (never sent again), one that the gateway never saw failed as not done, and a
// gateway refusal recorded and explained.
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openSqlite as openDatabase, type Db } from '../db/index.js';
import { merchants, paymentOperations } from '../db/sqlite-schema.js';
import { SandboxGateway } from '../gateway/sandbox.js';
import { testCard } from '../gateway/testing/cards.js';
import type { PaymentGateway } from '../gateway/types.js';
import { nowIso } from '../ids.js';
import { EventLog } from './event-log.js';
import { LocalEventBus } from './event-bus.js';
import { PaymentOperations } from './operations.js';
import { PaymentService } from './service.js';

const log = pino({ level: 'silent' });
const signal = () => AbortSignal.timeout(5_000);
const running: PaymentOperations[] = [];
afterEach(() => running.splice(0).forEach((o) => o.stop()));

async function setup() {
  const db = openDatabase(':memory:');
  await db.q.insert(merchants).values({ id: 'mer_1', name: 'M', settings: '{}', createdAt: nowIso() });
  const payments = new PaymentService(db, new EventLog(db), new LocalEventBus());
  const sandbox = new SandboxGateway(db, { latencyMs: 0, hangMs: 0 });
  const ops = (gateway: PaymentGateway = sandbox) => {
    const o = new PaymentOperations(db, payments, { forMerchant: () => gateway }, log, { timeoutMs: 2_000, inquiryBackoffMs: [20], notFoundWindowMs: 200 });
    running.push(o);
    return o;
  };
  /** a payment approved at the sandbox, as the Authorizer leaves it */
  const approvedPayment = async (job: 'auth' | 'capture', amount = 10_000) => {
    const { payment } = await payments.create('mer_1', { orderId: `O-${Math.random().toString(36).slice(2)}`, amount, currency: 'JPY', job });
    const outcome = await sandbox.execute({ merchantId: 'mer_1', orderId: payment.orderId, job, amount, currency: 'JPY', memberId: null, card: testCard('4111111111111111', '1230') }, signal());
    if (outcome.kind !== 'approved') throw new Error('not approved');
    await payments.advance(payment.id, 'capturing', 'capture_started');
    await payments.advance(payment.id, 'authorizing', 'authorizing');
    await payments.advance(payment.id, 'approved', 'approved', {}, { transactionId: outcome.transactionId, chargedAt: job === 'capture' ? nowIso() : null });
    return payment.id;
  };
  return { db, payments, sandbox, ops, approvedPayment };
}

const statusOf = async (db: Db, id: string) => (await db.q.select().from(paymentOperations)).find((o) => o.id === id)?.status;

describe('PaymentOperations', () => {
  it('settles an operation left pending by a restart once, by inquiry, without sending it again', async () => {
    const { db, payments, sandbox, ops, approvedPayment } = await setup();
    const id = await approvedPayment('capture');
    const row = (await payments.row(id))!;
    // the previous run recorded the refund and the gateway did it, but the answer was lost with the process
    await db.q.insert(paymentOperations).values({ id: 'op_lost', paymentId: id, merchantId: 'mer_1', kind: 'refund', amount: 4_000, status: 'pending', gateway: 'sandbox', requestKey: null, reference: null, errorCode: null, createdAt: nowIso(), updatedAt: nowIso() });
    await sandbox.operate({ merchantId: 'mer_1', orderId: row.orderId, transactionId: row.transactionId, job: 'capture', currency: 'JPY', amount: 10_000, refundedBefore: 0, operationId: 'op_lost', kind: 'refund', opAmount: 4_000, chargedAt: row.chargedAt }, signal());

    const after = ops();
    expect(await after.allowed(row)).toEqual([]); // nothing else while one is pending
    await expect(after.run('mer_1', id, 'refund', { amount: 1_000 })).rejects.toMatchObject({ code: 'operation_in_progress' });
    await after.reconcileAll();
    await new Promise((r) => setTimeout(r, 150));
    expect(await statusOf(db, 'op_lost')).toBe('succeeded');
    expect(await payments.row(id)).toMatchObject({ status: 'partially_refunded', refundedAmount: 4_000 });
    expect(await sandbox.operations('mer_1', row.orderId)).toHaveLength(1);
    await after.reconcileAll(); // a second pass changes nothing
    await new Promise((r) => setTimeout(r, 80));
    expect((await payments.row(id))?.refundedAmount).toBe(4_000);
  });

  it('fails an operation the gateway never saw, as not done, after the inquiry window', async () => {
    const { db, payments, ops, approvedPayment } = await setup();
    const id = await approvedPayment('auth');
    await db.q.insert(paymentOperations).values({ id: 'op_never', paymentId: id, merchantId: 'mer_1', kind: 'void', amount: 10_000, status: 'pending', gateway: 'sandbox', requestKey: null, reference: null, errorCode: null, createdAt: nowIso(), updatedAt: nowIso() });
    await ops().reconcileAll();
    await new Promise((r) => setTimeout(r, 400));
    expect(await statusOf(db, 'op_never')).toBe('failed');
    expect((await payments.row(id))?.status).toBe('approved');
  });

  it('records a refusal by the gateway and explains it', async () => {
    const { payments, ops, approvedPayment } = await setup();
    const id = await approvedPayment('auth');
    const refusing = new (class extends SandboxGateway {
      override async operate() {
        return { kind: 'refused' as const, code: 'authorization_expired' as const };
      }
    })(openDatabase(':memory:'), { latencyMs: 0, hangMs: 0 });
    await expect(ops(refusing).run('mer_1', id, 'sale')).rejects.toMatchObject({ status: 409, code: 'authorization_expired', message: expect.stringMatching(/authorization has expired/) });
    expect((await payments.row(id))?.status).toBe('approved');
    expect(await ops(refusing).list(id)).toMatchObject([{ kind: 'sale', status: 'failed', error: { code: 'authorization_expired' } }]);
  });
});
