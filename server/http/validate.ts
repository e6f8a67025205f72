// zod validation at the API edge: one hook that turns every validation failure into a clear 400. The validator
// is hono-openapi's, so every schema checked here is also what /v1/openapi.json documents.
import { validator } from 'hono-openapi';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from './errors.js';
import { redactDigitRuns } from '../log/redact.js';
import cardValidator from 'card-validator';

export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.map((i) => `${issuePath(i.path) || target}: ${i.message}`).join('; ');
      throw new ApiError(400, 'validation_failed', redactDigitRuns(`invalid ${target}: ${issues}`));
    }
  });
}

function issuePath(path: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined): string {
  return (path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
}

/**
 * True when a string holds a run of 12-19 digits that is a valid card number (known brand, a length that brand
 * issues, Luhn): a card number pasted into an id field. Like payment gateways that refuse card numbers in
 * metadata, ivrpay refuses to store it; numeric ids that are not card numbers pass.
 */
export function containsCardNumber(s: string): boolean {
  return (s.match(/\d{12,19}/g) ?? []).some((run) => cardValidator.number(run).isValid);
}
