import { describe, expect, it } from 'vitest';
import { FINAL_STATUSES, type PaymentEvent, type PaymentView } from '../../server/payments/types.js';
import approvedAfterRetry from './fixtures/approved-after-retry.json' with { type: 'json' };
import declinedWithoutCvv from './fixtures/declined-without-cvv.json' with { type: 'json' };
import transferApproved from './fixtures/transfer-approved.json' with { type: 'json' };
import ivrStepsApproved from './fixtures/ivr-steps-approved.json' with { type: 'json' };
import {
  FINAL,
  applyEvent,
  applyView,
  canCancel,
  canRerequest,
  emptyProgress,
  isFinal,
  progressFromView,
  reduceEvents,
  type Progress,
} from './progress.js';

const approved = approvedAfterRetry as PaymentEvent[];
const declined = declinedWithoutCvv as PaymentEvent[];
const transfer = transferApproved as PaymentEvent[];
const ivrSteps = ivrStepsApproved as PaymentEvent[];

/** the state after the first event that matches */
function until(events: PaymentEvent[], match: (e: PaymentEvent) => boolean): Progress {
  const i = events.findIndex(match);
  if (i < 0) throw new Error('no such event in the fixture');
  return reduceEvents(events.slice(0, i + 1));
}

const view: PaymentView = {
  id: 'pay_demo01',
  merchantId: 'm_demo',
  orderId: 'A-1001',
  amount: 12800,
  currency: 'JPY',
  job: 'capture',
  memberId: null,
  identification: null,
  slipNumber: null,
  status: 'created',
  callId: null,
  operatorId: null,
  brand: null,
  last4: null,
  approvalCode: null,
  transactionId: null,
  cardToken: null,
  error: null,
  method: { kind: 'lump' },
  refundedAmount: 0,
  createdAt: '2025-01-15T10:00:00Z',
  updatedAt: '2025-01-15T10:00:00Z',
};

describe('final statuses', () => {
  it('match the server vocabulary', () => {
    expect([...FINAL].sort()).toEqual([...FINAL_STATUSES].sort());
    expect(isFinal('approved')).toBe(true);
    expect(isFinal('authorizing')).toBe(false);
  });
});

describe('applyEvent', () => {
  it('counts digits of the current field and learns the brand', () => {
    const p = until(approved, (e) => e.type === 'digit' && e.entered === 7);
    expect(p.status).toBe('capturing');
    expect(p.currentField).toBe('pan');
    expect(p.fields.pan).toMatchObject({ state: 'current', entered: 7, expected: 16, attempt: 1, maxAttempts: 3 });
    expect(p.brand).toBe('visa');
    expect(p.fields.expiry.state).toBe('waiting');
  });

  it('shows a rejected field as an error, then asks again with the reason kept', () => {
    const rejected = until(approved, (e) => e.type === 'field_error');
    expect(rejected.fields.pan).toMatchObject({ state: 'error', error: 'invalid_number', attempt: 1 });
    const again = until(approved, (e) => e.type === 'field_prompt' && e.attempt === 2);
    expect(again.fields.pan).toMatchObject({ state: 'current', entered: 0, attempt: 2, error: 'invalid_number' });
  });

  it('keeps the last four once the card number is complete and clears the error', () => {
    const p = until(approved, (e) => e.type === 'field_complete' && e.field === 'pan');
    expect(p.last4).toBe('4242');
    expect(p.fields.pan).toMatchObject({ state: 'done', entered: 16, error: null });
    expect(p.currentField).toBeNull();
  });

  it('ends approved with every step done and the approval code', () => {
    const p = reduceEvents(approved);
    expect(p.status).toBe('approved');
    expect(Object.values(p.fields).map((f) => f.state)).toEqual(['done', 'done', 'done']);
    expect(p.authorizing).toBe('done');
    expect(p.outcome).toMatchObject({ status: 'approved', approvalCode: 'A12345', transactionId: 'tx_sandbox_0001' });
    expect(p.conversationRestored).toBe(true);
    expect(p.lastSeq).toBe(approved.at(-1)!.seq);
  });

  it('skips the security code when it is never asked, and shows reconciling', () => {
    const reconciling = until(declined, (e) => e.type === 'reconciling');
    expect(reconciling.fields.cvv.state).toBe('skipped');
    expect(reconciling.reconciling).toBe(true);
    const p = reduceEvents(declined);
    expect(p.authorizing).toBe('error');
    expect(p.reconciling).toBe(false);
    expect(p.outcome).toMatchObject({ status: 'declined', error: { code: 'insufficient_funds' } });
  });

  it('ignores replayed events (seq at or below the last seen)', () => {
    const p = reduceEvents(approved.slice(0, 10));
    expect(applyEvent(p, approved[5]!)).toBe(p);
    expect(applyEvent(p, approved[9]!)).toBe(p);
    const replayedFromStart = reduceEvents(approved, p);
    expect(replayedFromStart).toEqual(reduceEvents(approved));
  });

  it('starts a field over when the customer presses * or the operator asks again', () => {
    const p = until(approved, (e) => e.type === 'digit' && e.field === 'expiry' && e.entered === 3);
    const cleared = applyEvent(p, { ...approved[0]!, seq: 10_000, type: 'field_cleared', status: 'capturing', field: 'expiry' });
    expect(cleared.fields.expiry).toMatchObject({ state: 'current', entered: 0 });
  });

  it('forgets brand and last four when the card number is asked again after it was complete', () => {
    const p = until(approved, (e) => e.type === 'field_complete' && e.field === 'expiry');
    const again = applyEvent(p, { ...approved[0]!, seq: 10_000, type: 'field_prompt', status: 'capturing', field: 'pan', attempt: 1 });
    expect(again.fields.pan).toMatchObject({ state: 'current', entered: 0, expected: null });
    expect(again.last4).toBeNull();
    expect(again.brand).toBeNull();
    expect(again.fields.expiry.state).toBe('done');
  });

  it('marks the step in progress as stopped on cancel, and as an error on failure', () => {
    const p = until(approved, (e) => e.type === 'digit' && e.field === 'expiry' && e.entered === 2);
    const canceled = applyEvent(p, {
      ...approved[0]!,
      seq: 10_000,
      type: 'canceled',
      status: 'canceled',
      error: { code: 'canceled_by_operator', message: 'canceled' },
    });
    expect(canceled.fields.expiry.state).toBe('stopped');
    expect(canceled.fields.pan.state).toBe('done');
    expect(canceled.outcome).toMatchObject({ status: 'canceled', error: { code: 'canceled_by_operator' } });

    const failed = applyEvent(p, {
      ...approved[0]!,
      seq: 10_000,
      type: 'failed',
      status: 'failed',
      error: { code: 'telephony_lost', message: 'lost' },
    });
    expect(failed.fields.expiry).toMatchObject({ state: 'error', error: 'telephony_lost' });
  });
});

describe('progressFromView', () => {
  it('starts idle for a new payment', () => {
    expect(progressFromView(view)).toEqual(emptyProgress());
  });

  it('carries the outcome of a payment that already ended', () => {
    const p = progressFromView({ ...view, status: 'approved', brand: 'visa', last4: '4242', approvalCode: 'A1' });
    expect(p.outcome).toMatchObject({ status: 'approved', approvalCode: 'A1' });
    expect(p.last4).toBe('4242');
  });
});

describe('applyView', () => {
  it('moves a new payment to capturing when the capture request is accepted', () => {
    const p = applyView(progressFromView(view), { ...view, status: 'capturing' });
    expect(p).toMatchObject({ status: 'capturing', captureStarted: true });
    expect(canCancel(p)).toBe(true);
  });

  it('never takes the status back, whatever order answers and events arrive in', () => {
    const authorizing = until(approved, (e) => e.type === 'authorizing');
    expect(applyView(authorizing, { ...view, status: 'capturing' })).toBe(authorizing);
    const done = reduceEvents(approved);
    expect(applyView(done, { ...view, status: 'canceled' })).toBe(done);
  });

  it('ends the payment from a cancel answer before the stream says so, and the stream event changes nothing visible', () => {
    const keying = until(approved, (e) => e.type === 'digit' && e.field === 'expiry' && e.entered === 2);
    const canceledView: PaymentView = { ...view, status: 'canceled', error: { code: 'canceled_by_operator', message: 'x' } };
    const p = applyView(keying, canceledView);
    expect(p.outcome).toMatchObject({ status: 'canceled', error: { code: 'canceled_by_operator' } });
    expect(p.fields.expiry.state).toBe('stopped');
    const streamed = applyEvent(p, {
      ...approved[0]!,
      seq: 10_000,
      type: 'canceled',
      status: 'canceled',
      error: { code: 'canceled_by_operator', message: 'x' },
    });
    expect(streamed.outcome).toEqual(p.outcome);
    expect(streamed.fields).toEqual(p.fields);
  });
});

describe('what the operator may do', () => {
  it('allows asking again only for a field that was reached, while capturing', () => {
    const p = until(approved, (e) => e.type === 'field_prompt' && e.field === 'expiry');
    expect(canRerequest(p, 'pan')).toBe(true);
    expect(canRerequest(p, 'expiry')).toBe(true);
    expect(canRerequest(p, 'cvv')).toBe(false);
    expect(canRerequest(reduceEvents(approved), 'pan')).toBe(false);
  });

  it('offers no "ask again" while the pay-method menu is asked (the server holds the card then)', () => {
    const menu = until(ivrSteps, (e) => e.type === 'method_menu');
    expect(canRerequest(menu, 'pan')).toBe(false);
    expect(canRerequest(until(ivrSteps, (e) => e.step === 'method'), 'pan')).toBe(false);
    expect(canRerequest(until(ivrSteps, (e) => e.type === 'confirming'), 'pan')).toBe(true);
  });

  it('allows cancel while capturing only', () => {
    expect(canCancel(emptyProgress())).toBe(false);
    expect(canCancel(until(approved, (e) => e.type === 'capture_started'))).toBe(true);
    expect(canCancel(until(approved, (e) => e.type === 'authorizing'))).toBe(false);
  });
});

describe('transfer mode', () => {
  const next = (p: Progress, type: PaymentEvent['type'], over: Partial<PaymentEvent> = {}): Progress =>
    applyEvent(p, { seq: p.lastSeq + 1, paymentId: 'pay_demo01', type, status: p.status, at: '2025-01-15T10:07:00.000Z', ...over });

  it('keeps the newest identification id while the payment waits for the customer', () => {
    const first = until(transfer, (e) => e.type === 'identification_issued');
    expect(first.identification).toEqual({ code: '042917', expiresAt: '2025-01-15T10:05:00.400Z' });
    expect(first.customerConnected).toBe(false);
    const renewed = until(transfer, (e) => e.type === 'identification_issued' && e.identificationCode === '318264');
    expect(renewed.identification).toEqual({ code: '318264', expiresAt: '2025-01-15T10:10:10.000Z' });
    expect(renewed).toMatchObject({ status: 'created', captureStarted: false });
  });

  it('ignores an identification event without its id or expiry', () => {
    const p = until(transfer, (e) => e.type === 'created');
    expect(next(p, 'identification_issued', { identificationCode: '123456' }).identification).toBeNull();
  });

  it('marks the customer connected and forgets the used id; the capture follows as in operator mode', () => {
    const connected = until(transfer, (e) => e.type === 'customer_connected');
    expect(connected).toMatchObject({ status: 'created', customerConnected: true, identification: null, captureStarted: false, returned: null });
    const keying = until(transfer, (e) => e.type === 'digit' && e.field === 'pan' && e.entered === 5);
    expect(keying.fields.pan).toMatchObject({ state: 'current', entered: 5, expected: 16 });
    expect(keying.customerConnected).toBe(true);
  });

  it('records the way back after the result: returned, or failed', () => {
    const approvedOnly = until(transfer, (e) => e.type === 'conversation_restored');
    expect(approvedOnly).toMatchObject({ status: 'approved', returned: null, conversationRestored: true });
    const p = reduceEvents(transfer);
    expect(p).toMatchObject({ status: 'approved', returned: 'returned', customerConnected: true });
    expect(p.outcome).toMatchObject({ status: 'approved', approvalCode: 'B67890' });
    expect(next(approvedOnly, 'return_failed').returned).toBe('failed');
  });

  it('replays to the same state', () => {
    const p = reduceEvents(transfer.slice(0, 6));
    expect(reduceEvents(transfer, p)).toEqual(reduceEvents(transfer));
  });

  it('does not take a payment loaded after it started for a transfer: only the replayed customer_connected says so', () => {
    const loaded = progressFromView({ ...view, status: 'capturing', identification: null });
    expect(loaded.customerConnected).toBe(false);
    expect(reduceEvents(transfer, loaded).customerConnected).toBe(true);
  });

  it('takes the fresh id a renewal answers with, but keeps the expired one a read no longer shows', () => {
    const p = progressFromView({ ...view, identification: { code: '042917', expiresAt: '2025-01-15T10:05:00.400Z' } });
    expect(p.identification?.code).toBe('042917');
    const renewed = applyView(p, { ...view, identification: { code: '318264', expiresAt: '2025-01-15T10:10:10.000Z' } });
    expect(renewed.identification?.code).toBe('318264');
    expect(applyView(renewed, { ...view, identification: null }).identification?.code).toBe('318264');
    const connected = until(transfer, (e) => e.type === 'customer_connected');
    expect(applyView(connected, { ...view, identification: { code: '999999', expiresAt: '2025-01-15T10:10:10.000Z' } }).identification).toBeNull();
  });
});

describe("the IVR's steps around the card", () => {
  const next = (p: Progress, e: Omit<PaymentEvent, 'seq' | 'paymentId' | 'at'>) => applyEvent(p, { seq: p.lastSeq + 1, paymentId: 'pay_demo01', at: '2025-01-15T11:01:00.000Z', ...e });

  it('runs none of them unless the IVR says so', () => {
    const p = reduceEvents(approved);
    expect([p.identity.state, p.method.state, p.confirmation.state]).toEqual([null, null, null]);
  });

  it('SMS code: sent, a wrong code with its attempt, then verified', () => {
    const sent = until(ivrSteps, (e) => e.type === 'identity_check');
    expect(sent.identity).toMatchObject({ state: 'current', error: null });
    const wrong = until(ivrSteps, (e) => e.step === 'sms');
    expect(wrong.identity).toEqual({ state: 'error', error: 'wrong_sms_code', attempt: 1, maxAttempts: 3 });
    expect(until(ivrSteps, (e) => e.type === 'identity_verified').identity).toMatchObject({ state: 'done', error: null });
  });

  it('pay-method menu: asked, a key not offered, then the method chosen', () => {
    expect(until(ivrSteps, (e) => e.type === 'method_menu').method).toMatchObject({ state: 'current', chosen: null });
    expect(until(ivrSteps, (e) => e.step === 'method').method).toMatchObject({ state: 'error', error: 'method_not_accepted', attempt: 1 });
    expect(until(ivrSteps, (e) => e.type === 'method_chosen').method).toMatchObject({ state: 'done', error: null, chosen: { kind: 'installments', count: 6 } });
  });

  it('keeps a method the operator chose before the capture', () => {
    const chosen = next(emptyProgress(), { type: 'method_chosen', status: 'created', method: { kind: 'bonus' } });
    const started = next(chosen, { type: 'capture_started', status: 'capturing' });
    expect(started.method).toMatchObject({ state: 'done', chosen: { kind: 'bonus' }, chosenBefore: true });
    expect(until(ivrSteps, (e) => e.type === 'method_chosen').method.chosenBefore).toBe(false);
  });

  it('amount read-back: asking with the last four, nothing pressed once, confirmed; all done at approval', () => {
    const asking = until(ivrSteps, (e) => e.type === 'confirming');
    expect(asking.confirmation.state).toBe('current');
    expect(asking.last4).toBe('4444');
    expect(until(ivrSteps, (e) => e.step === 'confirm').confirmation).toMatchObject({ state: 'error', error: 'no_input', attempt: 1 });
    const p = reduceEvents(ivrSteps);
    expect([p.identity.state, p.method.state, p.confirmation.state, p.authorizing]).toEqual(['done', 'done', 'done', 'done']);
  });

  it('"2" at the read-back starts the card over: fields fresh, brand and last four forgotten, the check waits again', () => {
    const asking = until(ivrSteps, (e) => e.type === 'confirming');
    const again = next(asking, { type: 'field_cleared', status: 'capturing', field: 'pan' });
    expect(again.confirmation).toMatchObject({ state: 'waiting', reenteredAt: again.lastSeq });
    expect([again.fields.pan.state, again.fields.expiry.state, again.fields.cvv.state]).toEqual(['current', 'waiting', 'waiting']);
    expect([again.brand, again.last4, again.currentField]).toEqual([null, null, 'pan']);
    // a * while keying the card is not a re-entry
    const star = next(until(ivrSteps, (e) => e.type === 'digit' && e.entered === 5), { type: 'field_cleared', status: 'capturing', field: 'pan' });
    expect(star.confirmation.state).toBe(null);
  });

  it('puts a failure on the step it belongs to, also one that could not start', () => {
    const noMobile = next(next(emptyProgress(), { type: 'capture_started', status: 'capturing' }), { type: 'failed', status: 'failed', error: { code: 'sms_unavailable', message: 'x' } });
    expect(noMobile.identity).toMatchObject({ state: 'error', error: 'sms_unavailable' });
    const wrong = until(ivrSteps, (e) => e.step === 'sms');
    const locked = next(wrong, { type: 'failed', status: 'failed', error: { code: 'sms_check_failed', message: 'x' } });
    expect(locked.identity).toMatchObject({ state: 'error', error: 'sms_check_failed', attempt: 1 });
    const menu = until(ivrSteps, (e) => e.type === 'method_menu');
    expect(next(menu, { type: 'failed', status: 'failed', error: { code: 'method_not_chosen', message: 'x' } }).method).toMatchObject({ state: 'error', error: 'method_not_chosen' });
    const asking = until(ivrSteps, (e) => e.type === 'confirming');
    expect(next(asking, { type: 'failed', status: 'failed', error: { code: 'not_confirmed', message: 'x' } }).confirmation).toMatchObject({ state: 'error', error: 'not_confirmed' });
    expect(next(asking, { type: 'abandoned', status: 'abandoned', error: { code: 'customer_hung_up', message: 'x' } }).confirmation.state).toBe('stopped');
  });
});
