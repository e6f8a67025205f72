// zod validation at the API edge: one hook that turns every validation failure into a clear 400.
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from './errors.js';
import { redactDigitRuns } from '../log/redact.js';
import cardValidator from 'card-validator';

export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => `${i.path.join('.') || target}: ${i.message}`).join('; ');
      throw new ApiError(400, 'validation_failed', redactDigitRuns(`invalid ${target}: ${issues}`));
    }
  });
}

/**
 * True when a string holds a run of 12-19 digits that is a valid card number (known brand, a length that brand
 * issues, Luhn): a card number pasted into an id field. Like payment gateways that refuse card numbers in
 * metadata, ivrpay refuses to store it; numeric ids that are not card numbers pass.
 */
export function containsCardNumber(s: string): boolean {
  return (s.match(/\d{12,19}/g) ?? []).some((run) => cardValidator.number(run).isValid);
}
