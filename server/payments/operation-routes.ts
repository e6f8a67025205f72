// POST /v1/payments/:id/sale | void | refund and GET /v1/payments/:id/operations: after-approval operations for
// the merchant's server (API key) and the widget (token for this payment). `sale` records the actual sale of an
// authorization (実売上; not `/capture`, which starts the card capture on the phone). An optional Idempotency-Key
// header makes a retried request return the first operation instead of running a second one.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { merchantForPayment, type AuthEnv, type Principal } from '../http/auth.js';
import { ApiError, notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import type { AuditLog } from '../audit.js';
import type { PaymentService } from './service.js';
import type { PaymentOperations } from './operations.js';
import type { OperationKind } from './types.js';

export interface OperationRoutesDeps {
  payments: PaymentService;
  operations: PaymentOperations;
  audit: AuditLog;
}

const Id = z.object({ id: z.string().min(1).max(64) });
const NoBody = z.object({}).strict();
const RefundBody = z.object({ amount: z.number().int().min(1).max(99_999_999).optional() }).strict();
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,64}$/;

export function operationRoutes(d: OperationRoutesDeps) {
  const actor = (p: Principal) => (p.kind === 'merchant' ? { actorType: 'api_key' as const, actorId: p.keyId } : { actorType: 'widget' as const, actorId: p.paymentId });

  async function run(c: Context<AuthEnv>, id: string, kind: OperationKind, amount?: number) {
    const merchantId = merchantForPayment(c, id);
    const requestKey = c.req.header('idempotency-key');
    if (requestKey !== undefined && !IDEMPOTENCY_KEY.test(requestKey)) throw new ApiError(400, 'validation_failed', 'Idempotency-Key: 1 to 64 letters, digits and _ . : -');
    const result = await d.operations.run(merchantId, id, kind, { amount, requestKey });
    await d.audit.record({ ...actor(c.get('principal')), merchantId, action: `payment.${kind}`, targetId: id, detail: { amount: result.operation.amount, status: result.operation.status } });
    return c.json({ payment: result.payment, operation: result.operation }, result.done ? 200 : 202);
  }

  return new Hono<AuthEnv>()
    .post('/:id/sale', validate('param', Id), validate('json', NoBody), (c) => run(c, c.req.valid('param').id, 'sale'))
    .post('/:id/void', validate('param', Id), validate('json', NoBody), (c) => run(c, c.req.valid('param').id, 'void'))
    .post('/:id/refund', validate('param', Id), validate('json', RefundBody), (c) => run(c, c.req.valid('param').id, 'refund', c.req.valid('json').amount))
    .get('/:id/operations', validate('param', Id), async (c) => {
      const { id } = c.req.valid('param');
      const row = await d.payments.row(id);
      if (!row || row.merchantId !== merchantForPayment(c, id)) throw notFound('payment');
      return c.json({ operations: await d.operations.list(id), allowed: await d.operations.allowed(row) });
    });
}
