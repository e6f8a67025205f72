// The payment vocabulary the server, the API and the widget share (type-only; no card data can be expressed here).

export const PAYMENT_STATUSES = [
  'created', // prepared by the merchant, no capture yet
  'capturing', // customer is keying the card
  'authorizing', // card complete, waiting for the gateway (or reconciling after a timeout)
  'approved', // the job succeeded (authorized / captured / verified / registered)
  'declined', // the gateway refused the card
  'failed', // capture or gateway could not complete (attempts exceeded, telephony lost, gateway error)
  'canceled', // the operator or the merchant canceled
  'abandoned', // the customer hung up before the card was complete
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const FINAL_STATUSES: readonly PaymentStatus[] = ['approved', 'declined', 'failed', 'canceled', 'abandoned'];

export const JOBS = ['auth', 'capture', 'check', 'register', 'capture+register'] as const;
export type Job = (typeof JOBS)[number];

export const FIELDS = ['pan', 'expiry', 'cvv'] as const;
export type Field = (typeof FIELDS)[number];

/** Brands as named by card-validator (credit-card-type). */
export const BRANDS = ['visa', 'mastercard', 'american-express', 'jcb', 'diners-club', 'discover', 'unionpay', 'maestro'] as const;
export type Brand = (typeof BRANDS)[number];

/**
 * Stable error codes, shown to operators (widget translates them) and returned by the API.
 * Field errors come from the capture rules; the rest from the payment flow and the gateway.
 */
export const ERROR_CODES = [
  // field errors (customer keyed something that can't be right)
  'invalid_number', // Luhn or length wrong
  'brand_not_accepted',
  'invalid_expiry', // not MMYY
  'card_expired',
  'invalid_cvv',
  'no_input', // first-digit timeout
  'too_many_attempts',
  // gateway outcomes
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvv',
  'processing_error',
  'gateway_timeout',
  'gateway_unavailable',
  // flow
  'telephony_lost', // ESL connection to FreeSWITCH dropped mid-capture
  'customer_hung_up',
  'server_restarted',
  'canceled_by_operator',
  'canceled_by_merchant',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What one status event says. Masked by construction: counts, brand, last four, codes. */
export type PaymentEventType =
  | 'created'
  | 'capture_started' // room set up, operator muted from the customer
  | 'field_prompt' // prompting the customer for a field (again, if attempt > 1)
  | 'digit' // one more digit keyed (count only)
  | 'field_cleared' // customer pressed * (or operator re-requested): field starts over
  | 'field_error' // field rejected; error.code says why
  | 'field_complete' // field accepted
  | 'authorizing'
  | 'reconciling' // gateway did not answer in time; asking it what happened
  | 'approved'
  | 'declined'
  | 'failed'
  | 'canceled'
  | 'abandoned'
  | 'conversation_restored'; // operator hears the customer again

export interface PaymentEventData {
  field?: Field;
  /** digits keyed so far in `field` */
  entered?: number;
  /** digits expected in `field` (best guess from the brand until complete) */
  expected?: number;
  brand?: Brand;
  last4?: string;
  attempt?: number;
  maxAttempts?: number;
  error?: { code: ErrorCode; message: string };
  approvalCode?: string;
  transactionId?: string;
  /** registered card reference (job register / capture+register) */
  cardToken?: string;
}

export interface PaymentEvent extends PaymentEventData {
  /** global, increasing; the SSE event id */
  seq: number;
  paymentId: string;
  type: PaymentEventType;
  /** payment status after this event */
  status: PaymentStatus;
  at: string; // ISO 8601
}

/** The payment as the API returns it. */
export interface PaymentView {
  id: string;
  merchantId: string;
  orderId: string;
  amount: number;
  currency: string;
  job: Job;
  memberId: string | null;
  status: PaymentStatus;
  callId: string | null;
  operatorId: string | null;
  brand: Brand | null;
  last4: string | null;
  approvalCode: string | null;
  transactionId: string | null;
  cardToken: string | null;
  error: { code: ErrorCode; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** A live call as the API returns it. */
export interface CallView {
  id: string;
  did: string;
  /** caller number, masked except the last 4 digits for widget-token callers */
  caller: string;
  startedAt: string;
  operatorConnected: boolean;
  paymentId: string | null;
}
