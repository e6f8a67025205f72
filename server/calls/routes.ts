// GET /v1/calls: the caller's merchant's live calls (caller numbers masked for widgets).
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AuthEnv } from '../http/auth.js';
import type { CallRegistry } from './registry.js';

export function callRoutes(calls: CallRegistry) {
  return new Hono<AuthEnv>().get('/', describeRoute({ tags: ['calls'], summary: "The merchant's live calls (caller numbers masked for widget tokens)" }), async (c) => {
    const p = c.get('principal');
    const list = calls
      .forMerchant(p.merchantId)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
      .map((call) => calls.view(call, p.kind === 'widget'));
    return c.json({ calls: list });
  });
}
