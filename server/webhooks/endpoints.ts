// A merchant's webhook endpoints: URL rules (https, or http to this machine for development), signing secrets
// generated here and shown once, enable/disable. Stores no card data.
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import type { webhookEndpoints } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export const WebhookUrl = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((u) => {
    if (!URL.canParse(u)) return false;
    const url = new URL(u);
    return !url.username && !url.password && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname)));
  }, 'must be https:// (http:// only to localhost), without user or password');

export interface EndpointView {
  id: string;
  merchantId: string;
  url: string;
  description: string | null;
  status: 'active' | 'disabled';
  /** the secret's last 4 characters, to tell secrets apart */
  secretHint: string;
  createdAt: string;
}

type Row = typeof webhookEndpoints.$inferSelect;
const toView = (r: Row): EndpointView => ({ id: r.id, merchantId: r.merchantId, url: r.url, description: r.description, status: r.status, secretHint: r.secret.slice(-4), createdAt: r.createdAt });
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export class WebhookEndpoints {
  constructor(private readonly db: Db) {}

  async list(merchantId: string): Promise<EndpointView[]> {
    const { webhookEndpoints: t } = this.db.tables;
    return (await this.db.q.select().from(t).where(eq(t.merchantId, merchantId)).orderBy(asc(t.createdAt))).map(toView);
  }

  /** Active endpoints with their secrets (the dispatcher signs with them). */
  active(merchantId: string): Promise<Row[]> {
    const { webhookEndpoints: t } = this.db.tables;
    return this.db.q.select().from(t).where(and(eq(t.merchantId, merchantId), eq(t.status, 'active')));
  }

  async row(id: string): Promise<Row | null> {
    const { webhookEndpoints: t } = this.db.tables;
    const [row] = await this.db.q.select().from(t).where(eq(t.id, id)).limit(1);
    return row ?? null;
  }

  async get(merchantId: string, id: string): Promise<EndpointView | null> {
    const r = await this.row(id);
    return r && r.merchantId === merchantId ? toView(r) : null;
  }

  async create(merchantId: string, url: string, description?: string | null): Promise<{ endpoint: EndpointView; secret: string }> {
    const secret = newSecret();
    const row: Row = { id: newId('whe'), merchantId, url, secret, description: description ?? null, status: 'active', createdAt: nowIso() };
    await this.db.q.insert(this.db.tables.webhookEndpoints).values(row);
    return { endpoint: toView(row), secret };
  }

  async update(merchantId: string, id: string, patch: Partial<Pick<Row, 'url' | 'description' | 'status'>>): Promise<EndpointView | null> {
    const { webhookEndpoints: t } = this.db.tables;
    if (!(await this.get(merchantId, id))) return null;
    if (Object.keys(patch).length) await this.db.q.update(t).set(patch).where(eq(t.id, id));
    return this.get(merchantId, id);
  }

  async rotateSecret(merchantId: string, id: string): Promise<string | null> {
    const { webhookEndpoints: t } = this.db.tables;
    if (!(await this.get(merchantId, id))) return null;
    const secret = newSecret();
    await this.db.q.update(t).set({ secret }).where(eq(t.id, id));
    return secret;
  }
}
