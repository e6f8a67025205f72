import { describe, expect, it } from 'vitest';
import { numberWords, sayAmount, sayDigits, sayNumber } from './say-amount.js';

describe('sayNumber (ja)', () => {
  it.each([
    [0, ['zero']],
    [7, ['nana']],
    [10, ['ju']],
    [11, ['ju', 'ichi']],
    [300, ['san-hyaku']],
    [600, ['roku-hyaku']],
    [800, ['hachi-hyaku']],
    [1000, ['sen']],
    [3000, ['san-sen']],
    [8000, ['hachi-sen']],
    [12_800, ['ichi', 'man', 'ni-sen', 'hachi-hyaku']],
    [10_000_000, ['issen', 'man']],
    [11_000_000, ['issen', 'hyaku', 'man']],
    [99_999_999, ['kyu-sen', 'kyu-hyaku', 'kyu-ju', 'kyu', 'man', 'kyu-sen', 'kyu-hyaku', 'kyu-ju', 'kyu']],
    [100_000_000, ['ichi', 'oku']],
  ])('%i', (n, words) => {
    expect(sayNumber(n, 'ja')).toEqual(words);
  });
});

describe('sayNumber (en)', () => {
  it.each([
    [0, ['zero']],
    [13, ['thirteen']],
    [40, ['forty']],
    [105, ['one', 'hundred', 'five']],
    [12_800, ['twelve', 'thousand', 'eight', 'hundred']],
    [1_000_001, ['one', 'million', 'one']],
  ])('%i', (n, words) => {
    expect(sayNumber(n, 'en')).toEqual(words);
  });
  it('refuses what it cannot read', () => {
    expect(() => sayNumber(-1, 'en')).toThrow(RangeError);
    expect(() => sayNumber(1.5, 'ja')).toThrow(RangeError);
  });
});

describe('sayAmount', () => {
  it('reads yen and cents', () => {
    expect(sayAmount(12_800, 'JPY', 'ja')).toEqual(['ichi', 'man', 'ni-sen', 'hachi-hyaku', 'yen']);
    expect(sayAmount(1234, 'USD', 'en')).toEqual(['twelve', 'dollars', 'and', 'thirty', 'four', 'cents']);
    expect(sayAmount(1200, 'USD', 'en')).toEqual(['twelve', 'dollars']);
  });
  it('gives up on an unknown currency', () => {
    expect(sayAmount(100, 'XXX', 'en')).toBeNull();
  });
});

describe('sayDigits and the word list', () => {
  it('reads digits one by one', () => {
    expect(sayDigits('1090', 'ja')).toEqual(['ichi', 'zero', 'kyu', 'zero']);
    expect(sayDigits('4242', 'en')).toEqual(['four', 'two', 'four', 'two']);
  });
  it('lists every word that can be produced', () => {
    const ja = numberWords('ja');
    for (const n of [0, 1, 19, 12_800, 99_999_999, 123_456_789]) for (const w of sayNumber(n, 'ja')) expect(ja).toContain(w);
    expect(ja).toContain('yen');
    const en = numberWords('en');
    for (const n of [0, 17, 999_999, 123_456_789]) for (const w of sayNumber(n, 'en')) expect(en).toContain(w);
    expect(en.length).toBeLessThan(50);
    expect(ja.length).toBeLessThan(60);
  });
});
