import { describe, expect, it } from 'vitest';
import { applyEvent, entryFromView } from './board.js';
import type { PaymentEvent, PaymentView } from '../payments/types.js';

const view = { id: 'pay_1', merchantId: 'mer_1', orderId: 'O-1', amount: 1000, currency: 'JPY', job: 'auth', memberId: null, status: 'created', callId: null, operatorId: 'op_1', brand: null, last4: null, approvalCode: null, transactionId: null, cardToken: null, error: null, createdAt: 't0', updatedAt: 't0' } as unknown as PaymentView;
let seq = 0;
const e = (type: PaymentEvent['type'], status: PaymentEvent['status'], data: Partial<PaymentEvent> = {}): PaymentEvent => ({ seq: ++seq, paymentId: 'pay_1', type, status, at: `t${seq}`, ...data });

describe('live board entry', () => {
  it('follows a capture field by field to the result', () => {
    let b = entryFromView(view);
    expect(b).toMatchObject({ step: 'waiting', status: 'created' });
    b = applyEvent(b, e('capture_started', 'capturing'));
    b = applyEvent(b, e('field_prompt', 'capturing', { field: 'pan', attempt: 1, expected: 16 }));
    b = applyEvent(b, e('digit', 'capturing', { field: 'pan', entered: 7, expected: 16 }));
    expect(b).toMatchObject({ step: 'pan', entered: 7, expected: 16, attempt: 1 });
    b = applyEvent(b, e('field_complete', 'capturing', { field: 'pan', brand: 'visa', last4: '4242', expected: 16 }));
    b = applyEvent(b, e('field_prompt', 'capturing', { field: 'expiry', attempt: 1, expected: 4 }));
    b = applyEvent(b, e('field_error', 'capturing', { field: 'expiry', error: { code: 'card_expired', message: '' } }));
    expect(b).toMatchObject({ step: 'expiry', error: 'card_expired', brand: 'visa', last4: '4242' });
    b = applyEvent(b, e('field_prompt', 'capturing', { field: 'expiry', attempt: 2, expected: 4 }));
    b = applyEvent(b, e('authorizing', 'authorizing'));
    expect(b).toMatchObject({ step: 'authorizing', error: null });
    const done = applyEvent(b, e('approved', 'approved', { approvalCode: 'A1' }));
    expect(done).toMatchObject({ step: 'done', status: 'approved', error: null });
    expect(applyEvent(done, { ...e('digit', 'capturing'), seq: 1 })).toBe(done);
  });
  it('keeps the reason of a decline', () => {
    const b = applyEvent(entryFromView({ ...view, status: 'authorizing' }), e('declined', 'declined', { error: { code: 'card_declined', message: '' } }));
    expect(b).toMatchObject({ step: 'done', status: 'declined', error: 'card_declined' });
  });
});
