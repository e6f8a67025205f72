// Each merchant's gateway choice in the database: options as JSON, credentials sealed with AES-256-GCM (key from
// IVRPAY_CREDENTIALS_KEY), a masked hint for people. Credentials leave this module only to build an adapter.
import { eq } from 'drizzle-orm';
import type { ZodType } from 'zod';
import type { Db } from '../../db/index.js';
import { nowIso } from '../../ids.js';
import type { CredentialCipher } from './cipher.js';
import { GATEWAY_SETTINGS, maskSecret, type GatewayKind, type GatewaySettings } from './kinds.js';

/** What people (console, API) may see of a merchant's gateway. */
export interface GatewayDescription {
  kind: GatewayKind;
  options: Record<string, unknown>;
  /** each credential masked */
  credentials: Record<string, string>;
  updatedAt: string | null;
}

export class GatewaySettingsError extends Error {
  override readonly name = 'GatewaySettingsError';
}

export class GatewaySettingsStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: CredentialCipher,
  ) {}

  /** Validates and stores the merchant's gateway (replacing the previous one); returns what people may see. */
  async save(merchantId: string, input: { kind: GatewayKind; options?: unknown; credentials?: unknown }): Promise<GatewayDescription> {
    const schema = GATEWAY_SETTINGS[input.kind];
    if (!schema) throw new GatewaySettingsError(`unknown gateway ${String(input.kind)} (known: ${Object.keys(GATEWAY_SETTINGS).join(', ')})`);
    const options = parse(schema.options, input.options ?? {}, 'options');
    const secret = parse(schema.secret, input.credentials ?? {}, 'credentials');
    if (input.kind === 'gmo-pg' && Boolean((options as { siteId?: string }).siteId) !== Boolean((secret as { sitePass?: string }).sitePass)) {
      throw new GatewaySettingsError('options.siteId and credentials.sitePass go together (both for card registration, or neither)');
    }
    const hint = Object.fromEntries(Object.entries(secret).map(([k, v]) => [k, maskSecret(String(v))]));
    const row = {
      merchantId,
      kind: input.kind,
      options: JSON.stringify(options),
      secret: this.cipher.seal(JSON.stringify(secret), owner(merchantId, input.kind)),
      secretHint: JSON.stringify(hint),
      updatedAt: nowIso(),
    };
    const { merchantGateways } = this.db.tables;
    await this.db.q.insert(merchantGateways).values(row).onConflictDoUpdate({ target: merchantGateways.merchantId, set: row });
    return { kind: input.kind, options, credentials: hint, updatedAt: row.updatedAt };
  }

  /** The merchant's gateway masked; the sandbox when none was chosen. */
  async describe(merchantId: string): Promise<GatewayDescription> {
    const row = await this.row(merchantId);
    if (!row) return { kind: 'sandbox', options: {}, credentials: {}, updatedAt: null };
    return { kind: row.kind as GatewayKind, options: JSON.parse(row.options), credentials: JSON.parse(row.secretHint), updatedAt: row.updatedAt };
  }

  /** Opens the credentials to build the adapter (registry only); null = no gateway chosen (sandbox). */
  async load(merchantId: string): Promise<(GatewaySettings & { updatedAt: string }) | null> {
    const row = await this.row(merchantId);
    if (!row) return null;
    const kind = row.kind as GatewayKind;
    const secret = JSON.parse(this.cipher.open(row.secret, owner(merchantId, kind)));
    return { kind, options: JSON.parse(row.options), secret, updatedAt: row.updatedAt } as GatewaySettings & { updatedAt: string };
  }

  /** Back to the sandbox. */
  async remove(merchantId: string): Promise<void> {
    const { merchantGateways } = this.db.tables;
    await this.db.q.delete(merchantGateways).where(eq(merchantGateways.merchantId, merchantId));
  }

  async version(merchantId: string): Promise<string | null> {
    const { merchantGateways } = this.db.tables;
    const [row] = await this.db.q.select({ updatedAt: merchantGateways.updatedAt }).from(merchantGateways).where(eq(merchantGateways.merchantId, merchantId)).limit(1);
    return row?.updatedAt ?? null;
  }

  private async row(merchantId: string) {
    const { merchantGateways } = this.db.tables;
    const [row] = await this.db.q.select().from(merchantGateways).where(eq(merchantGateways.merchantId, merchantId)).limit(1);
    return row ?? null;
  }
}

function owner(merchantId: string, kind: string): string {
  return `${merchantId}:${kind}`;
}

function parse(schema: ZodType, value: unknown, what: string): Record<string, unknown> {
  const r = schema.safeParse(value);
  if (r.success) return r.data as Record<string, unknown>;
  // messages name the field and the rule, never echo the value (it may be a password)
  throw new GatewaySettingsError(r.error.issues.map((i) => `${what}.${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; '));
}
