// Merchants, their DIDs and operators in SQLite: the lookups the call flow and the API need.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { dids, merchants, operators } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import { MerchantSettings, parseSettings } from './settings.js';

export interface Merchant {
  id: string;
  name: string;
  status: 'active' | 'disabled';
  settings: MerchantSettings;
}

export interface Operator {
  id: string;
  merchantId: string;
  name: string;
  dialString: string | null;
  presence: 'available' | 'away';
}

/** What a number does: ring operators, answer with the payment IVR (transfer mode), or the cancel line. */
export const DID_MODES = ['operator', 'ivr', 'cancel'] as const;
export type DidMode = (typeof DID_MODES)[number];

export interface Did {
  number: string;
  merchantId: string;
  mode: DidMode;
  maxConcurrent: number | null;
}

export class MerchantStore {
  private readonly byDid = new Map<string, Did>();

  constructor(private readonly db: Db) {}

  create(name: string, settings: Partial<MerchantSettings> = {}): Merchant {
    const m = { id: newId('mer'), name, status: 'active' as const, settings: MerchantSettings.parse(settings) };
    this.db.insert(merchants).values({ id: m.id, name, status: m.status, settings: JSON.stringify(m.settings), createdAt: nowIso() }).run();
    return m;
  }

  get(id: string): Merchant | null {
    const row = this.db.select().from(merchants).where(eq(merchants.id, id)).get();
    return row ? { id: row.id, name: row.name, status: row.status, settings: parseSettings(row.settings) } : null;
  }

  updateSettings(id: string, patch: Partial<MerchantSettings>): Merchant {
    const m = this.get(id);
    if (!m) throw new Error(`no merchant ${id}`);
    const settings = MerchantSettings.parse({ ...m.settings, ...patch });
    this.db.update(merchants).set({ settings: JSON.stringify(settings) }).where(eq(merchants.id, id)).run();
    return { ...m, settings };
  }

  /** Adds (or moves) a number to the merchant: `operator` rings its operators, `ivr` answers with the payment IVR. */
  addDid(merchantId: string, number: string, opts: { mode?: Did['mode']; maxConcurrent?: number | null } = {}): Did {
    const did: Did = { number, merchantId, mode: opts.mode ?? 'operator', maxConcurrent: opts.maxConcurrent ?? null };
    this.db
      .insert(dids)
      .values({ ...did, createdAt: nowIso() })
      .onConflictDoUpdate({ target: dids.number, set: { merchantId, mode: did.mode, maxConcurrent: did.maxConcurrent } })
      .run();
    this.byDid.set(number, did);
    return did;
  }

  /** Takes a number away from the merchant; false when it does not have it. */
  removeDid(merchantId: string, number: string): boolean {
    const removed = this.db.delete(dids).where(and(eq(dids.number, number), eq(dids.merchantId, merchantId))).run().changes === 1;
    if (removed) this.byDid.delete(number);
    return removed;
  }

  didsOf(merchantId: string): Did[] {
    return this.db.select().from(dids).where(eq(dids.merchantId, merchantId)).all().map(({ createdAt: _, ...d }) => d);
  }

  /** The number's settings, or null when no merchant owns it. */
  did(number: string): Did | null {
    let did = this.byDid.get(number);
    if (!did) {
      const row = this.db.select().from(dids).where(eq(dids.number, number)).get();
      if (!row) return null;
      did = { number: row.number, merchantId: row.merchantId, mode: row.mode, maxConcurrent: row.maxConcurrent };
      this.byDid.set(number, did);
    }
    return did;
  }

  /** The active merchant that owns a dialed number, or null. */
  merchantForDid(number: string): Merchant | null {
    const did = this.did(number);
    const m = did ? this.get(did.merchantId) : null;
    return m && m.status === 'active' ? m : null;
  }

  hasIvr(merchantId: string): boolean {
    return this.didsOf(merchantId).some((d) => d.mode === 'ivr');
  }

  addOperator(merchantId: string, name: string, dialString: string | null): Operator {
    const op: Operator = { id: newId('op'), merchantId, name, dialString, presence: 'available' };
    this.db.insert(operators).values({ ...op, status: 'active', createdAt: nowIso() }).run();
    return op;
  }

  /** Available (offered calls) or away; false when there is no such active operator. */
  setPresence(merchantId: string, id: string, presence: Operator['presence']): boolean {
    return this.db.update(operators).set({ presence }).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId), eq(operators.status, 'active'))).run().changes > 0;
  }

  getOperator(merchantId: string, id: string): Operator | null {
    const row = this.db.select().from(operators).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId))).get();
    return row && row.status === 'active' ? toOperator(row) : null;
  }

  /** Active operators who set themselves available, with or without a desk phone (softphone operators have none). */
  presentOperators(merchantId: string): Operator[] {
    return this.db
      .select()
      .from(operators)
      .where(and(eq(operators.merchantId, merchantId), eq(operators.status, 'active'), eq(operators.presence, 'available')))
      .all()
      .map(toOperator);
  }

  /** Active operators who are available and have a phone to ring. */
  availableOperators(merchantId: string): Operator[] {
    return this.db
      .select()
      .from(operators)
      .where(and(eq(operators.merchantId, merchantId), eq(operators.status, 'active'), eq(operators.presence, 'available')))
      .all()
      .filter((o) => o.dialString)
      .map(toOperator);
  }
}

function toOperator(row: typeof operators.$inferSelect): Operator {
  return { id: row.id, merchantId: row.merchantId, name: row.name, dialString: row.dialString, presence: row.presence };
}
