// The built-in sandbox gateway: outcomes decided by documented test cards, an idempotent ledger in SQLite that
// stands for the acquirer's records (so restarts and retries behave as with a real gateway), simulated latency.
import { randomBytes, randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { sandboxCharges } from '../db/schema.js';
import { nowIso } from '../ids.js';
import type { GatewayOutcome, GatewayRequest, PaymentGateway } from './types.js';
import { sandboxOutcomeFor } from './sandbox-cards.js';

export interface SandboxOptions {
  latencyMs: number;
  /** how long the "timeout" test card keeps the caller waiting after it has charged */
  hangMs: number;
}

export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  /** execute() calls per merchant/order, for tests that prove nothing is sent twice */
  readonly calls = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly opts: SandboxOptions,
  ) {}

  async execute(req: GatewayRequest, signal: AbortSignal): Promise<GatewayOutcome> {
    const key = `${req.merchantId}/${req.orderId}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    await sleep(this.opts.latencyMs, signal);
    const known = this.lookup(req.merchantId, req.orderId);
    if (known) return known;

    const outcome = sandboxOutcomeFor(req.card.pan.reveal());
    if (outcome === 'processing_error') return { kind: 'error', code: 'processing_error', charged: false };
    const result: GatewayOutcome =
      outcome === 'approved' || outcome === 'timeout'
        ? {
            kind: 'approved',
            approvalCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
            transactionId: `sbx_${randomBytes(9).toString('hex')}`,
            cardToken: req.job === 'register' || req.job === 'capture+register' ? `tok_${randomBytes(12).toString('hex')}` : null,
          }
        : { kind: 'declined', code: outcome };
    this.db
      .insert(sandboxCharges)
      .values({
        merchantId: req.merchantId,
        orderId: req.orderId,
        job: req.job,
        amount: req.amount,
        currency: req.currency,
        outcome: result.kind === 'approved' ? 'approved' : result.code,
        approvalCode: result.kind === 'approved' ? result.approvalCode : null,
        transactionId: result.kind === 'approved' ? result.transactionId : null,
        cardToken: result.kind === 'approved' ? result.cardToken : null,
        memberId: req.memberId,
        brand: req.card.brand,
        last4: req.card.last4,
        createdAt: nowIso(),
      })
      .onConflictDoNothing()
      .run();
    if (outcome === 'timeout') await sleep(this.opts.hangMs, signal);
    return this.lookup(req.merchantId, req.orderId)!;
  }

  async inquire(merchantId: string, orderId: string, signal: AbortSignal): Promise<GatewayOutcome | null> {
    await sleep(Math.min(this.opts.latencyMs, 50), signal);
    return this.lookup(merchantId, orderId);
  }

  /** Rows in the ledger for an order (0 or 1: the ledger's key makes a second charge impossible). */
  ledger(merchantId: string, orderId: string) {
    return this.db.select().from(sandboxCharges).where(and(eq(sandboxCharges.merchantId, merchantId), eq(sandboxCharges.orderId, orderId))).all();
  }

  private lookup(merchantId: string, orderId: string): GatewayOutcome | null {
    const row = this.ledger(merchantId, orderId)[0];
    if (!row) return null;
    if (row.outcome === 'approved') {
      return { kind: 'approved', approvalCode: row.approvalCode ?? '', transactionId: row.transactionId ?? '', cardToken: row.cardToken };
    }
    return { kind: 'declined', code: row.outcome as 'card_declined' };
  }
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
