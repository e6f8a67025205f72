// The live board's row for one payment: where the capture is (which field, how many digits, which attempt), folded
// from its masked status events. Pure; sees counts, brand and last four, never a digit.
import type { Brand, ErrorCode, Field, PaymentEvent, PaymentStatus, PaymentView } from '../payments/types.js';

export type BoardStep = 'waiting' | Field | 'authorizing' | 'done';

export interface BoardEntry {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  job: string;
  operatorId: string | null;
  status: PaymentStatus;
  step: BoardStep;
  /** digits keyed in the current field, and how many it takes (once known) */
  entered: number;
  expected: number | null;
  attempt: number;
  brand: Brand | null;
  last4: string | null;
  /** why the last entry was refused, or why the payment ended */
  error: ErrorCode | null;
  reconciling: boolean;
  createdAt: string;
  updatedAt: string;
  /** seq of the last event applied */
  seq: number;
}

const IN_PROGRESS: readonly PaymentStatus[] = ['created', 'capturing', 'authorizing'];
export const isInProgress = (s: PaymentStatus) => IN_PROGRESS.includes(s);

export function entryFromView(p: PaymentView): BoardEntry {
  return {
    id: p.id,
    orderId: p.orderId,
    amount: p.amount,
    currency: p.currency,
    job: p.job,
    operatorId: p.operatorId,
    status: p.status,
    step: p.status === 'created' ? 'waiting' : p.status === 'capturing' ? 'pan' : p.status === 'authorizing' ? 'authorizing' : 'done',
    entered: 0,
    expected: null,
    attempt: 0,
    brand: p.brand,
    last4: p.last4,
    error: p.error?.code ?? null,
    reconciling: false,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    seq: 0,
  };
}

/** The entry after one more event (events at or below entry.seq are ignored). */
export function applyEvent(entry: BoardEntry, e: PaymentEvent): BoardEntry {
  if (e.seq <= entry.seq) return entry;
  const next: BoardEntry = { ...entry, status: e.status, updatedAt: e.at, seq: e.seq };
  switch (e.type) {
    case 'capture_started':
      return { ...next, step: 'pan', entered: 0, expected: null, attempt: 0, error: null };
    case 'field_prompt':
      return { ...next, step: e.field ?? next.step, entered: 0, expected: e.expected ?? null, attempt: e.attempt ?? next.attempt };
    case 'digit':
    case 'field_cleared':
      return { ...next, step: e.field ?? next.step, entered: e.entered ?? 0, expected: e.expected ?? next.expected };
    case 'field_error':
      return { ...next, error: e.error?.code ?? null, entered: 0 };
    case 'field_complete':
      return { ...next, error: null, brand: e.brand ?? next.brand, last4: e.last4 ?? next.last4, entered: e.expected ?? next.entered };
    case 'authorizing':
      return { ...next, step: 'authorizing', error: null, brand: e.brand ?? next.brand, last4: e.last4 ?? next.last4 };
    case 'reconciling':
      return { ...next, step: 'authorizing', reconciling: true };
    default:
      if (!isInProgress(e.status)) return { ...next, step: 'done', reconciling: false, error: e.error?.code ?? (e.status === 'approved' ? null : next.error), brand: e.brand ?? next.brand, last4: e.last4 ?? next.last4 };
      return next;
  }
}
