// Payments in SQLite: idempotent creation per merchant order id, status changes through the state machine with
// one stored + published event each, merchant-scoped reads. Holds no card data and accepts none.
import { createHash, randomInt } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { payments } from '../db/schema.js';
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
  issue(merchantId: string, paymentId: string): { code: string; expiresAt: string } | null;
  current(paymentId: string): { code: string; expiresAt: string } | null;
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
  /** `row()` runs for every published event (the bus asks a payment's merchant) and most API calls: prepared once */
  private readonly byId;

  constructor(
    private readonly db: Db,
    private readonly events: EventLog,
    private readonly bus: EventBus,
    private readonly identification: IdentificationIssuer | null = null,
  ) {
    this.byId = db.select().from(payments).where(eq(payments.id, sql.placeholder('id'))).prepare();
  }

  /** The payment as the API shows it, with its current identification id while it can still be used. */
  view(id: string): PaymentView {
    const row = this.row(id);
    if (!row) throw new Error(`payment ${id} does not exist`);
    return toView(row, row.status === 'created' ? (this.identification?.current(id) ?? null) : null);
  }

  /** A new identification id for a payment that has not started (the earlier one stops working). */
  reissueIdentification(id: string): PaymentView {
    const row = this.row(id);
    if (!row || !this.identification) throw new Error(`payment ${id} cannot have an identification id`);
    const issued = this.identification.issue(row.merchantId, id);
    if (issued) this.publish(this.events.append(row.merchantId, { paymentId: id, type: 'identification_issued', status: row.status as PaymentStatus, identificationCode: issued.code, identificationExpiresAt: issued.expiresAt }), row.merchantId);
    return this.view(id);
  }

  /** Creates the payment, or returns the existing one for a retried request with the same order id and values. */
  create(merchantId: string, input: CreatePayment): { payment: PaymentView; created: boolean } {
    const requestHash = hashRequest(input);
    return this.db.transaction(() => {
      const existing = this.db.select().from(payments).where(and(eq(payments.merchantId, merchantId), eq(payments.orderId, input.orderId))).get();
      if (existing) {
        if (existing.requestHash !== requestHash) {
          throw new ApiError(409, 'order_id_conflict', `order id ${input.orderId} was already used for a payment with other values; use a new order id`);
        }
        return { payment: this.view(existing.id), created: false };
      }
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
      this.db.insert(payments).values(row).run();
      const events = [this.events.append(merchantId, { paymentId: row.id, type: 'created', status: 'created' })];
      const issued = this.identification?.issue(merchantId, row.id) ?? null;
      if (issued) events.push(this.events.append(merchantId, { paymentId: row.id, type: 'identification_issued', status: 'created', identificationCode: issued.code, identificationExpiresAt: issued.expiresAt }));
      for (const e of events) this.publish(e, merchantId);
      return { payment: toView(row, issued), created: true };
    });
  }

  row(id: string): PaymentRow | null {
    return this.byId.get({ id }) ?? null;
  }

  /** The payment if it belongs to the merchant; another merchant's payment is indistinguishable from none. */
  get(merchantId: string, id: string): PaymentView | null {
    const row = this.row(id);
    return row && row.merchantId === merchantId ? this.view(id) : null;
  }

  withStatus(statuses: PaymentStatus[]): PaymentRow[] {
    return this.db.select().from(payments).where(inArray(payments.status, statuses)).all();
  }

  /** Moves the payment to `to` (refusing illegal moves), stores the patch and one event, publishes it. */
  advance(id: string, to: PaymentStatus, type: PaymentEventType, data: PaymentEventData = {}, patch: PaymentPatch = {}): PaymentView {
    const { event, row } = this.db.transaction(() => {
      const current = this.row(id);
      if (!current) throw new Error(`payment ${id} does not exist`);
      transition(current.status as PaymentStatus, to);
      const set: Partial<PaymentRow> = { status: to, updatedAt: nowIso() };
      if (to === 'approved' && !current.slipNumber) set.slipNumber = this.newSlipNumber(current.merchantId);
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
      this.db.update(payments).set(set).where(eq(payments.id, id)).run();
      const event = this.events.append(current.merchantId, { paymentId: id, type, status: to, ...data });
      return { event, row: { ...current, ...set } as PaymentRow };
    });
    this.publish(event, row.merchantId);
    return toView(row);
  }

  /**
   * How the customer pays, chosen before the card goes to the gateway (the operator in the widget, or the customer in
   * the IVR menu): stored, and one `method_chosen` event. The caller checks it is a method the merchant offers.
   */
  chooseMethod(id: string, method: PayMethod): PaymentView {
    const { event, merchantId } = this.db.transaction(() => {
      const row = this.row(id);
      if (!row) throw new Error(`payment ${id} does not exist`);
      if (row.status !== 'created' && row.status !== 'capturing') {
        throw new ApiError(409, 'invalid_state', `the payment is ${row.status}: how the customer pays can be chosen only before the card is sent`);
      }
      this.db.update(payments).set({ ...payMethodColumns(method), updatedAt: nowIso() }).where(eq(payments.id, id)).run();
      return { event: this.events.append(row.merchantId, { paymentId: id, type: 'method_chosen', status: row.status as PaymentStatus, method }), merchantId: row.merchantId };
    });
    this.publish(event, merchantId);
    return this.view(id);
  }

  /** The approved payment a customer's slip number stands for (cancel by phone). */
  bySlip(merchantId: string, slipNumber: string): PaymentRow | null {
    return this.db.select().from(payments).where(and(eq(payments.merchantId, merchantId), eq(payments.slipNumber, slipNumber))).get() ?? null;
  }

  private newSlipNumber(merchantId: string): string {
    for (;;) {
      const slip = withLuhnDigit(String(randomInt(10_000_000, 100_000_000)));
      if (!this.bySlip(merchantId, slip)) return slip;
    }
  }

  /** A progress event that does not change the status (digits keyed, prompts, field errors). */
  note(p: { id: string; merchantId: string; status: PaymentStatus }, type: PaymentEventType, data: PaymentEventData): void {
    this.publish(this.events.append(p.merchantId, { paymentId: p.id, type, status: p.status, ...data }), p.merchantId);
  }

  private publish(e: PaymentEvent, merchantId: string): void {
    this.bus.publish(e, merchantId);
  }
}

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
