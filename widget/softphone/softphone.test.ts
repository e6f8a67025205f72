// The softphone's pure parts: microphone errors in the widget's words, ja/en texts complete, durations and numbers as shown.
import { describe, expect, it } from 'vitest';
import { micProblem } from './softphone.js';
import { PHONE_MESSAGES, formatDuration, formatNumber, phoneErrorText } from './i18n.js';

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();

describe('micProblem', () => {
  it.each([
    ['NotAllowedError', 'mic_denied'],
    ['SecurityError', 'mic_denied'],
    ['NotFoundError', 'mic_missing'],
    ['OverconstrainedError', 'mic_missing'],
    ['NotReadableError', 'mic_busy'],
    ['AbortError', 'mic_busy'],
    ['SomethingElse', 'mic_failed'],
  ])('%s → %s', (name, problem) => expect(micProblem(Object.assign(new Error('x'), { name }))).toBe(problem));
});

describe('softphone texts', () => {
  it('ja and en say the same things', () => {
    expect(keysOf(PHONE_MESSAGES.ja)).toEqual(keysOf(PHONE_MESSAGES.en));
    for (const m of Object.values(PHONE_MESSAGES)) {
      expect(m.incoming('090-1111-2222')).toContain('090-1111-2222');
      expect(Object.keys(m.mic)).toHaveLength(5);
    }
  });

  it('every error code the softphone API answers has words; unknown codes are named', () => {
    for (const code of ['invalid_credentials', 'account_locked', 'password_change_required', 'origin_not_allowed', 'token_expired', 'not_supported', 'call_busy', 'no_call', 'telephony_unavailable', 'network_error']) {
      expect(phoneErrorText(PHONE_MESSAGES.en, code)).not.toContain(code);
      expect(phoneErrorText(PHONE_MESSAGES.ja, code)).not.toContain(code);
    }
    expect(phoneErrorText(PHONE_MESSAGES.en, 'weird_code')).toContain('weird_code');
  });

  it('formats call time and Japanese numbers', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(65_400)).toBe('01:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatNumber('09012345678')).toBe('090-1234-5678');
    expect(formatNumber('0312345678')).toBe('03-1234-5678');
    expect(formatNumber('+81312345678')).toBe('+81312345678');
  });
});
