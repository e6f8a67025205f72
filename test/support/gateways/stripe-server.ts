// A local server that speaks Stripe's wire format for the endpoints ivrpay uses (form-encoded bodies with bracket
// keys, JSON answers, `{error:{type,code,decline_code,param,message}}` with 402 for card errors, Bearer keys,
// Idempotency-Key replay and idempotency_error): PaymentIntents create/confirm/capture/cancel/retrieve/search,
// SetupIntents, Customers, PaymentMethods, Refunds. Outcomes follow Stripe's (and the sandbox's) test cards.
// Keeps brand and last four only; test use only.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStripeOptions {
  secretKey: string;
  /** how long the "timeout" test card (…0259) keeps the caller waiting after acting */
  hangMs: number;
  /** accounts without raw card data access get Stripe's invalid_request_error for payment_method_data[card] */
  rawCardData?: boolean;
}

type Obj = Record<string, any>;
interface Answer {
  status: number;
  body: Obj;
  slow?: boolean;
}

/** Stripe test cards (docs.stripe.com/testing#declined-payments) → [code, decline_code]. */
const DECLINES: Record<string, [string, string | undefined]> = {
  '4000000000000002': ['card_declined', 'generic_decline'],
  '4000000000009995': ['card_declined', 'insufficient_funds'],
  '4000000000000069': ['expired_card', 'expired_card'],
  '4000000000000127': ['incorrect_cvc', 'incorrect_cvc'],
  '4000000000009979': ['card_declined', 'stolen_card'],
  '4000000000006975': ['card_declined', 'card_velocity_exceeded'],
  '4000000000000119': ['processing_error', undefined],
};

export class FakeStripe {
  url = '';
  /** successful confirms (charges or card checks) per ivrpay order (metadata.ivrpay_order) */
  readonly confirmations = new Map<string, number>();
  /** "METHOD /path" in the order they came, with their Idempotency-Key */
  readonly calls: { route: string; idempotencyKey: string | null; replayed: boolean }[] = [];
  readonly paymentIntents = new Map<string, Obj>();
  readonly setupIntents = new Map<string, Obj>();
  readonly customers = new Map<string, Obj>();
  readonly paymentMethods = new Map<string, Obj>();
  readonly charges = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  private readonly idempotency = new Map<string, { fingerprint: string; answer: Answer }>();
  private readonly slowIntents = new Set<string>();
  private readonly hanging = new Set<ServerResponse>();
  private server!: Server;

  private constructor(readonly opts: FakeStripeOptions) {}

  static async start(opts: FakeStripeOptions): Promise<FakeStripe> {
    const s = new FakeStripe(opts);
    s.server = createServer((req, res) => void s.handle(req, res));
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    const params = parseForm(req.method === 'GET' ? url.search.slice(1) : raw);
    const route = `${req.method} ${url.pathname}`;
    const key = req.method === 'POST' ? ((req.headers['idempotency-key'] as string | undefined) ?? null) : null;
    if (req.headers.authorization !== `Bearer ${this.opts.secretKey}`) {
      return this.send(res, { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } }, false);
    }
    let answer: Answer;
    let replayed = false;
    const fingerprint = createHash('sha256').update(`${route}\n${raw}`).digest('hex');
    const seen = key ? this.idempotency.get(key) : undefined;
    if (seen) {
      replayed = true;
      answer =
        seen.fingerprint === fingerprint
          ? seen.answer
          : { status: 400, body: { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with.` } } };
    } else {
      answer = this.route(req.method ?? 'GET', url.pathname, params);
      // Stripe does not store answers to requests that failed validation before doing anything (400s)
      if (key && answer.status !== 400 && answer.status !== 401) this.idempotency.set(key, { fingerprint, answer: { ...answer, slow: false } });
    }
    this.calls.push({ route: route.replace(/\/(pi|seti|cus|pm|re)_[A-Za-z0-9]+/g, '/$1_…'), idempotencyKey: key, replayed });
    if (answer.slow) {
      this.hanging.add(res);
      await new Promise((r) => setTimeout(r, this.opts.hangMs));
      this.hanging.delete(res);
      if (res.destroyed) return;
    }
    this.send(res, answer, replayed);
  }

  private send(res: ServerResponse, a: Answer, replayed: boolean): void {
    res.writeHead(a.status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
    res.end(JSON.stringify(a.body));
  }

  private route(method: string, path: string, p: Obj): Answer {
    const m = (re: RegExp) => re.exec(path);
    let x: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') return this.createPi(p);
    if (method === 'GET' && path === '/v1/payment_intents/search') return ok(searchResult([...this.paymentIntents.values()].filter(matches(p.query)).map((pi) => this.expandPi(pi, p))));
    if ((x = m(/^\/v1\/payment_intents\/(pi_\w+)$/)) && method === 'GET') return this.withPi(x[1]!, (pi) => ok(this.expandPi(pi, p)));
    if ((x = m(/^\/v1\/payment_intents\/(pi_\w+)\/confirm$/))) return this.withPi(x[1]!, (pi) => this.confirmPi(pi, p));
    if ((x = m(/^\/v1\/payment_intents\/(pi_\w+)\/capture$/))) return this.withPi(x[1]!, (pi) => this.capturePi(pi, p));
    if ((x = m(/^\/v1\/payment_intents\/(pi_\w+)\/cancel$/))) return this.withPi(x[1]!, (pi) => this.cancelPi(pi));
    if (method === 'POST' && path === '/v1/setup_intents') return this.createSi(p);
    if ((x = m(/^\/v1\/setup_intents\/(seti_\w+)$/)) && method === 'GET') return this.withSi(x[1]!, (si) => ok(si));
    if ((x = m(/^\/v1\/setup_intents\/(seti_\w+)\/confirm$/))) return this.withSi(x[1]!, (si) => this.confirmSi(si, p));
    if (method === 'POST' && path === '/v1/customers') return this.createCustomer(p);
    if (method === 'GET' && path === '/v1/customers/search') return ok(searchResult([...this.customers.values()].filter(matches(p.query))));
    if ((x = m(/^\/v1\/customers\/(cus_\w+)$/)) && method === 'POST') return this.updateCustomer(x[1]!, p);
    if (method === 'GET' && path === '/v1/payment_methods') return ok(list([...this.paymentMethods.values()].filter((pm) => pm.customer === p.customer && pm.customer)));
    if ((x = m(/^\/v1\/payment_methods\/(pm_\w+)\/detach$/))) return this.detach(x[1]!);
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(p);
    if (method === 'GET' && path === '/v1/refunds') return ok(list([...this.refunds.values()].filter((r) => r.payment_intent === p.payment_intent)));
    return invalid(`Unrecognized request URL (${method}: ${path})`, 'resource_missing', 404);
  }

  // ── PaymentIntents ─────────────────────────────────────────────────────────

  private createPi(p: Obj): Answer {
    if (!/^\d+$/.test(p.amount ?? '')) return invalid('Missing required param: amount.', 'parameter_missing', 400, 'amount');
    if (!p.currency) return invalid('Missing required param: currency.', 'parameter_missing', 400, 'currency');
    if (p.customer && !this.customers.has(p.customer)) return invalid(`No such customer: '${p.customer}'`, 'resource_missing', 400, 'customer');
    const pi: Obj = {
      id: id('pi'),
      object: 'payment_intent',
      amount: Number(p.amount),
      amount_capturable: 0,
      amount_received: 0,
      currency: p.currency,
      capture_method: p.capture_method ?? 'automatic',
      customer: p.customer ?? null,
      setup_future_usage: p.setup_future_usage ?? null,
      metadata: p.metadata ?? {},
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: null,
      last_payment_error: null,
      payment_method_options: { card: { installments: p.payment_method_options?.card?.installments ? { enabled: true, plan: null } : null } },
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
    this.paymentIntents.set(pi.id, pi);
    return ok(pi);
  }

  private confirmPi(pi: Obj, p: Obj): Answer {
    if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
      return invalid(`This PaymentIntent's status is ${pi.status}; it cannot be confirmed.`, 'payment_intent_unexpected_state', 400);
    }
    const card = this.cardFrom(p);
    if ('error' in card) return card.error;
    const plan = p.payment_method_options?.card?.installments?.plan;
    if (plan && (!pi.payment_method_options.card.installments || card.number === '4000000000003311')) {
      return invalid('The selected installment plan is not available for this payment.', 'payment_intent_invalid_parameter', 400, 'payment_method_options[card][installments][plan]');
    }
    const decline = DECLINES[card.number];
    if (decline) {
      const [code, declineCode] = decline;
      pi.last_payment_error = { type: 'card_error', code, ...(declineCode ? { decline_code: declineCode } : {}), message: 'Your card was declined.' };
      pi.status = 'requires_payment_method';
      return { status: 402, body: { error: { ...pi.last_payment_error, payment_intent: pi } } };
    }
    const pm = this.newPaymentMethod(card.number, card.expMonth, card.expYear, pi.setup_future_usage ? pi.customer : null);
    const charge: Obj = {
      id: id('ch'),
      object: 'charge',
      amount: pi.amount,
      authorization_code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
      captured: pi.capture_method !== 'manual',
      payment_intent: pi.id,
      payment_method: pm.id,
      payment_method_details: { type: 'card', card: { brand: pm.card.brand, last4: pm.card.last4, installments: plan ? { plan: { type: plan.type, count: plan.count ? Number(plan.count) : null, interval: plan.interval ?? null } } : null } },
      amount_refunded: 0,
    };
    this.charges.set(charge.id, charge);
    Object.assign(pi, {
      status: pi.capture_method === 'manual' ? 'requires_capture' : 'succeeded',
      amount_capturable: pi.capture_method === 'manual' ? pi.amount : 0,
      amount_received: pi.capture_method === 'manual' ? 0 : pi.amount,
      payment_method: pm.id,
      latest_charge: charge.id,
      last_payment_error: null,
    });
    const order = String(pi.metadata.ivrpay_order ?? pi.id);
    this.confirmations.set(order, (this.confirmations.get(order) ?? 0) + 1);
    if (card.number.endsWith('0259')) this.slowIntents.add(pi.id);
    return { ...ok(this.expandPi(pi, p)), slow: this.slowIntents.has(pi.id) };
  }

  private capturePi(pi: Obj, p: Obj): Answer {
    if (pi.status !== 'requires_capture') return invalid(`This PaymentIntent could not be captured because it has a status of ${pi.status}.`, 'payment_intent_unexpected_state', 400);
    const amount = p.amount_to_capture ? Number(p.amount_to_capture) : pi.amount;
    if (amount > pi.amount_capturable) return invalid('amount_to_capture is greater than the amount capturable.', 'amount_too_large', 400, 'amount_to_capture');
    Object.assign(pi, { status: 'succeeded', amount_received: amount, amount_capturable: 0 });
    const charge = this.charges.get(pi.latest_charge);
    if (charge) charge.captured = true;
    return { ...ok(this.expandPi(pi, p)), slow: this.slowIntents.has(pi.id) };
  }

  private cancelPi(pi: Obj): Answer {
    if (!['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
      return invalid(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`, 'payment_intent_unexpected_state', 400);
    }
    Object.assign(pi, { status: 'canceled', amount_capturable: 0 });
    return { ...ok(pi), slow: this.slowIntents.has(pi.id) };
  }

  private expandPi(pi: Obj, p: Obj): Obj {
    const expand: string[] = ([] as string[]).concat(p.expand ?? []).map(String);
    const wantCharge = expand.includes('latest_charge') || expand.includes('data.latest_charge');
    return wantCharge && pi.latest_charge ? { ...pi, latest_charge: this.charges.get(pi.latest_charge) } : pi;
  }

  private withPi(piId: string, f: (pi: Obj) => Answer): Answer {
    const pi = this.paymentIntents.get(piId);
    return pi ? f(pi) : invalid(`No such payment_intent: '${piId}'`, 'resource_missing', 404);
  }

  // ── SetupIntents ───────────────────────────────────────────────────────────

  private createSi(p: Obj): Answer {
    if (p.customer && !this.customers.has(p.customer)) return invalid(`No such customer: '${p.customer}'`, 'resource_missing', 400, 'customer');
    const si: Obj = { id: id('seti'), object: 'setup_intent', customer: p.customer ?? null, usage: p.usage ?? 'off_session', metadata: p.metadata ?? {}, status: 'requires_payment_method', payment_method: null, last_setup_error: null, livemode: false };
    this.setupIntents.set(si.id, si);
    return ok(si);
  }

  private confirmSi(si: Obj, p: Obj): Answer {
    if (si.status !== 'requires_payment_method' && si.status !== 'requires_confirmation') {
      return invalid(`This SetupIntent's status is ${si.status}; it cannot be confirmed.`, 'setup_intent_unexpected_state', 400);
    }
    const card = this.cardFrom(p);
    if ('error' in card) return card.error;
    const decline = DECLINES[card.number];
    if (decline) {
      const [code, declineCode] = decline;
      si.last_setup_error = { type: 'card_error', code, ...(declineCode ? { decline_code: declineCode } : {}), message: 'Your card was declined.' };
      return { status: 402, body: { error: { ...si.last_setup_error, setup_intent: si } } };
    }
    const pm = this.newPaymentMethod(card.number, card.expMonth, card.expYear, si.customer);
    Object.assign(si, { status: 'succeeded', payment_method: pm.id, last_setup_error: null });
    const order = String(si.metadata.ivrpay_order ?? si.id);
    this.confirmations.set(order, (this.confirmations.get(order) ?? 0) + 1);
    if (card.number.endsWith('0259')) this.slowIntents.add(si.id);
    return { ...ok(si), slow: this.slowIntents.has(si.id) };
  }

  private withSi(siId: string, f: (si: Obj) => Answer): Answer {
    const si = this.setupIntents.get(siId);
    return si ? f(si) : invalid(`No such setup_intent: '${siId}'`, 'resource_missing', 404);
  }

  // ── cards, customers, refunds ──────────────────────────────────────────────

  private cardFrom(p: Obj): { number: string; expMonth: number; expYear: number } | { error: Answer } {
    const c = p.payment_method_data?.card;
    if (p.payment_method_data?.type !== 'card' || !c) return { error: invalid('Missing required param: payment_method_data[type].', 'parameter_missing', 400, 'payment_method_data') };
    if (this.opts.rawCardData === false) {
      return { error: invalid('Sending credit card numbers directly to the Stripe API is generally unsafe. To continue processing use Stripe.js, the Stripe mobile bindings, or Stripe Elements.', undefined, 400) };
    }
    if (!/^\d{12,19}$/.test(c.number ?? '')) return { error: { status: 402, body: { error: { type: 'card_error', code: 'invalid_number', param: 'payment_method_data[card][number]', message: 'Your card number is invalid.' } } } };
    if (!/^\d{1,2}$/.test(c.exp_month ?? '') || !/^\d{4}$/.test(c.exp_year ?? '')) return { error: { status: 402, body: { error: { type: 'card_error', code: 'invalid_expiry_month', message: "Your card's expiration date is invalid." } } } };
    if (c.cvc !== undefined && !/^\d{3,4}$/.test(c.cvc)) return { error: { status: 402, body: { error: { type: 'card_error', code: 'invalid_cvc', message: "Your card's security code is invalid." } } } };
    return { number: c.number, expMonth: Number(c.exp_month), expYear: Number(c.exp_year) };
  }

  private newPaymentMethod(pan: string, expMonth: number, expYear: number, customer: string | null): Obj {
    const pm: Obj = { id: id('pm'), object: 'payment_method', type: 'card', customer, card: { brand: brandOf(pan), last4: pan.slice(-4), exp_month: expMonth, exp_year: expYear } };
    this.paymentMethods.set(pm.id, pm);
    return pm;
  }

  private createCustomer(p: Obj): Answer {
    const c: Obj = { id: id('cus'), object: 'customer', metadata: p.metadata ?? {}, invoice_settings: { default_payment_method: null }, livemode: false };
    this.customers.set(c.id, c);
    return ok(c);
  }

  private updateCustomer(cusId: string, p: Obj): Answer {
    const c = this.customers.get(cusId);
    if (!c) return invalid(`No such customer: '${cusId}'`, 'resource_missing', 404);
    const pmId = p.invoice_settings?.default_payment_method;
    if (pmId !== undefined) {
      if (this.paymentMethods.get(pmId)?.customer !== cusId) return invalid(`The customer does not have a payment method with the ID ${pmId}.`, 'resource_missing', 400, 'invoice_settings[default_payment_method]');
      c.invoice_settings.default_payment_method = pmId;
    }
    return ok(c);
  }

  private detach(pmId: string): Answer {
    const pm = this.paymentMethods.get(pmId);
    if (!pm || !pm.customer) return invalid('The payment method you provided is not attached to a customer so detachment is impossible.', 'payment_method_unexpected_state', 400);
    const c = this.customers.get(pm.customer);
    if (c && c.invoice_settings.default_payment_method === pmId) c.invoice_settings.default_payment_method = null;
    pm.customer = null;
    return ok(pm);
  }

  private createRefund(p: Obj): Answer {
    const pi = this.paymentIntents.get(p.payment_intent ?? '');
    if (!pi) return invalid(`No such payment_intent: '${p.payment_intent}'`, 'resource_missing', 400, 'payment_intent');
    if (pi.status !== 'succeeded') return invalid(`This PaymentIntent does not have a successful charge to refund.`, 'charge_not_refundable', 400);
    const charge = this.charges.get(pi.latest_charge)!;
    const left = pi.amount_received - charge.amount_refunded;
    if (left <= 0) return invalid(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded', 400);
    const amount = p.amount ? Number(p.amount) : left;
    if (amount > left) return invalid(`Refund amount is greater than unrefunded amount on charge (${left})`, 'amount_too_large', 400, 'amount');
    charge.amount_refunded += amount;
    const refund: Obj = { id: id('re'), object: 'refund', amount, currency: pi.currency, payment_intent: pi.id, charge: charge.id, status: 'succeeded', reason: p.reason ?? null, metadata: p.metadata ?? {} };
    this.refunds.set(refund.id, refund);
    return { ...ok(refund), slow: this.slowIntents.has(pi.id) };
  }
}

/** Stripe's form encoding: `a[b][c]=v`, arrays as `a[0]=v` or `a[]=v`. */
export function parseForm(text: string): Obj {
  const out: Obj = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const path = k.split(/\[|\]\[|\]/).filter((s, i) => i === 0 || s !== '');
    let cur: Obj = out;
    path.forEach((seg, i) => {
      const last = i === path.length - 1;
      const isIndex = /^\d+$/.test(seg) || (seg === '' && i > 0);
      if (last) {
        if (Array.isArray(cur)) cur.push(v);
        else if (seg in cur) cur[seg] = ([] as unknown[]).concat(cur[seg], v);
        else cur[seg] = v;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1] ?? '');
      const keyed = isIndex && Array.isArray(cur) ? cur.length : seg;
      cur[keyed as string] ??= nextIsIndex ? [] : {};
      cur = cur[keyed as string];
    });
  }
  return out;
}

function matches(query: string | undefined): (o: Obj) => boolean {
  const q = /^metadata\['([^']+)'\]:'([^']*)'$/.exec(query ?? '');
  return (o) => Boolean(q && o.metadata?.[q[1]!] === q[2]);
}

function ok(body: Obj): Answer {
  return { status: 200, body };
}

function invalid(message: string, code: string | undefined, status: number, param?: string): Answer {
  return { status, body: { error: { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) } } };
}

function list(data: Obj[]): Obj {
  return { object: 'list', data, has_more: false, url: '/v1/list' };
}

function searchResult(data: Obj[]): Obj {
  return { object: 'search_result', data, has_more: false, next_page: null, url: '/v1/search' };
}

function id(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

function brandOf(pan: string): string {
  if (pan.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(pan)) return 'mastercard';
  if (/^3[47]/.test(pan)) return 'amex';
  if (pan.startsWith('35')) return 'jcb';
  if (/^3(0|6|8)/.test(pan)) return 'diners';
  return 'unknown';
}
