// The console's merchant administration: list, rename, disable/enable, and settings patches checked against the
// one MerchantSettings schema. Holds no card data.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { MerchantSettings } from './settings.js';

export interface MerchantSummary {
  id: string;
  name: string;
  status: 'active' | 'disabled';
  createdAt: string;
}

/**
 * A patch of MerchantSettings: every field optional and without its default (so a missing field keeps the stored
 * value), unknown fields refused. Built from the schema, so settings added to it are patchable as they come.
 */
export const SettingsPatch = z
  .object(Object.fromEntries(Object.entries(MerchantSettings.shape).map(([k, s]) => [k, ('removeDefault' in s ? s.removeDefault() : s).optional()])) as unknown as {
    [K in keyof typeof MerchantSettings.shape]: z.ZodOptional<z.ZodType<MerchantSettings[K]>>;
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export class MerchantAdmin {
  constructor(private readonly db: Db) {}

  list(): Promise<MerchantSummary[]> {
    const { merchants } = this.db.tables;
    return this.db.q.select({ id: merchants.id, name: merchants.name, status: merchants.status, createdAt: merchants.createdAt }).from(merchants).orderBy(asc(merchants.createdAt));
  }

  async createdAt(id: string): Promise<string | null> {
    const { merchants } = this.db.tables;
    return (await this.db.q.select({ at: merchants.createdAt }).from(merchants).where(eq(merchants.id, id)).limit(1))[0]?.at ?? null;
  }

  async rename(id: string, name: string): Promise<void> {
    const { merchants } = this.db.tables;
    await this.db.q.update(merchants).set({ name }).where(eq(merchants.id, id));
  }

  async setStatus(id: string, status: 'active' | 'disabled'): Promise<void> {
    const { merchants } = this.db.tables;
    await this.db.q.update(merchants).set({ status }).where(eq(merchants.id, id));
  }
}
