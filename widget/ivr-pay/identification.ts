// Transfer mode's identification id as the operator reads it: grouped 3+3, spoken digit by digit, and its countdown (pure; no card data).

/** The id in two groups of three (`123 456`), for the eye; other lengths are split in the middle. */
export function groupCode(code: string): string[] {
  if (code.length < 4) return [code];
  const half = Math.ceil(code.length / 2);
  return [code.slice(0, half), code.slice(half)];
}

/** The digits one by one (`1 2 3 4 5 6`), so a screen reader does not read "one hundred twenty-three thousand…". */
export function spokenDigits(code: string): string {
  return code.split('').join(' ');
}

/** `ok` while there is time, `warning` in the last minute, `expired` at or after the expiry. */
export type CountdownState = 'ok' | 'warning' | 'expired';

export interface Countdown {
  state: CountdownState;
  /** whole seconds left (rounded up, so 00:00 shows only when it has expired) */
  seconds: number;
  /** `mm:ss` */
  text: string;
}

export const WARNING_SECONDS = 60;

/** Time left until `expiresAt` (ISO 8601) at `now` (ms since the epoch). An unreadable date counts as expired. */
export function countdown(expiresAt: string, now: number): Countdown {
  const end = Date.parse(expiresAt);
  const seconds = Number.isNaN(end) ? 0 : Math.max(0, Math.ceil((end - now) / 1000));
  const state: CountdownState = seconds === 0 ? 'expired' : seconds <= WARNING_SECONDS ? 'warning' : 'ok';
  const mm = Math.floor(seconds / 60);
  const ss = seconds % 60;
  return { state, seconds, text: `${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}` };
}
