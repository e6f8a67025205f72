// /v1/merchants: the console's merchant administration — list, create, read, rename and change settings,
// disable/enable, API keys (created and shown once, listed with last use, revoked). Authorized per role and merchant.
import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { ApiError, notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { allow, auditActor, type ConsoleEnv } from '../http/console-auth.js';
import { can } from '../users/permissions.js';
import { actorRole } from '../http/console-auth.js';
import type { ApiKeys } from '../auth/api-keys.js';
import type { AuditLog } from '../audit.js';
import type { Merchant, MerchantStore } from './store.js';
import { MerchantAdmin, SettingsPatch } from './admin.js';

export interface MerchantRoutesDeps {
  merchants: MerchantStore;
  merchantAdmin: MerchantAdmin;
  keys: ApiKeys;
  audit: AuditLog;
}

const Name = z.string().trim().min(1).max(100);
const CreateBody = z.object({ name: Name, settings: SettingsPatch.optional() }).strict();
const PatchBody = z.object({ name: Name.optional(), status: z.enum(['active', 'disabled']).optional(), settings: SettingsPatch.optional() }).strict();
const KeyBody = z.object({ label: z.string().trim().min(1).max(60) }).strict();
const KeyParam = z.object({ mid: z.string(), kid: z.string().min(1).max(64) });
const tag = { tags: ['merchants'] };

export function merchantRoutes(d: MerchantRoutesDeps) {
  const view = async (m: Merchant) => ({ ...m, createdAt: await d.merchantAdmin.createdAt(m.id) });
  return new Hono<ConsoleEnv>()
    .get('/', describeRoute({ ...tag, summary: 'Merchants the caller may see (platform admins: all)' }), async (c) => {
      const a = c.get('actor');
      const all = await d.merchantAdmin.list();
      const mine = a.kind === 'api_key' ? all.filter((m) => m.id === a.merchantId) : a.session.user.role === 'platform_admin' ? all : all.filter((m) => m.id === a.session.user.merchantId);
      return c.json({ merchants: mine });
    })
    .post('/', describeRoute({ ...tag, summary: 'Create a merchant (platform admins)' }), validate('json', CreateBody), async (c) => {
      const a = c.get('actor');
      if (!can(actorRole(a), 'merchants.create')) throw new ApiError(403, 'forbidden', `your role (${actorRole(a)}) cannot create merchants`);
      const body = c.req.valid('json');
      const m = await d.merchants.create(body.name, body.settings ?? {});
      await d.audit.record({ ...auditActor(a), merchantId: m.id, action: 'merchant.create', targetId: m.id });
      return c.json(await view(m), 201);
    })
    .get('/:mid', describeRoute({ ...tag, summary: 'A merchant with its settings' }), async (c) => c.json(await view(allow(c, 'merchants.read'))))
    .patch('/:mid', describeRoute({ ...tag, summary: 'Rename, change settings (merchant admins), disable or enable (platform admins)' }), validate('json', PatchBody), async (c) => {
      const body = c.req.valid('json');
      const m = allow(c, body.status !== undefined ? 'merchants.status' : 'merchants.update');
      if (body.status !== undefined && (body.name !== undefined || body.settings !== undefined)) allow(c, 'merchants.update');
      let updated = m;
      if (body.settings) updated = await d.merchants.updateSettings(m.id, body.settings);
      if (body.name !== undefined) await d.merchantAdmin.rename(m.id, body.name);
      if (body.status !== undefined) await d.merchantAdmin.setStatus(m.id, body.status);
      const changed = Object.keys(body.settings ?? {}).join(',');
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'merchant.update', targetId: m.id, detail: { ...(changed ? { settings: changed } : {}), ...(body.name ? { name: body.name } : {}), ...(body.status ? { status: body.status } : {}) } });
      return c.json(await view({ ...updated, name: body.name ?? m.name, status: body.status ?? m.status }));
    })
    .get('/:mid/api-keys', describeRoute({ ...tag, summary: "The merchant's API keys (prefix, label, last used, revoked)" }), async (c) => {
      const m = allow(c, 'api_keys.manage');
      return c.json({ apiKeys: await d.keys.list(m.id) });
    })
    .post('/:mid/api-keys', describeRoute({ ...tag, summary: 'Create an API key: the key is in this answer only' }), validate('json', KeyBody), async (c) => {
      const m = allow(c, 'api_keys.manage');
      const { id, key } = await d.keys.create(m.id, c.req.valid('json').label);
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'api_key.create', targetId: id });
      return c.json({ key, apiKey: (await d.keys.list(m.id)).find((k) => k.id === id) }, 201);
    })
    .post('/:mid/api-keys/:kid/revoke', describeRoute({ ...tag, summary: 'Revoke an API key (at once, for good)' }), validate('param', KeyParam), async (c) => {
      const m = allow(c, 'api_keys.manage');
      const { kid } = c.req.valid('param');
      if (!await d.keys.revoke(m.id, kid)) throw notFound('API key');
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'api_key.revoke', targetId: kid });
      return c.json({ apiKey: (await d.keys.list(m.id)).find((k) => k.id === kid) });
    });
}
