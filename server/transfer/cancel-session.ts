// One call to a merchant's cancel line: the customer keys the slip number (9 digits, Luhn-checked) and the check the
// merchant configures (card's last four, or the amount), confirms with 1, and the payment is voided (same day) or
// refunded in full, through the same operations as the API; the merchant's system hears it by webhook.
import type { Call } from '../calls/registry.js';
import { PromptQueue } from '../capture/prompt-queue.js';
import type { PromptName } from '../esl/contract.js';
import { promptPath } from '../esl/contract.js';
import type { DigitsQuestion } from '../ivr/digits-collector.js';
import { KeypadStep } from '../ivr/keypad-step.js';
import { CURRENCY_DECIMALS } from '../ivr/say-amount.js';
import type { Merchant } from '../merchants/store.js';
import type { PaymentOperations } from '../payments/operations.js';
import { withLuhnDigit, type PaymentRow } from '../payments/service.js';
import type { IvrDeps } from './ivr-session.js';

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

type Phase = 'identifying' | 'leaving' | 'done';

export class CancelSession {
  phase: Phase = 'identifying';
  private readonly prompts: PromptQueue;
  private step: KeypadStep | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** digits keyed ahead, between two questions (several DTMF events can arrive in one read) */
  private typedAhead: string[] = [];

  constructor(
    private readonly d: IvrDeps & { operations: PaymentOperations },
    readonly call: Call,
    private readonly merchant: Merchant,
  ) {
    this.prompts = new PromptQueue(() => d.fs.room(call.room), call.customerMemberId, (what, e) => this.d.log.warn({ call: call.id, reason: String((e as Error)?.message ?? e) }, what));
  }

  begin(): void {
    this.d.callLog.started(this.call);
    void this.run();
  }

  refuse(outcome: 'busy', prompt: PromptName): void {
    this.d.callLog.outcome(this.call.id, outcome);
    this.leave([prompt]);
  }

  onDigit(digit: string): void {
    if (this.step && !this.step.done) this.step.digit(digit);
    else if (this.phase === 'identifying') this.typedAhead.push(digit);
  }

  onPlayDone(file: string): void {
    if (this.prompts.done(file) !== 'drained') return;
    if (this.step) this.step.promptsDrained();
    else if (this.phase === 'leaving') this.hangUp();
  }

  hungUp(): void {
    this.step?.cancel();
    if (this.timer) clearTimeout(this.timer);
    this.phase = 'done';
    this.d.callLog.ended(this.call.id);
  }

  private async run(): Promise<void> {
    let payment: PaymentRow | null = null;
    const slip = await this.ask(SLIP_QUESTION, (s) => {
      payment = validSlip(s) ? this.d.payments.bySlip(this.merchant.id, s) : null;
      return payment !== null;
    });
    if (slip === null || !payment) return this.failed();
    const row: PaymentRow = payment;
    const check = this.merchant.settings.cancelCheck;
    if (check !== 'none') {
      const ok = await this.ask(check === 'last4' ? LAST4_QUESTION : AMOUNT_QUESTION, (a) => (check === 'last4' ? a === row.last4 : amountMatches(a, row)));
      if (ok === null) return this.failed();
    }
    const confirmed = await this.ask(CONFIRM_QUESTION, (a) => a === '1');
    if (confirmed === null) return this.end('cancel_failed', []);
    const allowed = this.d.operations.allowed(this.d.payments.row(row.id)!);
    const kind = allowed.includes('void') ? 'void' : allowed.includes('refund') ? 'refund' : null;
    if (!kind) return this.end('cancel_not_possible', ['cancel-not-possible']);
    try {
      await this.d.operations.run(this.merchant.id, row.id, kind);
      this.d.callLog.linked(this.call.id, row.id);
      this.d.log.info({ call: this.call.id, payment: row.id, kind }, 'payment canceled by phone');
      this.end('cancel_done', ['cancel-done']);
    } catch (err) {
      this.d.log.warn({ call: this.call.id, payment: row.id, kind, reason: String((err as Error).message) }, 'cancel by phone refused by the gateway');
      this.end('cancel_not_possible', ['cancel-not-possible']);
    }
  }

  private async ask(question: DigitsQuestion, accept: (a: string) => boolean): Promise<string | null> {
    if (this.phase !== 'identifying') return null;
    const s = this.merchant.settings;
    const step = new KeypadStep({
      question,
      settings: { firstDigitTimeoutMs: s.firstDigitTimeoutMs, interDigitTimeoutMs: s.interDigitTimeoutMs, maxAttempts: s.idMaxAttempts },
      prompts: this.prompts,
      lang: s.promptLang,
      playFailed: (f) => this.onPlayDone(f),
      accept,
    });
    this.step = step;
    step.start();
    while (this.typedAhead.length && !step.done) step.digit(this.typedAhead.shift()!);
    const r = await step.result;
    this.step = null;
    return r.ok && this.phase === 'identifying' ? r.answer : null;
  }

  /** The slip or its check was not confirmed (the closing prompt has played). */
  private failed(): void {
    if (this.phase !== 'identifying') return;
    this.d.callLog.outcome(this.call.id, 'cancel_failed');
    this.hangUp();
  }

  private end(outcome: 'cancel_done' | 'cancel_not_possible' | 'cancel_failed', prompts: PromptName[]): void {
    if (this.phase !== 'identifying') return;
    this.d.callLog.outcome(this.call.id, outcome);
    if (prompts.length) this.leave(prompts);
    else this.hangUp();
  }

  private leave(prompts: PromptName[]): void {
    this.phase = 'leaving';
    this.prompts.stop();
    this.prompts.play(
      prompts.map((p) => promptPath(this.merchant.settings.promptLang, p)),
      (f) => this.onPlayDone(f),
    );
    this.timer = setTimeout(() => this.hangUp(), 20_000);
  }

  private hangUp(): void {
    if (this.phase === 'done') return;
    if (this.timer) clearTimeout(this.timer);
    this.phase = 'done';
    void this.d.fs
      .channel(this.call.id)
      .hangUp('NORMAL_CLEARING')
      .catch(() => {});
  }
}
