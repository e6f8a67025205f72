import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../server/payments/types.js';
import { IvrPayErrorEvent, IvrPayOperationEvent, IvrPayResultEvent, IvrPayStatusEvent } from './events.js';

describe('widget events', () => {
  it('bubble out of the shadow root with a typed detail', () => {
    const detail = { seq: 1, paymentId: 'p', type: 'created', status: 'created', at: '' } satisfies PaymentEvent;
    const status = new IvrPayStatusEvent(detail);
    const error = new IvrPayErrorEvent({ code: 'no_call', message: 'm' });
    const operation = new IvrPayOperationEvent({ payment: { id: 'p' } as never, operation: { id: 'op_1', kind: 'refund', amount: 100, status: 'pending', error: null, createdAt: '', updatedAt: '' } });
    const events = [status, new IvrPayResultEvent({ id: 'p' } as never), error, operation];
    expect(events.map((e) => e.type)).toEqual(['ivr-pay-status', 'ivr-pay-result', 'ivr-pay-error', 'ivr-pay-operation']);
    expect(operation.detail.operation.kind).toBe('refund');
    for (const e of events) {
      expect(e.bubbles).toBe(true);
      expect(e.composed).toBe(true);
    }
    expect(status.detail).toBe(detail);
    expect(error.detail.code).toBe('no_call');
  });

  it('reach a listener on an ancestor target', () => {
    const target = new EventTarget();
    const seen: string[] = [];
    target.addEventListener(IvrPayErrorEvent.eventName, (e) => seen.push((e as IvrPayErrorEvent).detail.code));
    target.dispatchEvent(new IvrPayErrorEvent({ code: 'token_expired', message: '' }));
    expect(seen).toEqual(['token_expired']);
  });
});
