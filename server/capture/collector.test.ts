// Tests the card entry state machine: field order, prompts, timers, attempts, re-requests, cancel, and that no effect carries card digits.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Brand, Field } from '../payments/types.js';
import { CardCollector, DEFAULT_COLLECTOR_SETTINGS, type CollectorEffect, type CollectorSettings } from './collector.js';
import { DigitBuffer } from './digit-buffer.js';
import { messageFor } from './rules.js';

const NOW = new Date('2025-04-15T03:00:00Z');
const VISA = '4111111111111111';
const AMEX = '378282246310005';
const EXPIRY = '0731'; // July 2031
const CVV = '737';

function make(settings: Partial<CollectorSettings> = {}): CardCollector {
  return new CardCollector({ now: () => NOW, ...settings });
}

function feed(c: CardCollector, keys: string): CollectorEffect[] {
  return [...keys].flatMap((digit) => c.step({ kind: 'digit', digit }));
}

/** A collector that has prompted for the PAN and heard the prompt end. */
function listening(settings: Partial<CollectorSettings> = {}): CardCollector {
  const c = make(settings);
  c.step({ kind: 'start' });
  c.step({ kind: 'prompt_done' });
  return c;
}

function events(effects: CollectorEffect[]) {
  return effects.flatMap((e) => (e.kind === 'event' ? [{ type: e.type, ...e.data }] : []));
}

function last<T>(list: T[]): T | undefined {
  return list[list.length - 1];
}

function completed(effects: CollectorEffect[]) {
  const effect = effects.find((e) => e.kind === 'complete');
  if (!effect || effect.kind !== 'complete') throw new Error('no complete effect');
  return effect.card;
}

/** Appends the Luhn check digit (independent of card-validator). */
function withCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const fieldPrompt = (field: Field, attempt: number, expected: number) => ({
  kind: 'event',
  type: 'field_prompt',
  data: { field, attempt, maxAttempts: 3, expected },
});

const fieldError = (field: Field, code: Parameters<typeof messageFor>[0], attempt: number) => ({
  kind: 'event',
  type: 'field_error',
  data: { field, attempt, maxAttempts: 3, error: { code, message: messageFor(code, 'en') } },
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('settings', () => {
  it('has sensible defaults', () => {
    expect(DEFAULT_COLLECTOR_SETTINGS).toMatchObject({
      firstDigitTimeoutMs: 10_000,
      interDigitTimeoutMs: 5_000,
      maxAttempts: 3,
      askCvv: true,
      timeZone: 'Asia/Tokyo',
      allowedBrands: ['visa', 'mastercard', 'american-express', 'jcb', 'diners-club', 'discover', 'unionpay', 'maestro'],
    });
    expect(DEFAULT_COLLECTOR_SETTINGS.now()).toBeInstanceOf(Date);
    expect(Object.isFrozen(DEFAULT_COLLECTOR_SETTINGS)).toBe(true);
  });

  it.each([
    [{ maxAttempts: 0 }, /maxAttempts/],
    [{ maxAttempts: 1.5 }, /maxAttempts/],
    [{ firstDigitTimeoutMs: 0 }, /firstDigitTimeoutMs/],
    [{ interDigitTimeoutMs: Number.NaN }, /interDigitTimeoutMs/],
    [{ allowedBrands: [] }, /allowedBrands is empty/],
    [{ allowedBrands: ['visa', 'mir' as Brand] }, /unknown brand: mir/],
    [{ timeZone: 'Not/AZone' }, /time zone/i],
  ] as Array<[Partial<CollectorSettings>, RegExp]>)('refuses %j', (settings, message) => {
    expect(() => make(settings)).toThrow(message);
  });
});

describe('before start', () => {
  it('ignores everything but start and cancel', () => {
    const c = make();
    expect(c.field).toBeNull();
    expect(c.done).toBe(false);
    expect(c.step({ kind: 'digit', digit: '4' })).toEqual([]);
    expect(c.step({ kind: 'prompt_done' })).toEqual([]);
    expect(c.step({ kind: 'timeout', timer: 'first' })).toEqual([]);
    expect(c.step({ kind: 'rerequest', field: 'pan' })).toEqual([]);
    expect(c.field).toBeNull();
  });

  it('start prompts for the card number', () => {
    const c = make();
    expect(c.step({ kind: 'start' })).toEqual([fieldPrompt('pan', 1, 16), { kind: 'play', prompts: ['card-number'] }]);
    expect(c.field).toBe('pan');
  });

  it('a second start changes nothing', () => {
    const c = listening();
    feed(c, '4111');
    expect(c.step({ kind: 'start' })).toEqual([]);
    expect(events(feed(c, '111111111111')).at(-2)).toMatchObject({ type: 'field_complete', field: 'pan' });
  });
});

describe('prompts and timers', () => {
  it('prompt_done arms the first-digit timer once', () => {
    const c = make({ firstDigitTimeoutMs: 7000 });
    c.step({ kind: 'start' });
    expect(c.step({ kind: 'prompt_done' })).toEqual([{ kind: 'arm_timer', timer: 'first', ms: 7000 }]);
    expect(c.step({ kind: 'prompt_done' })).toEqual([]);
  });

  it('the first key during a prompt stops it and arms the inter-digit timer', () => {
    const c = make({ interDigitTimeoutMs: 4000 });
    c.step({ kind: 'start' });
    expect(feed(c, '4')).toEqual([
      { kind: 'stop_prompt' },
      { kind: 'arm_timer', timer: 'inter', ms: 4000 },
      { kind: 'event', type: 'digit', data: { field: 'pan', entered: 1, expected: 16 } },
    ]);
    expect(c.step({ kind: 'prompt_done' })).toEqual([]); // the stopped prompt's end arms nothing
  });

  it('after the prompt ended, a key only re-arms the inter-digit timer', () => {
    const c = listening();
    expect(feed(c, '4')).toEqual([
      { kind: 'arm_timer', timer: 'inter', ms: 5000 },
      { kind: 'event', type: 'digit', data: { field: 'pan', entered: 1, expected: 16 } },
    ]);
  });

  it('first-digit timeout is no input: counts an attempt and asks again', () => {
    const c = listening();
    expect(c.step({ kind: 'timeout', timer: 'first' })).toEqual([
      { kind: 'clear_timer' },
      fieldError('pan', 'no_input', 1),
      fieldPrompt('pan', 2, 16),
      { kind: 'play', prompts: ['no-input', 'card-number'] },
    ]);
  });

  it('ignores a timeout for a timer not armed (stale)', () => {
    const c = make();
    c.step({ kind: 'start' });
    expect(c.step({ kind: 'timeout', timer: 'first' })).toEqual([]); // prompt still playing
    c.step({ kind: 'prompt_done' });
    expect(c.step({ kind: 'timeout', timer: 'inter' })).toEqual([]);
    feed(c, '41');
    expect(c.step({ kind: 'timeout', timer: 'first' })).toEqual([]);
    feed(c, '*');
    expect(c.step({ kind: 'timeout', timer: 'inter' })).toEqual([]);
  });

  it('inter-digit timeout with digits validates what was keyed', () => {
    const c = listening();
    feed(c, '4111');
    expect(c.step({ kind: 'timeout', timer: 'inter' })).toEqual([
      { kind: 'clear_timer' },
      fieldError('pan', 'invalid_number', 1),
      fieldPrompt('pan', 2, 16),
      { kind: 'play', prompts: ['invalid', 'card-number'] },
    ]);
  });

  it('a timeout fires only once', () => {
    const c = listening();
    feed(c, '4111');
    c.step({ kind: 'timeout', timer: 'inter' });
    expect(c.step({ kind: 'timeout', timer: 'inter' })).toEqual([]);
  });

  it('ignores A-D and anything that is not one DTMF key', () => {
    const c = listening();
    for (const key of ['A', 'B', 'C', 'D', 'a', 'x', '', '41', ' ']) expect(c.step({ kind: 'digit', digit: key })).toEqual([]);
    expect(events(feed(c, '4'))).toEqual([{ type: 'digit', field: 'pan', entered: 1, expected: 16 }]);
  });
});

describe('card number', () => {
  it('reports the brand once detectable, and 15 expected once Amex shows', () => {
    const c = listening();
    expect(events(feed(c, '3'))).toEqual([{ type: 'digit', field: 'pan', entered: 1, expected: 16 }]);
    expect(events(feed(c, '7'))).toEqual([{ type: 'digit', field: 'pan', entered: 2, expected: 15, brand: 'american-express' }]);
  });

  it('ends by itself at 16 Luhn-valid digits and moves to the expiry', () => {
    const c = listening();
    feed(c, VISA.slice(0, 15));
    expect(feed(c, VISA.slice(15))).toEqual([
      { kind: 'event', type: 'digit', data: { field: 'pan', entered: 16, expected: 16, brand: 'visa' } },
      { kind: 'clear_timer' },
      { kind: 'event', type: 'field_complete', data: { field: 'pan', brand: 'visa', last4: '1111', entered: 16, expected: 16 } },
      fieldPrompt('expiry', 1, 4),
      { kind: 'play', prompts: ['expiry'] },
    ]);
    expect(c.field).toBe('expiry');
  });

  it('ends an Amex at 15 and a Diners at 14', () => {
    const amex = listening();
    expect(events(feed(amex, AMEX)).at(-2)).toMatchObject({ type: 'field_complete', brand: 'american-express', last4: '0005', entered: 15 });
    const diners = listening();
    expect(events(feed(diners, '30569309025904')).at(-2)).toMatchObject({ type: 'field_complete', brand: 'diners-club', entered: 14 });
  });

  it('keeps listening after 16 digits that fail Luhn when the brand has longer numbers; # then rejects', () => {
    const c = listening();
    const effects = feed(c, '4111111111111112');
    expect(last(effects)).toEqual({ kind: 'event', type: 'digit', data: { field: 'pan', entered: 16, expected: 16, brand: 'visa' } });
    expect(effects.at(-2)).toEqual({ kind: 'arm_timer', timer: 'inter', ms: 5000 });
    expect(feed(c, '#')).toEqual([
      { kind: 'clear_timer' },
      fieldError('pan', 'invalid_number', 1),
      fieldPrompt('pan', 2, 16),
      { kind: 'play', prompts: ['invalid', 'card-number'] },
    ]);
  });

  it('takes a 19-digit Visa, showing 18 then 19 as expected', () => {
    const visa19 = withCheckDigit('411111111111111200');
    const c = listening();
    feed(c, visa19.slice(0, 16));
    expect(events(feed(c, visa19.slice(16, 17)))).toEqual([{ type: 'digit', field: 'pan', entered: 17, expected: 18, brand: 'visa' }]);
    expect(events(feed(c, visa19.slice(17, 18)))).toEqual([{ type: 'digit', field: 'pan', entered: 18, expected: 18, brand: 'visa' }]);
    expect(events(feed(c, visa19.slice(18)))).toEqual([
      { type: 'digit', field: 'pan', entered: 19, expected: 19, brand: 'visa' },
      { type: 'field_complete', field: 'pan', brand: 'visa', last4: visa19.slice(-4), entered: 19, expected: 19 },
      { type: 'field_prompt', field: 'expiry', attempt: 1, maxAttempts: 3, expected: 4 },
    ]);
  });

  it('takes a shorter valid number on #', () => {
    const visa18 = withCheckDigit('41111111111111120');
    const c = listening();
    feed(c, visa18);
    expect(events(feed(c, '#'))[0]).toMatchObject({ type: 'field_complete', field: 'pan', entered: 18 });
  });

  it('rejects a Mastercard at 16 digits with a wrong check digit right away (no longer numbers exist)', () => {
    const c = listening();
    expect(events(feed(c, '5555555555554445')).slice(-2)).toEqual([
      { type: 'field_error', field: 'pan', attempt: 1, maxAttempts: 3, error: { code: 'invalid_number', message: messageFor('invalid_number') } },
      { type: 'field_prompt', field: 'pan', attempt: 2, maxAttempts: 3, expected: 16 },
    ]);
  });

  it('refuses a brand the merchant does not take as soon as it shows', () => {
    const c = listening({ allowedBrands: ['visa', 'mastercard'] });
    feed(c, '3');
    expect(feed(c, '7')).toEqual([
      { kind: 'event', type: 'digit', data: { field: 'pan', entered: 2, expected: 15, brand: 'american-express' } },
      { kind: 'clear_timer' },
      fieldError('pan', 'brand_not_accepted', 1),
      fieldPrompt('pan', 2, 16),
      { kind: 'play', prompts: ['brand-not-accepted', 'card-number'] },
    ]);
    expect(events(feed(c, VISA)).at(-2)).toMatchObject({ type: 'field_complete', brand: 'visa' });
  });

  it('refuses a brand ivrpay cannot take at its first digit (Troy starts with 9)', () => {
    const c = listening();
    expect(events(feed(c, '9')).map((e) => e.type === 'field_error' && e.error?.code)).toContain('brand_not_accepted');
  });

  it('refuses a number no card starts with at its first digit', () => {
    const c = listening();
    expect(events(feed(c, '0'))).toEqual([
      { type: 'digit', field: 'pan', entered: 1, expected: 16 },
      { type: 'field_error', field: 'pan', attempt: 1, maxAttempts: 3, error: { code: 'invalid_number', message: messageFor('invalid_number') } },
      { type: 'field_prompt', field: 'pan', attempt: 2, maxAttempts: 3, expected: 16 },
    ]);
  });

  it('* clears the field and asks again without counting an attempt', () => {
    const c = listening({ maxAttempts: 1 });
    feed(c, '4111');
    expect(feed(c, '*')).toEqual([
      { kind: 'clear_timer' },
      { kind: 'event', type: 'field_cleared', data: { field: 'pan', entered: 0, expected: 16 } },
      { kind: 'event', type: 'field_prompt', data: { field: 'pan', attempt: 1, maxAttempts: 1, expected: 16 } },
      { kind: 'play', prompts: ['card-number'] },
    ]);
    feed(c, '*');
    expect(events(feed(c, VISA)).at(-2)).toMatchObject({ type: 'field_complete', field: 'pan', last4: '1111' });
  });

  it('* during a prompt stops it before prompting again', () => {
    const c = make();
    c.step({ kind: 'start' });
    expect(feed(c, '*').slice(-2)).toEqual([{ kind: 'stop_prompt' }, { kind: 'play', prompts: ['card-number'] }]);
  });

  it('# with nothing keyed is no input; during a prompt it stops the prompt first', () => {
    const c = make();
    c.step({ kind: 'start' });
    expect(feed(c, '#')).toEqual([
      { kind: 'clear_timer' },
      fieldError('pan', 'no_input', 1),
      fieldPrompt('pan', 2, 16),
      { kind: 'stop_prompt' },
      { kind: 'play', prompts: ['no-input', 'card-number'] },
    ]);
  });

  it('after a rejected prefix the brand is forgotten', () => {
    const c = listening({ allowedBrands: ['visa'] });
    feed(c, '37');
    expect(events(feed(c, '4'))).toEqual([{ type: 'digit', field: 'pan', entered: 1, expected: 16 }]);
  });
});

describe('expiry and security code', () => {
  function atExpiry(settings: Partial<CollectorSettings> = {}, pan = VISA): CardCollector {
    const c = listening(settings);
    feed(c, pan);
    c.step({ kind: 'prompt_done' });
    return c;
  }

  it('expiry ends at 4 digits and asks for the 3-digit security code', () => {
    const c = atExpiry();
    expect(events(feed(c, EXPIRY))).toEqual([
      { type: 'digit', field: 'expiry', entered: 1, expected: 4 },
      { type: 'digit', field: 'expiry', entered: 2, expected: 4 },
      { type: 'digit', field: 'expiry', entered: 3, expected: 4 },
      { type: 'digit', field: 'expiry', entered: 4, expected: 4 },
      { type: 'field_complete', field: 'expiry', brand: 'visa', entered: 4, expected: 4 },
      { type: 'field_prompt', field: 'cvv', attempt: 1, maxAttempts: 3, expected: 3 },
    ]);
    expect(c.field).toBe('cvv');
  });

  it('asks an Amex for the 4-digit code with its own prompt', () => {
    const c = atExpiry({}, AMEX);
    const effects = feed(c, EXPIRY);
    expect(last(effects)).toEqual({ kind: 'play', prompts: ['security-code-amex'] });
    expect(effects.at(-2)).toEqual(fieldPrompt('cvv', 1, 4));
    c.step({ kind: 'prompt_done' });
    expect(events(feed(c, '737'))).toHaveLength(3);
    expect(completed(feed(c, '3')).cvv?.reveal()).toBe('7373');
  });

  it('rejects an impossible month', () => {
    const c = atExpiry();
    expect(feed(c, '1331').slice(-3)).toEqual([fieldError('expiry', 'invalid_expiry', 1), fieldPrompt('expiry', 2, 4), { kind: 'play', prompts: ['invalid', 'expiry'] }]);
  });

  it('rejects an expired card with its own prompt', () => {
    const c = atExpiry();
    expect(feed(c, '0325').slice(-3)).toEqual([fieldError('expiry', 'card_expired', 1), fieldPrompt('expiry', 2, 4), { kind: 'play', prompts: ['card-expired', 'expiry'] }]);
  });

  it('judges the expiry in the configured time zone', () => {
    const endOfMarchUtc = new Date('2025-03-31T15:30:00Z'); // already April in Tokyo
    const tokyo = atExpiry({ now: () => endOfMarchUtc });
    expect(events(feed(tokyo, '0325'))[4]).toMatchObject({ type: 'field_error', error: { code: 'card_expired' } });
    const utc = atExpiry({ now: () => endOfMarchUtc, timeZone: 'UTC' });
    expect(events(feed(utc, '0325'))[4]).toMatchObject({ type: 'field_complete', field: 'expiry' });
  });

  it('an expiry cut short by # or by the inter-digit timeout is invalid', () => {
    const c = atExpiry();
    feed(c, '07');
    expect(feed(c, '#')[1]).toEqual(fieldError('expiry', 'invalid_expiry', 1));
    feed(c, '073');
    expect(c.step({ kind: 'timeout', timer: 'inter' })[1]).toEqual(fieldError('expiry', 'invalid_expiry', 2));
  });

  it('a short security code is invalid', () => {
    const c = atExpiry();
    feed(c, EXPIRY);
    feed(c, '73');
    expect(feed(c, '#').slice(1)).toEqual([
      fieldError('cvv', 'invalid_cvv', 1),
      fieldPrompt('cvv', 2, 3),
      { kind: 'play', prompts: ['invalid', 'security-code'] },
    ]);
  });
});

describe('completion', () => {
  it('hands over the card after the last field, with the timer cleared', () => {
    const c = listening();
    feed(c, VISA + EXPIRY + CVV.slice(0, 2));
    const effects = feed(c, CVV.slice(2));
    expect(effects.slice(0, 3)).toEqual([
      { kind: 'event', type: 'digit', data: { field: 'cvv', entered: 3, expected: 3 } },
      { kind: 'clear_timer' },
      { kind: 'event', type: 'field_complete', data: { field: 'cvv', brand: 'visa', entered: 3, expected: 3 } },
    ]);
    expect(effects).toHaveLength(4);
    const card = completed(effects);
    expect(card.pan.reveal()).toBe(VISA);
    expect(card.cvv?.reveal()).toBe(CVV);
    expect({ brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear }).toEqual({
      brand: 'visa',
      last4: '1111',
      expMonth: 7,
      expYear: 2031,
    });
    expect(c.done).toBe(true);
    expect(c.field).toBeNull();
  });

  it('skips the security code when the merchant does not ask for it', () => {
    const c = listening({ askCvv: false });
    feed(c, VISA);
    expect(c.step({ kind: 'rerequest', field: 'cvv' })).toEqual([]);
    const card = completed(feed(c, EXPIRY));
    expect(card.cvv).toBeNull();
    expect(card.pan.reveal()).toBe(VISA);
  });

  it('is deaf after completion, and wipe() leaves the handed-over buffers to the caller', () => {
    const c = listening();
    const card = completed(feed(c, VISA + EXPIRY + CVV));
    const inputs = [
      { kind: 'start' },
      { kind: 'digit', digit: '1' },
      { kind: 'digit', digit: '*' },
      { kind: 'prompt_done' },
      { kind: 'timeout', timer: 'inter' },
      { kind: 'rerequest', field: 'pan' },
      { kind: 'cancel' },
    ] as const;
    for (const input of inputs) expect(c.step(input)).toEqual([]);
    c.wipe();
    expect(card.pan.reveal()).toBe(VISA);
  });

  it('wipes the expiry buffer (the card carries month and year as numbers) and the unused cvv buffer', () => {
    const wipe = vi.spyOn(DigitBuffer.prototype, 'wipe');
    const c = listening({ askCvv: false });
    feed(c, VISA + EXPIRY);
    expect(wipe).toHaveBeenCalledTimes(2);
  });
});

describe('attempts', () => {
  it('counts attempts per field and says attempt n+1 when asking again', () => {
    const c = listening();
    feed(c, '#');
    feed(c, '#');
    feed(c, VISA); // third attempt succeeds
    expect(events(feed(c, '#'))).toEqual([
      { type: 'field_error', field: 'expiry', attempt: 1, maxAttempts: 3, error: { code: 'no_input', message: messageFor('no_input') } },
      { type: 'field_prompt', field: 'expiry', attempt: 2, maxAttempts: 3, expected: 4 },
    ]);
  });

  it('fails after maxAttempts on one field and wipes everything', () => {
    const wipe = vi.spyOn(DigitBuffer.prototype, 'wipe');
    const c = listening();
    feed(c, VISA);
    feed(c, '1331');
    feed(c, '0325');
    c.step({ kind: 'prompt_done' });
    const inter = { kind: 'arm_timer', timer: 'inter', ms: 5000 };
    expect(feed(c, '9999')).toEqual([
      inter,
      { kind: 'event', type: 'digit', data: { field: 'expiry', entered: 1, expected: 4 } },
      inter,
      { kind: 'event', type: 'digit', data: { field: 'expiry', entered: 2, expected: 4 } },
      inter,
      { kind: 'event', type: 'digit', data: { field: 'expiry', entered: 3, expected: 4 } },
      { kind: 'event', type: 'digit', data: { field: 'expiry', entered: 4, expected: 4 } },
      { kind: 'clear_timer' },
      fieldError('expiry', 'invalid_expiry', 3),
      { kind: 'play', prompts: ['too-many-attempts'] },
      fieldError('expiry', 'too_many_attempts', 3),
      { kind: 'fail', code: 'too_many_attempts' },
    ]);
    expect(wipe).toHaveBeenCalledTimes(3);
    expect(c.done).toBe(true);
    expect(c.field).toBeNull();
    expect(c.step({ kind: 'prompt_done' })).toEqual([]);
    expect(feed(c, '1')).toEqual([]);
  });

  it('fails on the first error with maxAttempts 1, stopping a prompt still playing', () => {
    const c = make({ maxAttempts: 1 });
    c.step({ kind: 'start' });
    expect(feed(c, '#').map((e) => e.kind)).toEqual(['clear_timer', 'event', 'stop_prompt', 'play', 'event', 'fail']);
  });
});

describe('re-request by the operator', () => {
  it('re-requests the card number from the security code: everything after it starts over', () => {
    const c = listening();
    feed(c, VISA + EXPIRY + '7');
    expect(c.step({ kind: 'rerequest', field: 'pan' })).toEqual([
      { kind: 'clear_timer' },
      { kind: 'event', type: 'field_cleared', data: { field: 'pan', entered: 0, expected: 16 } },
      fieldPrompt('pan', 1, 16),
      { kind: 'play', prompts: ['card-number'] },
    ]);
    expect(c.field).toBe('pan');
    const card = completed(feed(c, '5555555555554444' + '1230' + '123'));
    expect(card.pan.reveal()).toBe('5555555555554444');
    expect(card).toMatchObject({ brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2030 });
    expect(card.cvv?.reveal()).toBe('123');
  });

  it('re-requesting the expiry keeps the card number', () => {
    const c = listening();
    feed(c, AMEX + EXPIRY);
    expect(events(c.step({ kind: 'rerequest', field: 'expiry' }))).toEqual([
      { type: 'field_cleared', field: 'expiry', entered: 0, expected: 4 },
      { type: 'field_prompt', field: 'expiry', attempt: 1, maxAttempts: 3, expected: 4 },
    ]);
    const card = completed(feed(c, '0930' + '1234'));
    expect(card.pan.reveal()).toBe(AMEX);
    expect(card).toMatchObject({ brand: 'american-express', expMonth: 9, expYear: 2030 });
  });

  it('re-requesting the current field resets its attempts', () => {
    const c = listening();
    feed(c, '##');
    expect(c.step({ kind: 'rerequest', field: 'pan' })[2]).toEqual(fieldPrompt('pan', 1, 16));
    feed(c, '##');
    expect(c.done).toBe(false);
    expect(events(feed(c, '#')).at(-1)).toMatchObject({ type: 'field_error', error: { code: 'too_many_attempts' } });
  });

  it('stops a prompt still playing before playing the field prompt', () => {
    const c = make();
    c.step({ kind: 'start' });
    expect(c.step({ kind: 'rerequest', field: 'pan' }).slice(-2)).toEqual([{ kind: 'stop_prompt' }, { kind: 'play', prompts: ['card-number'] }]);
  });

  it('a field not reached yet is a no-op', () => {
    const c = listening();
    feed(c, '4111');
    expect(c.step({ kind: 'rerequest', field: 'expiry' })).toEqual([]);
    expect(c.step({ kind: 'rerequest', field: 'cvv' })).toEqual([]);
    expect(events(feed(c, VISA.slice(4))).at(-2)).toMatchObject({ type: 'field_complete', field: 'pan' });
  });
});

describe('cancel and wipe', () => {
  it('cancel wipes and clears the timer; later input is ignored', () => {
    const wipe = vi.spyOn(DigitBuffer.prototype, 'wipe');
    const c = listening();
    feed(c, VISA + '07');
    expect(c.step({ kind: 'cancel' })).toEqual([{ kind: 'clear_timer' }]);
    expect(wipe).toHaveBeenCalledTimes(3);
    expect(c.done).toBe(true);
    expect(c.field).toBeNull();
    expect(c.step({ kind: 'cancel' })).toEqual([]);
    expect(c.step({ kind: 'start' })).toEqual([]);
  });

  it('cancel before start', () => {
    const c = make();
    expect(c.step({ kind: 'cancel' })).toEqual([{ kind: 'clear_timer' }]);
    expect(c.step({ kind: 'start' })).toEqual([]);
  });

  it('wipe() ends collection', () => {
    const wipe = vi.spyOn(DigitBuffer.prototype, 'wipe');
    const c = listening();
    feed(c, '4111');
    c.wipe();
    expect(wipe).toHaveBeenCalledTimes(3);
    expect(c.done).toBe(true);
    expect(feed(c, '1')).toEqual([]);
    c.wipe();
  });
});

describe('no card digits in any effect', () => {
  const cards: Array<[string, string, Brand, string]> = [
    ['Visa', '4111111111111111', 'visa', '737'],
    ['Visa', '4242424242424242', 'visa', '737'],
    ['Mastercard', '5555555555554444', 'mastercard', '737'],
    ['Mastercard 2-series', '2223003122003222', 'mastercard', '737'],
    ['Amex', '378282246310005', 'american-express', '7373'],
    ['JCB', '3530111333300000', 'jcb', '737'],
    ['JCB', '3566002020360505', 'jcb', '737'],
    ['Diners', '30569309025904', 'diners-club', '737'],
    ['Diners', '36227206271667', 'diners-club', '737'],
    ['Discover', '6011111111111117', 'discover', '737'],
    ['Discover', '6011000990139424', 'discover', '737'],
  ];

  function assertMasked(json: string, pan: string, cvv: string): void {
    for (let i = 0; i + 6 <= pan.length; i++) expect(json).not.toContain(pan.slice(i, i + 6));
    expect(json).not.toContain(EXPIRY);
    expect(json).not.toContain(cvv);
  }

  it.each(cards)('%s %s', (_name, pan, brand, cvv) => {
    const c = make();
    const effects = [
      ...c.step({ kind: 'start' }),
      ...c.step({ kind: 'prompt_done' }),
      // a wrong first attempt of each field, a * mid-way, then the right values
      ...feed(c, pan.slice(0, 8) + '*' + pan.slice(0, -1) + '#'),
      ...feed(c, pan),
      ...feed(c, '07*'),
      ...c.step({ kind: 'rerequest', field: 'pan' }),
      ...feed(c, pan + EXPIRY),
      ...feed(c, cvv.slice(0, 2) + '#'),
      ...feed(c, cvv),
    ];
    const card = completed(effects);
    expect(card.brand).toBe(brand);
    expect(card.pan.reveal()).toBe(pan);
    expect(card.cvv?.reveal()).toBe(cvv);

    const progress = effects.filter((e) => e.kind !== 'complete');
    assertMasked(JSON.stringify(progress), pan, cvv);
    // the complete effect's buffers serialize redacted; month/year are numbers, not the keyed MMYY
    assertMasked(JSON.stringify(effects), pan, cvv);
    // the only card digits an event carries: last4 of an accepted PAN
    for (const e of events(progress)) {
      const { last4, ...rest } = e;
      if (last4 !== undefined) {
        expect(e.type).toBe('field_complete');
        expect(last4).toBe(pan.slice(-4));
      }
      expect(JSON.stringify(rest)).not.toMatch(/"\d{4,}"/);
    }
  });
});
