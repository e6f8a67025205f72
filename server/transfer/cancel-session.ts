// One call to a merchant's cancel line: the customer keys the slip number (9 digits, Luhn-checked) and the check the
// merchant configures (card's last four, or the amount), confirms with 1, and the payment is voided (same day) or
// refunded in full, through the same operations as the API; the merchant's system hears it by webhook.
import type { DigitsQuestion } from '../ivr/digits-collector.js';
import { CURRENCY_DECIMALS } from '../ivr/say-amount.js';
import { withLuhnDigit, type PaymentRow } from '../payments/service.js';
import { IvrCall } from './ivr-call.js';

export const SLIP_QUESTION: DigitsQuestion = { length: 9, ask: ['cancel-welcome', 'enter-slip'], again: ['slip-invalid', 'enter-slip'], failed: ['cancel-failed'] };
const LAST4_QUESTION: DigitsQuestion = { length: 4, ask: ['enter-last4'], again: ['check-invalid', 'enter-last4'], failed: ['cancel-failed'] };
const AMOUNT_QUESTION: DigitsQuestion = { length: 9, terminated: true, ask: ['enter-amount'], again: ['check-invalid', 'enter-amount'], failed: ['cancel-failed'] };
const CONFIRM_QUESTION: DigitsQuestion = { length: 1, ask: ['cancel-confirm'], again: ['cancel-confirm'], failed: ['goodbye'] };

export function validSlip(slip: string): boolean {
  return /^[0-9]{9}$/.test(slip) && withLuhnDigit(slip.slice(0, 8)) === slip;
}

/** The amount as the customer keys it (major units: yen, dollars) equals the payment's (minor units). */
export function amountMatches(keyed: string, row: Pick<PaymentRow, 'amount' | 'currency'>): boolean {
  const decimals = CURRENCY_DECIMALS[row.currency] ?? 0;
  return /^[0-9]{1,9}$/.test(keyed) && Number(keyed) * 10 ** decimals === row.amount;
}

export class CancelSession extends IvrCall {
  begin(): void {
    void this.d.callLog.started(this.call);
    void this.run();
  }

  protected listening(): boolean {
    return true;
  }

  private async run(): Promise<void> {
    const attempts = { maxAttempts: this.merchant.settings.idMaxAttempts };
    let found: PaymentRow | null = null;
    const slip = await this.ask(
      SLIP_QUESTION,
      async (s) => {
        found = validSlip(s) ? await this.d.payments.bySlip(this.merchant.id, s) : null;
        return found !== null;
      },
      attempts,
    );
    if (slip === null || !found) return this.end('cancel_failed');
    const row: PaymentRow = found;
    const check = this.merchant.settings.cancelCheck;
    if (check !== 'none') {
      const ok = await this.ask(check === 'last4' ? LAST4_QUESTION : AMOUNT_QUESTION, (a) => (check === 'last4' ? a === row.last4 : amountMatches(a, row)), attempts);
      if (ok === null) return this.end('cancel_failed');
    }
    if ((await this.ask(CONFIRM_QUESTION, (a) => a === '1', attempts)) === null) return this.end('cancel_failed');
    const allowed = await this.d.operations.allowed((await this.d.payments.row(row.id))!);
    const kind = allowed.includes('void') ? 'void' : allowed.includes('refund') ? 'refund' : null;
    if (!kind) return this.end('cancel_not_possible', 'cancel-not-possible');
    try {
      await this.d.operations.run(this.merchant.id, row.id, kind);
      await this.d.callLog.linked(this.call.id, row.id);
      this.d.log.info({ call: this.call.id, payment: row.id, kind }, 'payment canceled by phone');
      this.end('cancel_done', 'cancel-done');
    } catch (err) {
      this.warn('cancel by phone refused by the gateway', err);
      this.end('cancel_not_possible', 'cancel-not-possible');
    }
  }

  /** Records how the call ended; says the last message (if any; a refused question already said its own), hangs up. */
  private end(outcome: 'cancel_done' | 'cancel_not_possible' | 'cancel_failed', prompt?: 'cancel-done' | 'cancel-not-possible'): void {
    if (this.ending !== 'no') return;
    void this.d.callLog.outcome(this.call.id, outcome);
    if (prompt) this.leave([prompt]);
    else this.hangUp();
  }
}
