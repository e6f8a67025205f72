// The Stripe adapter, on the official `stripe` library: PaymentIntents for authorization (manual capture) and
// immediate charges, SetupIntents for card checks and registration, Customers + PaymentMethods for the cards kept
// for a member, Refunds; Japan installments / bonus / revolving through payment_method_options.card.installments;
// every write with an Idempotency-Key derived from the order or operation id.
//
// Card data: the PAN goes to Stripe as `payment_method_data[card][number|exp_month|exp_year|cvc]` on the confirm
// call, as Stripe's API takes raw card data. Stripe accepts that only from accounts it has enabled for raw card
// data (otherwise it answers an invalid_request_error, shown as gateway_configuration_error): sending raw PANs
// puts the ivrpay server in PCI DSS scope as a service that transmits cardholder data (SAQ D), which ivrpay is
// anyway, since it receives the digits from the phone. `moto: true` marks the payments as telephone orders (exempt
// from SCA), which Stripe also enables per account. The library's types leave raw card fields out, hence the casts.
//
// Idempotency: the PaymentIntent (or SetupIntent) is first created WITHOUT the card under the key
// `ivrpay-<merchant>-<order>-create`; the card goes only in the confirm. An inquiry replays that create (Stripe
// answers a replayed key with the first object, for 24 hours) and reads the intent's status: requires_capture or
// succeeded = approved, requires_payment_method with last_payment_error = declined, never confirmed = not charged.
import Stripe from 'stripe';
import type { Logger } from '../../log/logger.js';
import { payMethodRefusal } from '../../payments/pay-method.js';
import type { Brand, PayMethod } from '../../payments/types.js';
import { GatewayRequestLog } from '../request-log.js';
import {
  OutcomeUnknown,
  type GatewayCapabilities,
  type GatewayOutcome,
  type GatewayRequest,
  type InquiryHint,
  type OperationOutcome,
  type OperationRequest,
  type PaymentGateway,
  type RegisteredCard,
  type RegistrationMode,
} from '../types.js';
import { STRIPE_DECLINES, stripeRefusal, stripeVerdict } from './errors.js';

export interface StripeConfig {
  secretKey: string;
  /** default https://api.stripe.com */
  apiBase?: string;
  moto: boolean;
  methods: readonly ('installments' | 'bonus' | 'revolving')[];
  installmentCounts: readonly number[];
  /** per request, ms */
  timeoutMs?: number;
}

/** Parameters that may be logged; card fields (payment_method_data) are never among them. */
const STRIPE_LOGGABLE = new Set(['amount', 'currency', 'capture_method', 'amount_to_capture', 'payment_intent', 'customer', 'usage', 'limit', 'idempotency_key']);

const BRANDS: Record<string, Brand> = { visa: 'visa', mastercard: 'mastercard', amex: 'american-express', jcb: 'jcb', diners: 'diners-club', discover: 'discover', unionpay: 'unionpay' };

type Intent = Stripe.PaymentIntent | Stripe.SetupIntent;

export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe';
  readonly capabilities: GatewayCapabilities;
  private readonly stripe: Stripe;
  private readonly requests: GatewayRequestLog;

  constructor(
    private readonly cfg: StripeConfig,
    log: Logger,
  ) {
    const base = new URL(cfg.apiBase ?? 'https://api.stripe.com');
    this.stripe = new Stripe(cfg.secretKey, {
      host: base.hostname,
      port: base.port || (base.protocol === 'http:' ? 80 : 443),
      protocol: base.protocol === 'http:' ? 'http' : 'https',
      // retries are ours (inquiry), never the library's
      maxNetworkRetries: 0,
      timeout: cfg.timeoutMs ?? 20_000,
      telemetry: false,
      appInfo: { name: 'ivrpay' },
    });
    this.requests = new GatewayRequestLog(log, STRIPE_LOGGABLE);
    this.capabilities = {
      jobs: ['auth', 'capture', 'check', 'register', 'capture+register'],
      methods: cfg.methods,
      installmentCounts: cfg.installmentCounts,
      currencies: 'any',
      registration: ['replace', 'add'],
      sale: true,
      voidAuthorization: true,
      // Stripe cancels only uncaptured PaymentIntents; a charge is given back by a refund
      voidCharge: 'never',
      refund: 'partial',
      timeZone: 'UTC',
    };
  }

  async execute(req: GatewayRequest, signal: AbortSignal): Promise<GatewayOutcome> {
    const method = req.method ?? { kind: 'lump' };
    if (payMethodRefusal(method, this.capabilities, 'Stripe') !== null) return { kind: 'declined', code: 'method_not_accepted' };
    const hint: InquiryHint = { job: req.job, memberId: req.memberId, registration: req.registration, amount: req.amount, currency: req.currency, method };
    let intent: Intent;
    try {
      intent = await this.create(req.merchantId, req.orderId, hint, signal);
    } catch (err) {
      return this.failed(err);
    }
    const card = {
      type: 'card',
      card: {
        number: req.card.pan.reveal(),
        exp_month: req.card.expMonth,
        exp_year: req.card.expYear,
        ...(req.card.cvv ? { cvc: req.card.cvv.reveal() } : {}),
      },
    };
    const key = `${keyOf(req.merchantId, req.orderId)}-confirm`;
    try {
      if (intent.object === 'payment_intent') {
        const params = { payment_method_data: card, payment_method_options: { card: cardOptions(this.cfg.moto, method) }, expand: ['latest_charge'] } as unknown as Stripe.PaymentIntentConfirmParams;
        intent = await this.call(req.merchantId, 'POST', '/v1/payment_intents/{id}/confirm', { idempotency_key: key }, signal, () => this.stripe.paymentIntents.confirm(intent.id, params, { idempotencyKey: key }));
      } else {
        const params = { payment_method_data: card, ...(this.cfg.moto ? { payment_method_options: { card: { moto: true } } } : {}) } as unknown as Stripe.SetupIntentConfirmParams;
        intent = await this.call(req.merchantId, 'POST', '/v1/setup_intents/{id}/confirm', { idempotency_key: key }, signal, () => this.stripe.setupIntents.confirm(intent.id, params, { idempotencyKey: key }));
      }
    } catch (err) {
      return this.failed(err);
    }
    return (await this.outcomeOf(req.merchantId, intent, hint, signal)) ?? unknown();
  }

  async inquire(merchantId: string, orderId: string, signal: AbortSignal, hint?: InquiryHint): Promise<GatewayOutcome | null> {
    let intent: Intent | null;
    if (hint?.amount !== undefined) {
      // replaying the create under its key returns the same intent (or creates one that nobody will confirm)
      intent = await this.create(merchantId, orderId, hint, signal);
      intent = await this.refresh(merchantId, intent, signal);
    } else {
      const found = await this.call(merchantId, 'GET', '/v1/payment_intents/search', {}, signal, () => this.stripe.paymentIntents.search({ query: `metadata['ivrpay_order']:'${orderId.replace(/'/g, '')}'`, expand: ['data.latest_charge'] }));
      intent = found.data[0] ?? null;
    }
    return intent ? this.outcomeOf(merchantId, intent, hint ?? null, signal) : null;
  }

  async operate(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome> {
    const id = req.transactionId ?? '';
    if (!id.startsWith('pi_')) return { kind: 'refused', code: 'invalid_state' };
    const key = `ivrpay-op-${req.operationId}`;
    try {
      switch (req.kind) {
        case 'sale': {
          const pi = await this.call(req.merchantId, 'POST', '/v1/payment_intents/{id}/capture', { amount_to_capture: req.amount, idempotency_key: key }, signal, () =>
            this.stripe.paymentIntents.capture(id, { amount_to_capture: req.amount }, { idempotencyKey: key }),
          );
          return pi.status === 'succeeded' ? { kind: 'done', reference: pi.id } : unknown();
        }
        case 'void': {
          const pi = await this.retrievePi(req.merchantId, id, signal);
          if (pi.status === 'canceled') return { kind: 'done', reference: pi.id };
          if (pi.status !== 'requires_capture') return { kind: 'refused', code: pi.status === 'succeeded' ? 'operation_not_supported' : 'invalid_state' };
          const canceled = await this.call(req.merchantId, 'POST', '/v1/payment_intents/{id}/cancel', { idempotency_key: key }, signal, () =>
            this.stripe.paymentIntents.cancel(id, { cancellation_reason: 'requested_by_customer' }, { idempotencyKey: key }),
          );
          return canceled.status === 'canceled' ? { kind: 'done', reference: canceled.id } : unknown();
        }
        case 'refund': {
          const refund = await this.call(req.merchantId, 'POST', '/v1/refunds', { payment_intent: id, amount: req.opAmount, idempotency_key: key }, signal, () =>
            this.stripe.refunds.create({ payment_intent: id, amount: req.opAmount, reason: 'requested_by_customer', metadata: { ivrpay_operation: req.operationId } }, { idempotencyKey: key }),
          );
          return refundOutcome(refund) ?? unknown();
        }
      }
    } catch (err) {
      if (err instanceof OutcomeUnknown) throw err;
      const refusal = stripeRefusal(err);
      if (refusal) return { kind: 'refused', code: refusal };
      throw new OutcomeUnknown(`Stripe ${req.kind}: outcome not known`, { cause: err });
    }
  }

  async inquireOperation(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome | null> {
    const id = req.transactionId ?? '';
    if (!id.startsWith('pi_')) return null;
    if (req.kind === 'refund') {
      const list = await this.call(req.merchantId, 'GET', '/v1/refunds', { payment_intent: id, limit: 100 }, signal, () => this.stripe.refunds.list({ payment_intent: id, limit: 100 }));
      const refund = list.data.find((r) => r.metadata?.ivrpay_operation === req.operationId);
      return refund ? refundOutcome(refund) : null;
    }
    const pi = await this.retrievePi(req.merchantId, id, signal);
    if (req.kind === 'sale') return pi.status === 'succeeded' ? { kind: 'done', reference: pi.id } : null;
    return pi.status === 'canceled' ? { kind: 'done', reference: pi.id } : null;
  }

  async cards(merchantId: string, memberId: string, signal: AbortSignal): Promise<RegisteredCard[]> {
    const customer = await this.findCustomer(merchantId, memberId, signal);
    if (!customer) return [];
    return this.customerCards(merchantId, customer, signal);
  }

  // ── internals ─────────────────────────────────────────────────────────────

  /** One library call, logged (method, endpoint, status, duration, Stripe's code) without its card fields. */
  private async call<T>(merchantId: string, method: string, endpoint: string, params: Record<string, unknown>, signal: AbortSignal, run: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw new OutcomeUnknown('Stripe: timed out before the request');
    const t0 = performance.now();
    const log = (status: number | 'timeout' | 'network_error', errorCode?: string) =>
      this.requests.record({ gateway: 'stripe', merchantId, method, endpoint, status, ms: Math.round(performance.now() - t0), errorCode, params });
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new OutcomeUnknown('Stripe: no answer in time'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const result = await Promise.race([run(), aborted]);
      log(200);
      return result;
    } catch (err) {
      const x = err as { statusCode?: number; code?: string; decline_code?: string; rawType?: string };
      if (err instanceof OutcomeUnknown) log('timeout');
      else log(x.statusCode ?? 'network_error', [x.code, x.decline_code].filter(Boolean).join('/') || x.rawType || undefined);
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** The intent for an order, created without the card under the order's key (idempotent). */
  private async create(merchantId: string, orderId: string, hint: InquiryHint, signal: AbortSignal): Promise<Intent> {
    const key = `${keyOf(merchantId, orderId)}-create`;
    const metadata = { ivrpay_order: orderId, ivrpay_merchant: merchantId };
    const registers = hint.job === 'register' || hint.job === 'capture+register';
    const customer = registers && hint.memberId ? (await this.customerFor(merchantId, hint.memberId, signal)).id : undefined;
    if (hint.job === 'check' || hint.job === 'register') {
      return this.call(merchantId, 'POST', '/v1/setup_intents', { customer, usage: 'off_session', idempotency_key: key }, signal, () =>
        this.stripe.setupIntents.create({ allowed_payment_method_types: ['card'], usage: 'off_session', ...(customer ? { customer } : {}), metadata }, { idempotencyKey: key }),
      );
    }
    const method = hint.method ?? { kind: 'lump' };
    const params: Stripe.PaymentIntentCreateParams = {
      amount: hint.amount ?? 0,
      currency: (hint.currency ?? 'JPY').toLowerCase(),
      capture_method: hint.job === 'auth' ? 'manual' : 'automatic',
      allowed_payment_method_types: ['card'],
      metadata,
      ...(customer ? { customer, setup_future_usage: 'off_session' as const } : {}),
      ...(method.kind !== 'lump' ? { payment_method_options: { card: { installments: { enabled: true } } } } : {}),
    };
    return this.call(merchantId, 'POST', '/v1/payment_intents', { amount: params.amount, currency: params.currency, capture_method: params.capture_method, customer, idempotency_key: key }, signal, () =>
      this.stripe.paymentIntents.create(params, { idempotencyKey: key }),
    );
  }

  private async refresh(merchantId: string, intent: Intent, signal: AbortSignal): Promise<Intent> {
    if (intent.object === 'payment_intent') return this.retrievePi(merchantId, intent.id, signal);
    return this.call(merchantId, 'GET', '/v1/setup_intents/{id}', {}, signal, () => this.stripe.setupIntents.retrieve(intent.id));
  }

  private retrievePi(merchantId: string, id: string, signal: AbortSignal): Promise<Stripe.PaymentIntent> {
    return this.call(merchantId, 'GET', '/v1/payment_intents/{id}', {}, signal, () => this.stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }));
  }

  /** What an intent's status says; registrations are finished (replace: the member's other cards detached). */
  private async outcomeOf(merchantId: string, intent: Intent, hint: InquiryHint | null, signal: AbortSignal): Promise<GatewayOutcome | null> {
    const status = intent.status;
    if (status === 'requires_capture' || status === 'succeeded') {
      const pm = typeof intent.payment_method === 'string' ? intent.payment_method : (intent.payment_method?.id ?? null);
      const registers = hint?.job === 'register' || hint?.job === 'capture+register';
      const cardToken = registers && pm && hint?.memberId ? await this.keepOnly(merchantId, hint.memberId, pm, hint.registration ?? 'replace', signal) : null;
      if (intent.object === 'setup_intent') return { kind: 'approved', approvalCode: '', transactionId: intent.id, cardToken };
      const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
      return { kind: 'approved', approvalCode: charge?.authorization_code ?? '', transactionId: intent.id, cardToken, method: methodOf(charge) };
    }
    if (status === 'processing') return unknown();
    const failure = intent.object === 'payment_intent' ? intent.last_payment_error : intent.last_setup_error;
    if (status === 'requires_payment_method' && failure) {
      const v = STRIPE_DECLINES[failure.decline_code ?? ''] ?? STRIPE_DECLINES[failure.code ?? ''] ?? { kind: 'declined' as const, code: 'card_declined' as const };
      return v.kind === 'declined' ? { kind: 'declined', code: v.code } : v.kind === 'error' ? { kind: 'error', code: v.code, charged: false } : unknown();
    }
    // never confirmed (or canceled before): nothing was charged
    return null;
  }

  private failed(err: unknown): GatewayOutcome {
    const v = stripeVerdict(err);
    if (v.kind === 'declined') return { kind: 'declined', code: v.code };
    if (v.kind === 'error') return { kind: 'error', code: v.code, charged: false };
    throw err instanceof OutcomeUnknown ? err : new OutcomeUnknown('Stripe: outcome not known', { cause: err });
  }

  // ── customers and their cards ─────────────────────────────────────────────

  private async findCustomer(merchantId: string, memberId: string, signal: AbortSignal): Promise<Stripe.Customer | null> {
    const found = await this.call(merchantId, 'GET', '/v1/customers/search', {}, signal, () => this.stripe.customers.search({ query: `metadata['ivrpay_member']:'${memberId.replace(/'/g, '')}'` }));
    return found.data[0] ?? null;
  }

  /** The member's Customer: found by metadata, else created under a key derived from the member (no duplicates). */
  private async customerFor(merchantId: string, memberId: string, signal: AbortSignal): Promise<Stripe.Customer> {
    const found = await this.findCustomer(merchantId, memberId, signal);
    if (found) return found;
    const key = `ivrpay-${merchantId}-member-${memberId}`;
    return this.call(merchantId, 'POST', '/v1/customers', { idempotency_key: key }, signal, () => this.stripe.customers.create({ metadata: { ivrpay_member: memberId, ivrpay_merchant: merchantId } }, { idempotencyKey: key }));
  }

  private async customerCards(merchantId: string, customer: Stripe.Customer, signal: AbortSignal): Promise<RegisteredCard[]> {
    const list = await this.call(merchantId, 'GET', '/v1/payment_methods', { customer: customer.id }, signal, () => this.stripe.paymentMethods.list({ customer: customer.id, type: 'card', limit: 100 }));
    const def = customer.invoice_settings?.default_payment_method;
    const defId = typeof def === 'string' ? def : (def?.id ?? null);
    return list.data
      .map((pm) => ({ token: pm.id, brand: BRANDS[pm.card?.brand ?? ''] ?? null, last4: pm.card?.last4 ?? '', isDefault: pm.id === defId }))
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  }

  /** After a registration: the new card is the member's default; on replace, the member's other cards are detached. */
  private async keepOnly(merchantId: string, memberId: string, pm: string, mode: RegistrationMode, signal: AbortSignal): Promise<string> {
    const customer = await this.customerFor(merchantId, memberId, signal);
    if (mode === 'replace') {
      for (const card of await this.customerCards(merchantId, customer, signal)) {
        if (card.token !== pm) await this.call(merchantId, 'POST', '/v1/payment_methods/{id}/detach', {}, signal, () => this.stripe.paymentMethods.detach(card.token));
      }
    }
    const key = `ivrpay-${merchantId}-default-${pm}`;
    await this.call(merchantId, 'POST', '/v1/customers/{id}', { customer: customer.id, idempotency_key: key }, signal, () =>
      this.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm } }, { idempotencyKey: key }),
    );
    return pm;
  }
}

function keyOf(merchantId: string, orderId: string): string {
  return `ivrpay-${merchantId}-${orderId}`;
}

function cardOptions(moto: boolean, method: PayMethod): Record<string, unknown> {
  const plan =
    method.kind === 'installments' ? { type: 'fixed_count', count: method.count, interval: 'month' } : method.kind === 'bonus' ? { type: 'bonus' } : method.kind === 'revolving' ? { type: 'revolving' } : null;
  return { ...(moto ? { moto: true } : {}), ...(plan ? { installments: { plan } } : {}) };
}

function methodOf(charge: Stripe.Charge | null): PayMethod {
  const plan = charge?.payment_method_details?.card?.installments?.plan as { type?: string; count?: number | null } | null | undefined;
  if (!plan) return { kind: 'lump' };
  if (plan.type === 'fixed_count') return { kind: 'installments', count: plan.count ?? 0 };
  if (plan.type === 'bonus') return { kind: 'bonus' };
  if (plan.type === 'revolving') return { kind: 'revolving' };
  return { kind: 'lump' };
}

function refundOutcome(refund: Stripe.Refund): OperationOutcome | null {
  if (refund.status === 'succeeded' || refund.status === 'pending' || refund.status === 'requires_action') return { kind: 'done', reference: refund.id };
  if (refund.status === 'failed' || refund.status === 'canceled') return { kind: 'refused', code: 'processing_error' };
  return null;
}

function unknown(): never {
  throw new OutcomeUnknown('Stripe: the outcome is not known yet');
}
