// The payment gateway contract every adapter (sandbox, GMO-PG, Stripe) implements: one card job per order
// (idempotent on the order id) with an inquiry to reconcile; operations on the approved transaction (sale, void,
// refund), each idempotent on its operation id and with its own inquiry; the cards kept for a member; and a
// description of what the gateway can do, so the API refuses clearly what it cannot. Adapters never log, store or
// echo card fields: the card is only in `GatewayCard`, and only for `execute`.
import type { DigitBuffer } from '../capture/digit-buffer.js';
import type { Brand, Job, OperationKind, PayMethod, PayMethodKind } from '../payments/types.js';

/** The card as handed to a gateway. The buffers are wiped by the caller once the gateway has answered. */
export interface GatewayCard {
  pan: DigitBuffer;
  brand: Brand;
  last4: string;
  expMonth: number;
  expYear: number;
  cvv: DigitBuffer | null;
}

/** Registration (job register / capture+register): replace the member's card, or keep the others and add this one. */
export type RegistrationMode = 'replace' | 'add';

export interface GatewayRequest {
  merchantId: string;
  /** also the idempotency key: the gateway must never act twice on one order id */
  orderId: string;
  job: Job;
  amount: number;
  currency: string;
  memberId: string | null;
  card: GatewayCard;
  /** how the customer pays; lump sum when absent */
  method?: PayMethod;
  /** registration jobs only; `replace` when absent */
  registration?: RegistrationMode;
}

/** The card was refused: the operator can act on each (another card, another plan, re-key). */
export type DeclineCode =
  | 'card_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_cvv'
  | 'incorrect_number'
  | 'card_restricted'
  | 'method_not_accepted'
  | 'too_many_uses'
  | 'authentication_required'
  | 'amount_not_accepted';

/** The gateway said for certain that nothing happened, for a reason that is not the card's. */
export type GatewayErrorCode =
  | 'processing_error'
  | 'gateway_unavailable'
  | 'issuer_unavailable'
  | 'currency_not_supported'
  | 'gateway_configuration_error'
  | 'gateway_credentials_invalid';

export type GatewayOutcome =
  | { kind: 'approved'; approvalCode: string; transactionId: string; cardToken: string | null; method?: PayMethod }
  | { kind: 'declined'; code: DeclineCode }
  /** `charged: false` means the gateway said for certain that nothing happened */
  | { kind: 'error'; code: GatewayErrorCode; charged: false };

/**
 * Thrown by an adapter when the gateway may or may not have acted (timeout, connection lost, "still processing"):
 * the caller must ask (inquire / inquireOperation), never guess and never send the card again.
 */
export class OutcomeUnknown extends Error {
  override readonly name = 'OutcomeUnknown';
}

/** What the payment was, for an inquiry that has to rebuild its idempotent request or finish a registration. */
export interface InquiryHint {
  job: Job;
  memberId: string | null;
  registration?: RegistrationMode;
  amount?: number;
  currency?: string;
  method?: PayMethod;
}

/** A sale, void or refund on the transaction of an approved payment. */
export interface OperationRequest {
  merchantId: string;
  orderId: string;
  /** the gateway's transaction id from the approval */
  transactionId: string | null;
  job: Job;
  currency: string;
  /** the payment's amount */
  amount: number;
  /** minor units given back before this operation */
  refundedBefore: number;
  /** ivrpay's id for this operation: the idempotency key; a retry with the same id never acts twice */
  operationId: string;
  kind: OperationKind;
  /** minor units this operation moves: sale = the amount, void = what is still charged or authorized, refund = this refund */
  opAmount: number;
  /** when the card was charged (the void window), null for an authorization not sold */
  chargedAt: string | null;
}

/** Why the gateway would not do an operation (nothing changed). */
export type OperationRefusal =
  | 'void_window_closed'
  | 'refund_exceeds_amount'
  | 'authorization_expired'
  | 'operation_not_supported'
  | 'invalid_state'
  | GatewayErrorCode;

export type OperationOutcome = { kind: 'done'; reference: string | null } | { kind: 'refused'; code: OperationRefusal };

/** A card the gateway keeps for a member (masked). */
export interface RegisteredCard {
  /** what `cardToken` holds after a registration: pay with it later */
  token: string;
  brand: Brand | null;
  last4: string;
  isDefault: boolean;
}

/** What a gateway can do; the API and the IVR refuse anything else before calling it. */
export interface GatewayCapabilities {
  jobs: readonly Job[];
  /** ways to pay beside lump sum */
  methods: readonly Exclude<PayMethodKind, 'lump'>[];
  installmentCounts: readonly number[];
  /** ISO 4217 codes, or 'any' */
  currencies: readonly string[] | 'any';
  registration: readonly RegistrationMode[];
  /** record the sale of an authorization (auth → captured) */
  sale: boolean;
  /** void an authorization that was not sold, whatever the day */
  voidAuthorization: boolean;
  /** void a charge: only the day it was charged (in `timeZone`), or never (refund it instead) */
  voidCharge: 'same_day' | 'never';
  /** give money back on a charge: any part (several times), only all of it, or not at all */
  refund: 'partial' | 'full' | 'none';
  /** the gateway's business day for `voidCharge: 'same_day'` */
  timeZone: string;
}

export interface PaymentGateway {
  readonly name: string;
  readonly capabilities: GatewayCapabilities;
  /** Executes the job. A retry with the same order id returns the first outcome and never charges again. */
  execute(req: GatewayRequest, signal: AbortSignal): Promise<GatewayOutcome>;
  /**
   * What the gateway knows about an order, or null when it has no record of it. With `hint`, an adapter whose
   * registration takes several calls finishes it (without the card) when the first answer did not confirm it.
   */
  inquire(merchantId: string, orderId: string, signal: AbortSignal, hint?: InquiryHint): Promise<GatewayOutcome | null>;
  /** Runs a sale / void / refund. A retry with the same operation id returns the first outcome and acts once. */
  operate(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome>;
  /** What the gateway knows about the operation, or null when it did not happen. */
  inquireOperation(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome | null>;
  /** The cards kept for a member (registration), default first. */
  cards(merchantId: string, memberId: string, signal: AbortSignal): Promise<RegisteredCard[]>;
}
