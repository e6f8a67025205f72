// Merchant API keys: created as 256 random bits shown once, stored only as a SHA-256 hash, resolved per request.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { apiKeys } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';

export const API_KEY_PREFIX = 'ivp_';

export interface ApiKeyView {
  id: string;
  prefix: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export class ApiKeys {
  /** lastUsedAt is written at most once a minute per key */
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** A new key for the merchant; the returned `key` is the only copy. */
  create(merchantId: string, label?: string): { id: string; key: string } {
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const id = newId('key');
    this.db.insert(apiKeys).values({ id, merchantId, prefix: key.slice(0, 10), hash: hashKey(key), label, createdAt: nowIso() }).run();
    return { id, key };
  }

  /** The merchant and key id for a presented key, or null when unknown or revoked. */
  resolve(key: string): { merchantId: string; keyId: string } | null {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 100) return null;
    const row = this.db.select().from(apiKeys).where(and(eq(apiKeys.hash, hashKey(key)), isNull(apiKeys.revokedAt))).get();
    if (!row) return null;
    const now = Date.now();
    if ((this.touched.get(row.id) ?? 0) < now - 60_000) {
      this.touched.set(row.id, now);
      this.db.update(apiKeys).set({ lastUsedAt: new Date(now).toISOString() }).where(eq(apiKeys.id, row.id)).run();
    }
    return { merchantId: row.merchantId, keyId: row.id };
  }

  /** The merchant's keys, newest first, as people see them (prefix, label, dates); never the key. */
  list(merchantId: string): ApiKeyView[] {
    return this.db
      .select({ id: apiKeys.id, prefix: apiKeys.prefix, label: apiKeys.label, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.merchantId, merchantId))
      .orderBy(desc(apiKeys.createdAt))
      .all();
  }

  /** Revokes one key of the merchant; false when it has no such (unrevoked) key. */
  revoke(merchantId: string, id: string): boolean {
    return this.db.update(apiKeys).set({ revokedAt: nowIso() }).where(and(eq(apiKeys.id, id), eq(apiKeys.merchantId, merchantId), isNull(apiKeys.revokedAt))).run().changes === 1;
  }

  revokeAll(merchantId: string, label: string): void {
    this.db.update(apiKeys).set({ revokedAt: nowIso() }).where(and(eq(apiKeys.merchantId, merchantId), eq(apiKeys.label, label), isNull(apiKeys.revokedAt))).run();
  }
}
