// The pay-method menu after the card: which keys offer which method (1 lump, 2 installments, 3 bonus, 4 revolving,
// only those the merchant and its gateway allow) and the installment-count question. Pure.
import type { PayMethod, PayMethodKind } from '../payments/types.js';
import type { PayMethodsAllowed } from '../payments/pay-method.js';
import type { DigitsQuestion } from './digits-collector.js';

const KEYS: Record<PayMethodKind, string> = { lump: '1', installments: '2', bonus: '3', revolving: '4' };

export interface MethodMenu {
  question: DigitsQuestion;
  /** the method a key stands for, or null when the key offers nothing */
  methodFor(key: string): PayMethodKind | null;
}

/** null when there is nothing to choose (only lump sums allowed). */
export function methodMenu(allowed: PayMethodsAllowed): MethodMenu | null {
  const offered: PayMethodKind[] = ['lump', ...(['installments', 'bonus', 'revolving'] as const).filter((m) => allowed.methods.includes(m) && (m !== 'installments' || allowed.installmentCounts.length > 0))];
  if (offered.length === 1) return null;
  const options = offered.map((m) => `method-${m}`);
  return {
    question: { length: 1, ask: [...options, 'method-press'], again: ['method-invalid', ...options, 'method-press'], failed: [] },
    methodFor: (key) => offered.find((m) => KEYS[m] === key) ?? null,
  };
}

export function installmentsQuestion(): DigitsQuestion {
  return { length: 2, terminated: true, ask: ['installments-count'], again: ['installments-invalid', 'installments-count'], failed: [] };
}

/** The method for an answered menu (and count); null when the count is not one the merchant allows. */
export function chosenMethod(kind: PayMethodKind, count: number | null, allowed: PayMethodsAllowed): PayMethod | null {
  if (kind !== 'installments') return { kind } as PayMethod;
  return count !== null && allowed.installmentCounts.includes(count) ? { kind: 'installments', count } : null;
}
