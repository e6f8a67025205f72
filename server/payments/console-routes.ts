// /v1/merchants/:mid/payments: search (filters, keyset pages), CSV download of a search (streamed), one payment
// with its full masked event history and webhook deliveries, and the actions the console may take on it (cancel;
// void and refund once the payment API has them), run through the public /v1/payments routes.
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { ApiError, notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { allow, auditActor, type ConsoleEnv } from '../http/console-auth.js';
import type { Principal } from '../http/auth.js';
import type { AuditLog } from '../audit.js';
import type { EventLog } from './event-log.js';
import { toView, type PaymentService } from './service.js';
import { FilterQuery, PaymentSearch, SearchQuery } from './search.js';
import { BOM, headerLine, rowLine } from './csv.js';
import { localDay } from './zoned-time.js';
import type { PaymentView } from './types.js';
import type { Permission } from '../users/permissions.js';

export const CONSOLE_ACTIONS = ['cancel', 'sale', 'void', 'refund'] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];
const ACTION_PERMISSION: Record<ConsoleAction, Permission> = { cancel: 'payments.cancel', sale: 'payments.refund', void: 'payments.refund', refund: 'payments.refund' };
const CANCELABLE = new Set(['created', 'capturing']);

export interface ConsolePaymentDeps {
  payments: PaymentService;
  search: PaymentSearch;
  events: EventLog;
  audit: AuditLog;
  /** webhook deliveries of one payment, for its detail page */
  deliveriesOf: (merchantId: string, paymentId: string) => Promise<unknown[]>;
  /** whether the public API has POST /v1/payments/:id/<action> (void and refund come with the gateway adapters) */
  hasAction: (action: ConsoleAction) => boolean;
  /** runs a request through the public API in-process, as the given principal */
  forward: (path: string, init: RequestInit, principal: Principal) => Promise<Response>;
}

const Param = z.object({ mid: z.string(), pid: z.string().min(1).max(64) });
const ActionParam = Param.extend({ action: z.enum(CONSOLE_ACTIONS) });
const tag = { tags: ['payments (console)'] };

export function consolePaymentRoutes(d: ConsolePaymentDeps) {
  /** Actions the caller could take on this payment right now. */
  const actionsFor = (c: Parameters<typeof allow>[0], p: PaymentView): ConsoleAction[] =>
    CONSOLE_ACTIONS.filter((a) => {
      if (!d.hasAction(a)) return false;
      try {
        allow(c, ACTION_PERMISSION[a]);
      } catch {
        return false;
      }
      if (a === 'cancel') return CANCELABLE.has(p.status);
      return p.operations?.includes(a) ?? false;
    });

  return new Hono<ConsoleEnv>()
    .get('/:mid/payments', describeRoute({ ...tag, summary: 'Search payments, newest first (keyset pages)' }), validate('query', SearchQuery), async (c) => {
      const m = allow(c, 'payments.read');
      try {
        const { rows, nextCursor } = await d.search.page(m.id, c.req.valid('query'), m.settings.timeZone);
        return c.json({ payments: rows.map((r) => toView(r, null)), nextCursor });
      } catch (e) {
        if (e instanceof RangeError) throw new ApiError(400, 'validation_failed', 'invalid query: cursor: use nextCursor from the previous page as it was');
        throw e;
      }
    })
    .get('/:mid/payments.csv', describeRoute({ ...tag, summary: 'The search as CSV (UTF-8 with BOM, CRLF; streamed)' }), validate('query', FilterQuery), async (c) => {
      const m = allow(c, 'payments.export');
      const { lang, ...filters } = c.req.valid('query');
      const tz = m.settings.timeZone;
      await d.audit.record({ ...auditActor(c.get('actor')), merchantId: m.id, action: 'payments.export', detail: { filters: JSON.stringify(filters).slice(0, 400) } });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="payments-${localDay(Date.now(), tz)}.csv"`);
      c.header('Cache-Control', 'no-store');
      return stream(c, async (s) => {
        await s.write(BOM + headerLine(lang));
        let buf = '';
        for await (const row of d.search.all(m.id, filters, tz)) {
          buf += rowLine(row, tz);
          if (buf.length > 64 * 1024) {
            await s.write(buf);
            buf = '';
          }
          if (s.aborted) return;
        }
        if (buf) await s.write(buf);
      });
    })
    .get('/:mid/payments/:pid', describeRoute({ ...tag, summary: 'One payment with its masked event history, webhook deliveries and the actions allowed now' }), validate('param', Param), async (c) => {
      const m = allow(c, 'payments.read');
      const { pid } = c.req.valid('param');
      if (!await d.payments.get(m.id, pid)) throw notFound('payment');
      // the public read, so the operations the gateway allows now come from the payment API itself
      const res = await d.forward(`/v1/payments/${encodeURIComponent(pid)}`, { method: 'GET' }, { kind: 'merchant', merchantId: m.id, keyId: 'console' });
      if (!res.ok) throw notFound('payment');
      const payment = (await res.json()) as PaymentView;
      return c.json({ payment, events: await d.events.since(pid), webhookDeliveries: await d.deliveriesOf(m.id, pid), actions: actionsFor(c, payment) });
    })
    .post('/:mid/payments/:pid/:action', describeRoute({ ...tag, summary: 'Cancel (in progress), void or refund (approved) from the console' }), validate('param', ActionParam), async (c) => {
      const { pid, action } = c.req.valid('param');
      const m = allow(c, ACTION_PERMISSION[action]);
      if (!await d.payments.get(m.id, pid)) throw notFound('payment');
      if (!d.hasAction(action)) throw new ApiError(409, 'not_supported', `${action} is not available on this server yet`);
      const a = c.get('actor');
      const actorId = a.kind === 'api_key' ? a.keyId : `console:${a.session.user.id}`;
      const body = action === 'refund' ? (await c.req.text()) || '{}' : '';
      const res = await d.forward(`/v1/payments/${encodeURIComponent(pid)}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body || (action === 'cancel' ? undefined : '{}') }, { kind: 'merchant', merchantId: m.id, keyId: actorId });
      if (res.ok) await d.audit.record({ ...auditActor(a), merchantId: m.id, action: `payment.${action}`, targetId: pid, detail: { via: 'console' } });
      return new Response(res.body, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json' } });
    });
}
