// Folds a payment's status events into the step list the widget shows (pure; sees counts, brand, last four, never a digit).
import type {
  Brand,
  ErrorCode,
  Field,
  PayMethod,
  PaymentEvent,
  PaymentStatus,
  PaymentView,
} from '../../server/payments/types.js';

export type StepState = 'waiting' | 'current' | 'done' | 'error' | 'skipped' | 'stopped';

export type FinalStatus = 'approved' | 'declined' | 'failed' | 'canceled' | 'abandoned' | AfterApproval;
/** statuses an approved payment reaches by a gateway operation (sale, void, refund) */
export type AfterApproval = 'captured' | 'voided' | 'refunded' | 'partially_refunded';

/** Same members as FINAL_STATUSES in the server's types (checked by a test); kept here so the bundle imports types only. */
export const FINAL: readonly FinalStatus[] = ['approved', 'declined', 'failed', 'canceled', 'abandoned', 'captured', 'voided', 'refunded', 'partially_refunded'];

/** Approved, and possibly moved on by sale / void / refund: the result panel shows the approval's facts. */
export function wasApproved(status: PaymentStatus): boolean {
  return status === 'approved' || status === 'captured' || status === 'voided' || status === 'refunded' || status === 'partially_refunded';
}

export function isFinal(status: PaymentStatus): status is FinalStatus {
  return (FINAL as readonly PaymentStatus[]).includes(status);
}

export interface FieldStep {
  field: Field;
  state: StepState;
  entered: number;
  /** digits expected, once the server knows (from the brand) */
  expected: number | null;
  attempt: number;
  maxAttempts: number | null;
  /** why the last entry was rejected; kept while the customer is asked again */
  error: ErrorCode | null;
}

/** The IVR's keypad steps around the card: the SMS code before it, the pay-method menu and the amount read-back after. */
export type IvrStepId = 'identity' | 'method' | 'confirmation';

export interface IvrStep {
  /** null until the IVR runs the step on this payment (the merchant's settings decide whether it does) */
  state: StepState | null;
  /** why the last answer was not accepted (wrong_sms_code, no_input, …), or why the payment failed here */
  error: ErrorCode | null;
  attempt: number;
  maxAttempts: number | null;
}

export interface MethodStep extends IvrStep {
  /** how the customer pays, once chosen (by the customer on the keypad, or before by the operator or the merchant) */
  chosen: PayMethod | null;
  /** chosen outside the keypad menu (the operator's chooser, the merchant's API) */
  chosenBefore: boolean;
}

export interface ConfirmationStep extends IvrStep {
  /** the customer pressed 2 at the read-back (the seq of that event): the card is being keyed again */
  reenteredAt: number | null;
}

/** Failures that belong to one of the IVR steps: the step's row shows them. */
const FAILED_IN: Partial<Record<ErrorCode, IvrStepId>> = {
  sms_check_failed: 'identity',
  sms_unavailable: 'identity',
  method_not_chosen: 'method',
  not_confirmed: 'confirmation',
};
const STEP_OF: Record<NonNullable<PaymentEvent['step']>, IvrStepId> = { sms: 'identity', method: 'method', confirm: 'confirmation' };

export interface Outcome {
  status: FinalStatus;
  error: { code: ErrorCode; message: string } | null;
  approvalCode: string | null;
  transactionId: string | null;
  cardToken: string | null;
}

export interface Progress {
  /** highest event seq applied; events at or below it are replays and are ignored */
  lastSeq: number;
  status: PaymentStatus;
  captureStarted: boolean;
  currentField: Field | null;
  fields: Record<Field, FieldStep>;
  brand: Brand | null;
  last4: string | null;
  authorizing: StepState;
  /** the gateway did not answer in time and the server is asking it what happened */
  reconciling: boolean;
  outcome: Outcome | null;
  /** operator and customer hear each other again after the capture */
  conversationRestored: boolean;
  /** transfer mode: the id the operator reads to the customer, while it can be used */
  identification: { code: string; expiresAt: string } | null;
  /** transfer mode: the customer reached the payment IVR and keyed this payment's id */
  customerConnected: boolean;
  /** transfer mode: what happened when the IVR handed the call back */
  returned: 'returned' | 'failed' | null;
  /** the IVR's steps around the card: SMS identity check before, pay-method menu and amount read-back after */
  identity: IvrStep;
  method: MethodStep;
  confirmation: ConfirmationStep;
}

const NOT_RUN: IvrStep = { state: null, error: null, attempt: 0, maxAttempts: null };
const freshMethod = (): MethodStep => ({ ...NOT_RUN, chosen: null, chosenBefore: false });
const freshConfirmation = (): ConfirmationStep => ({ ...NOT_RUN, reenteredAt: null });

function freshField(field: Field): FieldStep {
  return { field, state: 'waiting', entered: 0, expected: null, attempt: 0, maxAttempts: null, error: null };
}

function freshFields(): Record<Field, FieldStep> {
  return { pan: freshField('pan'), expiry: freshField('expiry'), cvv: freshField('cvv') };
}

/** Starting point from the payment as GET /v1/payments/:id returned it. */
export function progressFromView(view: PaymentView): Progress {
  const final = isFinal(view.status);
  return {
    lastSeq: 0,
    status: view.status,
    captureStarted: view.status !== 'created',
    currentField: null,
    fields: freshFields(),
    brand: view.brand,
    last4: view.last4,
    authorizing: view.status === 'authorizing' ? 'current' : 'waiting',
    reconciling: false,
    outcome: final
      ? {
          status: view.status as FinalStatus,
          error: view.error,
          approvalCode: view.approvalCode,
          transactionId: view.transactionId,
          cardToken: view.cardToken,
        }
      : null,
    conversationRestored: false,
    identification: view.identification ?? null,
    // only a replayed `customer_connected` says the customer came through the payment IVR (operator mode has none)
    customerConnected: false,
    returned: null,
    identity: { ...NOT_RUN },
    method: freshMethod(),
    confirmation: freshConfirmation(),
  };
}

export function emptyProgress(): Progress {
  return {
    lastSeq: 0,
    status: 'created',
    captureStarted: false,
    currentField: null,
    fields: freshFields(),
    brand: null,
    last4: null,
    authorizing: 'waiting',
    reconciling: false,
    outcome: null,
    conversationRestored: false,
    identification: null,
    customerConnected: false,
    returned: null,
    identity: { ...NOT_RUN },
    method: freshMethod(),
    confirmation: freshConfirmation(),
  };
}

function withField(p: Progress, field: Field, change: Partial<FieldStep>): Record<Field, FieldStep> {
  return { ...p.fields, [field]: { ...p.fields[field], ...change } };
}

/**
 * Marks the step in progress when the payment ends: `error` for failures, `stopped` for cancel / hang-up. A failure
 * of one of the IVR's steps (the SMS code never confirmed, no pay method, the amount not confirmed) goes on its row,
 * also when the step could not even start (no mobile number to text).
 */
function endCurrentSteps(p: Progress, state: StepState, code: ErrorCode | null): Pick<Progress, 'fields' | 'authorizing' | IvrStepId> {
  const fields = { ...p.fields };
  for (const f of Object.keys(fields) as Field[]) {
    const step = fields[f];
    if (step.state === 'current' || (step.state === 'error' && state === 'error')) {
      fields[f] = { ...step, state, error: state === 'error' ? (code ?? step.error) : step.error };
    }
  }
  const end = <S extends IvrStep>(id: IvrStepId, step: S): S => {
    if (state === 'error' && code && FAILED_IN[code] === id) return { ...step, state: 'error', error: code };
    if (step.state === 'current' || (step.state === 'error' && state === 'error')) return { ...step, state, error: state === 'error' ? (code ?? step.error) : step.error };
    return step;
  };
  return {
    fields,
    authorizing: p.authorizing === 'current' ? state : p.authorizing,
    identity: end('identity', p.identity),
    method: end('method', p.method),
    confirmation: end('confirmation', p.confirmation),
  };
}

function outcomeOf(e: PaymentEvent, status: FinalStatus): Outcome {
  return {
    status,
    error: e.error ?? null,
    approvalCode: e.approvalCode ?? null,
    transactionId: e.transactionId ?? null,
    cardToken: e.cardToken ?? null,
  };
}

/** Applies one event. Returns the same object for a replayed event (seq ≤ lastSeq), so callers can skip re-rendering. */
export function applyEvent(p: Progress, e: PaymentEvent): Progress {
  if (e.seq <= p.lastSeq) return p;
  const base: Progress = { ...p, lastSeq: e.seq, status: e.status };
  if (e.brand) base.brand = e.brand;

  switch (e.type) {
    case 'created':
      return base;
    case 'capture_started':
      // a pay method chosen before the capture (operator, merchant) stays
      return { ...base, captureStarted: true, currentField: null, fields: freshFields(), brand: null, last4: null, identity: { ...NOT_RUN }, confirmation: freshConfirmation() };
    case 'field_prompt': {
      if (!e.field) return base;
      const prev = p.fields[e.field];
      const reentry = e.field === 'pan' ? { brand: e.brand ?? null, last4: null } : {};
      const fields = withField(p, e.field, {
        state: 'current',
        entered: 0,
        expected: e.expected ?? (prev.state === 'done' ? null : prev.expected),
        attempt: e.attempt ?? prev.attempt + 1,
        maxAttempts: e.maxAttempts ?? prev.maxAttempts,
      });
      return { ...base, ...reentry, captureStarted: true, currentField: e.field, fields };
    }
    case 'digit':
    case 'field_cleared': {
      if (!e.field) return base;
      if (e.type === 'field_cleared' && e.field === 'pan' && (p.confirmation.state === 'current' || p.confirmation.state === 'error')) {
        // "2" at the read-back: the card starts over from its first field
        const fields = withField({ ...p, fields: freshFields() }, 'pan', { state: 'current', attempt: 1 });
        return { ...base, brand: null, last4: null, currentField: 'pan', fields, confirmation: { ...freshConfirmation(), state: 'waiting', reenteredAt: e.seq } };
      }
      const prev = p.fields[e.field];
      const entered = e.type === 'field_cleared' ? 0 : (e.entered ?? prev.entered + 1);
      const fields = withField(p, e.field, { state: 'current', entered, expected: e.expected ?? prev.expected });
      return { ...base, currentField: e.field, fields };
    }
    case 'field_error': {
      if (!e.field) return base;
      const prev = p.fields[e.field];
      const fields = withField(p, e.field, {
        state: 'error',
        error: e.error?.code ?? prev.error,
        attempt: e.attempt ?? prev.attempt,
        maxAttempts: e.maxAttempts ?? prev.maxAttempts,
      });
      return { ...base, currentField: e.field, fields };
    }
    case 'field_complete': {
      if (!e.field) return base;
      const prev = p.fields[e.field];
      const length = e.entered ?? e.expected ?? prev.expected ?? prev.entered;
      const fields = withField(p, e.field, { state: 'done', entered: length, expected: length, error: null });
      const last4 = e.field === 'pan' ? (e.last4 ?? p.last4) : p.last4;
      return { ...base, last4, currentField: null, fields };
    }
    case 'authorizing':
    case 'reconciling': {
      const fields = { ...p.fields };
      for (const f of Object.keys(fields) as Field[]) {
        if (fields[f].state === 'waiting') fields[f] = { ...fields[f], state: 'skipped' };
      }
      return { ...base, currentField: null, fields, authorizing: 'current', reconciling: e.type === 'reconciling' };
    }
    case 'approved':
      return {
        ...base,
        last4: e.last4 ?? p.last4,
        currentField: null,
        authorizing: 'done',
        reconciling: false,
        outcome: outcomeOf(e, 'approved'),
      };
    case 'declined':
    case 'failed': {
      const ended = endCurrentSteps(p, 'error', e.error?.code ?? null);
      return { ...base, ...ended, currentField: null, reconciling: false, outcome: outcomeOf(e, e.type) };
    }
    case 'canceled':
    case 'abandoned': {
      const ended = endCurrentSteps(p, 'stopped', null);
      return { ...base, ...ended, currentField: null, reconciling: false, outcome: outcomeOf(e, e.type) };
    }
    case 'method_menu':
      return { ...base, method: { ...p.method, state: 'current', error: null, attempt: 0, maxAttempts: null } };
    case 'method_chosen': {
      const answered = p.method.state === 'current' || p.method.state === 'error';
      return { ...base, method: { ...p.method, state: 'done', error: null, chosen: e.method ?? p.method.chosen, chosenBefore: !answered } };
    }
    case 'conversation_restored':
      return { ...base, conversationRestored: true };
    case 'captured':
    case 'voided':
    case 'refunded':
      // an operation after approval: the approval's facts stay, the result says what became of it
      return { ...base, outcome: p.outcome ? { ...p.outcome, status: e.status as FinalStatus } : outcomeOf(e, e.status as FinalStatus) };
    case 'identification_issued':
      return e.identificationCode && e.identificationExpiresAt ? { ...base, identification: { code: e.identificationCode, expiresAt: e.identificationExpiresAt } } : base;
    case 'customer_connected':
      return { ...base, customerConnected: true, identification: null };
    case 'returned_to_operator':
      return { ...base, returned: 'returned' };
    case 'return_failed':
      return { ...base, returned: 'failed' };
    case 'identity_check':
      return { ...base, identity: { ...NOT_RUN, state: 'current' } };
    case 'identity_verified':
      return { ...base, identity: { ...p.identity, state: 'done', error: null } };
    case 'confirming':
      return { ...base, last4: e.last4 ?? p.last4, confirmation: { ...freshConfirmation(), state: 'current' } };
    case 'confirmed':
      return { ...base, confirmation: { ...p.confirmation, state: 'done', error: null } };
    case 'step_error': {
      if (!e.step) return base;
      const id = STEP_OF[e.step];
      const prev = p[id];
      // the customer is asked again (no event says so): the row shows why, and which attempt failed
      const step = { ...prev, state: 'error' as const, error: e.error?.code ?? prev.error, attempt: e.attempt ?? prev.attempt + 1, maxAttempts: e.maxAttempts ?? prev.maxAttempts };
      return { ...base, [id]: step };
    }
  }
}

const STAGE: Record<PaymentStatus, number> = {
  created: 0,
  capturing: 1,
  authorizing: 2,
  approved: 3,
  declined: 3,
  failed: 3,
  canceled: 3,
  abandoned: 3,
  captured: 4,
  partially_refunded: 5,
  voided: 6,
  refunded: 6,
};

/**
 * Takes in a PaymentView an API call answered with (capture, cancel, a refresh). It only moves the status forward,
 * so an answer that crossed a newer status event on the stream cannot undo it; the outcome is kept once known.
 */
export function applyView(p: Progress, view: PaymentView): Progress {
  if (STAGE[view.status] < STAGE[p.status] || (isFinal(p.status) && view.status !== p.status && STAGE[view.status] === STAGE[p.status])) return p;
  const next: Progress = {
    ...p,
    status: view.status,
    captureStarted: p.captureStarted || view.status !== 'created',
    brand: p.brand ?? view.brand,
    last4: p.last4 ?? view.last4,
  };
  // a fresh identification id (POST …/identification answers with it); an expired one is not taken away by a read
  if (view.status === 'created' && view.identification && !p.customerConnected) next.identification = view.identification;
  if (isFinal(view.status)) {
    const ended = p.outcome ? {} : endCurrentSteps(p, view.status === 'declined' || view.status === 'failed' ? 'error' : 'stopped', view.error?.code ?? null);
    const moved = p.outcome && p.outcome.status !== view.status && wasApproved(view.status);
    next.outcome = moved ? { ...p.outcome!, status: view.status as FinalStatus } : (p.outcome ?? progressFromView(view).outcome);
    Object.assign(next, ended);
    next.currentField = null;
    next.reconciling = false;
    if (wasApproved(view.status)) next.authorizing = 'done';
  } else if (view.status === 'authorizing' && p.authorizing === 'waiting') {
    next.authorizing = 'current';
  }
  return next;
}

export function reduceEvents(events: readonly PaymentEvent[], start: Progress = emptyProgress()): Progress {
  return events.reduce(applyEvent, start);
}

/** The operator may ask the customer for a field again once it is being keyed, was rejected, or is complete. */
export function canRerequest(p: Progress, field: Field): boolean {
  if (p.status !== 'capturing') return false;
  // while the pay-method menu is asked the card is held as keyed: the server takes no re-request then
  if (p.method.state === 'current' || p.method.state === 'error') return false;
  const state = p.fields[field].state;
  return state === 'current' || state === 'done' || state === 'error';
}

export function canCancel(p: Progress): boolean {
  return p.status === 'capturing' || (p.status === 'created' && p.captureStarted);
}
