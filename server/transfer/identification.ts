// Identification ids: the 6 digits the operator reads to the customer so the payment IVR can link the call to the
// payment. Valid for a few minutes, used once, and the same digits are not issued again for a day.
import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';

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
  issue(merchantId: string, paymentId: string, validitySeconds: number, reuseBlockHours: number): Promise<IssuedId> {
    const { identificationIds } = this.db.tables;
    return this.db.transaction(async () => {
      // Postgres: one issuer per merchant at a time (instances must not pick the same free code together)
      if (this.db.dialect === 'postgres') await this.db.rows(sql`SELECT pg_advisory_xact_lock(hashtext(${`identification:${merchantId}`}))`);
      const now = this.now();
      await this.db.q
        .update(identificationIds)
        .set({ expiresAt: new Date(now).toISOString() })
        .where(and(eq(identificationIds.paymentId, paymentId), isNull(identificationIds.usedAt), gt(identificationIds.expiresAt, new Date(now).toISOString())));
      const code = await this.freeCode(merchantId, now);
      const expiresAt = new Date(now + validitySeconds * 1000).toISOString();
      const blockedUntil = new Date(Math.max(now + validitySeconds * 1000, now) + reuseBlockHours * 3600_000).toISOString();
      await this.db.q.insert(identificationIds).values({ merchantId, code, paymentId, issuedAt: new Date(now).toISOString(), expiresAt, usedAt: null, blockedUntil });
      return { code, expiresAt };
    });
  }

  /** The payment a keyed code stands for, if it is valid now. */
  async resolve(merchantId: string, code: string): Promise<IdLookup> {
    const { identificationIds } = this.db.tables;
    const [row] = await this.db.q
      .select()
      .from(identificationIds)
      .where(and(eq(identificationIds.merchantId, merchantId), eq(identificationIds.code, code)))
      .orderBy(desc(identificationIds.id))
      .limit(1);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.usedAt) return { ok: false, reason: 'used' };
    if (row.expiresAt <= new Date(this.now()).toISOString()) return { ok: false, reason: 'expired' };
    return { ok: true, paymentId: row.paymentId, rowId: row.id };
  }

  /** Marks the code used; from now on it links nothing, and its digits stay blocked for the reuse period. */
  async markUsed(rowId: number, reuseBlockHours: number): Promise<void> {
    const { identificationIds } = this.db.tables;
    const now = this.now();
    await this.db.q
      .update(identificationIds)
      .set({ usedAt: new Date(now).toISOString(), blockedUntil: new Date(now + reuseBlockHours * 3600_000).toISOString() })
      .where(eq(identificationIds.id, rowId));
  }

  /** The payment's current unused, unexpired code. */
  async current(paymentId: string): Promise<IssuedId | null> {
    const { identificationIds } = this.db.tables;
    const [row] = await this.db.q
      .select()
      .from(identificationIds)
      .where(and(eq(identificationIds.paymentId, paymentId), isNull(identificationIds.usedAt), gt(identificationIds.expiresAt, new Date(this.now()).toISOString())))
      .orderBy(desc(identificationIds.id))
      .limit(1);
    return row ? { code: row.code, expiresAt: row.expiresAt } : null;
  }

  private async freeCode(merchantId: string, now: number): Promise<string> {
    const { identificationIds } = this.db.tables;
    const nowIso = new Date(now).toISOString();
    for (let i = 0; i < 50; i++) {
      const code = this.pick();
      const [taken] = await this.db.q
        .select({ id: identificationIds.id })
        .from(identificationIds)
        .where(and(eq(identificationIds.merchantId, merchantId), eq(identificationIds.code, code), or(gt(identificationIds.blockedUntil, nowIso), gt(identificationIds.expiresAt, nowIso))))
        .limit(1);
      if (!taken) return code;
    }
    throw new Error('no free identification id: too many issued in the reuse period');
  }
}
