// The built-in sandbox gateway: outcomes decided by documented test cards, an idempotent ledger in SQLite that
// stands for the acquirer's records (so restarts and retries behave as with a real gateway), simulated latency.
// Implements the whole contract: pay methods, sale / void (same JST day for a charge) / partial refunds keyed by
// operation id, and member cards (replace / add). It keeps brand and last four only, never card data.
import { randomBytes, randomInt } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { sandboxCards, sandboxCharges, sandboxOperations } from '../db/schema.js';
import { nowIso } from '../ids.js';
import { payMethodColumns, payMethodOf, payMethodRefusal } from '../payments/pay-method.js';
import type { Brand } from '../payments/types.js';
import { sameBusinessDay } from './business-day.js';
import type {
  DeclineCode,
  GatewayCapabilities,
  GatewayOutcome,
  GatewayRequest,
  OperationOutcome,
  OperationRefusal,
  OperationRequest,
  PaymentGateway,
  RegisteredCard,
} from './types.js';
import { sandboxOutcomeFor } from './sandbox-cards.js';

export interface SandboxOptions {
  latencyMs: number;
  /** how long the "timeout" test card keeps the caller waiting after it has charged (or operated) */
  hangMs: number;
  /** the sandbox's clock (tests move it to another day) */
  now?: () => Date;
}

export const SANDBOX_CAPABILITIES: GatewayCapabilities = {
  jobs: ['auth', 'capture', 'check', 'register', 'capture+register'],
  methods: ['installments', 'bonus', 'revolving'],
  installmentCounts: [3, 5, 6, 10, 12, 15, 18, 20, 24],
  currencies: 'any',
  registration: ['replace', 'add'],
  sale: true,
  voidAuthorization: true,
  voidCharge: 'same_day',
  refund: 'partial',
  timeZone: 'Asia/Tokyo',
};

type ChargeRow = typeof sandboxCharges.$inferSelect;

export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  readonly capabilities = SANDBOX_CAPABILITIES;
  /** execute() calls per merchant/order, for tests that prove nothing is sent twice */
  readonly calls = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly opts: SandboxOptions,
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async execute(req: GatewayRequest, signal: AbortSignal): Promise<GatewayOutcome> {
    const key = `${req.merchantId}/${req.orderId}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    await sleep(this.opts.latencyMs, signal);
    const known = this.lookup(req.merchantId, req.orderId);
    if (known) return known;

    const outcome = sandboxOutcomeFor(req.card.pan.reveal());
    if (outcome === 'processing_error') return { kind: 'error', code: 'processing_error', charged: false };
    const method = req.method ?? { kind: 'lump' };
    const methodRefused = payMethodRefusal(method, this.capabilities, 'the sandbox') !== null || (outcome === 'lump_only' && method.kind !== 'lump');
    const decline: DeclineCode | null = methodRefused ? 'method_not_accepted' : outcome === 'approved' || outcome === 'timeout' || outcome === 'lump_only' ? null : outcome;
    const registers = req.job === 'register' || req.job === 'capture+register';
    const at = this.now().toISOString();
    this.db.transaction(() => {
      if (this.ledger(req.merchantId, req.orderId).length) return;
      const approved = decline === null;
      const cardToken = approved && registers ? this.keepCard(req, at) : null;
      this.db
        .insert(sandboxCharges)
        .values({
          merchantId: req.merchantId,
          orderId: req.orderId,
          job: req.job,
          amount: req.amount,
          currency: req.currency,
          outcome: approved ? 'approved' : decline,
          approvalCode: approved ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null,
          transactionId: approved ? `sbx_${randomBytes(9).toString('hex')}` : null,
          cardToken,
          memberId: req.memberId,
          brand: req.card.brand,
          last4: req.card.last4,
          createdAt: at,
          state: approved ? stateAfter(req.job) : null,
          ...payMethodColumns(method),
          refundedAmount: 0,
          chargedAt: approved && (req.job === 'capture' || req.job === 'capture+register') ? at : null,
        })
        .run();
    });
    if (outcome === 'timeout') await sleep(this.opts.hangMs, signal);
    return this.lookup(req.merchantId, req.orderId)!;
  }

  async inquire(merchantId: string, orderId: string, signal: AbortSignal): Promise<GatewayOutcome | null> {
    await sleep(Math.min(this.opts.latencyMs, 50), signal);
    return this.lookup(merchantId, orderId);
  }

  async operate(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome> {
    await sleep(this.opts.latencyMs, signal);
    const outcome = this.db.transaction(() => this.opOutcome(req.merchantId, req.operationId) ?? this.applyOperation(req));
    if (this.slow(req.merchantId, req.orderId)) await sleep(this.opts.hangMs, signal);
    return outcome;
  }

  async inquireOperation(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome | null> {
    await sleep(Math.min(this.opts.latencyMs, 50), signal);
    return this.opOutcome(req.merchantId, req.operationId);
  }

  async cards(merchantId: string, memberId: string, signal: AbortSignal): Promise<RegisteredCard[]> {
    await sleep(Math.min(this.opts.latencyMs, 50), signal);
    return this.db
      .select()
      .from(sandboxCards)
      .where(and(eq(sandboxCards.merchantId, merchantId), eq(sandboxCards.memberId, memberId)))
      .orderBy(desc(sandboxCards.isDefault), asc(sandboxCards.createdAt))
      .all()
      .map((c) => ({ token: c.token, brand: c.brand as Brand, last4: c.last4, isDefault: c.isDefault }));
  }

  /** Rows in the ledger for an order (0 or 1: the ledger's key makes a second charge impossible). */
  ledger(merchantId: string, orderId: string): ChargeRow[] {
    return this.db.select().from(sandboxCharges).where(and(eq(sandboxCharges.merchantId, merchantId), eq(sandboxCharges.orderId, orderId))).all();
  }

  /** Operations the sandbox ran for an order, oldest first (tests prove each ran once). */
  operations(merchantId: string, orderId: string) {
    return this.db
      .select()
      .from(sandboxOperations)
      .where(and(eq(sandboxOperations.merchantId, merchantId), eq(sandboxOperations.orderId, orderId)))
      .orderBy(asc(sandboxOperations.createdAt))
      .all();
  }

  private lookup(merchantId: string, orderId: string): GatewayOutcome | null {
    const row = this.ledger(merchantId, orderId)[0];
    if (!row) return null;
    if (row.outcome === 'approved') {
      return { kind: 'approved', approvalCode: row.approvalCode ?? '', transactionId: row.transactionId ?? '', cardToken: row.cardToken, method: payMethodOf(row) };
    }
    return { kind: 'declined', code: row.outcome as DeclineCode };
  }

  /** Registration: the card (brand, last four) kept for the member; `replace` drops the member's other cards. */
  private keepCard(req: GatewayRequest, at: string): string {
    const member = req.memberId!;
    const where = and(eq(sandboxCards.merchantId, req.merchantId), eq(sandboxCards.memberId, member));
    if ((req.registration ?? 'replace') === 'replace') this.db.delete(sandboxCards).where(where).run();
    else this.db.update(sandboxCards).set({ isDefault: false }).where(where).run();
    const token = `tok_${randomBytes(12).toString('hex')}`;
    this.db.insert(sandboxCards).values({ merchantId: req.merchantId, memberId: member, token, brand: req.card.brand, last4: req.card.last4, orderId: req.orderId, isDefault: true, createdAt: at }).run();
    return token;
  }

  private applyOperation(req: OperationRequest): OperationOutcome {
    const row = this.ledger(req.merchantId, req.orderId)[0];
    const now = this.now();
    const refuse = (code: OperationRefusal): OperationOutcome => this.record(req, { kind: 'refused', code }, now);
    if (!row || row.outcome !== 'approved') return refuse('invalid_state');
    const set: Partial<ChargeRow> = {};
    switch (req.kind) {
      case 'sale':
        if (row.state !== 'authorized') return refuse('invalid_state');
        Object.assign(set, { state: 'captured', chargedAt: now.toISOString() });
        break;
      case 'void':
        if (row.state === 'captured') {
          if (!row.chargedAt || !sameBusinessDay(new Date(row.chargedAt), now, this.capabilities.timeZone)) return refuse('void_window_closed');
        } else if (row.state !== 'authorized') return refuse('invalid_state');
        set.state = 'voided';
        break;
      case 'refund': {
        if (row.state !== 'captured' && row.state !== 'partially_refunded') return refuse('invalid_state');
        const refunded = row.refundedAmount + req.opAmount;
        if (req.opAmount <= 0 || refunded > row.amount) return refuse('refund_exceeds_amount');
        Object.assign(set, { state: refunded === row.amount ? 'refunded' : 'partially_refunded', refundedAmount: refunded });
        break;
      }
    }
    this.db.update(sandboxCharges).set(set).where(and(eq(sandboxCharges.merchantId, req.merchantId), eq(sandboxCharges.orderId, req.orderId))).run();
    return this.record(req, { kind: 'done', reference: `${row.transactionId}:${req.kind}:${req.operationId}` }, now);
  }

  private record(req: OperationRequest, outcome: OperationOutcome, at: Date): OperationOutcome {
    this.db
      .insert(sandboxOperations)
      .values({ merchantId: req.merchantId, operationId: req.operationId, orderId: req.orderId, kind: req.kind, amount: req.opAmount, outcome: outcome.kind === 'done' ? `done:${outcome.reference}` : outcome.code, createdAt: at.toISOString() })
      .run();
    return outcome;
  }

  private opOutcome(merchantId: string, operationId: string): OperationOutcome | null {
    const row = this.db.select().from(sandboxOperations).where(and(eq(sandboxOperations.merchantId, merchantId), eq(sandboxOperations.operationId, operationId))).get();
    if (!row) return null;
    return row.outcome.startsWith('done:') ? { kind: 'done', reference: row.outcome.slice(5) || null } : { kind: 'refused', code: row.outcome as OperationRefusal };
  }

  /** Transactions made with the "timeout" test card answer late to everything. */
  private slow(merchantId: string, orderId: string): boolean {
    return this.ledger(merchantId, orderId)[0]?.last4 === '0259';
  }
}

function stateAfter(job: string): string {
  if (job === 'auth') return 'authorized';
  if (job === 'capture' || job === 'capture+register') return 'captured';
  return 'checked';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
