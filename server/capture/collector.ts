// The card entry state machine: DTMF in, prompts/timers/masked progress out, per-field rules and attempts; no timers, no I/O, never a digit in an effect.
import type { PromptName } from '../esl/contract.js';
import { BRANDS, type Brand, type ErrorCode, type Field, type PaymentEventData, type PaymentEventType } from '../payments/types.js';
import { DigitBuffer, MAX_PREFIX_DIGITS } from './digit-buffer.js';
import {
  checkCvv,
  checkExpiry,
  checkPan,
  classifyPrefix,
  expectedCvvLength,
  expectedPanLength,
  isPanCompleteAt,
  messageFor,
  panLengths,
} from './rules.js';

export interface CollectorSettings {
  /** After the prompt finished, wait this long for the first digit. */
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
  /** Failed attempts allowed per field before the capture fails. */
  maxAttempts: number;
  /** Merchant setting; when false the cvv field is skipped. */
  askCvv: boolean;
  allowedBrands: readonly Brand[];
  /** IANA zone the expiry is judged in. */
  timeZone: string;
  now: () => Date;
}

export const DEFAULT_COLLECTOR_SETTINGS: Readonly<CollectorSettings> = Object.freeze({
  firstDigitTimeoutMs: 10_000,
  interDigitTimeoutMs: 5_000,
  maxAttempts: 3,
  askCvv: true,
  allowedBrands: Object.freeze([...BRANDS]),
  timeZone: 'Asia/Tokyo',
  now: () => new Date(),
});

export type TimerName = 'first' | 'inter';

export type CollectorInput =
  | { kind: 'start' } // begin with the pan field
  | { kind: 'digit'; digit: string } // one DTMF: 0-9 * # (A-D and anything else ignored)
  | { kind: 'prompt_done' } // the last prompt finished playing (arm the first-digit timer now)
  | { kind: 'timeout'; timer: TimerName } // only for the timer armed last
  | { kind: 'rerequest'; field: Field } // operator asks for a field again (not an attempt)
  | { kind: 'cancel' };

export interface CollectedCard {
  pan: DigitBuffer;
  brand: Brand;
  last4: string;
  expMonth: number;
  expYear: number;
  cvv: DigitBuffer | null;
}

export type CollectorEffect =
  | { kind: 'play'; prompts: PromptName[] } // play in order to the customer
  | { kind: 'stop_prompt' } // stop the prompt playing to the customer
  | { kind: 'arm_timer'; timer: TimerName; ms: number } // replaces any armed timer
  | { kind: 'clear_timer' }
  | { kind: 'event'; type: PaymentEventType; data: PaymentEventData } // masked progress for the operator
  | { kind: 'complete'; card: CollectedCard } // all fields accepted; the buffers now belong to the caller
  | { kind: 'fail'; code: 'too_many_attempts' };

type FieldErrorCode = Extract<ErrorCode, 'invalid_number' | 'brand_not_accepted' | 'invalid_expiry' | 'card_expired' | 'invalid_cvv' | 'no_input'>;

const ERROR_PROMPT: Record<FieldErrorCode, PromptName> = {
  invalid_number: 'invalid',
  invalid_expiry: 'invalid',
  invalid_cvv: 'invalid',
  brand_not_accepted: 'brand-not-accepted',
  card_expired: 'card-expired',
  no_input: 'no-input',
};

/** Buffer sizes: longest PAN, MMYY, longest CVV. */
const CAPACITY: Record<Field, number> = { pan: 19, expiry: 4, cvv: 4 };

/** What the operator sees as "n of N" for a PAN: the brand's primary length, then the next length the brand issues. */
function panGoal(entered: number, brand: Brand | null): number {
  const primary = expectedPanLength(brand);
  if (entered <= primary) return primary;
  return panLengths(brand).find((length) => length >= entered) ?? entered;
}

function event(type: PaymentEventType, data: PaymentEventData): CollectorEffect {
  return { kind: 'event', type, data };
}

function checkSettings(s: CollectorSettings): void {
  if (!Number.isInteger(s.maxAttempts) || s.maxAttempts < 1) throw new RangeError('maxAttempts must be an integer ≥ 1');
  for (const key of ['firstDigitTimeoutMs', 'interDigitTimeoutMs'] as const) {
    if (!Number.isFinite(s[key]) || s[key] <= 0) throw new RangeError(`${key} must be a positive number of milliseconds`);
  }
  if (s.allowedBrands.length === 0) throw new RangeError('allowedBrands is empty: no card could be accepted');
  for (const brand of s.allowedBrands) {
    if (!BRANDS.includes(brand)) throw new RangeError(`allowedBrands has an unknown brand: ${String(brand)}`);
  }
  new Intl.DateTimeFormat('en-US', { timeZone: s.timeZone }); // throws RangeError for an unknown zone
}

/**
 * Collects pan → expiry → cvv (cvv only when askCvv) from DTMF. Feed it inputs with step(); carry out
 * the returned effects in order. It holds the digits in DigitBuffers until `complete` hands them over,
 * or wipes them on fail, cancel or wipe(). Once done, every input returns [].
 */
export class CardCollector {
  readonly #settings: CollectorSettings;
  readonly #fields: readonly Field[];
  #buffers: Record<Field, DigitBuffer> | null;
  /** Index of the current field in #fields; -1 before start. */
  #index = -1;
  #done = false;
  /** Failed attempts on the current field. */
  #failures = 0;
  /** Brand of the PAN keyed so far (null while unknown), then of the accepted PAN. */
  #brand: Brand | null = null;
  #last4: string | null = null;
  #expiry: { month: number; year: number } | null = null;
  /** Between a play effect and prompt_done (or the customer's first key). */
  #promptPlaying = false;
  #armed: TimerName | null = null;

  constructor(settings: Partial<CollectorSettings> = {}) {
    this.#settings = { ...DEFAULT_COLLECTOR_SETTINGS, ...settings };
    checkSettings(this.#settings);
    this.#fields = this.#settings.askCvv ? ['pan', 'expiry', 'cvv'] : ['pan', 'expiry'];
    this.#buffers = { pan: new DigitBuffer(CAPACITY.pan), expiry: new DigitBuffer(CAPACITY.expiry), cvv: new DigitBuffer(CAPACITY.cvv) };
  }

  /** The field being collected; null before start and once done. */
  get field(): Field | null {
    return this.#done || this.#index < 0 ? null : (this.#fields[this.#index] ?? null);
  }

  /** True after complete, fail, cancel or wipe(). */
  get done(): boolean {
    return this.#done;
  }

  step(input: CollectorInput): CollectorEffect[] {
    if (this.#done) return [];
    if (input.kind === 'cancel') {
      this.wipe();
      return [this.#clearTimer()];
    }
    if (input.kind === 'start') return this.#index < 0 ? this.#enter(0) : [];
    if (this.#index < 0) return [];
    switch (input.kind) {
      case 'digit':
        return this.#key(input.digit);
      case 'prompt_done':
        return this.#promptDone();
      case 'timeout':
        return this.#timeout(input.timer);
      case 'rerequest':
        return this.#rerequest(input.field);
    }
  }

  /** Zero-fills every buffer still held (not those handed over by `complete`) and ends collection. */
  wipe(): void {
    if (this.#buffers) for (const buffer of Object.values(this.#buffers)) buffer.wipe();
    this.#buffers = null;
    this.#done = true;
    this.#brand = null;
    this.#last4 = null;
    this.#expiry = null;
  }

  get #current(): Field {
    const field = this.#fields[this.#index];
    if (!field) throw new Error('CardCollector has no current field');
    return field;
  }

  #buffer(field: Field): DigitBuffer {
    if (!this.#buffers) throw new Error('CardCollector no longer holds card digits');
    return this.#buffers[field];
  }

  #expected(field: Field): number {
    switch (field) {
      case 'pan':
        return panGoal(this.#buffer('pan').length, this.#brand);
      case 'expiry':
        return 4;
      case 'cvv':
        return expectedCvvLength(this.#brand);
    }
  }

  #fieldPrompt(field: Field): PromptName {
    if (field === 'pan') return 'card-number';
    if (field === 'expiry') return 'expiry';
    return this.#brand === 'american-express' ? 'security-code-amex' : 'security-code';
  }

  #play(prompts: PromptName[]): CollectorEffect[] {
    const effects: CollectorEffect[] = this.#promptPlaying ? [{ kind: 'stop_prompt' }] : [];
    this.#promptPlaying = true;
    return [...effects, { kind: 'play', prompts }];
  }

  #clearTimer(): CollectorEffect {
    this.#armed = null;
    return { kind: 'clear_timer' };
  }

  #arm(timer: TimerName): CollectorEffect {
    this.#armed = timer;
    const ms = timer === 'first' ? this.#settings.firstDigitTimeoutMs : this.#settings.interDigitTimeoutMs;
    return { kind: 'arm_timer', timer, ms };
  }

  /** Empties a field; emptying the PAN forgets its brand. */
  #empty(field: Field): void {
    this.#buffer(field).clear();
    if (field === 'pan') {
      this.#brand = null;
      this.#last4 = null;
    }
    if (field === 'expiry') this.#expiry = null;
  }

  /** field_prompt for the current field (attempt = failures + 1) and its prompt after `leading`. */
  #ask(leading: PromptName[]): CollectorEffect[] {
    const field = this.#current;
    return [
      event('field_prompt', { field, attempt: this.#failures + 1, maxAttempts: this.#settings.maxAttempts, expected: this.#expected(field) }),
      ...this.#play([...leading, this.#fieldPrompt(field)]),
    ];
  }

  #enter(index: number): CollectorEffect[] {
    this.#index = index;
    this.#failures = 0;
    return this.#ask([]);
  }

  #key(digit: string): CollectorEffect[] {
    const field = this.#current;
    const buffer = this.#buffer(field);
    if (digit === '*') {
      this.#empty(field);
      return [this.#clearTimer(), event('field_cleared', { field, entered: 0, expected: this.#expected(field) }), ...this.#ask([])];
    }
    if (digit === '#') return buffer.length === 0 ? this.#reject('no_input') : this.#validate();
    if (digit.length !== 1 || digit < '0' || digit > '9') return [];

    const effects: CollectorEffect[] = [];
    if (this.#promptPlaying) {
      this.#promptPlaying = false;
      effects.push({ kind: 'stop_prompt' });
    }
    buffer.push(digit);
    const refused = field === 'pan' ? this.#screenPanPrefix() : null;
    const complete = !refused && this.#isComplete(field);
    if (!refused && !complete) effects.push(this.#arm('inter'));
    const data: PaymentEventData = { field, entered: buffer.length, expected: this.#expected(field) };
    if (field === 'pan' && this.#brand) data.brand = this.#brand;
    effects.push(event('digit', data));
    if (refused) return [...effects, ...this.#reject(refused)];
    if (complete) return [...effects, ...this.#validate()];
    return effects;
  }

  /** Updates the brand from the PAN's first digits; refuses at once a number no card starts with or a brand not taken. */
  #screenPanPrefix(): 'invalid_number' | 'brand_not_accepted' | null {
    const pan = this.#buffer('pan');
    if (pan.length > MAX_PREFIX_DIGITS) return null;
    const prefix = classifyPrefix(pan.prefix(MAX_PREFIX_DIGITS));
    this.#brand = prefix.kind === 'brand' ? prefix.brand : null;
    if (prefix.kind === 'no_card') return 'invalid_number';
    if (prefix.kind === 'other_brand') return 'brand_not_accepted';
    if (prefix.kind === 'brand' && !this.#settings.allowedBrands.includes(prefix.brand)) return 'brand_not_accepted';
    return null;
  }

  #isComplete(field: Field): boolean {
    const buffer = this.#buffer(field);
    if (field !== 'pan') return buffer.length === this.#expected(field);
    return buffer.length >= expectedPanLength(this.#brand) && isPanCompleteAt(buffer.reveal(), this.#brand);
  }

  #validate(): CollectorEffect[] {
    const field = this.#current;
    const digits = this.#buffer(field).reveal();
    switch (field) {
      case 'pan': {
        const pan = checkPan(digits, this.#settings.allowedBrands);
        if (!pan.ok) return this.#reject(pan.code);
        this.#brand = pan.brand;
        this.#last4 = pan.last4;
        return this.#accept({ last4: pan.last4 });
      }
      case 'expiry': {
        const expiry = checkExpiry(digits, this.#settings.now(), this.#settings.timeZone);
        if (!expiry.ok) return this.#reject(expiry.code);
        this.#expiry = { month: expiry.month, year: expiry.year };
        return this.#accept({});
      }
      case 'cvv': {
        const cvv = checkCvv(digits, this.#brand);
        return cvv.ok ? this.#accept({}) : this.#reject(cvv.code);
      }
    }
  }

  #accept(extra: PaymentEventData): CollectorEffect[] {
    const field = this.#current;
    const entered = this.#buffer(field).length;
    const effects: CollectorEffect[] = [
      this.#clearTimer(),
      event('field_complete', { field, ...(this.#brand ? { brand: this.#brand } : {}), ...extra, entered, expected: entered }),
    ];
    if (this.#index + 1 < this.#fields.length) return [...effects, ...this.#enter(this.#index + 1)];
    return [...effects, this.#handOver()];
  }

  #handOver(): CollectorEffect {
    const buffers = this.#buffers;
    if (!buffers || !this.#brand || !this.#last4 || !this.#expiry) throw new Error('CardCollector completed without an accepted pan and expiry');
    const card: CollectedCard = {
      pan: buffers.pan,
      brand: this.#brand,
      last4: this.#last4,
      expMonth: this.#expiry.month,
      expYear: this.#expiry.year,
      cvv: this.#settings.askCvv ? buffers.cvv : null,
    };
    if (!this.#settings.askCvv) buffers.cvv.wipe();
    buffers.expiry.wipe(); // month/year travel as numbers in the card
    this.#buffers = null; // the caller owns pan and cvv now
    this.#done = true;
    return { kind: 'complete', card };
  }

  #reject(code: FieldErrorCode): CollectorEffect[] {
    const field = this.#current;
    const maxAttempts = this.#settings.maxAttempts;
    this.#failures++;
    this.#empty(field);
    const effects: CollectorEffect[] = [
      this.#clearTimer(),
      event('field_error', { field, attempt: this.#failures, maxAttempts, error: { code, message: messageFor(code, 'en') } }),
    ];
    if (this.#failures < maxAttempts) return [...effects, ...this.#ask([ERROR_PROMPT[code]])];
    effects.push(
      ...this.#play(['too-many-attempts']),
      event('field_error', {
        field,
        attempt: this.#failures,
        maxAttempts,
        error: { code: 'too_many_attempts', message: messageFor('too_many_attempts', 'en') },
      }),
      { kind: 'fail', code: 'too_many_attempts' },
    );
    this.wipe();
    return effects;
  }

  #promptDone(): CollectorEffect[] {
    if (!this.#promptPlaying) return [];
    this.#promptPlaying = false;
    return [this.#arm('first')];
  }

  #timeout(timer: TimerName): CollectorEffect[] {
    if (timer !== this.#armed) return []; // stale: replaced or cleared since
    this.#armed = null;
    return timer === 'first' ? this.#reject('no_input') : this.#validate();
  }

  #rerequest(field: Field): CollectorEffect[] {
    const index = this.#fields.indexOf(field);
    if (index < 0 || index > this.#index) return [];
    for (const later of this.#fields.slice(index)) this.#empty(later);
    this.#index = index;
    this.#failures = 0;
    return [this.#clearTimer(), event('field_cleared', { field, entered: 0, expected: this.#expected(field) }), ...this.#ask([])];
  }
}
