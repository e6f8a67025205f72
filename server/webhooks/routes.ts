// /v1/merchants/:mid/webhooks and /webhook-deliveries: the merchant's endpoints (secret shown once, rotate,
// disable) and the delivery log with a manual retry.
import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { allow, auditActor, type ConsoleEnv } from '../http/console-auth.js';
import type { AuditLog } from '../audit.js';
import { WebhookUrl, type WebhookEndpoints } from './endpoints.js';
import type { WebhookDispatcher } from './dispatcher.js';

export interface WebhookRoutesDeps {
  webhookEndpoints: WebhookEndpoints;
  dispatcher: WebhookDispatcher;
  audit: AuditLog;
}

const Description = z.string().trim().max(200).nullable();
const CreateBody = z.object({ url: WebhookUrl, description: Description.optional() }).strict();
const PatchBody = z.object({ url: WebhookUrl, description: Description, status: z.enum(['active', 'disabled']) }).partial().strict();
const EndpointParam = z.object({ mid: z.string(), wid: z.string().min(1).max(64) });
const DeliveryParam = z.object({ mid: z.string(), did: z.string().min(1).max(64) });
const DeliveryQuery = z.object({ paymentId: z.string().max(64).optional(), status: z.enum(['pending', 'delivered', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
const tag = { tags: ['webhooks'] };

export function webhookRoutes(d: WebhookRoutesDeps) {
  return new Hono<ConsoleEnv>()
    .get('/:mid/webhooks', describeRoute({ ...tag, summary: "The merchant's webhook endpoints (secrets are never shown again)" }), async (c) => {
      const m = allow(c, 'webhooks.read');
      return c.json({ endpoints: await d.webhookEndpoints.list(m.id) });
    })
    .post('/:mid/webhooks', describeRoute({ ...tag, summary: 'Add an endpoint; the signing secret is in this answer only' }), validate('json', CreateBody), async (c) => {
      const m = allow(c, 'webhooks.manage');
      const body = c.req.valid('json');
      const { endpoint, secret } = await d.webhookEndpoints.create(m.id, body.url, body.description);
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'webhook.create', targetId: endpoint.id, detail: { url: endpoint.url } });
      return c.json({ endpoint, secret }, 201);
    })
    .patch('/:mid/webhooks/:wid', describeRoute({ ...tag, summary: 'Change the URL or description, disable or enable' }), validate('param', EndpointParam), validate('json', PatchBody), async (c) => {
      const m = allow(c, 'webhooks.manage');
      const { wid } = c.req.valid('param');
      const patch = c.req.valid('json');
      const endpoint = await d.webhookEndpoints.update(m.id, wid, patch);
      if (!endpoint) throw notFound('webhook endpoint');
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'webhook.update', targetId: wid, detail: { fields: Object.keys(patch).join(',') } });
      return c.json({ endpoint });
    })
    .post('/:mid/webhooks/:wid/rotate-secret', describeRoute({ ...tag, summary: 'New signing secret (in this answer only); the old one stops at once' }), validate('param', EndpointParam), async (c) => {
      const m = allow(c, 'webhooks.manage');
      const { wid } = c.req.valid('param');
      const secret = await d.webhookEndpoints.rotateSecret(m.id, wid);
      if (!secret) throw notFound('webhook endpoint');
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'webhook.rotate_secret', targetId: wid });
      return c.json({ endpoint: await d.webhookEndpoints.get(m.id, wid), secret });
    })
    .get('/:mid/webhook-deliveries', describeRoute({ ...tag, summary: 'The delivery log, newest first' }), validate('query', DeliveryQuery), async (c) => {
      const m = allow(c, 'webhooks.read');
      return c.json({ deliveries: await d.dispatcher.list(m.id, c.req.valid('query')) });
    })
    .post('/:mid/webhook-deliveries/:did/retry', describeRoute({ ...tag, summary: 'Send a delivery again now' }), validate('param', DeliveryParam), async (c) => {
      const m = allow(c, 'webhooks.manage');
      const { did } = c.req.valid('param');
      const delivery = await d.dispatcher.retry(m.id, did);
      if (!delivery) throw notFound('webhook delivery');
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'webhook.retry', targetId: did });
      return c.json({ delivery });
    });
}
