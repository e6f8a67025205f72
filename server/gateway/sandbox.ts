// The built-in sandbox gateway: outcomes decided by documented test cards, an idempotent ledger in the database that
// stands for the acquirer's records (so restarts and retries behave as with a real gateway), simulated latency.
// Implements the whole contract: pay methods, sale / void (same JST day for a charge) / partial refunds keyed by
// operation id, and member cards (replace / add). It keeps brand and last four only, never card data.
import { randomBytes, randomInt } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { sandboxCharges } from '../db/schema.js';
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
    const known = await this.lookup(req.merchantId, req.orderId);
    if (known) return known;

    const outcome = sandboxOutcomeFor(req.card.pan.reveal());
    if (outcome === 'processing_error') return { kind: 'error', code: 'processing_error', charged: false };
    const method = req.method ?? { kind: 'lump' };
    const methodRefused = payMethodRefusal(method, this.capabilities, 'the sandbox') !== null || (outcome === 'lump_only' && method.kind !== 'lump');
    const decline: DeclineCode | null = methodRefused ? 'method_not_accepted' : outcome === 'approved' || outcome === 'timeout' || outcome === 'lump_only' ? null : outcome;
    const registers = req.job === 'register' || req.job === 'capture+register';
    const at = this.now().toISOString();
    await this.db.transaction(async () => {
      if ((await this.ledger(req.merchantId, req.orderId)).length) return;
      const approved = decline === null;
      const cardToken = approved && registers ? await this.keepCard(req, at) : null;
      await this.db.q
        .insert(this.db.tables.sandboxCharges)
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
        // the ledger's key: the order charged once, whoever sends it again
        .onConflictDoNothing();
    });
    if (outcome === 'timeout') await sleep(this.opts.hangMs, signal);
    return (await this.lookup(req.merchantId, req.orderId))!;
  }

  async inquire(merchantId: string, orderId: string, signal: AbortSignal): Promise<GatewayOutcome | null> {
    await sleep(Math.min(this.opts.latencyMs, 50), signal);
    return this.lookup(merchantId, orderId);
  }

  async operate(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome> {
    await sleep(this.opts.latencyMs, signal);
    const outcome = await this.db.transaction(async () => (await this.opOutcome(req.merchantId, req.operationId)) ?? this.applyOperation(req));
    if (await this.slow(req.merchantId, req.orderId)) await sleep(this.opts.hangMs, signal);
    return outcome;
  }

  async inquireOperation(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome | null> {
    await sleep(Math.min(this.opts.latencyMs, 50), signal);
    return this.opOutcome(req.merchantId, req.operationId);
  }

  async cards(merchantId: string, memberId: string, signal: AbortSignal): Promise<RegisteredCard[]> {
    await sleep(Math.min(this.opts.latencyMs, 50), signal);
    const { sandboxCards } = this.db.tables;
    const rows = await this.db.q
      .select()
      .from(sandboxCards)
      .where(and(eq(sandboxCards.merchantId, merchantId), eq(sandboxCards.memberId, memberId)))
      .orderBy(desc(sandboxCards.isDefault), asc(sandboxCards.createdAt));
    return rows.map((c) => ({ token: c.token, brand: c.brand as Brand, last4: c.last4, isDefault: c.isDefault }));
  }

  /** Rows in the ledger for an order (0 or 1: the ledger's key makes a second charge impossible). */
  ledger(merchantId: string, orderId: string): Promise<ChargeRow[]> {
    const { sandboxCharges } = this.db.tables;
    return this.db.forUpdate(this.db.q.select().from(sandboxCharges).where(and(eq(sandboxCharges.merchantId, merchantId), eq(sandboxCharges.orderId, orderId))));
  }

  /** Operations the sandbox ran for an order, oldest first (tests prove each ran once). */
  operations(merchantId: string, orderId: string) {
    const { sandboxOperations } = this.db.tables;
    return this.db.q
      .select()
      .from(sandboxOperations)
      .where(and(eq(sandboxOperations.merchantId, merchantId), eq(sandboxOperations.orderId, orderId)))
      .orderBy(asc(sandboxOperations.createdAt));
  }

  private async lookup(merchantId: string, orderId: string): Promise<GatewayOutcome | null> {
    const row = (await this.ledger(merchantId, orderId))[0];
    if (!row) return null;
    if (row.outcome === 'approved') {
      return { kind: 'approved', approvalCode: row.approvalCode ?? '', transactionId: row.transactionId ?? '', cardToken: row.cardToken, method: payMethodOf(row) };
    }
    return { kind: 'declined', code: row.outcome as DeclineCode };
  }

  /** Registration: the card (brand, last four) kept for the member; `replace` drops the member's other cards. */
  private async keepCard(req: GatewayRequest, at: string): Promise<string> {
    const { sandboxCards } = this.db.tables;
    const member = req.memberId!;
    const where = and(eq(sandboxCards.merchantId, req.merchantId), eq(sandboxCards.memberId, member));
    if ((req.registration ?? 'replace') === 'replace') await this.db.q.delete(sandboxCards).where(where);
    else await this.db.q.update(sandboxCards).set({ isDefault: false }).where(where);
    const token = `tok_${randomBytes(12).toString('hex')}`;
    await this.db.q.insert(sandboxCards).values({ merchantId: req.merchantId, memberId: member, token, brand: req.card.brand, last4: req.card.last4, orderId: req.orderId, isDefault: true, createdAt: at });
    return token;
  }

  private async applyOperation(req: OperationRequest): Promise<OperationOutcome> {
    const { sandboxCharges } = this.db.tables;
    const row = (await this.ledger(req.merchantId, req.orderId))[0];
    const now = this.now();
    const refuse = (code: OperationRefusal): Promise<OperationOutcome> => this.record(req, { kind: 'refused', code }, now);
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
    await this.db.q.update(sandboxCharges).set(set).where(and(eq(sandboxCharges.merchantId, req.merchantId), eq(sandboxCharges.orderId, req.orderId)));
    return this.record(req, { kind: 'done', reference: `${row.transactionId}:${req.kind}:${req.operationId}` }, now);
  }

  private async record(req: OperationRequest, outcome: OperationOutcome, at: Date): Promise<OperationOutcome> {
    await this.db.q
      .insert(this.db.tables.sandboxOperations)
      .values({ merchantId: req.merchantId, operationId: req.operationId, orderId: req.orderId, kind: req.kind, amount: req.opAmount, outcome: outcome.kind === 'done' ? `done:${outcome.reference}` : outcome.code, createdAt: at.toISOString() });
    return outcome;
  }

  private async opOutcome(merchantId: string, operationId: string): Promise<OperationOutcome | null> {
    const { sandboxOperations } = this.db.tables;
    const [row] = await this.db.q.select().from(sandboxOperations).where(and(eq(sandboxOperations.merchantId, merchantId), eq(sandboxOperations.operationId, operationId))).limit(1);
    if (!row) return null;
    return row.outcome.startsWith('done:') ? { kind: 'done', reference: row.outcome.slice(5) || null } : { kind: 'refused', code: row.outcome as OperationRefusal };
  }

  /** Transactions made with the "timeout" test card answer late to everything. */
  private async slow(merchantId: string, orderId: string): Promise<boolean> {
    return (await this.ledger(merchantId, orderId))[0]?.last4 === '0259';
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
