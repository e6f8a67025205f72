// Business days of a gateway: the calendar date of an instant in the gateway's time zone (GMO-PG and the sandbox
// void a charge only on the day it was made, in Japan time). Pure.

/** `YYYY-MM-DD` of `at` in `timeZone`. */
export function businessDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function sameBusinessDay(a: Date, b: Date, timeZone: string): boolean {
  return businessDate(a, timeZone) === businessDate(b, timeZone);
}

/** `YYYYMM` of `at` in `timeZone` (GMO-PG tells a return in a later month apart). */
export function businessMonth(at: Date, timeZone: string): string {
  return businessDate(at, timeZone).slice(0, 7).replace('-', '');
}
