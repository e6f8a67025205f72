// zod validation at the API edge: one hook that turns every validation failure into a clear 400.
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from './errors.js';
import { redactDigitRuns } from '../log/redact.js';

export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => `${i.path.join('.') || target}: ${i.message}`).join('; ');
      throw new ApiError(400, 'validation_failed', redactDigitRuns(`invalid ${target}: ${issues}`));
    }
  });
}

/** True when a string holds 12-19 consecutive digits that pass Luhn: a card number pasted into the wrong field. */
export function containsCardNumber(s: string): boolean {
  for (const run of s.match(/\d{12,19}/g) ?? []) {
    let sum = 0;
    for (let i = 0; i < run.length; i++) {
      let d = run.charCodeAt(run.length - 1 - i) - 48;
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return true;
  }
  return false;
}
