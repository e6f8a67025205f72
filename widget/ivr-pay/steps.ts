// Words and state of each row in the widget's step list, from Progress (pure; counts and last four only, never a digit value).
import type { ErrorCode, Field } from '../../server/payments/types.js';
import { errorText, type Messages } from './i18n.js';
import { methodText } from './operations.js';
import { wasApproved, type FieldStep, type IvrStep, type IvrStepId, type Progress, type StepState } from './progress.js';

/**
 * `connected` and `return` appear in transfer mode only: the customer's call to the payment IVR, and the way back.
 * `identity`, `method` and `confirmation` appear when the IVR runs them (the merchant's settings decide).
 */
export type StepId = 'connected' | 'identity' | Field | 'method' | 'confirmation' | 'authorizing' | 'result' | 'return';

export interface StepRow {
  id: StepId;
  state: StepState;
  label: string;
  /** the line under the label: progress, masked card, or the reason of an error */
  detail: string;
  /** extra line, e.g. why the customer is being asked again */
  note: string;
  /** digits keyed / expected, for the meter (only while a field is being keyed) */
  meter: { entered: number; expected: number } | null;
}

function fieldDetail(step: FieldStep, p: Progress, m: Messages): Pick<StepRow, 'detail' | 'note' | 'meter'> {
  const brand = step.field === 'pan' && p.brand ? m.brands[p.brand] : '';
  const attempt = step.attempt > 1 ? m.attempt(step.attempt, step.maxAttempts) : '';
  switch (step.state) {
    case 'waiting':
      return { detail: m.steps.waiting, note: '', meter: null };
    case 'skipped':
      return { detail: m.steps.skipped, note: '', meter: null };
    case 'stopped':
      return { detail: m.steps.stopped, note: '', meter: null };
    case 'current': {
      const detail = [brand, m.digits(step.entered, step.expected)].filter(Boolean).join(' · ');
      const note = step.error ? [m.askedAgainBecause(errorText(m, step.error)), attempt].filter(Boolean).join(' · ') : attempt;
      const meter = { entered: step.entered, expected: Math.max(step.expected ?? 0, step.entered) };
      return { detail, note, meter };
    }
    case 'done': {
      if (step.field !== 'pan') return { detail: m.steps.done, note: '', meter: null };
      const card = [brand, p.last4 ? `•••• ${p.last4}` : ''].filter(Boolean).join(' ');
      return { detail: card || m.steps.done, note: '', meter: null };
    }
    case 'error':
      return {
        detail: step.error ? errorText(m, step.error) : m.status.failed,
        note: step.maxAttempts ? m.attempt(step.attempt, step.maxAttempts) : '',
        meter: null,
      };
  }
}

function authorizingDetail(p: Progress, m: Messages): string {
  switch (p.authorizing) {
    case 'current':
      return p.reconciling ? m.steps.reconciling : m.status.authorizing;
    case 'done':
      return m.steps.done;
    case 'error':
      return m.status[p.status];
    case 'stopped':
      return m.steps.stopped;
    default:
      return m.steps.waiting;
  }
}

function resultRow(p: Progress, m: Messages): StepRow {
  const row: StepRow = { id: 'result', state: 'waiting', label: m.steps.result, detail: m.steps.waiting, note: '', meter: null };
  if (!p.outcome) return row;
  const status = p.outcome.status;
  row.state = wasApproved(status) ? 'done' : status === 'declined' || status === 'failed' ? 'error' : 'stopped';
  row.detail = m.result.heading[status];
  return row;
}

function row(id: StepId, state: StepState, label: string, detail: string): StepRow {
  return { id, state, label, detail, note: '', meter: null };
}

/**
 * Why an answer in one of the IVR's steps was not taken (the customer is asked again), or, once the payment `ended`
 * there, why it failed.
 */
export function stepErrorText(m: Messages, id: IvrStepId, code: ErrorCode, ended = false): string {
  if (ended) return errorText(m, code);
  if (code === 'no_input') return m.ivr.retry[id].noInput;
  if (code === 'wrong_sms_code' || code === 'method_not_accepted' || code === 'not_confirmed') return m.ivr.retry[id].wrong;
  return errorText(m, code);
}

/** The SMS code, the pay-method menu or the amount read-back, once the IVR runs it (null: not on this payment). */
function ivrRow(id: IvrStepId, p: Progress, m: Messages): StepRow | null {
  const step: IvrStep = p[id];
  if (step.state === null) return null;
  const t = m.ivr;
  const label = id === 'identity' ? t.identity : id === 'method' ? t.method : t.confirmation;
  const r = row(id, step.state, label, '');
  switch (step.state) {
    case 'current':
      r.detail = id === 'identity' ? t.identityWaiting : id === 'method' ? t.methodChoosing : t.confirmationAsking;
      break;
    case 'done':
      r.detail = id === 'identity' ? t.identityDone : id === 'method' ? (p.method.chosen ? methodText(m, p.method.chosen) : m.steps.done) : t.confirmationDone;
      if (id === 'method' && p.method.chosenBefore) r.note = t.methodChosenBefore;
      break;
    case 'error': {
      const ended = !!step.error && p.outcome?.error?.code === step.error;
      r.detail = step.error ? stepErrorText(m, id, step.error, ended) : m.status.failed;
      if (step.attempt > 0) r.note = m.attempt(step.attempt, step.maxAttempts);
      break;
    }
    case 'waiting':
      r.detail = id === 'confirmation' && p.confirmation.reenteredAt !== null ? t.reentering : m.steps.waiting;
      break;
    case 'skipped':
      r.detail = m.steps.skipped;
      break;
    case 'stopped':
      r.detail = m.steps.stopped;
      break;
  }
  return r;
}

/** Transfer mode, after the result: the IVR hands the call back to the operator (or cannot). */
function returnRow(p: Progress, m: Messages, returnUnreported: boolean): StepRow {
  const t = m.transfer;
  if (p.returned === 'returned') return row('return', 'done', t.returnStep, t.returned);
  if (p.returned === 'failed') return row('return', 'error', t.returnStep, t.returnFailed);
  if (!p.outcome || p.outcome.status === 'abandoned') return row('return', 'waiting', t.returnStep, m.steps.waiting);
  return returnUnreported ? row('return', 'skipped', t.returnStep, t.returnUnknown) : row('return', 'current', t.returnStep, t.returning);
}

export interface StepOptions {
  /** transfer mode: the widget stopped waiting for the IVR to report the way back */
  returnUnreported?: boolean;
}

/**
 * The five rows: card number, expiry, security code, authorizing, result. In transfer mode (the customer came through
 * the payment IVR) the customer's call comes first and the way back to the operator last. The IVR's own steps join
 * when it runs them: the SMS code before the card, the pay-method menu and the amount read-back after it.
 */
export function stepRows(p: Progress, m: Messages, opts: StepOptions = {}): StepRow[] {
  const fields: StepRow[] = (['pan', 'expiry', 'cvv'] as const).map((field) => ({
    id: field,
    state: p.fields[field].state,
    label: m.fields[field],
    ...fieldDetail(p.fields[field], p, m),
  }));
  const authorizing: StepRow = {
    id: 'authorizing',
    state: p.authorizing,
    label: m.steps.authorizing,
    detail: authorizingDetail(p, m),
    note: '',
    meter: null,
  };
  const around = (ids: IvrStepId[]) => ids.map((id) => ivrRow(id, p, m)).filter((r): r is StepRow => r !== null);
  const rows = [...around(['identity']), ...fields, ...around(['method', 'confirmation']), authorizing, resultRow(p, m)];
  if (p.customerConnected) {
    rows.unshift(row('connected', 'done', m.transfer.callStep, m.transfer.connected));
    rows.push(returnRow(p, m, opts.returnUnreported ?? false));
  }
  // once the payment has ended, a step it never reached is not "waiting" any more
  if (p.outcome) for (const row of rows) if (row.state === 'waiting') Object.assign(row, { state: 'skipped', detail: m.steps.notReached });
  return rows;
}
