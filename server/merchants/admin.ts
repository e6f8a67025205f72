// The console's merchant administration: list, rename, disable/enable, and settings patches checked against the
// one MerchantSettings schema. Holds no card data.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { merchants } from '../db/schema.js';
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

  list(): MerchantSummary[] {
    return this.db.select({ id: merchants.id, name: merchants.name, status: merchants.status, createdAt: merchants.createdAt }).from(merchants).orderBy(asc(merchants.createdAt)).all();
  }

  createdAt(id: string): string | null {
    return this.db.select({ at: merchants.createdAt }).from(merchants).where(eq(merchants.id, id)).get()?.at ?? null;
  }

  rename(id: string, name: string): void {
    this.db.update(merchants).set({ name }).where(eq(merchants.id, id)).run();
  }

  setStatus(id: string, status: 'active' | 'disabled'): void {
    this.db.update(merchants).set({ status }).where(eq(merchants.id, id)).run();
  }
}
