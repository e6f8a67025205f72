// /v1/payments: create (merchant API key), read, start capture, re-request a field, cancel, new widget token.
import { Hono } from 'hono';
import { z } from 'zod';
import { JOBS, FIELDS } from './types.js';
import { ApiError, notFound } from '../http/errors.js';
import { merchantForPayment, requireMerchant, type AuthEnv, type Principal } from '../http/auth.js';
import { containsCardNumber, validate } from '../http/validate.js';
import { toE164 } from '../sms/types.js';
import type { PaymentService } from './service.js';
import type { CaptureManager } from '../capture/manager.js';
import type { WidgetTokens } from '../auth/widget-token.js';
import type { MerchantStore } from '../merchants/store.js';
import type { AuditLog } from '../audit.js';
import { PayMethodSchema, payMethodRefusal, type PayMethodsAllowed } from './pay-method.js';
import type { PaymentOperations } from './operations.js';

const notACard = (s: string) => !containsCardNumber(s);
const NOT_A_CARD = 'must not contain a card number';

export const CreatePaymentBody = z
  .object({
    orderId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only').refine(notACard, NOT_A_CARD),
    amount: z.number().int().min(0).max(99_999_999),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. JPY').default('JPY'),
    job: z.enum(JOBS),
    memberId: z.string().min(1).max(60).regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only').refine(notACard, NOT_A_CARD).optional(),
    /** how the customer pays: {"kind":"lump"} (default), {"kind":"installments","count":3}, {"kind":"bonus"}, {"kind":"revolving"} */
    method: PayMethodSchema.optional(),
    /** the customer's mobile, for merchants that check identity by SMS code before the card is keyed */
    customerPhone: z
      .string()
      .max(32)
      .transform((v, ctx) => {
        const e164 = toE164(v);
        if (!e164) ctx.addIssue({ code: 'custom', message: 'a mobile number like 090-1234-5678 or +819012345678' });
        return e164 ?? '';
      })
      .optional(),
    operatorId: z.string().min(1).max(64).optional(),
    callId: z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.job === 'auth' || v.job === 'capture' || v.job === 'capture+register') && v.amount <= 0) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `must be more than 0 for job ${v.job}` });
    }
    if ((v.job === 'register' || v.job === 'capture+register') && !v.memberId) {
      ctx.addIssue({ code: 'custom', path: ['memberId'], message: `is required for job ${v.job}` });
    }
    if (v.method && v.method.kind !== 'lump' && (v.job === 'check' || v.job === 'register')) {
      ctx.addIssue({ code: 'custom', path: ['method'], message: `only a lump sum applies to job ${v.job} (nothing is charged)` });
    }
  });

const MethodBody = z.object({ method: PayMethodSchema }).strict();
const CaptureBody = z.object({ callId: z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/).optional() }).strict();
const RerequestBody = z.object({ field: z.enum(FIELDS) }).strict();
const Id = z.object({ id: z.string().min(1).max(64) });

export interface PaymentRoutesDeps {
  payments: PaymentService;
  capture: CaptureManager;
  tokens: WidgetTokens;
  merchants: MerchantStore;
  audit: AuditLog;
  /** after-approval operations: the single-payment read lists the ones allowed now */
  operations?: PaymentOperations;
  /** pay methods both the merchant and its gateway allow */
  payMethodsFor?: (merchantId: string) => Promise<PayMethodsAllowed>;
}

export function paymentRoutes(d: PaymentRoutesDeps) {
  const actor = (p: Principal) =>
    p.kind === 'merchant' ? { actorType: 'api_key' as const, actorId: p.keyId } : { actorType: 'widget' as const, actorId: p.paymentId };

  return new Hono<AuthEnv>()
    .post('/', validate('json', CreatePaymentBody), async (c) => {
      const p = requireMerchant(c);
      const body = c.req.valid('json');
      const merchant = await d.merchants.get(p.merchantId);
      if (!merchant || merchant.status !== 'active') throw new ApiError(403, 'merchant_disabled', 'this merchant is disabled');
      if (!merchant.settings.allowedJobs.includes(body.job)) throw new ApiError(422, 'job_not_allowed', `job ${body.job} is not enabled for this merchant (allowed: ${merchant.settings.allowedJobs.join(', ')})`);
      const methodRefused = body.method && d.payMethodsFor ? payMethodRefusal(body.method, await d.payMethodsFor(p.merchantId), 'this merchant (with its gateway)') : null;
      if (methodRefused) throw new ApiError(422, 'method_not_allowed', methodRefused);
      if (body.operatorId && !await d.merchants.getOperator(p.merchantId, body.operatorId)) throw new ApiError(422, 'validation_failed', 'operatorId: no such active operator for this merchant');
      const { payment, created } = await d.payments.create(p.merchantId, body);
      if (created) await d.audit.record({ ...actor(p), merchantId: p.merchantId, action: 'payment.create', targetId: payment.id, detail: { orderId: payment.orderId, job: payment.job, amount: payment.amount } });
      const token = d.tokens.issue(payment.id, p.merchantId);
      return c.json({ payment, widgetToken: token.token, widgetTokenExpiresAt: token.expiresAt }, created ? 201 : 200);
    })
    .get('/:id', validate('param', Id), async (c) => {
      const { id } = c.req.valid('param');
      const payment = await d.payments.get(merchantForPayment(c, id), id);
      if (!payment) throw notFound('payment');
      const row = d.operations ? await d.payments.row(id) : null;
      const withOps = row && d.operations ? await d.operations.view(row, payment) : payment;
      const choosing = (payment.status === 'created' || payment.status === 'capturing') && d.payMethodsFor;
      return c.json(choosing ? { ...withOps, payMethods: await d.payMethodsFor!(payment.merchantId) } : withOps);
    })
    .post('/:id/method', validate('param', Id), validate('json', MethodBody), async (c) => {
      const { id } = c.req.valid('param');
      const merchantId = merchantForPayment(c, id);
      const { method } = c.req.valid('json');
      const current = await d.payments.get(merchantId, id);
      if (!current) throw notFound('payment');
      if (current.job === 'check' || current.job === 'register') {
        if (method.kind !== 'lump') throw new ApiError(422, 'method_not_allowed', `only a lump sum applies to job ${current.job} (nothing is charged)`);
      }
      const refused = d.payMethodsFor ? payMethodRefusal(method, await d.payMethodsFor(merchantId), 'this merchant (with its gateway)') : null;
      if (refused) throw new ApiError(422, 'method_not_allowed', refused);
      const payment = await d.payments.chooseMethod(id, method);
      await d.audit.record({ ...actor(c.get('principal')), merchantId, action: 'payment.method', targetId: id, detail: { method: method.kind, count: method.kind === 'installments' ? method.count : null } });
      return c.json(payment);
    })
    .post('/:id/widget-token', validate('param', Id), async (c) => {
      const p = requireMerchant(c);
      const { id } = c.req.valid('param');
      if (!await d.payments.get(p.merchantId, id)) throw notFound('payment');
      const token = d.tokens.issue(id, p.merchantId);
      return c.json({ widgetToken: token.token, widgetTokenExpiresAt: token.expiresAt });
    })
    .post('/:id/capture', validate('param', Id), validate('json', CaptureBody), async (c) => {
      const { id } = c.req.valid('param');
      const merchantId = merchantForPayment(c, id);
      const payment = await d.capture.start(id, merchantId, c.req.valid('json').callId);
      await d.audit.record({ ...actor(c.get('principal')), merchantId, action: 'payment.capture', targetId: id, detail: { callId: payment.callId } });
      return c.json(payment, 202);
    })
    .post('/:id/rerequest', validate('param', Id), validate('json', RerequestBody), async (c) => {
      const { id } = c.req.valid('param');
      const merchantId = merchantForPayment(c, id);
      const { field } = c.req.valid('json');
      const payment = await d.capture.rerequest(id, merchantId, field);
      await d.audit.record({ ...actor(c.get('principal')), merchantId, action: 'payment.rerequest', targetId: id, detail: { field } });
      return c.json(payment, 202);
    })
    .post('/:id/cancel', validate('param', Id), async (c) => {
      const { id } = c.req.valid('param');
      const merchantId = merchantForPayment(c, id);
      const p = c.get('principal');
      const payment = await d.capture.cancel(id, merchantId, p.kind === 'merchant' ? 'canceled_by_merchant' : 'canceled_by_operator');
      await d.audit.record({ ...actor(p), merchantId, action: 'payment.cancel', targetId: id });
      return c.json(payment);
    });
}
