// The operator's pay-method chooser: only what the payment offers, only before the capture, only for a charge; keys round-trip.
import { describe, expect, it } from 'vitest';
import type { PaymentView } from '../../server/payments/types.js';
import { methodChoices, methodFromKey, methodKey } from './method-choice.js';

const view = (over: Partial<PaymentView> = {}): PaymentView => ({
  id: 'pay_1',
  merchantId: 'm_1',
  orderId: 'A-1',
  amount: 60_000,
  currency: 'JPY',
  job: 'capture',
  memberId: null,
  status: 'created',
  callId: null,
  operatorId: null,
  brand: null,
  last4: null,
  approvalCode: null,
  transactionId: null,
  cardToken: null,
  slipNumber: null,
  error: null,
  method: { kind: 'lump' },
  refundedAmount: 0,
  identification: null,
  payMethods: { methods: ['revolving', 'installments'], installmentCounts: [12, 3, 6] },
  createdAt: '2025-01-15T10:00:00Z',
  updatedAt: '2025-01-15T10:00:00Z',
  ...over,
});

describe('methodChoices', () => {
  it('offers lump sum first, then each allowed installment count, bonus and revolving as allowed', () => {
    expect(methodChoices(view())!.map(methodKey)).toEqual(['lump', 'installments:3', 'installments:6', 'installments:12', 'revolving']);
  });

  it('offers nothing when only lump sums are allowed, for a check or a registration, or once the capture started', () => {
    expect(methodChoices(view({ payMethods: { methods: [], installmentCounts: [] } }))).toBeNull();
    expect(methodChoices(view({ job: 'check' }))).toBeNull();
    expect(methodChoices(view({ job: 'register' }))).toBeNull();
    expect(methodChoices(view({ status: 'capturing' }))).toBeNull();
    expect(methodChoices(view({ payMethods: undefined }))).toBeNull();
    expect(methodChoices(null)).toBeNull();
  });

  it('keeps the method the payment already has selectable', () => {
    expect(methodChoices(view({ method: { kind: 'bonus' } }))!.map(methodKey)).toContain('bonus');
  });
});

describe('methodKey / methodFromKey', () => {
  it('round-trips every kind and refuses anything else', () => {
    for (const m of [{ kind: 'lump' }, { kind: 'installments', count: 24 }, { kind: 'bonus' }, { kind: 'revolving' }] as const) expect(methodFromKey(methodKey(m))).toEqual(m);
    expect(methodFromKey('installments:')).toBeNull();
    expect(methodFromKey('cash')).toBeNull();
  });
});
