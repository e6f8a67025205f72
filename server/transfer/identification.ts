// Identification ids: the 6 digits the operator reads to the customer so the payment IVR can link the call to the
// payment. Valid for a few minutes, used once, and the same digits are not issued again for a day.
import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { identificationIds } from '../db/schema.js';

export interface IssuedId {
  code: string;
  expiresAt: string;
}

export type IdLookup =
  | { ok: true; paymentId: string; rowId: number }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export class IdentificationIds {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly pick: () => string = () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
  ) {}

  /** A new code for the payment; any earlier unused code of the payment stops working. */
  issue(merchantId: string, paymentId: string, validitySeconds: number, reuseBlockHours: number): IssuedId {
    return this.db.transaction(() => {
      const now = this.now();
      this.db
        .update(identificationIds)
        .set({ expiresAt: new Date(now).toISOString() })
        .where(and(eq(identificationIds.paymentId, paymentId), isNull(identificationIds.usedAt), gt(identificationIds.expiresAt, new Date(now).toISOString())))
        .run();
      const code = this.freeCode(merchantId, now);
      const expiresAt = new Date(now + validitySeconds * 1000).toISOString();
      const blockedUntil = new Date(Math.max(now + validitySeconds * 1000, now) + reuseBlockHours * 3600_000).toISOString();
      this.db.insert(identificationIds).values({ merchantId, code, paymentId, issuedAt: new Date(now).toISOString(), expiresAt, usedAt: null, blockedUntil }).run();
      return { code, expiresAt };
    });
  }

  /** The payment a keyed code stands for, if it is valid now. */
  resolve(merchantId: string, code: string): IdLookup {
    const row = this.db
      .select()
      .from(identificationIds)
      .where(and(eq(identificationIds.merchantId, merchantId), eq(identificationIds.code, code)))
      .orderBy(desc(identificationIds.id))
      .get();
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.usedAt) return { ok: false, reason: 'used' };
    if (row.expiresAt <= new Date(this.now()).toISOString()) return { ok: false, reason: 'expired' };
    return { ok: true, paymentId: row.paymentId, rowId: row.id };
  }

  /** Marks the code used; from now on it links nothing, and its digits stay blocked for the reuse period. */
  markUsed(rowId: number, reuseBlockHours: number): void {
    const now = this.now();
    this.db
      .update(identificationIds)
      .set({ usedAt: new Date(now).toISOString(), blockedUntil: new Date(now + reuseBlockHours * 3600_000).toISOString() })
      .where(eq(identificationIds.id, rowId))
      .run();
  }

  /** The payment's current unused, unexpired code. */
  current(paymentId: string): IssuedId | null {
    const row = this.db
      .select()
      .from(identificationIds)
      .where(and(eq(identificationIds.paymentId, paymentId), isNull(identificationIds.usedAt), gt(identificationIds.expiresAt, new Date(this.now()).toISOString())))
      .orderBy(desc(identificationIds.id))
      .get();
    return row ? { code: row.code, expiresAt: row.expiresAt } : null;
  }

  private freeCode(merchantId: string, now: number): string {
    const nowIso = new Date(now).toISOString();
    for (let i = 0; i < 50; i++) {
      const code = this.pick();
      const taken = this.db
        .select({ id: identificationIds.id })
        .from(identificationIds)
        .where(and(eq(identificationIds.merchantId, merchantId), eq(identificationIds.code, code), or(gt(identificationIds.blockedUntil, nowIso), gt(identificationIds.expiresAt, nowIso))))
        .get();
      if (!taken) return code;
    }
    throw new Error('no free identification id: too many issued in the reuse period');
  }
}
