// POST /v1/payments/:id/identification: a fresh identification id for a payment that has not started (the widget's
// "new number" when the countdown ran out). The earlier id stops working.
import { Hono } from 'hono';
import { ApiError, notFound } from '../http/errors.js';
import { merchantForPayment, type AuthEnv } from '../http/auth.js';
import type { PaymentService } from '../payments/service.js';
import type { MerchantStore } from '../merchants/store.js';
import type { AuditLog } from '../audit.js';

export function identificationRoutes(d: { payments: PaymentService; merchants: MerchantStore; audit: AuditLog }) {
  return new Hono<AuthEnv>().post('/:id/identification', async (c) => {
    const id = c.req.param('id');
    const merchantId = merchantForPayment(c, id);
    const payment = await d.payments.get(merchantId, id);
    if (!payment) throw notFound('payment');
    if (!await d.merchants.hasIvr(merchantId)) throw new ApiError(409, 'invalid_state', 'this merchant has no payment IVR number, so payments have no identification id');
    if (payment.status !== 'created') throw new ApiError(409, 'invalid_state', `the payment is ${payment.status}; an identification id only helps a payment that has not started`);
    const view = await d.payments.reissueIdentification(id);
    const p = c.get('principal');
    await d.audit.record({ actorType: p.kind === 'merchant' ? 'api_key' : 'widget', actorId: p.kind === 'merchant' ? p.keyId : p.paymentId, merchantId, action: 'payment.identification', targetId: id });
    return c.json(view, 201);
  });
}
