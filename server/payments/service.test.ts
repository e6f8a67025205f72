// Tests PaymentService's reads and publishing: row() sees every later write, and each event
// reaches all-payment listeners with its merchant without the bus looking the payment up.
import { describe, expect, it } from 'vitest';
import { openSqlite as openDatabase } from '../db/index.js';
import { merchants } from '../db/sqlite-schema.js';
import { nowIso } from '../ids.js';
import { EventLog } from './event-log.js';
import { LocalEventBus } from './event-bus.js';
import { PaymentService } from './service.js';

async function setup() {
  const db = openDatabase(':memory:');
  await db.q.insert(merchants).values({ id: 'mer_a', name: 'A', settings: '{}', createdAt: nowIso() });
  const lookups: string[] = [];
  const bus = new LocalEventBus((paymentId) => {
    lookups.push(paymentId);
    return 'mer_a';
  });
  return { payments: new PaymentService(db, new EventLog(db), bus), bus, lookups };
}

describe('PaymentService', () => {
  it('row() reads the current row after each change, and null for an unknown id', async () => {
    const { payments } = await setup();
    const { payment } = await payments.create('mer_a', { orderId: 'O-1', amount: 100, currency: 'JPY', job: 'auth' });
    expect(await payments.row(payment.id)).toMatchObject({ id: payment.id, status: 'created', merchantId: 'mer_a' });
    await payments.advance(payment.id, 'capturing', 'capture_started', {}, { callId: 'call-1' });
    expect(await payments.row(payment.id)).toMatchObject({ status: 'capturing', callId: 'call-1' });
    await payments.advance(payment.id, 'canceled', 'canceled');
    expect((await payments.row(payment.id))?.status).toBe('canceled');
    expect(await payments.row('pay_nope')).toBeNull();
  });

  it('publishes every event with its merchant, without a lookup per event', async () => {
    const { payments, bus, lookups } = await setup();
    const seen: [string, string][] = [];
    bus.subscribeAll((e, m) => seen.push([e.type, m]));
    const { payment } = await payments.create('mer_a', { orderId: 'O-2', amount: 100, currency: 'JPY', job: 'auth' });
    await payments.advance(payment.id, 'capturing', 'capture_started');
    await payments.note({ id: payment.id, merchantId: 'mer_a', status: 'capturing' }, 'digit', { field: 'pan', entered: 1, expected: 16 });
    await payments.chooseMethod(payment.id, { kind: 'bonus' });
    expect(seen).toEqual([
      ['created', 'mer_a'],
      ['capture_started', 'mer_a'],
      ['digit', 'mer_a'],
      ['method_chosen', 'mer_a'],
    ]);
    expect(lookups).toEqual([]);
  });
});
