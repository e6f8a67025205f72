// The IVR call log in the database: one row per call to a payment-IVR number with how it ended, for the per-number
// refusal counts and the console's reports. Caller numbers are kept masked; nothing keyed is ever stored.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { maskNumber, type Call } from '../calls/registry.js';
import type { Logger } from '../log/logger.js';

export type IvrOutcome =
  | 'completed'
  | 'refused_caller'
  | 'busy'
  | 'locked_out'
  | 'id_failed'
  | 'hung_up'
  | 'return_failed'
  // the cancel line
  | 'cancel_done'
  | 'cancel_not_possible'
  | 'cancel_failed';

export class IvrCallLog {
  /** the last write per call: the next one waits for it (a call's row is written in the order it was asked) */
  private readonly queue = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly log?: Logger,
  ) {}

  /** Runs a write after the call's earlier ones; a failure is logged, never thrown (callers do not wait). */
  private serial(callId: string, fn: () => Promise<unknown>): Promise<void> {
    const run = (this.queue.get(callId) ?? Promise.resolve()).then(fn).then(
      () => {},
      (err) => this.log?.error({ call: callId, reason: String((err as Error).message) }, 'could not write the IVR call log'),
    );
    this.queue.set(callId, run);
    void run.then(() => this.queue.get(callId) === run && this.queue.delete(callId));
    return run;
  }

  started(call: Call): Promise<void> {
    return this.serial(call.id, () =>
      this.db.q
        .insert(this.db.tables.ivrCalls)
        .values({ id: call.id, merchantId: call.merchantId, did: call.did, caller: maskNumber(call.callerNumber), startedAt: call.startedAt })
        .onConflictDoNothing(),
    );
  }

  /** The call's outcome, kept once set (the first word on how a call ended is the true one). */
  outcome(callId: string, outcome: IvrOutcome, paymentId?: string): Promise<void> {
    const { ivrCalls } = this.db.tables;
    return this.serial(callId, () =>
      this.db.q
        .update(ivrCalls)
        .set({ outcome, ...(paymentId ? { paymentId } : {}) })
        .where(and(eq(ivrCalls.id, callId), isNull(ivrCalls.outcome))),
    );
  }

  linked(callId: string, paymentId: string): Promise<void> {
    const { ivrCalls } = this.db.tables;
    return this.serial(callId, () => this.db.q.update(ivrCalls).set({ paymentId }).where(eq(ivrCalls.id, callId)));
  }

  ended(callId: string): Promise<void> {
    const { ivrCalls } = this.db.tables;
    void this.outcome(callId, 'hung_up');
    return this.serial(callId, () => this.db.q.update(ivrCalls).set({ endedAt: new Date().toISOString() }).where(and(eq(ivrCalls.id, callId), isNull(ivrCalls.endedAt))));
  }

  /** Calls on a number by outcome (for tests and reports). */
  async counts(merchantId: string, did?: string): Promise<Record<string, number>> {
    const { ivrCalls } = this.db.tables;
    const rows = await this.db.q.select({ outcome: ivrCalls.outcome, did: ivrCalls.did }).from(ivrCalls).where(eq(ivrCalls.merchantId, merchantId));
    const out: Record<string, number> = {};
    for (const r of rows) if (!did || r.did === did) out[r.outcome ?? 'in_progress'] = (out[r.outcome ?? 'in_progress'] ?? 0) + 1;
    return out;
  }
}
