import { describe, expect, it } from 'vitest';
import { redactDigitRuns } from './redact.js';
import { createLogger, MemorySink } from './logger.js';

describe('redactDigitRuns', () => {
  it.each(['4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '378282246310005', '3530111333300000', '6011000990139424', '4111111111111111111'])(
    'removes %s',
    (pan) => {
      expect(redactDigitRuns(`card=${pan}.`)).toBe('card=[redacted-digits].');
    },
  );
  it('keeps short numbers, ids and times', () => {
    const s = 'order 12345 at 2026-11-23T10:00:00Z seq 98765432101 uuid 3f2a9c1e-0b1d';
    expect(redactDigitRuns(s)).toBe(s);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with the digits of a mistakenly logged card removed', () => {
    const sink = new MemorySink();
    const log = createLogger('info', sink);
    log.info({ note: 'oops 4242424242424242' }, 'payment 5555555555554444 approved');
    const line = JSON.parse(sink.lines[0]!);
    expect(line.level).toBe('info');
    expect(line.msg).toBe('payment [redacted-digits] approved');
    expect(sink.text()).not.toMatch(/4242424242424242|5555555555554444/);
  });
});
