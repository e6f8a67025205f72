// Merchant API keys: created as 256 random bits shown once, stored only as a SHA-256 hash, resolved per request.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
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
  async create(merchantId: string, label?: string): Promise<{ id: string; key: string }> {
    const { apiKeys } = this.db.tables;
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const id = newId('key');
    await this.db.q.insert(apiKeys).values({ id, merchantId, prefix: key.slice(0, 10), hash: hashKey(key), label, createdAt: nowIso() });
    return { id, key };
  }

  /** The merchant and key id for a presented key, or null when unknown or revoked. */
  async resolve(key: string): Promise<{ merchantId: string; keyId: string } | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 100) return null;
    const { apiKeys } = this.db.tables;
    const [row] = await this.db.q.select().from(apiKeys).where(and(eq(apiKeys.hash, hashKey(key)), isNull(apiKeys.revokedAt))).limit(1);
    if (!row) return null;
    const now = Date.now();
    if ((this.touched.get(row.id) ?? 0) < now - 60_000) {
      this.touched.set(row.id, now);
      await this.db.q.update(apiKeys).set({ lastUsedAt: new Date(now).toISOString() }).where(eq(apiKeys.id, row.id));
    }
    return { merchantId: row.merchantId, keyId: row.id };
  }

  /** The merchant's keys, newest first, as people see them (prefix, label, dates); never the key. */
  list(merchantId: string): Promise<ApiKeyView[]> {
    const { apiKeys } = this.db.tables;
    return this.db.q
      .select({ id: apiKeys.id, prefix: apiKeys.prefix, label: apiKeys.label, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.merchantId, merchantId))
      .orderBy(desc(apiKeys.createdAt));
  }

  /** Revokes one key of the merchant; false when it has no such (unrevoked) key. */
  async revoke(merchantId: string, id: string): Promise<boolean> {
    const { apiKeys } = this.db.tables;
    const revoked = await this.db.q
      .update(apiKeys)
      .set({ revokedAt: nowIso() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.merchantId, merchantId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    return revoked.length === 1;
  }

  async revokeAll(merchantId: string, label: string): Promise<void> {
    const { apiKeys } = this.db.tables;
    await this.db.q.update(apiKeys).set({ revokedAt: nowIso() }).where(and(eq(apiKeys.merchantId, merchantId), eq(apiKeys.label, label), isNull(apiKeys.revokedAt)));
  }
}
