// Tests which of sale / void / refund each payment allows, over every status and job, for a gateway that voids
// charges the same day (GMO-PG, sandbox) and one that never does (Stripe); and the reasons given otherwise.
import { describe, expect, it } from 'vitest';
import { SANDBOX_CAPABILITIES } from '../gateway/sandbox.js';
import type { GatewayCapabilities } from '../gateway/types.js';
import { allowedOperations, operationRefusal, type OperationTarget } from './operation-policy.js';
import { JOBS, PAYMENT_STATUSES, type Job, type PaymentStatus } from './types.js';

const SAME_DAY = SANDBOX_CAPABILITIES;
const NEVER: GatewayCapabilities = { ...SANDBOX_CAPABILITIES, voidCharge: 'never', timeZone: 'UTC' };
const NOW = new Date('2026-06-10T03:00:00Z'); // 12:00 in Japan
const TODAY = '2026-06-10T01:00:00Z';
const YESTERDAY = '2026-06-09T01:00:00Z';

function target(status: PaymentStatus, job: Job, over: Partial<OperationTarget> = {}): OperationTarget {
  const charged = job === 'capture' || job === 'capture+register' || status === 'captured' || status === 'partially_refunded';
  return { status, job, amount: 10_000, refundedAmount: status === 'partially_refunded' ? 4_000 : 0, chargedAt: charged ? TODAY : null, ...over };
}

/** Written out from the design, independent of operation-policy.ts. */
function expected(status: PaymentStatus, job: Job, caps: GatewayCapabilities): string[] {
  if (!['approved', 'captured', 'partially_refunded'].includes(status) || job === 'check' || job === 'register') return [];
  if (status === 'approved' && job === 'auth') return ['sale', 'void'];
  if (status === 'partially_refunded') return ['refund'];
  return caps.voidCharge === 'same_day' ? ['void', 'refund'] : ['refund'];
}

describe('allowedOperations', () => {
  const cases = PAYMENT_STATUSES.flatMap((status) => JOBS.map((job): [PaymentStatus, Job] => [status, job]));
  it.each(cases)('%s payment of job %s', (status, job) => {
    expect(allowedOperations(target(status, job), SAME_DAY, NOW), 'same-day gateway').toEqual(expected(status, job, SAME_DAY));
    expect(allowedOperations(target(status, job), NEVER, NOW), 'no-void gateway').toEqual(expected(status, job, NEVER));
  });

  it('stops offering void of a charge after its business day in the gateway time zone', () => {
    expect(allowedOperations(target('approved', 'capture', { chargedAt: YESTERDAY }), SAME_DAY, NOW)).toEqual(['refund']);
    // 23:59 JST yesterday vs 00:01 JST today
    const late = { chargedAt: '2026-06-09T14:59:00Z' };
    expect(allowedOperations(target('captured', 'auth', late), SAME_DAY, new Date('2026-06-09T15:01:00Z'))).toEqual(['refund']);
    expect(allowedOperations(target('captured', 'auth', late), SAME_DAY, new Date('2026-06-09T14:59:30Z'))).toEqual(['void', 'refund']);
  });
});

describe('operationRefusal', () => {
  it('explains each refusal with a stable code', () => {
    expect(operationRefusal('void', target('approved', 'capture', { chargedAt: YESTERDAY }), SAME_DAY, NOW)).toMatchObject({ status: 409, code: 'void_window_closed' });
    expect(operationRefusal('void', target('captured', 'auth'), NEVER, NOW)).toMatchObject({ status: 422, code: 'operation_not_supported', message: expect.stringMatching(/refund it instead/) });
    expect(operationRefusal('refund', target('approved', 'auth'), SAME_DAY, NOW)).toMatchObject({ status: 409, code: 'invalid_state', message: expect.stringMatching(/void it instead/) });
    expect(operationRefusal('sale', target('approved', 'capture'), SAME_DAY, NOW)).toMatchObject({ code: 'invalid_state' });
    expect(operationRefusal('sale', target('approved', 'auth'), { ...SAME_DAY, sale: false }, NOW)).toMatchObject({ code: 'operation_not_supported' });
    expect(operationRefusal('refund', target('declined', 'capture'), SAME_DAY, NOW)).toMatchObject({ code: 'invalid_state' });
    expect(operationRefusal('sale', target('approved', 'register'), SAME_DAY, NOW)).toMatchObject({ code: 'invalid_state', message: expect.stringMatching(/charged nothing/) });
  });

  it('takes refunds up to what remains, in parts only where the gateway can', () => {
    const p = target('partially_refunded', 'capture');
    expect(operationRefusal('refund', p, SAME_DAY, NOW, 6_000)).toBeNull();
    expect(operationRefusal('refund', p, SAME_DAY, NOW, 6_001)).toMatchObject({ status: 422, code: 'refund_exceeds_amount', message: 'at most 6000 can still be refunded (4000 of 10000 already was)' });
    expect(operationRefusal('refund', p, SAME_DAY, NOW, 0)).toMatchObject({ code: 'validation_failed' });
    expect(operationRefusal('refund', target('captured', 'auth'), { ...SAME_DAY, refund: 'full' }, NOW, 5_000)).toMatchObject({ code: 'operation_not_supported' });
    expect(operationRefusal('refund', target('captured', 'auth'), { ...SAME_DAY, refund: 'full' }, NOW)).toBeNull();
    expect(operationRefusal('refund', target('captured', 'auth'), { ...SAME_DAY, refund: 'none' }, NOW)).toMatchObject({ code: 'operation_not_supported' });
  });
});
