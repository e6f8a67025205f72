import { describe, expect, it } from 'vitest';
import { DigitsCollector, type DigitsEffect } from './digits-collector.js';
import { ID_QUESTION } from '../transfer/ivr-session.js';

const settings = { firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 5_000, maxAttempts: 3 };
const kinds = (e: DigitsEffect[]) => e.map((x) => x.kind);
const keys = (c: DigitsCollector, s: string) => [...s].flatMap((d) => c.step({ kind: 'digit', digit: d }));

function started(): DigitsCollector {
  const c = new DigitsCollector(ID_QUESTION, settings);
  expect(c.step({ kind: 'start' })).toEqual([{ kind: 'clear_timer' }, { kind: 'play', prompts: ['welcome', 'enter-id'] }]);
  return c;
}

describe('DigitsCollector: the identification id (6 digits)', () => {
  it('greets, waits for the prompt, then collects 6 digits and submits them', () => {
    const c = started();
    expect(c.step({ kind: 'prompt_done' })).toEqual([{ kind: 'arm_timer', timer: 'first', ms: 10_000 }]);
    const e = keys(c, '123456');
    expect(e.filter((x) => x.kind === 'arm_timer')).toHaveLength(5);
    expect(e.at(-1)).toEqual({ kind: 'submit', code: '123456' });
    expect(c.step({ kind: 'verdict', ok: true })).toEqual([{ kind: 'identified' }]);
    expect(c.done).toBe(true);
    expect(keys(c, '1')).toEqual([]);
  });

  it('a digit during the greeting stops it (barge-in)', () => {
    const c = started();
    expect(kinds(c.step({ kind: 'digit', digit: '9' }))).toEqual(['stop_prompt', 'arm_timer']);
    expect(c.step({ kind: 'prompt_done' })).toEqual([]);
  });

  it('a wrong id is re-asked; the third wrong one gives up', () => {
    const c = started();
    c.step({ kind: 'prompt_done' });
    keys(c, '000000');
    expect(c.step({ kind: 'verdict', ok: false })).toEqual([
      { kind: 'clear_timer' },
      { kind: 'attempt_failed', attempt: 1, reason: 'wrong' },
      { kind: 'clear_timer' },
      { kind: 'play', prompts: ['id-invalid', 'enter-id'] },
    ]);
    c.step({ kind: 'prompt_done' });
    keys(c, '111111');
    expect(kinds(c.step({ kind: 'verdict', ok: false }))).toContain('play');
    keys(c, '222222');
    const last = c.step({ kind: 'verdict', ok: false });
    expect(last).toEqual([
      { kind: 'clear_timer' },
      { kind: 'attempt_failed', attempt: 3, reason: 'wrong' },
      { kind: 'play', prompts: ['id-failed'] },
      { kind: 'give_up' },
    ]);
    expect(c.done).toBe(true);
  });

  it('silence and a pause mid-id each count as an attempt', () => {
    const c = started();
    c.step({ kind: 'prompt_done' });
    expect(kinds(c.step({ kind: 'timeout', timer: 'first' }))).toEqual(['clear_timer', 'attempt_failed', 'clear_timer', 'play']);
    c.step({ kind: 'prompt_done' });
    keys(c, '12');
    const e = c.step({ kind: 'timeout', timer: 'inter' });
    expect(e).toContainEqual({ kind: 'attempt_failed', attempt: 2, reason: 'short' });
  });

  it('# before 6 digits is a short id; * starts over without an attempt', () => {
    const c = started();
    c.step({ kind: 'prompt_done' });
    keys(c, '12');
    expect(kinds(c.step({ kind: 'digit', digit: '*' }))).toEqual(['clear_timer', 'play']);
    c.step({ kind: 'prompt_done' });
    expect(keys(c, '123456').at(-1)).toEqual({ kind: 'submit', code: '123456' });
    c.step({ kind: 'verdict', ok: false });
    c.step({ kind: 'prompt_done' });
    keys(c, '12');
    expect(c.step({ kind: 'digit', digit: '#' })).toContainEqual({ kind: 'attempt_failed', attempt: 2, reason: 'short' });
  });

  it('ignores stale timers, digits while checking, and letters', () => {
    const c = started();
    expect(c.step({ kind: 'timeout', timer: 'first' })).toEqual([]);
    c.step({ kind: 'prompt_done' });
    expect(c.step({ kind: 'timeout', timer: 'inter' })).toEqual([]);
    expect(keys(c, 'A')).toEqual([]);
    keys(c, '123456');
    expect(keys(c, '7')).toEqual([]);
    expect(c.step({ kind: 'timeout', timer: 'inter' })).toEqual([]);
    expect(c.step({ kind: 'verdict', ok: true })).toEqual([{ kind: 'identified' }]);
  });

  it('# with nothing keyed while listening is ignored', () => {
    const c = started();
    c.step({ kind: 'prompt_done' });
    expect(keys(c, '#')).toEqual([]);
  });
});

describe('DigitsCollector: answers ended by # (counts, menus)', () => {
  const count = { length: 2, terminated: true, ask: ['count'], again: ['invalid', 'count'], failed: [] };
  it('submits on # or on reaching the length, and on a pause after some digits', () => {
    const c = new DigitsCollector(count, settings);
    c.step({ kind: 'start' });
    c.step({ kind: 'prompt_done' });
    expect(keys(c, '3#').at(-1)).toEqual({ kind: 'submit', code: '3' });
    c.step({ kind: 'verdict', ok: false });
    c.step({ kind: 'prompt_done' });
    expect(keys(c, '12').at(-1)).toEqual({ kind: 'submit', code: '12' });
    c.step({ kind: 'verdict', ok: false });
    keys(c, '6');
    expect(c.step({ kind: 'timeout', timer: 'inter' }).at(-1)).toEqual({ kind: 'submit', code: '6' });
  });
  it('gives up without a closing prompt when none is set', () => {
    const c = new DigitsCollector({ ...count, failed: [] }, { ...settings, maxAttempts: 1 });
    c.step({ kind: 'start' });
    c.step({ kind: 'prompt_done' });
    expect(c.step({ kind: 'timeout', timer: 'first' })).toEqual([
      { kind: 'clear_timer' },
      { kind: 'attempt_failed', attempt: 1, reason: 'no_input' },
      { kind: 'give_up' },
    ]);
  });
});
