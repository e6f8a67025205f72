// The identification-id step of the payment IVR as a pure state machine: greeting, 6 digits, `*` to start over,
// timeouts, limited attempts. Effects (prompts, timers, submit, give up) are carried out by the IvrSession.
import type { PromptName } from '../esl/contract.js';

export const ID_LENGTH = 6;

export interface IdCollectorSettings {
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
  maxAttempts: number;
}

export type IdInput =
  | { kind: 'start' }
  | { kind: 'digit'; digit: string }
  | { kind: 'prompt_done' }
  | { kind: 'timeout'; timer: 'first' | 'inter' }
  /** the verdict on a submitted code */
  | { kind: 'verdict'; ok: boolean };

export type IdEffect =
  | { kind: 'play'; prompts: PromptName[] }
  | { kind: 'stop_prompt' }
  | { kind: 'arm_timer'; timer: 'first' | 'inter'; ms: number }
  | { kind: 'clear_timer' }
  /** look the code up (the collector waits for a verdict) */
  | { kind: 'submit'; code: string }
  /** a wrong, short or missing id: attempt n of max */
  | { kind: 'attempt_failed'; attempt: number; reason: 'wrong' | 'short' | 'no_input' }
  | { kind: 'identified' }
  /** attempts exhausted: the caller is told and the IVR hangs up */
  | { kind: 'give_up' };

type State = 'idle' | 'prompting' | 'listening' | 'keying' | 'checking' | 'done';

export class IdCollector {
  private state: State = 'idle';
  private digits = '';
  private attempts = 0;
  private promptPlaying = false;

  constructor(private readonly s: IdCollectorSettings) {}

  get done(): boolean {
    return this.state === 'done';
  }

  step(input: IdInput): IdEffect[] {
    if (this.state === 'done') return [];
    switch (input.kind) {
      case 'start':
        if (this.state !== 'idle') return [];
        return this.prompt(['welcome', 'enter-id']);
      case 'prompt_done':
        this.promptPlaying = false;
        if (this.state !== 'prompting') return [];
        this.state = 'listening';
        return [{ kind: 'arm_timer', timer: 'first', ms: this.s.firstDigitTimeoutMs }];
      case 'digit':
        return this.digit(input.digit);
      case 'timeout':
        if (input.timer === 'first' && this.state === 'listening') return this.fail('no_input');
        if (input.timer === 'inter' && this.state === 'keying') return this.fail('short');
        return [];
      case 'verdict':
        if (this.state !== 'checking') return [];
        if (input.ok) {
          this.state = 'done';
          return [{ kind: 'identified' }];
        }
        return this.fail('wrong');
    }
  }

  private digit(d: string): IdEffect[] {
    if (this.state !== 'prompting' && this.state !== 'listening' && this.state !== 'keying') return [];
    const out: IdEffect[] = [];
    if (d === '*') {
      this.digits = '';
      return this.prompt(['enter-id']);
    }
    if (d === '#') {
      if (this.digits.length === 0 && this.state !== 'keying') return [];
      return this.fail('short');
    }
    if (!/^[0-9]$/.test(d)) return [];
    if (this.promptPlaying) {
      this.promptPlaying = false;
      out.push({ kind: 'stop_prompt' });
    }
    this.digits += d;
    this.state = 'keying';
    if (this.digits.length < ID_LENGTH) {
      out.push({ kind: 'arm_timer', timer: 'inter', ms: this.s.interDigitTimeoutMs });
      return out;
    }
    const code = this.digits;
    this.digits = '';
    this.state = 'checking';
    out.push({ kind: 'clear_timer' }, { kind: 'submit', code });
    return out;
  }

  private fail(reason: 'wrong' | 'short' | 'no_input'): IdEffect[] {
    this.attempts += 1;
    this.digits = '';
    const out: IdEffect[] = [{ kind: 'clear_timer' }, { kind: 'attempt_failed', attempt: this.attempts, reason }];
    if (this.attempts >= this.s.maxAttempts) {
      this.state = 'done';
      out.push({ kind: 'play', prompts: ['id-failed'] }, { kind: 'give_up' });
      return out;
    }
    return [...out, ...this.prompt(['id-invalid', 'enter-id'])];
  }

  private prompt(prompts: PromptName[]): IdEffect[] {
    const out: IdEffect[] = [];
    if (this.promptPlaying) out.push({ kind: 'stop_prompt' });
    this.state = 'prompting';
    this.promptPlaying = true;
    out.push({ kind: 'clear_timer' }, { kind: 'play', prompts });
    return out;
  }
}
