// Sale, void and refund of approved payments: refuses clearly what the payment or its gateway cannot do, records
// each operation before sending it (its id is the gateway's idempotency key), moves the payment through the one
// state machine with one event each, and reconciles an operation whose answer did not come (inquiry, never a
// second send). One operation at a time per payment. The API, the widget, the console and the phone's cancel menu
// all come through `run`.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { paymentOperations } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../log/logger.js';
import type { GatewayResolver } from '../gateway/registry.js';
import type { OperationOutcome, OperationRefusal, OperationRequest } from '../gateway/types.js';
import { messageFor } from '../capture/rules.js';
import { allowedOperations, operationRefusal, remaining } from './operation-policy.js';
import type { PaymentRow, PaymentService } from './service.js';
import type { ErrorCode, Job, OperationKind, PaymentStatus, PaymentView } from './types.js';

export type OperationRow = typeof paymentOperations.$inferSelect;

export interface OperationView {
  id: string;
  kind: OperationKind;
  amount: number;
  /** pending: sent, the gateway's answer is being confirmed by inquiry */
  status: 'pending' | 'succeeded' | 'failed';
  error: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface OperationResult {
  payment: PaymentView;
  operation: OperationView;
}

export interface OperationsOptions {
  timeoutMs: number;
  inquiryBackoffMs?: number[];
  /** how long inquiries that find nothing go on before the operation is failed as not done */
  notFoundWindowMs?: number;
  now?: () => Date;
}

export class PaymentOperations {
  private readonly reconciling = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly payments: PaymentService,
    private readonly gateways: GatewayResolver,
    private readonly log: Logger,
    private readonly opts: OperationsOptions,
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Operations the payment allows now (for its view). */
  async allowed(row: PaymentRow): Promise<OperationKind[]> {
    if (await this.pending(row.id)) return [];
    return allowedOperations(target(row), (await this.gateways.forMerchant(row.merchantId)).capabilities, this.now());
  }

  /** The payment as the API shows it, with the operations it allows now. */
  async view(row: PaymentRow, view: PaymentView): Promise<PaymentView> {
    return { ...view, operations: await this.allowed(row) };
  }

  async list(paymentId: string): Promise<OperationView[]> {
    const { paymentOperations: t } = this.db.tables;
    return (await this.db.q.select().from(t).where(eq(t.paymentId, paymentId)).orderBy(t.createdAt)).map(toOperationView);
  }

  /**
   * Runs the operation. Resolves when the gateway answered (operation succeeded) or could not be reached in time
   * (operation pending: reconciled by inquiry). Throws ApiError when refused, by the policy or by the gateway.
   * `requestKey` (the caller's Idempotency-Key) makes a retried request return the first operation.
   */
  async run(merchantId: string, paymentId: string, kind: OperationKind, input: { amount?: number; requestKey?: string } = {}): Promise<OperationResult & { done: boolean }> {
    const { paymentOperations: t } = this.db.tables;
    const row = await this.payments.row(paymentId);
    if (!row || row.merchantId !== merchantId) throw new ApiError(404, 'not_found', 'payment not found (or it belongs to another merchant)');
    if (input.requestKey) {
      const [earlier] = await this.db.q.select().from(t).where(and(eq(t.paymentId, paymentId), eq(t.requestKey, input.requestKey))).limit(1);
      if (earlier) {
        if (earlier.kind !== kind || (input.amount !== undefined && earlier.amount !== input.amount)) {
          throw new ApiError(409, 'order_id_conflict', `Idempotency-Key ${input.requestKey} was already used for a ${earlier.kind} of ${earlier.amount}; use a new key`);
        }
        return { ...(await this.result(paymentId, earlier)), done: earlier.status !== 'pending' };
      }
    }
    if (await this.pending(paymentId)) throw new ApiError(409, 'operation_in_progress', 'another operation on this payment is still waiting for the gateway\'s answer; try again when it is settled');
    const gateway = await this.gateways.forMerchant(merchantId);
    const refusal = operationRefusal(kind, target(row), gateway.capabilities, this.now(), kind === 'refund' ? input.amount : undefined);
    if (refusal) throw new ApiError(refusal.status, refusal.code, refusal.message);

    const amount = kind === 'sale' ? row.amount : kind === 'void' ? remaining(target(row)) : (input.amount ?? remaining(target(row)));
    const now = nowIso();
    const op: OperationRow = { id: newId('op'), paymentId, merchantId, kind, amount, status: 'pending', gateway: gateway.name, requestKey: input.requestKey ?? null, reference: null, errorCode: null, createdAt: now, updatedAt: now };
    // one pending operation per payment, also across instances: the insert and the check in one transaction, the
    // payment's row locked (Postgres) while checking
    const inserted = await this.db.transaction(async () => {
      const { payments: p } = this.db.tables;
      await this.db.forUpdate(this.db.q.select({ id: p.id }).from(p).where(eq(p.id, paymentId)));
      if (await this.pending(paymentId)) return false;
      await this.db.q.insert(t).values(op);
      return true;
    });
    if (!inserted) throw new ApiError(409, 'operation_in_progress', 'another operation on this payment is still waiting for the gateway\'s answer; try again when it is settled');

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('gateway timeout')), this.opts.timeoutMs);
    let outcome: OperationOutcome | null = null;
    try {
      outcome = await gateway.operate(this.request(row, op), controller.signal);
    } catch (err) {
      this.log.warn({ payment: paymentId, operation: op.id, kind, gateway: gateway.name, reason: controller.signal.aborted ? 'timeout' : String((err as Error).message) }, 'gateway answer to an operation unknown: reconciling');
    } finally {
      clearTimeout(timer);
    }
    if (!outcome) {
      this.reconcile(op.id);
      return { ...(await this.result(paymentId, op)), done: false };
    }
    const settled = await this.settle(op.id, outcome);
    if (settled.status === 'failed') {
      const code = settled.errorCode as OperationRefusal;
      throw new ApiError(REFUSAL_STATUS[code] ?? 502, code as ApiError['code'], refusalMessage(code));
    }
    return { ...(await this.result(paymentId, settled)), done: true };
  }

  /** Asks the gateway about an operation whose answer did not come, until it is settled. */
  reconcile(operationId: string): void {
    if (this.reconciling.has(operationId) || this.stopped) return;
    this.reconciling.add(operationId);
    const backoff = this.opts.inquiryBackoffMs ?? [500, 1_000, 2_000, 5_000, 10_000, 30_000];
    const started = Date.now();
    let attempt = 0;
    const tick = async () => {
      if (this.stopped) return;
      const op = await this.op(operationId);
      const row = op && (await this.payments.row(op.paymentId));
      if (!op || !row || op.status !== 'pending') return void this.reconciling.delete(operationId);
      let outcome: OperationOutcome | null | undefined;
      const controller = new AbortController();
      const t = setTimeout(() => controller.abort(new Error('inquiry timeout')), this.opts.timeoutMs);
      try {
        outcome = await (await this.gateways.forMerchant(op.merchantId)).inquireOperation(this.request(row, op), controller.signal);
      } catch (e) {
        this.log.warn({ operation: operationId, reason: String((e as Error).message) }, 'operation inquiry failed; will ask again');
      } finally {
        clearTimeout(t);
      }
      if (outcome) {
        this.reconciling.delete(operationId);
        await this.settle(operationId, outcome);
        return;
      }
      if (outcome === null && Date.now() - started >= (this.opts.notFoundWindowMs ?? Math.max(30_000, this.opts.timeoutMs * 3))) {
        this.reconciling.delete(operationId);
        this.log.warn({ operation: operationId }, 'the gateway shows no trace of the operation: failing it as not done');
        await this.settle(operationId, { kind: 'refused', code: 'gateway_unavailable' });
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void tick();
      }, backoff[Math.min(attempt++, backoff.length - 1)]!);
      this.timers.add(timer);
    };
    void tick().catch((e) => {
      this.reconciling.delete(operationId);
      this.log.error({ operation: operationId, reason: String((e as Error).message) }, 'operation reconciliation failed');
    });
  }

  /** Operations left pending by a previous run of the server (or by an instance that stopped). */
  async reconcileAll(): Promise<void> {
    const { paymentOperations: t } = this.db.tables;
    for (const op of await this.db.q.select().from(t).where(eq(t.status, 'pending'))) this.reconcile(op.id);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private async op(id: string): Promise<OperationRow | null> {
    const { paymentOperations: t } = this.db.tables;
    const [row] = await this.db.q.select().from(t).where(eq(t.id, id)).limit(1);
    return row ?? null;
  }

  private async pending(paymentId: string): Promise<boolean> {
    const { paymentOperations: t } = this.db.tables;
    return (await this.db.q.select({ id: t.id }).from(t).where(and(eq(t.paymentId, paymentId), eq(t.status, 'pending'))).limit(1)).length > 0;
  }

  private request(row: PaymentRow, op: OperationRow): OperationRequest {
    // the amount refunded before this operation: while it is pending, the payment's total does not include it
    const refundedBefore = op.status === 'succeeded' && op.kind === 'refund' ? row.refundedAmount - op.amount : row.refundedAmount;
    return {
      merchantId: row.merchantId,
      orderId: row.orderId,
      transactionId: row.transactionId,
      job: row.job as Job,
      currency: row.currency,
      amount: row.amount,
      refundedBefore,
      operationId: op.id,
      kind: op.kind as OperationKind,
      opAmount: op.amount,
      chargedAt: row.chargedAt,
    };
  }

  /** Records the gateway's answer once: the operation's row and the payment's status change in one transaction. */
  private settle(operationId: string, outcome: OperationOutcome): Promise<OperationRow> {
    const { paymentOperations: t } = this.db.tables;
    return this.db.transaction(async () => {
      const [op] = await this.db.forUpdate(this.db.q.select().from(t).where(eq(t.id, operationId)).limit(1));
      if (!op) throw new Error(`operation ${operationId} does not exist`);
      if (op.status !== 'pending') return op;
      const set: Partial<OperationRow> = { updatedAt: nowIso() };
      if (outcome.kind === 'refused') {
        Object.assign(set, { status: 'failed', errorCode: outcome.code });
        this.log.info({ payment: op.paymentId, operation: op.id, kind: op.kind, code: outcome.code }, 'operation refused by the gateway');
      } else {
        Object.assign(set, { status: 'succeeded', reference: outcome.reference });
        const row = (await this.payments.row(op.paymentId))!;
        if (op.kind === 'sale') {
          await this.payments.advance(op.paymentId, 'captured', 'captured', { amount: op.amount }, { chargedAt: nowIso() });
        } else if (op.kind === 'void') {
          await this.payments.advance(op.paymentId, 'voided', 'voided', { amount: op.amount });
        } else {
          const total = row.refundedAmount + op.amount;
          const to: PaymentStatus = total >= row.amount ? 'refunded' : 'partially_refunded';
          await this.payments.advance(op.paymentId, to, 'refunded', { amount: op.amount, refundedAmount: total }, { refundedAmount: total });
        }
        this.log.info({ payment: op.paymentId, operation: op.id, kind: op.kind, amount: op.amount }, 'operation done');
      }
      await this.db.q.update(t).set(set).where(eq(t.id, operationId));
      return { ...op, ...set } as OperationRow;
    });
  }

  private async result(paymentId: string, op: OperationRow): Promise<OperationResult> {
    const row = (await this.payments.row(paymentId))!;
    return { payment: await this.view(row, (await this.payments.get(row.merchantId, paymentId))!), operation: toOperationView((await this.op(op.id)) ?? op) };
  }
}

function target(row: PaymentRow) {
  return { status: row.status as PaymentStatus, job: row.job as Job, amount: row.amount, refundedAmount: row.refundedAmount, chargedAt: row.chargedAt };
}

const REFUSAL_STATUS: Partial<Record<OperationRefusal, 409 | 422 | 502 | 503>> = {
  void_window_closed: 409,
  authorization_expired: 409,
  invalid_state: 409,
  refund_exceeds_amount: 422,
  operation_not_supported: 422,
  gateway_unavailable: 503,
  issuer_unavailable: 503,
};

const REFUSALS: Record<string, string> = {
  void_window_closed: 'the gateway voids a charge only on the day it was made: refund it instead',
  authorization_expired: 'the authorization has expired at the card company: its sale can no longer be recorded; take a new payment',
  invalid_state: 'the gateway says the transaction is not in a state that allows this (already sold, voided or refunded?)',
  refund_exceeds_amount: 'the gateway says this is more than can still be refunded',
  operation_not_supported: "the merchant's gateway does not allow this on this transaction",
};

function refusalMessage(code: string): string {
  return REFUSALS[code] ?? messageFor(code as ErrorCode, 'en');
}

function toOperationView(op: OperationRow): OperationView {
  return {
    id: op.id,
    kind: op.kind as OperationKind,
    amount: op.amount,
    status: op.status as OperationView['status'],
    error: op.errorCode ? { code: op.errorCode, message: refusalMessage(op.errorCode) } : null,
    createdAt: op.createdAt,
    updatedAt: op.updatedAt,
  };
}
