import { describe, expect, it } from 'vitest';
import { chosenMethod, installmentsQuestion, methodMenu } from './method-menu.js';

describe('methodMenu', () => {
  it('offers only what is allowed, with fixed keys', () => {
    const m = methodMenu({ methods: ['installments', 'revolving'], installmentCounts: [3, 6] })!;
    expect(m.question.ask).toEqual(['method-lump', 'method-installments', 'method-revolving', 'method-press']);
    expect(m.question.again[0]).toBe('method-invalid');
    expect([m.methodFor('1'), m.methodFor('2'), m.methodFor('3'), m.methodFor('4'), m.methodFor('5')]).toEqual(['lump', 'installments', null, 'revolving', null]);
  });
  it('has nothing to ask when only lump sums are allowed (or installments without counts)', () => {
    expect(methodMenu({ methods: [], installmentCounts: [] })).toBeNull();
    expect(methodMenu({ methods: ['installments'], installmentCounts: [] })).toBeNull();
  });
});

describe('installments', () => {
  it('asks for a count ended by #', () => {
    expect(installmentsQuestion()).toMatchObject({ length: 2, terminated: true });
  });
  it('accepts only allowed counts', () => {
    const allowed = { methods: ['installments' as const], installmentCounts: [3, 6, 12] };
    expect(chosenMethod('installments', 6, allowed)).toEqual({ kind: 'installments', count: 6 });
    expect(chosenMethod('installments', 7, allowed)).toBeNull();
    expect(chosenMethod('bonus', null, allowed)).toEqual({ kind: 'bonus' });
  });
});
