// A merchant's settings: which jobs and brands it accepts, whether the security code is asked, capture timing,
// prompt language. Parsed with zod so stored JSON and API input share one definition and one set of defaults.
import { z } from 'zod';
import { BRANDS, JOBS } from '../payments/types.js';
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
});
export type MerchantSettings = z.infer<typeof MerchantSettings>;

export function parseSettings(json: string | null | undefined): MerchantSettings {
  return MerchantSettings.parse(json ? JSON.parse(json) : {});
}
