// Last line of defence for logs: replaces any run of 12-19 digits (optionally split by spaces or dashes) with a marker.
// Card digits must never reach a logger in the first place (DigitBuffer redacts itself); this catches mistakes.

const DIGIT_RUN = /(?<![0-9])(?:[0-9][ -]?){11,18}[0-9](?![0-9])/g;

export function redactDigitRuns(text: string): string {
  return text.replace(DIGIT_RUN, '[redacted-digits]');
}
