// The payment gateway contract: one call per order (idempotent on the order id), and an inquiry to reconcile.
import type { DigitBuffer } from '../capture/digit-buffer.js';
import type { Brand, Job } from '../payments/types.js';

/** The card as handed to a gateway. The buffers are wiped by the caller once the gateway has answered. */
export interface GatewayCard {
  pan: DigitBuffer;
  brand: Brand;
  last4: string;
  expMonth: number;
  expYear: number;
  cvv: DigitBuffer | null;
}

export interface GatewayRequest {
  merchantId: string;
  /** also the idempotency key: the gateway must never act twice on one order id */
  orderId: string;
  job: Job;
  amount: number;
  currency: string;
  memberId: string | null;
  card: GatewayCard;
}

export type DeclineCode = 'card_declined' | 'insufficient_funds' | 'expired_card' | 'incorrect_cvv';

export type GatewayOutcome =
  | { kind: 'approved'; approvalCode: string; transactionId: string; cardToken: string | null }
  | { kind: 'declined'; code: DeclineCode }
  /** `charged: false` means the gateway said for certain that nothing happened */
  | { kind: 'error'; code: 'processing_error' | 'gateway_unavailable'; charged: false };

export interface PaymentGateway {
  readonly name: string;
  /** Executes the job. A retry with the same order id returns the first outcome and never charges again. */
  execute(req: GatewayRequest, signal: AbortSignal): Promise<GatewayOutcome>;
  /** What the gateway knows about an order, or null when it has no record of it. */
  inquire(merchantId: string, orderId: string, signal: AbortSignal): Promise<GatewayOutcome | null>;
}
