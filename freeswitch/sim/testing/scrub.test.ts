// The fixture scrubber keeps byte lengths and removes test card numbers, expiry and CVV.
import { describe, expect, it } from 'vitest';
import { containsTestCard, scrubCardDigits, scrubTranscript } from './scrub.js';

describe('scrubCardDigits', () => {
  it('rewrites a digit run holding a test card, keeping its length', () => {
    const s = 'variable_digits_dialed: 41111111111111111230123%23\n';
    const out = scrubCardDigits(s);
    expect(out).toHaveLength(s.length);
    expect(containsTestCard(out)).toBe(false);
    expect(out).toBe('variable_digits_dialed: 96666666666666666785678%23\n');
  });

  it('rewrites the test expiry and CVV where an annotation says they were keyed', () => {
    const s = '#  5. customer sends RFC2833 DTMF 9666666666666666 then 1230 then 123 then #\nEvent-Sequence: 123\n';
    const out = scrubCardDigits(s);
    expect(out).toBe('#  5. customer sends RFC2833 DTMF 9666666666666666 then 6785 then 678 then #\nEvent-Sequence: 123\n');
    expect(containsTestCard(out)).toBe(false);
    expect(containsTestCard(s)).toBe(true);
  });

  it('leaves timestamps and other long numbers alone', () => {
    const s = 'Event-Date-Timestamp: 1795370951596652\n';
    expect(scrubCardDigits(s)).toBe(s);
  });

  it('keeps byte positions in binary transcripts', () => {
    const b = Buffer.from('@@ S>C 1 20\npan=4242424242424242\n');
    const out = scrubTranscript(b);
    expect(out.length).toBe(b.length);
    expect(out.toString()).not.toContain('4242424242424242');
  });
});
