// Tests the pay method schema, its two storage columns and the allowed-method check.
import { describe, expect, it } from 'vitest';
import { PayMethodSchema, effectivePayMethods, payMethodColumns, payMethodOf, payMethodRefusal, samePayMethod } from './pay-method.js';
import type { PayMethod } from './types.js';

describe('PayMethodSchema', () => {
  it('accepts the four kinds, installments only with a count card companies offer', () => {
    expect(PayMethodSchema.parse({ kind: 'lump' })).toEqual({ kind: 'lump' });
    expect(PayMethodSchema.parse({ kind: 'installments', count: 3 })).toEqual({ kind: 'installments', count: 3 });
    expect(PayMethodSchema.parse({ kind: 'bonus' })).toEqual({ kind: 'bonus' });
    expect(PayMethodSchema.parse({ kind: 'revolving' })).toEqual({ kind: 'revolving' });
    expect(PayMethodSchema.safeParse({ kind: 'installments', count: 4 }).success).toBe(false);
    expect(PayMethodSchema.safeParse({ kind: 'installments' }).success).toBe(false);
    expect(PayMethodSchema.safeParse({ kind: 'lump', count: 3 }).success).toBe(false);
    expect(PayMethodSchema.safeParse({ kind: 'split' }).success).toBe(false);
  });
});

describe('columns', () => {
  it.each<PayMethod>([{ kind: 'lump' }, { kind: 'installments', count: 12 }, { kind: 'bonus' }, { kind: 'revolving' }])('%o round-trips', (m) => {
    expect(payMethodOf(payMethodColumns(m))).toEqual(m);
  });

  it('reads an unknown stored value as lump sum', () => {
    expect(payMethodOf({ payMethod: 'teapot', installmentCount: null })).toEqual({ kind: 'lump' });
  });
});

describe('payMethodRefusal', () => {
  const allowed = { methods: ['installments', 'bonus'] as const, installmentCounts: [3, 6] };
  it('always allows lump sum', () => {
    expect(payMethodRefusal({ kind: 'lump' }, { methods: [], installmentCounts: [] }, 'the gateway')).toBeNull();
  });
  it('names what is accepted when refusing', () => {
    expect(payMethodRefusal({ kind: 'installments', count: 3 }, allowed, 'this merchant')).toBeNull();
    expect(payMethodRefusal({ kind: 'installments', count: 12 }, allowed, 'this merchant')).toBe('this merchant does not accept 12 installments (accepted counts: 3, 6)');
    expect(payMethodRefusal({ kind: 'revolving' }, allowed, 'the gateway')).toBe('the gateway does not accept revolving payments (accepted: lump, installments, bonus)');
  });
});

it('samePayMethod compares kind and count', () => {
  expect(samePayMethod({ kind: 'installments', count: 3 }, { kind: 'installments', count: 3 })).toBe(true);
  expect(samePayMethod({ kind: 'installments', count: 3 }, { kind: 'installments', count: 5 })).toBe(false);
  expect(samePayMethod({ kind: 'bonus' }, { kind: 'revolving' })).toBe(false);
});

it('effectivePayMethods keeps what both the merchant and the gateway allow', () => {
  expect(effectivePayMethods({ methods: ['installments', 'bonus', 'revolving'], installmentCounts: [12, 3, 6] }, { methods: ['installments', 'revolving'], installmentCounts: [3, 5, 12] })).toEqual({
    methods: ['installments', 'revolving'],
    installmentCounts: [3, 12],
  });
});
