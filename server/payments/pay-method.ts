// How the customer pays (lump sum, installments with a count, bonus, revolving): the API schema, the two columns
// it is stored in, and the check against what the merchant and its gateway allow. Pure.
import { z } from 'zod';
import { INSTALLMENT_COUNTS, type PayMethod, type PayMethodKind } from './types.js';

export const LUMP: PayMethod = { kind: 'lump' };

/** `{"kind":"lump"}`, `{"kind":"installments","count":3}`, `{"kind":"bonus"}`, `{"kind":"revolving"}` */
export const PayMethodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lump') }).strict(),
  z
    .object({
      kind: z.literal('installments'),
      count: z
        .number()
        .int()
        .refine((n) => (INSTALLMENT_COUNTS as readonly number[]).includes(n), `must be one of ${INSTALLMENT_COUNTS.join(', ')}`),
    })
    .strict(),
  z.object({ kind: z.literal('bonus') }).strict(),
  z.object({ kind: z.literal('revolving') }).strict(),
]);

export function payMethodOf(row: { payMethod: string; installmentCount: number | null }): PayMethod {
  switch (row.payMethod as PayMethodKind) {
    case 'installments':
      return { kind: 'installments', count: row.installmentCount ?? 0 };
    case 'bonus':
      return { kind: 'bonus' };
    case 'revolving':
      return { kind: 'revolving' };
    default:
      return LUMP;
  }
}

export function payMethodColumns(m: PayMethod): { payMethod: PayMethodKind; installmentCount: number | null } {
  return { payMethod: m.kind, installmentCount: m.kind === 'installments' ? m.count : null };
}

/** What a merchant (settings) or a gateway (capabilities) allows. */
export interface PayMethodsAllowed {
  /** beside lump sum, which always works */
  methods: readonly PayMethodKind[];
  installmentCounts: readonly number[];
}

/** null when allowed, otherwise why not (an English sentence for the API). */
export function payMethodRefusal(m: PayMethod, allowed: PayMethodsAllowed, who: string): string | null {
  if (m.kind === 'lump') return null;
  if (!allowed.methods.includes(m.kind)) return `${who} does not accept ${m.kind} payments (accepted: lump${allowed.methods.length ? `, ${allowed.methods.join(', ')}` : ''})`;
  if (m.kind === 'installments' && !allowed.installmentCounts.includes(m.count)) {
    return `${who} does not accept ${m.count} installments (accepted counts: ${allowed.installmentCounts.join(', ') || 'none'})`;
  }
  return null;
}

export function samePayMethod(a: PayMethod, b: PayMethod): boolean {
  return a.kind === b.kind && (a.kind !== 'installments' || (b.kind === 'installments' && a.count === b.count));
}

/** What both the merchant and its gateway allow: the menu the widget and the IVR offer. */
export function effectivePayMethods(merchant: PayMethodsAllowed, gateway: PayMethodsAllowed): PayMethodsAllowed {
  return {
    methods: merchant.methods.filter((m) => gateway.methods.includes(m)),
    installmentCounts: merchant.installmentCounts.filter((n) => gateway.installmentCounts.includes(n)).sort((a, b) => a - b),
  };
}
