// The after-approval part of the result panel, as pure functions: which buttons (sale, void, refund) the payment
// offers, the refund amount the operator types, the confirmation sentence, the pay method in words.
import type { OperationKind, PayMethod, PaymentView } from '../../server/payments/types.js';
import { formatAmount, type Lang, type Messages } from './i18n.js';

/** An operation being confirmed; `amount` is what the operator typed (refund) or what the operation moves. */
export interface OperationDraft {
  kind: OperationKind;
  amountText: string;
}

/** The operations the server says the payment allows now (in the order sale, void, refund). */
export function offeredOperations(view: PaymentView | null): OperationKind[] {
  const allowed = view?.operations ?? [];
  return (['sale', 'void', 'refund'] as const).filter((k) => allowed.includes(k));
}

/** Minor units that a void or refund can still move. */
export function refundable(view: PaymentView): number {
  return Math.max(0, view.amount - view.refundedAmount);
}

/** The amount shown for an operation, in the currency's major unit as people type it (JPY: yen, USD: dollars). */
export function draftFor(kind: OperationKind, view: PaymentView): OperationDraft {
  const minor = kind === 'sale' ? view.amount : refundable(view);
  return { kind, amountText: String(minor / 10 ** fractionDigits(view.currency)) };
}

/** The refund amount typed, in minor units, or null when it is not a positive amount up to what remains. */
export function parseAmount(text: string, view: PaymentView): number | null {
  const digits = fractionDigits(view.currency);
  const normalized = text.normalize('NFKC').replace(/[,\s¥￥$]/g, '');
  const pattern = digits > 0 ? new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`) : /^\d+$/;
  if (!pattern.test(normalized)) return null;
  const minor = Math.round(Number(normalized) * 10 ** digits);
  return minor > 0 && minor <= refundable(view) ? minor : null;
}

export function confirmText(m: Messages, kind: OperationKind, minor: number, view: PaymentView, lang: Lang): string {
  const amount = formatAmount(minor, view.currency, lang);
  if (kind === 'sale') return m.operations.confirmSale(amount);
  if (kind === 'void') return m.operations.confirmVoid(amount);
  return m.operations.confirmRefund(amount);
}

export function methodText(m: Messages, method: PayMethod): string {
  return method.kind === 'installments' ? m.methods.installments(method.count) : m.methods[method.kind];
}

function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  } catch {
    return 0;
  }
}
