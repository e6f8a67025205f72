// A merchant's settings: which jobs and brands it accepts, whether the security code is asked, capture timing,
// prompt language. Parsed with zod so stored JSON and API input share one definition and one set of defaults.
import { z } from 'zod';
import { BRANDS, INSTALLMENT_COUNTS, JOBS } from '../payments/types.js';
import { PROMPT_LANGS } from '../esl/contract.js';

export const MerchantSettings = z.object({
  allowedJobs: z.array(z.enum(JOBS)).min(1).default([...JOBS]),
  allowedBrands: z.array(z.enum(BRANDS)).min(1).default(['visa', 'mastercard', 'jcb', 'american-express', 'diners-club']),
  askCvv: z.boolean().default(true),
  promptLang: z.enum(PROMPT_LANGS).default('ja'),
  timeZone: z.string().default('Asia/Tokyo'),
  firstDigitTimeoutMs: z.number().int().min(200).max(60_000).default(10_000),
  interDigitTimeoutMs: z.number().int().min(200).max(30_000).default(5_000),
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** web origins (https://crm.example.com) allowed to call the API with this merchant's widget tokens; empty = any */
  allowedOrigins: z.array(z.string().transform((o) => o.trim().toLowerCase().replace(/\/+$/, '')).pipe(z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'an origin: scheme://host[:port], no path'))).max(50).default([]),
  /** ways to pay the merchant offers beside lump sum (its gateway's contract may allow fewer: both must allow it) */
  payMethods: z.array(z.enum(['installments', 'bonus', 'revolving'])).default(['installments', 'bonus', 'revolving']),
  /** installment counts the merchant offers */
  installmentCounts: z.array(z.number().int().refine((n) => (INSTALLMENT_COUNTS as readonly number[]).includes(n), `one of ${INSTALLMENT_COUNTS.join(', ')}`)).default([3, 5, 6, 10, 12, 15, 18, 20, 24]),

  // transfer mode (the payment IVR on an `ivr` DID)
  /** callers allowed to reach the IVR: number prefixes ("+8190", "03"); empty = everyone */
  allowedCallers: z.array(z.string().regex(/^\+?[0-9]{1,20}$/, 'digits, optionally with a leading +')).max(500).default([]),
  /** how long an identification id can be used after it is issued */
  idValiditySeconds: z.number().int().min(30).max(86_400).default(300),
  /** after an id is used (or issued), the same 6 digits are not issued again for this long */
  idReuseBlockHours: z.number().int().min(1).max(24 * 30).default(24),
  /** wrong identification ids a call may key before it is refused */
  idMaxAttempts: z.number().int().min(1).max(5).default(3),
  /** failed identifications from one caller number before it is locked out, and for how long */
  callerLockout: z
    .object({ failures: z.number().int().min(1).max(100).default(5), windowMinutes: z.number().int().min(1).max(1440).default(15), lockMinutes: z.number().int().min(1).max(1440).default(15) })
    .default({ failures: 5, windowMinutes: 15, lockMinutes: 15 }),
  /**
   * how the customer gets back to the operator after the IVR:
   * three-way: the operator stayed on the line in a three-way call on their own PBX (ivrpay masks with a tone while
   * digits are keyed, and leaves the call at the end); transfer-back: the operator transferred the customer to the
   * IVR, and ivrpay calls the operator's phone into the call at the end.
   */
  returnMode: z.enum(['three-way', 'transfer-back']).default('transfer-back'),
  // extra IVR steps around the card (issue #9)
  /** before the card: an SMS one-time code to the customer's mobile, keyed in the IVR */
  smsCheck: z.boolean().default(false),
  smsCodeValiditySeconds: z.number().int().min(5).max(1_800).default(300),
  smsMaxAttempts: z.number().int().min(1).max(5).default(3),
  /** after the card: the customer chooses how to pay on the keypad (1 lump, 2 installments + count, 3 bonus, 4
   * revolving; only what the merchant and its gateway allow), unless the operator chose a method other than lump */
  askMethodInIvr: z.boolean().default(false),
  /** the cancel line: what the customer keys after the slip number to prove it is theirs */
  cancelCheck: z.enum(['last4', 'amount', 'none']).default('last4'),
  /** after the card: read the amount and the card's last four back and ask the customer to press 1 */
  confirmAmount: z.boolean().default(true),
  // softphone mode (the widget is the operator's phone)
  /**
   * click-to-call: how FreeSWITCH reaches a customer's number through the merchant's trunk, `{number}` standing for
   * the number (e.g. `sofia/gateway/provider/{number}`); null = the widget cannot place calls
   */
  outboundDialString: z
    .string()
    .trim()
    .max(200)
    .regex(/^[A-Za-z0-9_/@.:+=-]*\{number\}[A-Za-z0-9_/@.:+=-]*$/, 'a FreeSWITCH dial string with {number} where the number goes, e.g. sofia/gateway/provider/{number}')
    .nullable()
    .default(null),
  /** the number customers see on a click-to-call (one of the merchant's operator numbers); null = its first one */
  outboundCallerId: z.string().regex(/^\+?[0-9]{2,32}$/, 'a number of this merchant').nullable().default(null),
  /** how long a click-to-call rings the customer before giving up */
  outboundRingSeconds: z.number().int().min(5).max(120).default(45),
  /** registering a card to a member that already has one: replace it, or add another */
  reRegistration: z.enum(['replace', 'add']).default('replace'),
});
export type MerchantSettings = z.infer<typeof MerchantSettings>;

export function parseSettings(json: string | null | undefined): MerchantSettings {
  return MerchantSettings.parse(json ? JSON.parse(json) : {});
}
