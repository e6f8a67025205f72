// Keeps test card numbers out of fixtures: rewrites every digit run that holds a card-like number, byte for byte the same length.

/** The test cards ivrpay's tests use; any digit run containing one of them is rewritten. */
export const TEST_CARDS = ['4111111111111111', '4242424242424242', '5555555555554444', '378282246310005', '3530111333300000'];

const DIGIT_RUN = /[0-9]{12,}/g;

/** The expiry and security code the original captures keyed after the card (shared/freeswitch-esl/README.md). */
export const TEST_EXPIRY_AND_CVV = ['1230', '123'];
const ANNOTATED_FIELDS = /^(#.*\b(?:DTMF|sends|keyed)\b.*)$/gm;

/**
 * Replace each digit d by (d + 5) mod 10 inside runs that contain a test card, and the test expiry
 * and CVV where an annotation names what was keyed; lengths stay the same.
 */
export function scrubCardDigits(text: string): string {
  const cards = text.replace(DIGIT_RUN, (run) => (TEST_CARDS.some((c) => run.includes(c)) ? shiftDigits(run) : run));
  return cards.replace(ANNOTATED_FIELDS, (line) => line.replace(/\b(1230|123)\b/g, (m) => shiftDigits(m)));
}

function shiftDigits(run: string): string {
  let out = '';
  for (const ch of run) out += String((Number(ch) + 5) % 10);
  return out;
}

/** Scrub a transcript file's bytes (latin1 round-trip keeps every byte where it was). */
export function scrubTranscript(file: Buffer): Buffer {
  return Buffer.from(scrubCardDigits(file.toString('latin1')), 'latin1');
}

export function containsTestCard(text: string): boolean {
  return TEST_CARDS.some((c) => text.includes(c)) || [...text.matchAll(ANNOTATED_FIELDS)].some((m) => /\b(1230|123)\b/.test(m[0]));
}
