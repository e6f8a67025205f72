// GET /v1/merchants/:mid/audit: who did what for the merchant, newest first (ids and codes only, never card data).
import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from './db/index.js';
import { validate } from './http/validate.js';
import { allow, type ConsoleEnv } from './http/console-auth.js';

const Query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().min(1).optional() }).strict();

export function auditRoutes(db: Db) {
  return new Hono<ConsoleEnv>().get('/:mid/audit', describeRoute({ tags: ['audit'], summary: 'The audit log of the merchant, newest first' }), validate('query', Query), async (c) => {
    const m = allow(c, 'audit.read');
    const q = c.req.valid('query');
    const { auditLog } = db.tables;
    const rows = await db.q
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, m.id), q.before ? lt(auditLog.id, q.before) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(q.limit);
    return c.json({ entries: rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null })) });
  });
}
