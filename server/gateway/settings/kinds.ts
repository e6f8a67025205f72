// The gateways a merchant can choose and, per gateway, its settings: options (not secret, stored as JSON) and
// credentials (secret, sealed at rest, shown masked). One zod schema each, shared by the store and the console.
import { z } from 'zod';
import { INSTALLMENT_COUNTS } from '../../payments/types.js';

export const GATEWAY_KINDS = ['sandbox', 'gmo-pg', 'stripe'] as const;
export type GatewayKind = (typeof GATEWAY_KINDS)[number];

const alnum13 = z.string().regex(/^[A-Za-z0-9]{1,13}$/, 'letters and digits, at most 13');
const counts = z.array(z.number().int().refine((n) => (INSTALLMENT_COUNTS as readonly number[]).includes(n), `one of ${INSTALLMENT_COUNTS.join(', ')}`));
const methods = z.array(z.enum(['installments', 'bonus', 'revolving']));

export const GATEWAY_SETTINGS = {
  sandbox: {
    options: z.object({}).strict(),
    secret: z.object({}).strict(),
  },
  'gmo-pg': {
    options: z
      .object({
        /** https://pt01.mul-pay.jp (test environment, default) or https://p01.mul-pay.jp (production) */
        endpoint: z.string().url().default('https://pt01.mul-pay.jp'),
        shopId: alnum13,
        /** the site (member and card registration); required for the register jobs */
        siteId: alnum13.optional(),
        /** what the merchant's GMO-PG contract allows beside lump sum */
        methods: methods.default(['installments', 'bonus', 'revolving']),
        installmentCounts: counts.default([3, 5, 6, 10, 12, 15, 18, 20, 24]),
      })
      .strict(),
    secret: z
      .object({
        shopPass: z.string().regex(/^[A-Za-z0-9]{1,10}$/, 'letters and digits, at most 10'),
        sitePass: z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'letters and digits, at most 20').optional(),
      })
      .strict(),
  },
  stripe: {
    options: z
      .object({
        /** another API base URL than https://api.stripe.com (a local server speaking Stripe's wire format in tests) */
        apiBase: z.string().url().optional(),
        /** mark payments as mail order / telephone order (needs Stripe to enable MOTO on the account) */
        moto: z.boolean().default(true),
        /** Japan installments (needs a Stripe Japan account) */
        methods: methods.default([]),
        installmentCounts: counts.default([3, 5, 6, 10, 12, 15, 18, 20, 24]),
      })
      .strict(),
    secret: z
      .object({
        secretKey: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/, 'a Stripe secret or restricted key (sk_test_…, sk_live_…, rk_…)'),
      })
      .strict(),
  },
} as const;

export type GatewayOptions<K extends GatewayKind> = z.infer<(typeof GATEWAY_SETTINGS)[K]['options']>;
export type GatewaySecret<K extends GatewayKind> = z.infer<(typeof GATEWAY_SETTINGS)[K]['secret']>;

/** One merchant's gateway as the registry builds it (credentials opened). */
export type GatewaySettings =
  | { kind: 'sandbox'; options: GatewayOptions<'sandbox'>; secret: GatewaySecret<'sandbox'> }
  | { kind: 'gmo-pg'; options: GatewayOptions<'gmo-pg'>; secret: GatewaySecret<'gmo-pg'> }
  | { kind: 'stripe'; options: GatewayOptions<'stripe'>; secret: GatewaySecret<'stripe'> };

/** Shows a credential without giving it away: passwords as dots only, keys as their kind prefix and last four. */
export function maskSecret(value: string): string {
  const prefix = /^(sk|rk)_(test|live)_/.exec(value)?.[0] ?? '';
  if (prefix && value.length >= prefix.length + 12) return `${prefix}…${value.slice(-4)}`;
  return '••••••••';
}
