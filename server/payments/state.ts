// The payment lifecycle: which status may follow which (capture flow, then gateway operations after approval).
// Pure; the one place that refuses an illegal move.
import { FINAL_STATUSES, type PaymentStatus } from './types.js';

const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  created: ['capturing', 'canceled', 'failed'],
  // capturing → capturing: a field re-requested or the capture restarted.
  capturing: ['capturing', 'authorizing', 'failed', 'canceled', 'abandoned'],
  // No cancel once the card went to the gateway: only its answer (or a failure) ends it.
  authorizing: ['approved', 'declined', 'failed'],
  // After approval only the gateway operations move a payment (server/payments/operations.ts decides which apply).
  approved: ['captured', 'voided', 'refunded', 'partially_refunded'],
  captured: ['voided', 'refunded', 'partially_refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  voided: [],
  refunded: [],
  declined: [],
  failed: [],
  canceled: [],
  abandoned: [],
};

export class IllegalTransition extends Error {
  override readonly name = 'IllegalTransition';

  constructor(
    readonly from: PaymentStatus,
    readonly to: PaymentStatus,
  ) {
    const exits = NEXT[from];
    super(
      !isFinal(from)
        ? `payment cannot move from ${from} to ${to} (allowed from ${from}: ${exits.join(', ')})`
        : exits.length === 0
          ? `payment cannot move from ${from} to ${to}: ${from} is final`
          : `payment cannot move from ${from} to ${to}: ${from} is final (only ${exits.join(', ')} can follow)`,
    );
  }
}

export function isFinal(status: PaymentStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return NEXT[from].includes(to);
}

/** Returns `to` when the move is legal, otherwise throws IllegalTransition. */
export function transition(from: PaymentStatus, to: PaymentStatus): PaymentStatus {
  if (!canTransition(from, to)) throw new IllegalTransition(from, to);
  return to;
}
