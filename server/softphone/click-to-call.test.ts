// Click-to-call's pure parts: typed numbers, and the hang-up causes the widget explains.
import { describe, expect, it } from 'vitest';
import { normalizeNumber, outcomeOf } from './click-to-call.js';

describe('click-to-call', () => {
  it.each([
    ['090-1234-5678', '09012345678'],
    ['+81 (3) 1234.5678', '+81312345678'],
    ['110', '110'],
    ['12', null],
    ['0312345678#', null],
    ['call me', null],
  ])('%s → %s', (typed, n) => expect(normalizeNumber(typed)).toBe(n));

  it('names why a call did not connect', () => {
    expect(outcomeOf('NO_ANSWER')).toBe('no_answer');
    expect(outcomeOf('USER_BUSY')).toBe('busy');
    expect(outcomeOf('CALL_REJECTED')).toBe('rejected');
    expect(outcomeOf('UNALLOCATED_NUMBER')).toBe('unreachable');
    expect(outcomeOf('ORIGINATOR_CANCEL')).toBe('canceled');
    expect(outcomeOf('GATEWAY_DOWN')).toBe('failed');
  });
});
