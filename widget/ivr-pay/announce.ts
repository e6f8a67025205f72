// What the widget's live region says for one status event: progress politely, results and a failed return assertively, digit counts never (too chatty).
import type { PaymentEvent } from '../../server/payments/types.js';
import { errorText, type Messages } from './i18n.js';
import { methodText } from './operations.js';
import { isFinal, type IvrStepId, type Progress } from './progress.js';
import { stepErrorText } from './steps.js';

const STEP: Record<NonNullable<PaymentEvent['step']>, IvrStepId> = { sms: 'identity', method: 'method', confirm: 'confirmation' };

export interface Announcement {
  text: string;
  assertive: boolean;
}

/** `after` is the progress with `e` applied (for brand and last four). */
export function announcementFor(e: PaymentEvent, after: Progress, m: Messages): Announcement | null {
  const field = e.field ? m.fields[e.field] : '';
  const polite = (text: string): Announcement => ({ text, assertive: false });
  switch (e.type) {
    case 'identity_check':
      return polite(m.announce.identitySent);
    case 'identity_verified':
      return polite(m.announce.identityVerified);
    case 'method_menu':
      return polite(m.announce.methodMenu);
    case 'method_chosen':
      return e.method ? polite(m.announce.methodChosen(methodText(m, e.method))) : null;
    case 'confirming':
      return polite(m.announce.confirming);
    case 'confirmed':
      return polite(m.announce.confirmed);
    case 'step_error': {
      if (!e.step || !e.error) return null;
      const id = STEP[e.step];
      return polite(m.announce.rejected(m.ivr[id], stepErrorText(m, id, e.error.code)));
    }
    case 'field_cleared':
      // "2" at the read-back: the card is keyed again (a * while keying is not worth saying)
      return after.confirmation.reenteredAt === e.seq ? polite(m.ivr.reentering) : null;
    case 'field_prompt':
      return e.field ? polite(m.announce.prompt(field, e.attempt ?? 1)) : null;
    case 'field_error':
      return e.field && e.error ? polite(m.announce.rejected(field, errorText(m, e.error.code))) : null;
    case 'field_complete': {
      if (!e.field) return null;
      const card = e.field === 'pan' ? [after.brand ? m.brands[after.brand] : '', after.last4 ? m.endingIn(after.last4) : ''] : [];
      return polite([m.announce.complete(field), ...card].filter(Boolean).join(' '));
    }
    case 'authorizing':
      return polite(m.announce.authorizing);
    case 'reconciling':
      return polite(m.steps.reconciling);
    case 'conversation_restored':
      // transfer mode: the operator is not in the call yet; the way back is said when the IVR reports it
      return after.customerConnected ? null : polite(m.conversationRestored);
    case 'customer_connected':
      return polite(m.transfer.connected);
    case 'returned_to_operator':
      return polite(m.transfer.returned);
    case 'return_failed':
      return { text: m.transfer.returnFailed, assertive: true };
    default:
      if (!isFinal(e.status) || !after.outcome || e.type !== after.outcome.status) return null;
      return {
        text: m.announce.result(m.result.heading[after.outcome.status], after.outcome.error ? errorText(m, after.outcome.error.code) : null),
        assertive: true,
      };
  }
}
