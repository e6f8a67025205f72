// Runs one keypad question on a live call: plays its prompts to the customer through the owner's PromptQueue, arms
// the timers, feeds DTMF to a DigitsCollector and resolves with the accepted answer, or with a refusal once the
// attempts are used up. The answer is handed to the owner only; it is never logged.
import type { PromptQueue } from '../capture/prompt-queue.js';
import { promptPath, type PromptLang, type PromptName } from '../esl/contract.js';
import { DigitsCollector, type DigitsEffect, type DigitsQuestion, type DigitsSettings } from './digits-collector.js';

export type StepResult = { ok: true; answer: string } | { ok: false };

export interface KeypadStepOptions {
  question: DigitsQuestion;
  settings: DigitsSettings;
  prompts: PromptQueue;
  lang: PromptLang;
  /** whether an answer is acceptable (called once per complete answer) */
  accept: (answer: string) => boolean | Promise<boolean>;
  /** a prompt file could not be played: the owner treats it as played (so its queue drains) */
  playFailed: (file: string) => void;
  /** digits keyed after the accepted answer, while it was being checked: the owner's for its next question */
  typedAhead?: (digits: string[]) => void;
  /** a wrong, short or missing answer (attempt n) */
  onAttemptFailed?: (attempt: number, reason: 'wrong' | 'short' | 'no_input') => void;
}

export class KeypadStep {
  private readonly collector: DigitsCollector;
  private timer: NodeJS.Timeout | null = null;
  private settle: ((r: StepResult) => void) | null = null;
  private answer = '';
  /** digits keyed while an answer is being checked against the database: fed in order once the verdict is in */
  private pending: string[] | null = null;
  /** after giving up: resolve once the closing prompt has played */
  private closing = false;
  readonly result: Promise<StepResult>;

  constructor(private readonly o: KeypadStepOptions) {
    this.collector = new DigitsCollector(o.question, o.settings);
    this.result = new Promise((resolve) => (this.settle = resolve));
  }

  start(): this {
    this.apply(this.collector.step({ kind: 'start' }));
    return this;
  }

  get done(): boolean {
    return this.settle === null;
  }

  digit(d: string): void {
    if (this.pending) this.pending.push(d);
    else if (!this.done && !this.closing) this.apply(this.collector.step({ kind: 'digit', digit: d }));
  }

  /** The owner's PromptQueue reported that everything queued has played. */
  promptsDrained(): void {
    if (this.closing) return this.finish({ ok: false });
    if (!this.done) this.apply(this.collector.step({ kind: 'prompt_done' }));
  }

  /** Stops waiting (the call ended or the step was abandoned); resolves as refused. */
  cancel(): void {
    this.finish({ ok: false });
  }

  private apply(effects: DigitsEffect[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'play':
          this.o.prompts.stop();
          this.o.prompts.play(
            e.prompts.map((p) => promptPath(this.o.lang, p as PromptName)),
            this.o.playFailed,
          );
          break;
        case 'stop_prompt':
          this.o.prompts.stop();
          break;
        case 'arm_timer':
          this.clearTimer();
          this.timer = setTimeout(() => {
            this.timer = null;
            if (!this.done) this.apply(this.collector.step({ kind: 'timeout', timer: e.timer }));
          }, e.ms);
          break;
        case 'clear_timer':
          this.clearTimer();
          break;
        case 'submit': {
          const verdict = (ok: boolean) => {
            if (ok) this.answer = e.code;
            this.apply(this.collector.step({ kind: 'verdict', ok }));
          };
          const ok = this.o.accept(e.code);
          // an answer checked against the database: the verdict comes once it has answered (unless the step ended);
          // what the caller keys meanwhile (typed ahead into the next attempt) follows it
          if (typeof ok === 'boolean') verdict(ok);
          else {
            this.pending = [];
            const after = (v: boolean) => {
              const typed = this.pending ?? [];
              this.pending = null;
              if (this.done) return;
              verdict(v);
              while (typed.length && !this.done) this.digit(typed.shift()!);
              if (typed.length) this.o.typedAhead?.(typed);
            };
            void ok.then(after, () => after(false));
          }
          break;
        }
        case 'attempt_failed':
          this.o.onAttemptFailed?.(e.attempt, e.reason);
          break;
        case 'identified':
          this.finish({ ok: true, answer: this.answer });
          break;
        case 'give_up':
          // the closing prompt (if any) plays first; the owner hears "refused" once it has
          if (this.o.prompts.playing) this.closing = true;
          else this.finish({ ok: false });
          break;
      }
    }
  }

  private finish(r: StepResult): void {
    this.clearTimer();
    this.closing = false;
    const settle = this.settle;
    this.settle = null;
    settle?.(r);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
