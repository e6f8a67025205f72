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
  // after approval: an operation on the gateway's transaction (server/payments/operations.ts)
  'captured', // the sale of an authorization was recorded (実売上): the card is charged
  'voided', // canceled at the gateway after approval (a charge the same day, or an authorization): nothing charged
  'refunded', // the whole charged amount was given back
  'partially_refunded', // part of the charged amount was given back; more may follow
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The phone flow is over (no more capture); only the after-approval statuses can still follow. */
export const FINAL_STATUSES: readonly PaymentStatus[] = ['approved', 'declined', 'failed', 'canceled', 'abandoned', 'captured', 'voided', 'refunded', 'partially_refunded'];

/** Operations on an approved payment's gateway transaction: sale of an authorization, void, refund. */
export const OPERATIONS = ['sale', 'void', 'refund'] as const;
export type OperationKind = (typeof OPERATIONS)[number];

/** How the customer pays (支払方法): at once, in monthly installments, with the next bonus, or revolving. */
export const PAY_METHODS = ['lump', 'installments', 'bonus', 'revolving'] as const;
export type PayMethodKind = (typeof PAY_METHODS)[number];
export type PayMethod = { kind: 'lump' } | { kind: 'installments'; count: number } | { kind: 'bonus' } | { kind: 'revolving' };
/** Installment counts Japanese card companies offer; merchants and gateways allow a subset. */
export const INSTALLMENT_COUNTS = [2, 3, 5, 6, 10, 12, 15, 18, 20, 24] as const;

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
  'incorrect_number', // the issuer says the card number does not exist
  'card_restricted', // the card cannot be used (blocked, lost/stolen, not valid for this purchase)
  'method_not_accepted', // the card or contract does not allow installments / bonus / revolving
  'too_many_uses', // the card was used too often in a short time
  'authentication_required', // the issuer wants 3-D Secure, which a phone payment cannot do
  'amount_not_accepted',
  'currency_not_supported',
  'issuer_unavailable', // the card company's system did not answer: nothing charged, try later
  'gateway_configuration_error', // the gateway refused the request as the merchant's account is set up
  'gateway_credentials_invalid', // the gateway did not accept the merchant's credentials
  // flow
  'telephony_lost', // ESL connection to FreeSWITCH dropped mid-capture
  'customer_hung_up',
  'server_restarted',
  'instance_lost', // several instances: the one holding the capture stopped; another ended it
  'canceled_by_operator',
  'canceled_by_merchant',
  // extra IVR steps
  'wrong_sms_code', // the customer keyed a wrong (or expired) SMS code; asked again
  'sms_check_failed', // the SMS code was not confirmed in the attempts allowed
  'sms_unavailable', // no mobile number to send the code to, or the SMS provider refused it
  'not_confirmed', // the customer did not confirm the amount read back
  'method_not_chosen', // the customer did not choose how to pay (or an installment count) on the keypad
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
  | 'captured' // after approval: the sale of the authorization was recorded
  | 'voided' // after approval: canceled at the gateway
  | 'refunded' // after approval: money given back (status says whether all of it)
  | 'method_chosen' // before the card goes to the gateway: how the customer pays was chosen (widget or IVR menu)
  | 'method_menu' // the IVR asks the customer how to pay on the keypad (1 lump, 2 installments + count, …)
  | 'conversation_restored' // operator hears the customer again
  // transfer mode
  | 'identification_issued' // a (new) identification id the operator reads to the customer
  | 'customer_connected' // the customer called the payment IVR and keyed this payment's identification id
  | 'returned_to_operator' // the call went back to the operator (three-way: the IVR left the call)
  | 'return_failed' // the IVR could not bring the call back to an operator
  // extra IVR steps around the card (issue #9)
  | 'identity_check' // an SMS one-time code was sent to the customer's mobile; the IVR asks for it
  | 'identity_verified'
  | 'confirming' // the amount and the card's last four are read back; the customer is asked to press 1
  | 'confirmed'
  | 'step_error'; // a wrong or missing answer in one of those steps (data.step, error, attempt)

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
  /** how the customer pays (on approval) */
  method?: PayMethod;
  /** captured / voided / refunded: the amount the operation moved, and the total given back so far */
  amount?: number;
  refundedAmount?: number;
  /** which IVR step a step_error is about */
  step?: 'sms' | 'confirm' | 'method';
  /** transfer mode: the identification id to read to the customer, and until when it works */
  identificationCode?: string;
  identificationExpiresAt?: string;
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
  /** 9-digit slip number given at approval; the customer keys it on the cancel line */
  slipNumber: string | null;
  error: { code: ErrorCode; message: string } | null;
  /** how the customer pays (lump sum unless chosen otherwise) */
  method: PayMethod;
  /** minor units given back so far (refunds) */
  refundedAmount: number;
  /** operations the merchant's gateway allows on this payment now (sale, void, refund); on single-payment reads */
  operations?: OperationKind[];
  /** before the card is sent: the pay methods the merchant and its gateway offer (lump sum always); on single-payment reads */
  payMethods?: { methods: Exclude<PayMethodKind, 'lump'>[]; installmentCounts: number[] };
  /** transfer mode: the current identification id, while unused and valid */
  identification: { code: string; expiresAt: string } | null;
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
  /** operator: an operator's call to take a card on; ivr: a customer in the payment IVR (transfer mode); cancel: the cancel line */
  mode: 'operator' | 'ivr' | 'cancel';
  operatorConnected: boolean;
  paymentId: string | null;
}
