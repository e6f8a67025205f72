import { describe, expect, it } from 'vitest';
import { LocalEventBus } from './event-bus.js';
import type { PaymentEvent } from './types.js';

const ev = (paymentId: string, seq: number): PaymentEvent => ({ seq, paymentId, type: 'digit', status: 'capturing', at: '2026-01-01T00:00:00Z', field: 'pan', entered: seq });

describe('LocalEventBus', () => {
  it('delivers per payment, and to all-payment listeners with the merchant', () => {
    const bus = new LocalEventBus((p) => ({ pay_a: 'mer_1', pay_b: 'mer_2' })[p]);
    const one: number[] = [];
    const all: [string, number][] = [];
    const off1 = bus.subscribe('pay_a', (e) => one.push(e.seq));
    const off2 = bus.subscribeAll((e, m) => all.push([m, e.seq]));
    bus.publish(ev('pay_a', 1));
    bus.publish(ev('pay_b', 2));
    bus.publish(ev('pay_unknown', 3));
    expect(one).toEqual([1]);
    expect(all).toEqual([['mer_1', 1], ['mer_2', 2]]);
    off1();
    off2();
    bus.publish(ev('pay_a', 4));
    expect([one.length, all.length]).toEqual([1, 2]);
  });
  it("uses the merchant the publisher passes, without looking it up", () => {
    const asked: string[] = [];
    const bus = new LocalEventBus((p) => {
      asked.push(p);
      return 'mer_looked_up';
    });
    const all: string[] = [];
    bus.subscribeAll((_e, m) => all.push(m));
    bus.publish(ev('pay_a', 1), 'mer_given');
    bus.publish(ev('pay_a', 2));
    expect(all).toEqual(['mer_given', 'mer_looked_up']);
    expect(asked).toEqual(['pay_a']);
  });
  it('a throwing all-payment listener does not reach the publisher', () => {
    const bus = new LocalEventBus(() => 'mer_1');
    bus.subscribeAll(() => {
      throw new Error('boom');
    });
    expect(() => bus.publish(ev('pay_a', 1))).not.toThrow();
  });
});
