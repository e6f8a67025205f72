// The simulated ivrpay dialplan table: DIDs into rooms, unallocated numbers, the test phone.
import { describe, expect, it } from 'vitest';
import { IVRPAY_DIALPLAN, hunt } from './dialplan.js';
import { CONTEXT_INBOUND, CONTEXT_TEST } from '../../server/esl/contract.js';

const fields = (dest: string, extra: Record<string, string> = {}) => (name: string) =>
  ({ destination_number: dest, chan_name: 'loopback/x-b', ...extra })[name] ?? (name.startsWith('${') ? extra[name.slice(2, -1)] : undefined);

describe('the simulated ivrpay dialplan', () => {
  it('sends any DID into a room named after the channel, with digits kept out of everything', () => {
    const m = hunt(IVRPAY_DIALPLAN, CONTEXT_INBOUND, fields('+81312345678'))!;
    expect(m.extension).toBe('ivrpay_customer');
    expect(m.captures).toEqual(['+81312345678', '+81312345678']);
    expect(m.actions.map((a) => `${a.app}(${a.data ?? ''})`)).toEqual([
      'set(ivrpay_role=customer)',
      'set(ivrpay_did=+81312345678)',
      'set(conference_controls=none)',
      'set(playback_terminators=none)',
      'set(digits_dialed_filter=.+)',
      'deduplicate_dtmf()',
      'answer()',
      'spandsp_start_dtmf()',
      'conference(ivrpay-${uuid}@ivrpay)',
    ]);
  });

  it('records only when ivrpay_record is true', () => {
    const m = hunt(IVRPAY_DIALPLAN, CONTEXT_INBOUND, fields('0312345678', { ivrpay_record: 'true' }))!;
    expect(m.actions.map((a) => a.app)).toContain('record_session');
  });

  it('hangs up numbers that are not DIDs', () => {
    expect(hunt(IVRPAY_DIALPLAN, CONTEXT_INBOUND, fields('abc'))!.actions).toEqual([{ app: 'hangup', data: 'UNALLOCATED_NUMBER' }]);
    expect(hunt(IVRPAY_DIALPLAN, CONTEXT_INBOUND, fields('1'))!.extension).toBe('ivrpay_unallocated');
  });

  it('answers and parks the test phone, for loopback channels only', () => {
    expect(hunt(IVRPAY_DIALPLAN, CONTEXT_TEST, fields('ivrpay_phone'))!.actions.map((a) => a.app)).toEqual(['set', 'set', 'answer', 'park']);
    const sip = (n: string) => ({ destination_number: 'ivrpay_phone', chan_name: 'sofia/x' })[n];
    expect(hunt(IVRPAY_DIALPLAN, CONTEXT_TEST, sip)!.extension).toBe('ivrpay_test_unallocated');
  });

  it('finds nothing in an unknown context', () => {
    expect(hunt(IVRPAY_DIALPLAN, 'nosuch', fields('1234'))).toBeUndefined();
  });
});
