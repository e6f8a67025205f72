// Tests the Stripe error mapping: decline codes before codes, status before type for keys, the installment
// plan parameter, and which errors leave the outcome unknown.
import { describe, expect, it } from 'vitest';
import { STRIPE_DECLINES, stripeRefusal, stripeVerdict } from './errors.js';

const cardError = (code: string, decline_code?: string) => ({ rawType: 'card_error', statusCode: 402, code, decline_code });

describe('stripeVerdict', () => {
  it.each([
    [cardError('card_declined', 'insufficient_funds'), { kind: 'declined', code: 'insufficient_funds' }],
    [cardError('card_declined', 'stolen_card'), { kind: 'declined', code: 'card_restricted' }],
    [cardError('card_declined', 'generic_decline'), { kind: 'declined', code: 'card_declined' }],
    [cardError('card_declined', 'some_future_code'), { kind: 'declined', code: 'card_declined' }],
    [cardError('incorrect_cvc'), { kind: 'declined', code: 'incorrect_cvv' }],
    [cardError('expired_card'), { kind: 'declined', code: 'expired_card' }],
    [cardError('processing_error'), { kind: 'error', code: 'processing_error' }],
    [cardError('card_declined', 'try_again_later'), { kind: 'error', code: 'issuer_unavailable' }],
    [{ rawType: 'invalid_request_error', statusCode: 400, param: 'payment_method_options[card][installments][plan]' }, { kind: 'declined', code: 'method_not_accepted' }],
    [{ rawType: 'invalid_request_error', statusCode: 400, code: 'amount_too_small' }, { kind: 'declined', code: 'amount_not_accepted' }],
    [{ rawType: 'invalid_request_error', statusCode: 400 }, { kind: 'error', code: 'gateway_configuration_error' }],
    [{ rawType: 'invalid_request_error', statusCode: 401, type: 'StripeAuthenticationError' }, { kind: 'error', code: 'gateway_credentials_invalid' }],
    [{ rawType: 'rate_limit_error', statusCode: 429 }, { kind: 'error', code: 'gateway_unavailable' }],
    [{ rawType: 'api_error', statusCode: 500 }, { kind: 'unknown' }],
    [{ rawType: 'idempotency_error', statusCode: 400 }, { kind: 'unknown' }],
    [new Error('socket hang up'), { kind: 'unknown' }],
  ])('%o → %o', (err, verdict) => {
    expect(stripeVerdict(err)).toEqual(verdict);
  });

  it('maps every decline code of the list it names', () => {
    for (const [code, v] of Object.entries(STRIPE_DECLINES)) expect(v.kind === 'declined' || v.kind === 'error', code).toBe(true);
    expect(Object.keys(STRIPE_DECLINES).length).toBeGreaterThan(45);
  });
});

describe('stripeRefusal', () => {
  it('says why a capture, cancel or refund was refused, or null when it may have happened', () => {
    expect(stripeRefusal({ rawType: 'invalid_request_error', code: 'charge_expired_for_capture' })).toBe('authorization_expired');
    expect(stripeRefusal({ rawType: 'invalid_request_error', code: 'amount_too_large' })).toBe('refund_exceeds_amount');
    expect(stripeRefusal({ rawType: 'invalid_request_error', code: 'payment_intent_unexpected_state' })).toBe('invalid_state');
    expect(stripeRefusal({ rawType: 'api_error', statusCode: 500 })).toBeNull();
  });
});
