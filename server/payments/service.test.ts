// Tests PaymentService's reads and publishing: row() (a prepared statement) sees every later write, and each event
// reaches all-payment listeners with its merchant without the bus looking the payment up.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { merchants } from '../db/schema.js';
import { nowIso } from '../ids.js';
import { EventLog } from './event-log.js';
import { LocalEventBus } from './event-bus.js';
import { PaymentService } from './service.js';

function setup() {
  const db = openDatabase(':memory:');
  db.insert(merchants).values({ id: 'mer_a', name: 'A', settings: '{}', createdAt: nowIso() }).run();
  const lookups: string[] = [];
  const bus = new LocalEventBus((paymentId) => {
    lookups.push(paymentId);
    return 'mer_a';
  });
  return { payments: new PaymentService(db, new EventLog(db), bus), bus, lookups };
}

describe('PaymentService', () => {
  it('row() reads the current row after each change, and null for an unknown id', () => {
    const { payments } = setup();
    const { payment } = payments.create('mer_a', { orderId: 'O-1', amount: 100, currency: 'JPY', job: 'auth' });
    expect(payments.row(payment.id)).toMatchObject({ id: payment.id, status: 'created', merchantId: 'mer_a' });
    payments.advance(payment.id, 'capturing', 'capture_started', {}, { callId: 'call-1' });
    expect(payments.row(payment.id)).toMatchObject({ status: 'capturing', callId: 'call-1' });
    payments.advance(payment.id, 'canceled', 'canceled');
    expect(payments.row(payment.id)?.status).toBe('canceled');
    expect(payments.row('pay_nope')).toBeNull();
  });

  it('publishes every event with its merchant, without a lookup per event', () => {
    const { payments, bus, lookups } = setup();
    const seen: [string, string][] = [];
    bus.subscribeAll((e, m) => seen.push([e.type, m]));
    const { payment } = payments.create('mer_a', { orderId: 'O-2', amount: 100, currency: 'JPY', job: 'auth' });
    payments.advance(payment.id, 'capturing', 'capture_started');
    payments.note({ id: payment.id, merchantId: 'mer_a', status: 'capturing' }, 'digit', { field: 'pan', entered: 1, expected: 16 });
    payments.chooseMethod(payment.id, { kind: 'bonus' });
    expect(seen).toEqual([
      ['created', 'mer_a'],
      ['capture_started', 'mer_a'],
      ['digit', 'mer_a'],
      ['method_chosen', 'mer_a'],
    ]);
    expect(lookups).toEqual([]);
  });
});
