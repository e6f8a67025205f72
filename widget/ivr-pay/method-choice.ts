// The operator's pay-method chooser before the capture, as pure functions: what the payment offers (the merchant and its gateway, from GET …/payments/:id), and each choice as a select value.
import type { PayMethod, PaymentView } from '../../server/payments/types.js';

/** The methods the operator can choose for a payment not started yet; null when there is nothing to choose. */
export function methodChoices(view: PaymentView | null): PayMethod[] | null {
  if (!view || view.status !== 'created' || !view.payMethods) return null;
  // only a charge has a way to pay: a card check or a card registration is never split
  if (view.job !== 'auth' && view.job !== 'capture' && view.job !== 'capture+register') return null;
  const { methods, installmentCounts } = view.payMethods;
  const choices: PayMethod[] = [{ kind: 'lump' }];
  if (methods.includes('installments')) for (const count of [...installmentCounts].sort((a, b) => a - b)) choices.push({ kind: 'installments', count });
  if (methods.includes('bonus')) choices.push({ kind: 'bonus' });
  if (methods.includes('revolving')) choices.push({ kind: 'revolving' });
  // a method set when the payment was created stays selectable, even if the offer changed since
  if (!choices.some((c) => methodKey(c) === methodKey(view.method))) choices.push(view.method);
  return choices.length > 1 ? choices : null;
}

/** `lump`, `installments:6`, `bonus`, `revolving`: one string per choice, for a <select>. */
export function methodKey(m: PayMethod): string {
  return m.kind === 'installments' ? `installments:${m.count}` : m.kind;
}

export function methodFromKey(key: string): PayMethod | null {
  if (key === 'lump' || key === 'bonus' || key === 'revolving') return { kind: key };
  const count = /^installments:(\d{1,2})$/.exec(key)?.[1];
  return count ? { kind: 'installments', count: Number(count) } : null;
}
