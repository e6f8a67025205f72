// /v1/merchants/:mid/dids: the merchant's payment numbers — `operator` numbers ring its operators, `ivr` numbers
// answer with the payment IVR — and each number's concurrent-call limit. Platform admins assign them.
import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { ApiError, notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { allow, auditActor, type ConsoleEnv } from '../http/console-auth.js';
import type { AuditLog } from '../audit.js';
import { DID_MODES, type MerchantStore } from './store.js';

const Param = z.object({ mid: z.string(), number: z.string().regex(/^\+?[0-9]{2,32}$/, 'the number as FreeSWITCH sees it: digits, optionally with a leading +') });
const Body = z.object({ mode: z.enum(DID_MODES).default('operator'), maxConcurrent: z.number().int().min(1).max(1000).nullable().default(null) }).strict();
const tag = { tags: ['merchants'] };

export function didRoutes(d: { merchants: MerchantStore; audit: AuditLog }) {
  return new Hono<ConsoleEnv>()
    .get('/:mid/dids', describeRoute({ ...tag, summary: "The merchant's payment numbers with mode and concurrent-call limit" }), async (c) => {
      const m = allow(c, 'merchants.read');
      return c.json({ dids: await d.merchants.didsOf(m.id) });
    })
    .put('/:mid/dids/:number', describeRoute({ ...tag, summary: 'Assign a number to the merchant, or change its mode and limit (platform admins)' }), validate('param', Param), validate('json', Body), async (c) => {
      const m = allow(c, 'dids.manage');
      const { number } = c.req.valid('param');
      const owner = await d.merchants.did(number);
      if (owner && owner.merchantId !== m.id) throw new ApiError(409, 'did_taken', `number ${number} belongs to another merchant: remove it there first`);
      const did = await d.merchants.addDid(m.id, number, c.req.valid('json'));
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: owner ? 'did.update' : 'did.add', targetId: number, detail: { mode: did.mode, maxConcurrent: did.maxConcurrent } });
      return c.json({ did }, owner ? 200 : 201);
    })
    .delete('/:mid/dids/:number', describeRoute({ ...tag, summary: 'Take a number away from the merchant (platform admins)' }), validate('param', Param), async (c) => {
      const m = allow(c, 'dids.manage');
      const { number } = c.req.valid('param');
      if (!await d.merchants.removeDid(m.id, number)) throw notFound('number');
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'did.remove', targetId: number });
      return c.body(null, 204);
    });
}
