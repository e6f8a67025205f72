// Payments in the database: idempotent creation per merchant order id, status changes through the state machine with
// one stored + published event each, merchant-scoped reads. One payment's writes from this instance go one after the
// other in call order (so its events keep their order, even when a caller does not wait), and a read of it waits for
// the writes already asked for. Holds no card data and accepts none.
import { createHash, randomInt } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { payments } from '../db/schema.js';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/dispatcher.js';
import { newId, nowIso } from '../ids.js';
import { ApiError } from '../http/errors.js';
import { transition } from './state.js';
import type { EventLog } from './event-log.js';
import type { EventBus } from './event-bus.js';
import type { ErrorCode, Job, PaymentEvent, PaymentEventData, PaymentEventType, PaymentStatus, PaymentView, Brand, PayMethod } from './types.js';
import { payMethodColumns, payMethodOf } from './pay-method.js';

export type PaymentRow = typeof payments.$inferSelect;

export interface CreatePayment {
  orderId: string;
  amount: number;
  currency: string;
  job: Job;
  memberId?: string | null;
  /** E.164 mobile number for the SMS identity check */
  customerPhone?: string | null;
  operatorId?: string | null;
  callId?: string | null;
  /** how the customer pays; lump sum when absent */
  method?: PayMethod;
}

/** Columns a status change may fill in (outcomes and masked card facts only). */
export interface PaymentPatch {
  callId?: string | null;
  brand?: Brand | null;
  last4?: string | null;
  approvalCode?: string | null;
  transactionId?: string | null;
  cardToken?: string | null;
  error?: { code: ErrorCode; message: string } | null;
  method?: PayMethod;
  refundedAmount?: number;
  chargedAt?: string | null;
}

/** Issues the identification id of a new payment (transfer mode); returns null when the merchant has none. */
export type IdentificationIssuer = {
  issue(merchantId: string, paymentId: string): Promise<{ code: string; expiresAt: string } | null>;
  current(paymentId: string): Promise<{ code: string; expiresAt: string } | null>;
};

export function toView(row: PaymentRow, identification: PaymentView['identification'] = null): PaymentView {
  return {
    id: row.id,
    merchantId: row.merchantId,
    orderId: row.orderId,
    amount: row.amount,
    currency: row.currency,
    job: row.job as Job,
    memberId: row.memberId,
    status: row.status as PaymentStatus,
    callId: row.callId,
    operatorId: row.operatorId,
    brand: row.brand as Brand | null,
    last4: row.last4,
    approvalCode: row.approvalCode,
    transactionId: row.transactionId,
    cardToken: row.cardToken,
    slipNumber: row.slipNumber,
    error: row.errorCode ? { code: row.errorCode as ErrorCode, message: row.errorMessage ?? '' } : null,
    method: payMethodOf(row),
    refundedAmount: row.refundedAmount,
    identification,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class PaymentService {
  /** the last write asked for, per payment: the next one (and reads) wait for it */
  private readonly queue = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly events: EventLog,
    private readonly bus: EventBus,
    private readonly identification: IdentificationIssuer | null = null,
  ) {}

  /** The payment as the API shows it, with its current identification id while it can still be used. */
  async view(id: string): Promise<PaymentView> {
    const row = await this.row(id);
    if (!row) throw new Error(`payment ${id} does not exist`);
    return toView(row, row.status === 'created' ? ((await this.identification?.current(id)) ?? null) : null);
  }

  /** A new identification id for a payment that has not started (the earlier one stops working). */
  async reissueIdentification(id: string): Promise<PaymentView> {
    const row = await this.row(id);
    if (!row || !this.identification) throw new Error(`payment ${id} cannot have an identification id`);
    await this.serial(id, async () => {
      const issued = await this.identification!.issue(row.merchantId, id);
      if (issued) this.publish(await this.events.append(row.merchantId, { paymentId: id, type: 'identification_issued', status: row.status as PaymentStatus, identificationCode: issued.code, identificationExpiresAt: issued.expiresAt }), row.merchantId);
    });
    return this.view(id);
  }

  /** Creates the payment, or returns the existing one for a retried request with the same order id and values. */
  async create(merchantId: string, input: CreatePayment): Promise<{ payment: PaymentView; created: boolean }> {
    const requestHash = hashRequest(input);
    const { payments: t } = this.db.tables;
    const existing = async () => {
      const [row] = await this.db.q.select().from(t).where(and(eq(t.merchantId, merchantId), eq(t.orderId, input.orderId))).limit(1);
      if (!row) return null;
      if (row.requestHash !== requestHash) {
        throw new ApiError(409, 'order_id_conflict', `order id ${input.orderId} was already used for a payment with other values; use a new order id`);
      }
      return { payment: await this.view(row.id), created: false };
    };
    const earlier = await existing();
    if (earlier) return earlier;
    const now = nowIso();
    const row: PaymentRow = {
      id: newId('pay'),
      merchantId,
      orderId: input.orderId,
      amount: input.amount,
      currency: input.currency,
      job: input.job,
      memberId: input.memberId ?? null,
      customerPhone: input.customerPhone ?? null,
      slipNumber: null,
      status: 'created',
      callId: input.callId ?? null,
      operatorId: input.operatorId ?? null,
      brand: null,
      last4: null,
      approvalCode: null,
      transactionId: null,
      cardToken: null,
      errorCode: null,
      errorMessage: null,
      ...payMethodColumns(input.method ?? { kind: 'lump' }),
      refundedAmount: 0,
      chargedAt: null,
      requestHash,
      createdAt: now,
      updatedAt: now,
    };
    const done = await this.db.transaction(async () => {
      // the same order id created meanwhile (another request, another instance): the unique index says so
      const inserted = await this.db.q.insert(t).values(row).onConflictDoNothing().returning({ id: t.id });
      if (!inserted.length) return null;
      const events = [await this.events.append(merchantId, { paymentId: row.id, type: 'created', status: 'created' })];
      const issued = (await this.identification?.issue(merchantId, row.id)) ?? null;
      if (issued) events.push(await this.events.append(merchantId, { paymentId: row.id, type: 'identification_issued', status: 'created', identificationCode: issued.code, identificationExpiresAt: issued.expiresAt }));
      return { events, issued };
    });
    if (!done) return (await existing())!;
    for (const e of done.events) this.publish(e, merchantId);
    return { payment: toView(row, done.issued), created: true };
  }

  /** The payment's row, after this instance's writes to it already asked for. */
  async row(id: string): Promise<PaymentRow | null> {
    const pending = this.db.inTransaction ? undefined : this.queue.get(id);
    if (pending) await pending.catch(() => {});
    return this.read(id);
  }

  private async read(id: string): Promise<PaymentRow | null> {
    const { payments: t } = this.db.tables;
    const [row] = await this.db.q.select().from(t).where(eq(t.id, id)).limit(1);
    return row ?? null;
  }

  /** The payment if it belongs to the merchant; another merchant's payment is indistinguishable from none. */
  async get(merchantId: string, id: string): Promise<PaymentView | null> {
    const row = await this.row(id);
    return row && row.merchantId === merchantId ? this.view(id) : null;
  }

  async withStatus(statuses: PaymentStatus[]): Promise<PaymentRow[]> {
    const { payments: t } = this.db.tables;
    return this.db.q.select().from(t).where(inArray(t.status, statuses));
  }

  /** Moves the payment to `to` (refusing illegal moves), stores the patch and one event, publishes it. */
  advance(id: string, to: PaymentStatus, type: PaymentEventType, data: PaymentEventData = {}, patch: PaymentPatch = {}): Promise<PaymentView> {
    return this.serial(id, async () => {
      const { payments: t } = this.db.tables;
      const { event, row } = await this.db.transaction(async () => {
        const [current] = await this.db.forUpdate(this.db.q.select().from(t).where(eq(t.id, id)).limit(1));
        if (!current) throw new Error(`payment ${id} does not exist`);
        transition(current.status as PaymentStatus, to);
        const set: Partial<PaymentRow> = { status: to, updatedAt: nowIso() };
        if (to === 'approved' && !current.slipNumber) set.slipNumber = await this.newSlipNumber(current.merchantId);
        if (patch.callId !== undefined) set.callId = patch.callId;
        if (patch.brand !== undefined) set.brand = patch.brand;
        if (patch.last4 !== undefined) set.last4 = patch.last4;
        if (patch.approvalCode !== undefined) set.approvalCode = patch.approvalCode;
        if (patch.transactionId !== undefined) set.transactionId = patch.transactionId;
        if (patch.cardToken !== undefined) set.cardToken = patch.cardToken;
        if (patch.method !== undefined) Object.assign(set, payMethodColumns(patch.method));
        if (patch.refundedAmount !== undefined) set.refundedAmount = patch.refundedAmount;
        if (patch.chargedAt !== undefined) set.chargedAt = patch.chargedAt;
        if (patch.error !== undefined) {
          set.errorCode = patch.error?.code ?? null;
          set.errorMessage = patch.error?.message ?? null;
        }
        await this.db.q.update(t).set(set).where(eq(t.id, id));
        // Postgres: events webhooks are made of commit in seq order across instances, so the dispatcher's cursor
        // over them never passes one that is still being written
        if (this.db.dialect === 'postgres' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) await this.db.rows(sql`SELECT pg_advisory_xact_lock(${WEBHOOK_EVENTS_LOCK})`);
        const event = await this.events.append(current.merchantId, { paymentId: id, type, status: to, ...data });
        return { event, row: { ...current, ...set } as PaymentRow };
      });
      this.publish(event, row.merchantId);
      return toView(row);
    });
  }

  /**
   * How the customer pays, chosen before the card goes to the gateway (the operator in the widget, or the customer in
   * the IVR menu): stored, and one `method_chosen` event. The caller checks it is a method the merchant offers.
   */
  async chooseMethod(id: string, method: PayMethod): Promise<PaymentView> {
    await this.serial(id, async () => {
      const { payments: t } = this.db.tables;
      const { event, merchantId } = await this.db.transaction(async () => {
        const [row] = await this.db.forUpdate(this.db.q.select().from(t).where(eq(t.id, id)).limit(1));
        if (!row) throw new Error(`payment ${id} does not exist`);
        if (row.status !== 'created' && row.status !== 'capturing') {
          throw new ApiError(409, 'invalid_state', `the payment is ${row.status}: how the customer pays can be chosen only before the card is sent`);
        }
        await this.db.q.update(t).set({ ...payMethodColumns(method), updatedAt: nowIso() }).where(eq(t.id, id));
        return { event: await this.events.append(row.merchantId, { paymentId: id, type: 'method_chosen', status: row.status as PaymentStatus, method }), merchantId: row.merchantId };
      });
      this.publish(event, merchantId);
    });
    return this.view(id);
  }

  /** The approved payment a customer's slip number stands for (cancel by phone). */
  async bySlip(merchantId: string, slipNumber: string): Promise<PaymentRow | null> {
    const { payments: t } = this.db.tables;
    const [row] = await this.db.q.select().from(t).where(and(eq(t.merchantId, merchantId), eq(t.slipNumber, slipNumber))).limit(1);
    return row ?? null;
  }

  private async newSlipNumber(merchantId: string): Promise<string> {
    for (;;) {
      const slip = withLuhnDigit(String(randomInt(10_000_000, 100_000_000)));
      if (!(await this.bySlip(merchantId, slip))) return slip;
    }
  }

  /**
   * A progress event that does not change the status (digits keyed, prompts, field errors). Stored and published in
   * call order with the payment's other writes; callers on the digit path need not wait.
   */
  note(p: { id: string; merchantId: string; status: PaymentStatus }, type: PaymentEventType, data: PaymentEventData): Promise<void> {
    return this.serial(p.id, async () => this.publish(await this.events.append(p.merchantId, { paymentId: p.id, type, status: p.status, ...data }), p.merchantId));
  }

  /**
   * Runs `fn` after the payment's earlier writes from this instance (whatever their outcome). Inside a transaction it
   * runs at once, in it: waiting there for a write that waits for the transaction would never end.
   */
  private serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) return fn();
    const before = this.queue.get(id);
    const run = before ? before.then(fn, fn) : fn();
    const settled = run.then(
      () => {},
      () => {},
    );
    this.queue.set(id, settled);
    void settled.then(() => {
      if (this.queue.get(id) === settled) this.queue.delete(id);
    });
    return run;
  }

  private publish(e: PaymentEvent, merchantId: string): void {
    this.bus.publish(e, merchantId);
  }
}

/** Postgres advisory lock held by transactions that append an event webhooks are made of */
export const WEBHOOK_EVENTS_LOCK = 0x1ef7a12;

/** Appends the Luhn check digit, so a mistyped slip number is caught before any lookup. */
export function withLuhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

function hashRequest(input: CreatePayment): string {
  const method = input.method && input.method.kind !== 'lump' ? [input.method] : [];
  const canonical = JSON.stringify([input.orderId, input.amount, input.currency, input.job, input.memberId ?? null, ...method]);
  return createHash('sha256').update(canonical).digest('hex');
}
