// Sends a complete card to the merchant's gateway once, with the order id as idempotency key, and settles the payment.
// A gateway that does not answer in time leaves the payment `authorizing` and is asked (inquiry) until it says
// what happened: never a second execute, never a guessed outcome. Wipes the card whatever happens.
import type { Logger } from '../log/logger.js';
import type { GatewayCard, GatewayOutcome, InquiryHint, RegistrationMode } from '../gateway/types.js';
import type { GatewayResolver } from '../gateway/registry.js';
import { payMethodOf } from './pay-method.js';
import { nowIso } from '../ids.js';
import { messageFor } from '../capture/rules.js';
import type { PaymentService, PaymentRow } from './service.js';
import type { ErrorCode, Job, PaymentStatus } from './types.js';

export interface AuthorizerOptions {
  timeoutMs: number;
  /** inquiry delays after a timeout, in ms; the last one repeats until `giveUpAfterMs` */
  inquiryBackoffMs?: number[];
  /** how long inquiries that find no record go on before the payment is failed as not charged */
  notFoundWindowMs?: number;
  /** registration jobs: replace the member's card or add one (merchant setting); replace when absent */
  registrationFor?: (merchantId: string) => RegistrationMode | Promise<RegistrationMode>;
}

export type AuthorizeResult = 'approved' | 'declined' | 'failed' | 'reconciling';

export class Authorizer {
  /** payments being reconciled here → ends the wait of whoever waits for the reconciliation (see `until`) */
  private readonly reconciling = new Map<string, { over: Promise<void>; end: () => void }>();
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    /** each merchant's gateway */
    private readonly gateways: GatewayResolver,
    private readonly payments: PaymentService,
    private readonly log: Logger,
    private readonly opts: AuthorizerOptions,
  ) {}

  /** Runs the payment's job with the card (payment must be `authorizing`). */
  async run(payment: PaymentRow, card: GatewayCard): Promise<AuthorizeResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('gateway timeout')), this.opts.timeoutMs);
    let outcome: GatewayOutcome | null = null;
    let gateway: Awaited<ReturnType<GatewayResolver['forMerchant']>> | null = null;
    try {
      gateway = await this.gateways.forMerchant(payment.merchantId);
      const hint = await this.hintFor(payment);
      outcome = await gateway.execute(
        { merchantId: payment.merchantId, orderId: payment.orderId, job: hint.job, amount: payment.amount, currency: payment.currency, memberId: payment.memberId, card, method: hint.method, registration: hint.registration },
        controller.signal,
      );
    } catch (err) {
      this.log.warn({ payment: payment.id, gateway: gateway?.name, reason: controller.signal.aborted ? 'timeout' : String((err as Error).message) }, 'gateway answer unknown: reconciling');
    } finally {
      clearTimeout(timer);
      card.pan.wipe();
      card.cvv?.wipe();
    }
    if (!outcome) {
      await this.payments.note({ id: payment.id, merchantId: payment.merchantId, status: 'authorizing' }, 'reconciling', { error: err('gateway_timeout') });
      this.reconcile(payment.id);
      return 'reconciling';
    }
    return this.settle(payment.id, outcome, card);
  }

  /** Asks the gateway about a payment left `authorizing` (after a timeout or a restart) until it is settled. */
  reconcile(paymentId: string): void {
    if (this.reconciling.has(paymentId) || this.stopped) return;
    let end = () => {};
    const over = new Promise<void>((r) => (end = r));
    this.reconciling.set(paymentId, { over, end });
    const backoff = this.opts.inquiryBackoffMs ?? [500, 1_000, 2_000, 5_000, 10_000, 30_000];
    const started = Date.now();
    let attempt = 0;
    const tick = async () => {
      if (this.stopped) return;
      const row = await this.payments.row(paymentId);
      if (!row || row.status !== 'authorizing') return void this.reconciled(paymentId);
      let outcome: GatewayOutcome | null | undefined;
      const controller = new AbortController();
      const t = setTimeout(() => controller.abort(new Error('inquiry timeout')), this.opts.timeoutMs);
      try {
        outcome = await (await this.gateways.forMerchant(row.merchantId)).inquire(row.merchantId, row.orderId, controller.signal, await this.hintFor(row));
      } catch (e) {
        this.log.warn({ payment: paymentId, reason: String((e as Error).message) }, 'gateway inquiry failed; will ask again');
      } finally {
        clearTimeout(t);
      }
      if (outcome) {
        this.reconciled(paymentId);
        await this.settle(paymentId, outcome, null);
        return;
      }
      if (outcome === null && Date.now() - started >= (this.opts.notFoundWindowMs ?? Math.max(30_000, this.opts.timeoutMs * 3))) {
        this.reconciled(paymentId);
        this.log.warn({ payment: paymentId }, 'gateway has no record of the order: failing it as not charged');
        await this.advanceIfAuthorizing(paymentId, 'failed', { error: err('gateway_timeout') }, { error: err('gateway_timeout') });
        return;
      }
      const delay = backoff[Math.min(attempt++, backoff.length - 1)]!;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void tick();
      }, delay);
      this.timers.add(timer);
    };
    void tick().catch((e) => {
      this.reconciled(paymentId);
      this.log.error({ payment: paymentId, reason: String((e as Error).message) }, 'reconciliation failed');
    });
  }

  /** Resolves when this instance is no longer reconciling the payment (at once when it is not). */
  until(paymentId: string): Promise<void> {
    return this.reconciling.get(paymentId)?.over ?? Promise.resolve();
  }

  private reconciled(paymentId: string): void {
    this.reconciling.get(paymentId)?.end();
    this.reconciling.delete(paymentId);
  }

  /** Payments left `authorizing` by a previous run of the server. */
  async reconcileAll(): Promise<void> {
    for (const row of await this.payments.withStatus(['authorizing'])) this.reconcile(row.id);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * Settles a payment that is still `authorizing`. Another instance may have settled it first (it took over the
   * reconciliation of a stopped one): that outcome stands, and this one only logs.
   */
  private async advanceIfAuthorizing(paymentId: string, to: PaymentStatus, data: Parameters<PaymentService['advance']>[3], patch: Parameters<PaymentService['advance']>[4]): Promise<void> {
    try {
      await this.payments.advance(paymentId, to, to as Parameters<PaymentService['advance']>[2], data, patch);
    } catch (e) {
      const row = await this.payments.row(paymentId);
      if (row && row.status !== 'authorizing') return void this.log.info({ payment: paymentId, status: row.status }, 'payment already settled');
      throw e;
    }
  }

  /** What the gateway is told besides the card: the job, how the customer pays, the registration mode. */
  private async hintFor(payment: PaymentRow): Promise<InquiryHint & { job: Job }> {
    return {
      job: payment.job as Job,
      memberId: payment.memberId,
      registration: (await this.opts.registrationFor?.(payment.merchantId)) ?? 'replace',
      amount: payment.amount,
      currency: payment.currency,
      method: payMethodOf(payment),
    };
  }

  private async settle(paymentId: string, outcome: GatewayOutcome, card: GatewayCard | null): Promise<AuthorizeResult> {
    const masked = card ? { brand: card.brand, last4: card.last4 } : {};
    let to: PaymentStatus;
    if (outcome.kind === 'approved') {
      to = 'approved';
      const row = await this.payments.row(paymentId);
      const method = outcome.method ?? (row ? payMethodOf(row) : { kind: 'lump' as const });
      const charged = row?.job === 'capture' || row?.job === 'capture+register';
      const data = { approvalCode: outcome.approvalCode, transactionId: outcome.transactionId, ...(outcome.cardToken ? { cardToken: outcome.cardToken } : {}), method, ...masked };
      await this.advanceIfAuthorizing(paymentId, 'approved', data, { approvalCode: outcome.approvalCode, transactionId: outcome.transactionId, cardToken: outcome.cardToken, error: null, method, ...(charged ? { chargedAt: nowIso() } : {}) });
    } else {
      to = outcome.kind === 'declined' ? 'declined' : 'failed';
      const error = err(outcome.code);
      await this.advanceIfAuthorizing(paymentId, to, { error, ...masked }, { error });
    }
    this.log.info({ payment: paymentId, status: to }, 'payment settled');
    return to as AuthorizeResult;
  }
}

const err = (code: ErrorCode) => ({ code, message: messageFor(code, 'en') });
