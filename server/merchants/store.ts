// Merchants, their DIDs and operators in the database: the lookups the call flow and the API need.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { operators } from '../db/schema.js';
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
  /** numbers already looked up (SQLite: one instance writes them all; several instances: always asked afresh) */
  private readonly byDid: Map<string, Did> | null;

  constructor(private readonly db: Db) {
    this.byDid = db.dialect === 'sqlite' ? new Map() : null;
  }

  async create(name: string, settings: Partial<MerchantSettings> = {}): Promise<Merchant> {
    const { merchants } = this.db.tables;
    const m = { id: newId('mer'), name, status: 'active' as const, settings: MerchantSettings.parse(settings) };
    await this.db.q.insert(merchants).values({ id: m.id, name, status: m.status, settings: JSON.stringify(m.settings), createdAt: nowIso() });
    return m;
  }

  async get(id: string): Promise<Merchant | null> {
    const { merchants } = this.db.tables;
    const [row] = await this.db.q.select().from(merchants).where(eq(merchants.id, id)).limit(1);
    return row ? { id: row.id, name: row.name, status: row.status, settings: parseSettings(row.settings) } : null;
  }

  async updateSettings(id: string, patch: Partial<MerchantSettings>): Promise<Merchant> {
    const { merchants } = this.db.tables;
    const m = await this.get(id);
    if (!m) throw new Error(`no merchant ${id}`);
    const settings = MerchantSettings.parse({ ...m.settings, ...patch });
    await this.db.q.update(merchants).set({ settings: JSON.stringify(settings) }).where(eq(merchants.id, id));
    return { ...m, settings };
  }

  /** Adds (or moves) a number to the merchant: `operator` rings its operators, `ivr` answers with the payment IVR. */
  async addDid(merchantId: string, number: string, opts: { mode?: Did['mode']; maxConcurrent?: number | null } = {}): Promise<Did> {
    const { dids } = this.db.tables;
    const did: Did = { number, merchantId, mode: opts.mode ?? 'operator', maxConcurrent: opts.maxConcurrent ?? null };
    await this.db.q
      .insert(dids)
      .values({ ...did, createdAt: nowIso() })
      .onConflictDoUpdate({ target: dids.number, set: { merchantId, mode: did.mode, maxConcurrent: did.maxConcurrent } });
    this.byDid?.set(number, did);
    return did;
  }

  /** Takes a number away from the merchant; false when it does not have it. */
  async removeDid(merchantId: string, number: string): Promise<boolean> {
    const { dids } = this.db.tables;
    const removed = (await this.db.q.delete(dids).where(and(eq(dids.number, number), eq(dids.merchantId, merchantId))).returning({ number: dids.number })).length === 1;
    if (removed) this.byDid?.delete(number);
    return removed;
  }

  async didsOf(merchantId: string): Promise<Did[]> {
    const { dids } = this.db.tables;
    return (await this.db.q.select().from(dids).where(eq(dids.merchantId, merchantId))).map(({ createdAt: _, ...d }) => d);
  }

  /** The number's settings, or null when no merchant owns it. */
  async did(number: string): Promise<Did | null> {
    let did = this.byDid?.get(number);
    if (!did) {
      const { dids } = this.db.tables;
      const [row] = await this.db.q.select().from(dids).where(eq(dids.number, number)).limit(1);
      if (!row) return null;
      did = { number: row.number, merchantId: row.merchantId, mode: row.mode, maxConcurrent: row.maxConcurrent };
      this.byDid?.set(number, did);
    }
    return did;
  }

  /** The active merchant that owns a dialed number, or null. */
  async merchantForDid(number: string): Promise<Merchant | null> {
    const did = await this.did(number);
    const m = did ? await this.get(did.merchantId) : null;
    return m && m.status === 'active' ? m : null;
  }

  async hasIvr(merchantId: string): Promise<boolean> {
    return (await this.didsOf(merchantId)).some((d) => d.mode === 'ivr');
  }

  async addOperator(merchantId: string, name: string, dialString: string | null): Promise<Operator> {
    const { operators } = this.db.tables;
    const op: Operator = { id: newId('op'), merchantId, name, dialString, presence: 'available' };
    await this.db.q.insert(operators).values({ ...op, status: 'active', createdAt: nowIso() });
    return op;
  }

  /** Available (offered calls) or away; false when there is no such active operator. */
  async setPresence(merchantId: string, id: string, presence: Operator['presence']): Promise<boolean> {
    const { operators } = this.db.tables;
    const changed = await this.db.q
      .update(operators)
      .set({ presence })
      .where(and(eq(operators.id, id), eq(operators.merchantId, merchantId), eq(operators.status, 'active')))
      .returning({ id: operators.id });
    return changed.length > 0;
  }

  async getOperator(merchantId: string, id: string): Promise<Operator | null> {
    const { operators } = this.db.tables;
    const [row] = await this.db.q.select().from(operators).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId))).limit(1);
    return row && row.status === 'active' ? toOperator(row) : null;
  }

  /** Active operators who set themselves available, with or without a desk phone (softphone operators have none). */
  async presentOperators(merchantId: string): Promise<Operator[]> {
    const { operators } = this.db.tables;
    const rows = await this.db.q
      .select()
      .from(operators)
      .where(and(eq(operators.merchantId, merchantId), eq(operators.status, 'active'), eq(operators.presence, 'available')));
    return rows.map(toOperator);
  }

  /** Active operators who are available and have a phone to ring. */
  async availableOperators(merchantId: string): Promise<Operator[]> {
    return (await this.presentOperators(merchantId)).filter((o) => o.dialString);
  }
}

function toOperator(row: typeof operators.$inferSelect): Operator {
  return { id: row.id, merchantId: row.merchantId, name: row.name, dialString: row.dialString, presence: row.presence };
}
