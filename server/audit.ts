// The audit log: who did what to which payment or setting. Never card data: callers pass ids and codes only.
import type { Db } from './db/index.js';
import { nowIso } from './ids.js';

export interface AuditEntry {
  actorType: 'api_key' | 'widget' | 'operator' | 'platform_admin' | 'system';
  actorId?: string | null;
  merchantId?: string | null;
  action: string;
  targetId?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(e: AuditEntry): Promise<void> {
    await this.db.q
      .insert(this.db.tables.auditLog)
      .values({ at: nowIso(), actorType: e.actorType, actorId: e.actorId ?? null, merchantId: e.merchantId ?? null, action: e.action, targetId: e.targetId ?? null, detail: e.detail ? JSON.stringify(e.detail) : null });
  }
}
