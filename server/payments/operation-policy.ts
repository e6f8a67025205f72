// Which after-approval operation (sale, void, refund) a payment allows now, given its status, job, what was
// refunded, when it was charged and what its gateway can do; and, when one is not allowed, a clear reason with a
// stable code. Pure: the API refuses with it before anything is sent to the gateway.
import { sameBusinessDay } from '../gateway/business-day.js';
import type { GatewayCapabilities } from '../gateway/types.js';
import type { Job, OperationKind, PaymentStatus } from './types.js';

export interface OperationTarget {
  status: PaymentStatus;
  job: Job;
  amount: number;
  refundedAmount: number;
  chargedAt: string | null;
}

export type OperationRefusalCode = 'invalid_state' | 'operation_not_supported' | 'void_window_closed' | 'refund_exceeds_amount' | 'validation_failed';

export interface PolicyRefusal {
  status: 409 | 422;
  code: OperationRefusalCode;
  message: string;
}

const refuse = (status: 409 | 422, code: OperationRefusalCode, message: string): PolicyRefusal => ({ status, code, message });

/** An authorization not sold yet. */
function authorizedOnly(p: OperationTarget): boolean {
  return p.status === 'approved' && p.job === 'auth';
}

/** Money was taken and some of it is still with the merchant. */
function charged(p: OperationTarget): boolean {
  if (p.status === 'captured' || p.status === 'partially_refunded') return true;
  return p.status === 'approved' && (p.job === 'capture' || p.job === 'capture+register');
}

/** What a void or refund can still move. */
export function remaining(p: OperationTarget): number {
  return p.amount - p.refundedAmount;
}

/** null when the operation is allowed now; otherwise why not. `refundAmount` defaults to all that remains. */
export function operationRefusal(kind: OperationKind, p: OperationTarget, caps: GatewayCapabilities, now: Date, refundAmount?: number): PolicyRefusal | null {
  const approvedStatuses: PaymentStatus[] = ['approved', 'captured', 'partially_refunded'];
  if (!approvedStatuses.includes(p.status)) {
    return refuse(409, 'invalid_state', `the payment is ${p.status}: sale, void and refund apply to approved payments only`);
  }
  if (p.job === 'check' || p.job === 'register') {
    return refuse(409, 'invalid_state', `job ${p.job} charged nothing: there is nothing to ${kind === 'sale' ? 'sell' : kind}`);
  }
  switch (kind) {
    case 'sale':
      if (p.job !== 'auth') return refuse(409, 'invalid_state', `job ${p.job} was charged at once: there is no authorization to sell`);
      if (p.status !== 'approved') return refuse(409, 'invalid_state', `the sale of this authorization was already recorded (status ${p.status})`);
      if (!caps.sale) return refuse(422, 'operation_not_supported', "the merchant's gateway cannot record the sale of an authorization");
      return null;
    case 'void':
      if (authorizedOnly(p)) return caps.voidAuthorization ? null : refuse(422, 'operation_not_supported', "the merchant's gateway cannot void an authorization");
      if (p.status === 'partially_refunded') return refuse(409, 'invalid_state', 'part of this payment was already refunded: refund the rest instead of voiding it');
      if (caps.voidCharge === 'never') return refuse(422, 'operation_not_supported', "the merchant's gateway cannot void a charge: refund it instead");
      if (!p.chargedAt || !sameBusinessDay(new Date(p.chargedAt), now, caps.timeZone)) {
        return refuse(409, 'void_window_closed', `a charge can be voided only on the day it was made (${caps.timeZone}): refund it instead`);
      }
      return null;
    case 'refund': {
      if (authorizedOnly(p)) return refuse(409, 'invalid_state', 'this authorization was not sold, so nothing was charged: void it instead');
      if (!charged(p)) return refuse(409, 'invalid_state', `the payment is ${p.status}: there is nothing left to refund`);
      if (caps.refund === 'none') return refuse(422, 'operation_not_supported', "the merchant's gateway cannot refund");
      const left = remaining(p);
      const amount = refundAmount ?? left;
      if (!Number.isInteger(amount) || amount <= 0) return refuse(422, 'validation_failed', 'amount: must be a whole number of the currency\'s minor unit, more than 0');
      if (amount > left) return refuse(422, 'refund_exceeds_amount', `at most ${left} can still be refunded (${p.refundedAmount} of ${p.amount} already was)`);
      if (caps.refund === 'full' && amount !== left) return refuse(422, 'operation_not_supported', `the merchant's gateway refunds only the whole amount (${left})`);
      return null;
    }
  }
}

/** The operations the payment allows now, for the widget's buttons and the API's payment view. */
export function allowedOperations(p: OperationTarget, caps: GatewayCapabilities, now: Date): OperationKind[] {
  return (['sale', 'void', 'refund'] as const).filter((k) => operationRefusal(k, p, caps, now) === null);
}
