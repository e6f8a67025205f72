// Stripe errors mapped to what ivrpay tells the operator: card errors by `decline_code` (then `code`), the other
// error types by what they mean for the payment. Pure.
//
// Followed: Stripe's decline code list (docs.stripe.com/declines/codes), error codes (docs.stripe.com/error-codes)
// and error types (docs.stripe.com/api/errors: card_error 402, invalid_request_error 400/404, authentication_error
// 401, permission_error 403, rate_limit_error 429, idempotency_error, api_error 5xx).
import type { DeclineCode, GatewayErrorCode, OperationRefusal } from '../types.js';

export type StripeVerdict = { kind: 'declined'; code: DeclineCode } | { kind: 'error'; code: GatewayErrorCode } | { kind: 'unknown' };

const d = (code: DeclineCode): StripeVerdict => ({ kind: 'declined', code });
const e = (code: GatewayErrorCode): StripeVerdict => ({ kind: 'error', code });

/** By decline_code (issuer declines), then by code (card_error codes). */
export const STRIPE_DECLINES: Record<string, StripeVerdict> = {
  // not enough money or credit
  insufficient_funds: d('insufficient_funds'),
  withdrawal_count_limit_exceeded: d('insufficient_funds'),
  // the card cannot be used for this: another card
  lost_card: d('card_restricted'),
  stolen_card: d('card_restricted'),
  pickup_card: d('card_restricted'),
  restricted_card: d('card_restricted'),
  fraudulent: d('card_restricted'),
  merchant_blacklist: d('card_restricted'),
  security_violation: d('card_restricted'),
  revocation_of_all_authorizations: d('card_restricted'),
  revocation_of_authorization: d('card_restricted'),
  stop_payment_order: d('card_restricted'),
  invalid_account: d('card_restricted'),
  new_account_information_available: d('card_restricted'),
  card_not_supported: d('card_restricted'),
  service_not_allowed: d('card_restricted'),
  transaction_not_allowed: d('card_restricted'),
  not_permitted: d('card_restricted'),
  // declined, reason not given: another card or another way to pay
  generic_decline: d('card_declined'),
  card_declined: d('card_declined'),
  do_not_honor: d('card_declined'),
  do_not_try_again: d('card_declined'),
  call_issuer: d('card_declined'),
  no_action_taken: d('card_declined'),
  testmode_decline: d('card_declined'),
  duplicate_transaction: d('card_declined'),
  incorrect_zip: d('card_declined'),
  incorrect_pin: d('card_declined'),
  invalid_pin: d('card_declined'),
  offline_pin_required: d('card_declined'),
  online_or_offline_pin_required: d('card_declined'),
  pin_try_exceeded: d('card_declined'),
  // the card data
  expired_card: d('expired_card'),
  invalid_expiry_month: d('expired_card'),
  invalid_expiry_year: d('expired_card'),
  incorrect_cvc: d('incorrect_cvv'),
  invalid_cvc: d('incorrect_cvv'),
  incorrect_number: d('incorrect_number'),
  invalid_number: d('incorrect_number'),
  // frequency, 3-D Secure, amount
  card_velocity_exceeded: d('too_many_uses'),
  card_decline_rate_limit_exceeded: d('too_many_uses'),
  authentication_required: d('authentication_required'),
  invalid_amount: d('amount_not_accepted'),
  amount_too_large: d('amount_not_accepted'),
  amount_too_small: d('amount_not_accepted'),
  // nothing happened: the issuer or Stripe was not able to process it now
  approve_with_id: e('issuer_unavailable'),
  issuer_not_available: e('issuer_unavailable'),
  try_again_later: e('issuer_unavailable'),
  reenter_transaction: e('issuer_unavailable'),
  processing_error: e('processing_error'),
  currency_not_supported: e('currency_not_supported'),
};

/** What a Stripe error raised by the stripe library means for the job. */
export function stripeVerdict(err: unknown): StripeVerdict {
  const x = err as { rawType?: string; type?: string; statusCode?: number; code?: string; decline_code?: string; param?: string } | null;
  // a bad or revoked key is a 401 whose body says invalid_request_error: the status decides
  if (x?.statusCode === 401 || x?.statusCode === 403 || x?.type === 'StripeAuthenticationError' || x?.type === 'StripePermissionError') return e('gateway_credentials_invalid');
  const rawType = x?.rawType;
  // an installment plan the card (or account) does not offer is reported against the plan parameter
  if ((rawType === 'card_error' || rawType === 'invalid_request_error') && x?.param?.startsWith('payment_method_options[card][installments]')) return d('method_not_accepted');
  if (rawType === 'card_error') return STRIPE_DECLINES[x?.decline_code ?? ''] ?? STRIPE_DECLINES[x?.code ?? ''] ?? d('card_declined');
  if (rawType === 'invalid_request_error') {
    const hit = STRIPE_DECLINES[x?.code ?? ''];
    if (hit) return hit;
    // includes "sending card numbers directly" without raw card data access, and a key for another account
    return e('gateway_configuration_error');
  }
  if (rawType === 'rate_limit_error' || x?.statusCode === 429) return e('gateway_unavailable');
  // api_error, idempotency_error, connection errors, timeouts: it may have happened
  return { kind: 'unknown' };
}

/** Why Stripe refused a capture, cancel or refund, or null when its outcome is unknown. */
export function stripeRefusal(err: unknown): OperationRefusal | null {
  const x = err as { rawType?: string; code?: string } | null;
  switch (x?.code) {
    case 'charge_expired_for_capture':
    case 'capture_charge_authorization_expired':
      return 'authorization_expired';
    case 'amount_too_large':
    case 'charge_already_refunded':
      return 'refund_exceeds_amount';
    case 'payment_intent_unexpected_state':
    case 'intent_invalid_state':
    case 'charge_not_refundable':
    case 'charge_already_captured':
    case 'charge_disputed':
      return 'invalid_state';
  }
  const v = stripeVerdict(err);
  if (v.kind === 'error') return v.code;
  if (v.kind === 'declined') return 'invalid_state';
  return null;
}
