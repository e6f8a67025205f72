// The IVR call log in SQLite: one row per call to a payment-IVR number with how it ended, for the per-number
// refusal counts and the console's reports. Caller numbers are kept masked; nothing keyed is ever stored.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { ivrCalls } from '../db/schema.js';
import { maskNumber, type Call } from '../calls/registry.js';

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
  constructor(private readonly db: Db) {}

  started(call: Call): void {
    this.db
      .insert(ivrCalls)
      .values({ id: call.id, merchantId: call.merchantId, did: call.did, caller: maskNumber(call.callerNumber), startedAt: call.startedAt })
      .onConflictDoNothing()
      .run();
  }

  /** The call's outcome, kept once set (the first word on how a call ended is the true one). */
  outcome(callId: string, outcome: IvrOutcome, paymentId?: string): void {
    this.db
      .update(ivrCalls)
      .set({ outcome, ...(paymentId ? { paymentId } : {}) })
      .where(and(eq(ivrCalls.id, callId), isNull(ivrCalls.outcome)))
      .run();
  }

  linked(callId: string, paymentId: string): void {
    this.db.update(ivrCalls).set({ paymentId }).where(eq(ivrCalls.id, callId)).run();
  }

  ended(callId: string): void {
    this.outcome(callId, 'hung_up');
    this.db.update(ivrCalls).set({ endedAt: new Date().toISOString() }).where(and(eq(ivrCalls.id, callId), isNull(ivrCalls.endedAt))).run();
  }

  /** Calls on a number by outcome (for tests and reports). */
  counts(merchantId: string, did?: string): Record<string, number> {
    const rows = this.db
      .select({ outcome: ivrCalls.outcome, did: ivrCalls.did })
      .from(ivrCalls)
      .where(eq(ivrCalls.merchantId, merchantId))
      .all();
    const out: Record<string, number> = {};
    for (const r of rows) if (!did || r.did === did) out[r.outcome ?? 'in_progress'] = (out[r.outcome ?? 'in_progress'] ?? 0) + 1;
    return out;
  }
}
