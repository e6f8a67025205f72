// One keypad question of the IVR as a pure state machine: ask, collect a fixed number of digits (or up to a maximum
// ended by #), `*` to start over, timeouts, limited attempts, then a verdict from the caller. Serves the
// identification id, the SMS code, menus ("press 1 …") and counts. Effects are carried out by the owner.

export interface DigitsQuestion {
  /** digits that complete the answer by themselves; with `terminated`, the most digits accepted before # */
  length: number;
  /** answers of 1..length digits ended by # (otherwise exactly `length` digits) */
  terminated?: boolean;
  /** prompt names: asked first, asked again after a wrong answer, said when giving up */
  ask: string[];
  again: string[];
  failed: string[];
}

export interface DigitsSettings {
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
  maxAttempts: number;
}

export type DigitsInput =
  | { kind: 'start' }
  | { kind: 'digit'; digit: string }
  | { kind: 'prompt_done' }
  | { kind: 'timeout'; timer: 'first' | 'inter' }
  /** the verdict on a submitted code */
  | { kind: 'verdict'; ok: boolean };

export type DigitsEffect =
  | { kind: 'play'; prompts: string[] }
  | { kind: 'stop_prompt' }
  | { kind: 'arm_timer'; timer: 'first' | 'inter'; ms: number }
  | { kind: 'clear_timer' }
  /** look the code up (the collector waits for a verdict) */
  | { kind: 'submit'; code: string }
  /** a wrong, short or missing answer: attempt n of max */
  | { kind: 'attempt_failed'; attempt: number; reason: 'wrong' | 'short' | 'no_input' }
  | { kind: 'identified' }
  /** attempts exhausted: the caller is told and the IVR hangs up */
  | { kind: 'give_up' };

type State = 'idle' | 'prompting' | 'listening' | 'keying' | 'checking' | 'done';

export class DigitsCollector {
  private state: State = 'idle';
  private digits = '';
  private attempts = 0;
  private promptPlaying = false;

  constructor(
    private readonly q: DigitsQuestion,
    private readonly s: DigitsSettings,
  ) {}

  get done(): boolean {
    return this.state === 'done';
  }

  step(input: DigitsInput): DigitsEffect[] {
    if (this.state === 'done') return [];
    switch (input.kind) {
      case 'start':
        if (this.state !== 'idle') return [];
        return this.prompt(this.q.ask);
      case 'prompt_done':
        this.promptPlaying = false;
        if (this.state !== 'prompting') return [];
        this.state = 'listening';
        return [{ kind: 'arm_timer', timer: 'first', ms: this.s.firstDigitTimeoutMs }];
      case 'digit':
        return this.digit(input.digit);
      case 'timeout':
        if (input.timer === 'first' && this.state === 'listening') return this.fail('no_input');
        if (input.timer === 'inter' && this.state === 'keying') return this.q.terminated ? this.submit([]) : this.fail('short');
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

  private digit(d: string): DigitsEffect[] {
    if (this.state !== 'prompting' && this.state !== 'listening' && this.state !== 'keying') return [];
    const out: DigitsEffect[] = [];
    if (d === '*') {
      this.digits = '';
      return this.prompt(this.q.ask.slice(-1));
    }
    if (d === '#') {
      if (this.digits.length === 0 && this.state !== 'keying') return [];
      if (this.q.terminated && this.digits.length > 0) return this.submit(out);
      return this.fail('short');
    }
    if (!/^[0-9]$/.test(d)) return [];
    if (this.promptPlaying) {
      this.promptPlaying = false;
      out.push({ kind: 'stop_prompt' });
    }
    this.digits += d;
    this.state = 'keying';
    if (this.digits.length < this.q.length) {
      out.push({ kind: 'arm_timer', timer: 'inter', ms: this.s.interDigitTimeoutMs });
      return out;
    }
    return this.submit(out);
  }

  private submit(out: DigitsEffect[]): DigitsEffect[] {
    const code = this.digits;
    this.digits = '';
    this.state = 'checking';
    out.push({ kind: 'clear_timer' }, { kind: 'submit', code });
    return out;
  }

  private fail(reason: 'wrong' | 'short' | 'no_input'): DigitsEffect[] {
    this.attempts += 1;
    this.digits = '';
    const out: DigitsEffect[] = [{ kind: 'clear_timer' }, { kind: 'attempt_failed', attempt: this.attempts, reason }];
    if (this.attempts >= this.s.maxAttempts) {
      this.state = 'done';
      if (this.q.failed.length) out.push({ kind: 'play', prompts: this.q.failed });
      out.push({ kind: 'give_up' });
      return out;
    }
    return [...out, ...this.prompt(this.q.again)];
  }

  private prompt(prompts: string[]): DigitsEffect[] {
    const out: DigitsEffect[] = [];
    if (this.promptPlaying) out.push({ kind: 'stop_prompt' });
    this.state = 'prompting';
    this.promptPlaying = true;
    out.push({ kind: 'clear_timer' }, { kind: 'play', prompts });
    return out;
  }
}
