// A merchant's webhook endpoints: URL rules (https, or http to this machine for development), signing secrets
// generated here and shown once, enable/disable. Stores no card data.
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { webhookEndpoints } from '../db/schema.js';
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

  list(merchantId: string): EndpointView[] {
    return this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.merchantId, merchantId)).orderBy(asc(webhookEndpoints.createdAt)).all().map(toView);
  }

  /** Active endpoints with their secrets (the dispatcher signs with them). */
  active(merchantId: string): Row[] {
    return this.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.status, 'active'))).all();
  }

  row(id: string): Row | null {
    return this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get() ?? null;
  }

  get(merchantId: string, id: string): EndpointView | null {
    const r = this.row(id);
    return r && r.merchantId === merchantId ? toView(r) : null;
  }

  create(merchantId: string, url: string, description?: string | null): { endpoint: EndpointView; secret: string } {
    const secret = newSecret();
    const row: Row = { id: newId('whe'), merchantId, url, secret, description: description ?? null, status: 'active', createdAt: nowIso() };
    this.db.insert(webhookEndpoints).values(row).run();
    return { endpoint: toView(row), secret };
  }

  update(merchantId: string, id: string, patch: Partial<Pick<Row, 'url' | 'description' | 'status'>>): EndpointView | null {
    if (!this.get(merchantId, id)) return null;
    if (Object.keys(patch).length) this.db.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, id)).run();
    return this.get(merchantId, id);
  }

  rotateSecret(merchantId: string, id: string): string | null {
    if (!this.get(merchantId, id)) return null;
    const secret = newSecret();
    this.db.update(webhookEndpoints).set({ secret }).where(eq(webhookEndpoints.id, id)).run();
    return secret;
  }
}
