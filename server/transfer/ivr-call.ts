// What every call answered by ivrpay's own IVR shares (the payment IVR, the cancel line): the prompt queue to the
// caller, keypad questions with digits keyed ahead kept for the next question, turning a call away with a message,
// and hanging up once the last message has played.
import type { Call } from '../calls/registry.js';
import { PromptQueue } from '../capture/prompt-queue.js';
import { promptPath, type PromptName } from '../esl/contract.js';
import type { DigitsQuestion } from '../ivr/digits-collector.js';
import { KeypadStep } from '../ivr/keypad-step.js';
import type { Merchant } from '../merchants/store.js';
import type { IvrOutcome } from './call-log.js';
import type { IvrDeps } from './ivr-deps.js';

/** after the last message, hang up at the latest this much later (in case its done event never comes) */
const FAREWELL_TIMEOUT_MS = 20_000;

export abstract class IvrCall {
  /** 'leaving' = the last message is playing; 'done' = hung up or gone */
  protected ending: 'no' | 'leaving' | 'done' = 'no';
  protected readonly prompts: PromptQueue;
  private step: KeypadStep | null = null;
  /** digits keyed ahead, between two questions (several DTMF events can arrive in one read) */
  private typedAhead: string[] = [];
  private farewell: NodeJS.Timeout | null = null;

  constructor(
    protected readonly d: IvrDeps,
    readonly call: Call,
    protected readonly merchant: Merchant,
  ) {
    this.prompts = new PromptQueue(() => d.fs.room(call.room), call.customerMemberId, (what, e) => this.warn(what, e));
  }

  abstract begin(): void;

  /** Whether keyed digits are for this IVR now (not, say, for a card capture running on the call). */
  protected abstract listening(): boolean;

  get leaving(): boolean {
    return this.ending === 'leaving';
  }

  /** Turns the call away with a message, then hangs up (over the number's limit, not allowed, locked out). */
  refuse(outcome: IvrOutcome, prompt: PromptName): void {
    void this.d.callLog.outcome(this.call.id, outcome);
    this.d.log.info({ call: this.call.id, did: this.call.did, outcome }, 'IVR turned a call away');
    this.leave([prompt]);
  }

  onDigit(digit: string): void {
    if (this.ending !== 'no' || !this.listening()) return;
    if (this.step && !this.step.done) this.step.digit(digit);
    else this.typedAhead.push(digit);
  }

  onPlayDone(file: string): void {
    if (this.prompts.done(file) !== 'drained') return;
    if (this.ending === 'leaving') this.hangUp();
    else this.step?.promptsDrained();
  }

  /** The caller (or the PBX) hung up. */
  hungUp(): void {
    this.step?.cancel();
    this.typedAhead.length = 0;
    if (this.farewell) clearTimeout(this.farewell);
    this.ending = 'done';
    void this.d.callLog.ended(this.call.id);
  }

  /** Asks one keypad question; resolves with the accepted answer, or null (attempts used up, or the call ended). */
  protected async ask(
    question: DigitsQuestion,
    accept: (answer: string) => boolean | Promise<boolean>,
    opts: { maxAttempts: number; onAttemptFailed?: (attempt: number) => void },
  ): Promise<string | null> {
    if (this.ending !== 'no') return null;
    const s = this.merchant.settings;
    const step = new KeypadStep({
      question,
      settings: { firstDigitTimeoutMs: s.firstDigitTimeoutMs, interDigitTimeoutMs: s.interDigitTimeoutMs, maxAttempts: opts.maxAttempts },
      prompts: this.prompts,
      lang: s.promptLang,
      playFailed: (f) => this.onPlayDone(f),
      accept,
      typedAhead: (digits) => this.typedAhead.push(...digits),
      onAttemptFailed: opts.onAttemptFailed,
    });
    this.step = step;
    step.start();
    while (this.typedAhead.length && !step.done) step.digit(this.typedAhead.shift()!);
    const r = await step.result;
    if (this.step === step) this.step = null;
    return r.ok && this.ending === 'no' ? r.answer : null;
  }

  /** Plays a last message, then hangs up. */
  protected leave(prompts: PromptName[]): void {
    if (this.ending === 'done') return;
    this.ending = 'leaving';
    this.prompts.stop();
    this.prompts.play(
      prompts.map((p) => promptPath(this.merchant.settings.promptLang, p)),
      (f) => this.onPlayDone(f),
    );
    this.farewell = setTimeout(() => this.hangUp(), FAREWELL_TIMEOUT_MS);
  }

  protected hangUp(): void {
    if (this.ending === 'done') return;
    if (this.farewell) clearTimeout(this.farewell);
    this.ending = 'done';
    void this.d.fs
      .channel(this.call.id)
      .hangUp('NORMAL_CLEARING')
      .catch(() => {});
  }

  protected warn(what: string, e: unknown): void {
    this.d.log.warn({ call: this.call.id, reason: String((e as Error)?.message ?? e) }, what);
  }
}
