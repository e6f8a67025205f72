// Amounts and card digits as sequences of recorded number words (ja, en), so the IVR can read back "12,800 yen,
// card ending 1111" from prompt files alone. Pure. File names are `num-<word>` under the prompt language folder.

export type SayLang = 'ja' | 'en';

/** Currencies the read-back knows, with their minor-unit digits. */
export const CURRENCY_DECIMALS: Record<string, number> = { JPY: 0, USD: 2, EUR: 2, GBP: 2, AUD: 2, SGD: 2, HKD: 2, KRW: 0, TWD: 0 };

const JA_ONES = ['', 'ichi', 'ni', 'san', 'yon', 'go', 'roku', 'nana', 'hachi', 'kyu'];

/** Words for 1..9999 in Japanese (sound changes: sanbyaku, roppyaku, happyaku, sanzen, hassen). */
function ja4(n: number, beforeMan: boolean): string[] {
  const out: string[] = [];
  const th = Math.floor(n / 1000);
  const h = Math.floor((n % 1000) / 100);
  const t = Math.floor((n % 100) / 10);
  const o = n % 10;
  if (th) out.push(th === 1 ? (beforeMan ? 'issen' : 'sen') : `${JA_ONES[th]}-sen`);
  if (h) out.push(h === 1 ? 'hyaku' : `${JA_ONES[h]}-hyaku`);
  if (t) out.push(t === 1 ? 'ju' : `${JA_ONES[t]}-ju`);
  if (o) out.push(JA_ONES[o]!);
  return out;
}

function jaNumber(n: number): string[] {
  if (n === 0) return ['zero'];
  const oku = Math.floor(n / 100_000_000);
  const man = Math.floor((n % 100_000_000) / 10_000);
  const rest = n % 10_000;
  const out: string[] = [];
  if (oku) out.push(...ja4(oku, false), 'oku');
  if (man) out.push(...ja4(man, true), 'man');
  out.push(...ja4(rest, false));
  return out;
}

const EN_SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function en999(n: number): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h) out.push(EN_SMALL[h]!, 'hundred');
  if (r >= 20) {
    out.push(EN_TENS[Math.floor(r / 10)]!);
    if (r % 10) out.push(EN_SMALL[r % 10]!);
  } else if (r) out.push(EN_SMALL[r]!);
  return out;
}

function enNumber(n: number): string[] {
  if (n === 0) return ['zero'];
  const out: string[] = [];
  for (const [size, word] of [
    [1_000_000_000, 'billion'],
    [1_000_000, 'million'],
    [1_000, 'thousand'],
  ] as const) {
    if (n >= size) {
      out.push(...en999(Math.floor(n / size)), word);
      n %= size;
    }
  }
  out.push(...en999(n));
  return out;
}

export function sayNumber(n: number, lang: SayLang): string[] {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError('sayNumber reads whole numbers from 0 to 999,999,999,999');
  return lang === 'ja' ? jaNumber(n) : enNumber(n);
}

const UNIT_WORDS: Record<string, { major: string; minor?: string }> = {
  JPY: { major: 'yen' },
  KRW: { major: 'won' },
  TWD: { major: 'dollars' },
  USD: { major: 'dollars', minor: 'cents' },
  EUR: { major: 'euros', minor: 'cents' },
  GBP: { major: 'pounds', minor: 'pence' },
  AUD: { major: 'dollars', minor: 'cents' },
  SGD: { major: 'dollars', minor: 'cents' },
  HKD: { major: 'dollars', minor: 'cents' },
};

/** An amount in minor units as words: "ichi-man ni-sen hachi-hyaku yen" / "twelve thousand eight hundred yen". */
export function sayAmount(minor: number, currency: string, lang: SayLang): string[] | null {
  const decimals = CURRENCY_DECIMALS[currency];
  const unit = UNIT_WORDS[currency];
  if (decimals === undefined || !unit) return null;
  const major = Math.floor(minor / 10 ** decimals);
  const cents = minor % 10 ** decimals;
  const words = [...sayNumber(major, lang), unit.major];
  if (cents && unit.minor) words.push(...(lang === 'en' ? ['and'] : []), ...sayNumber(cents, lang), unit.minor);
  return words;
}

/** Digits one by one ("1111" → ichi ichi ichi ichi). */
export function sayDigits(digits: string, lang: SayLang): string[] {
  return [...digits].map((d) => {
    const n = Number(d);
    if (!/^[0-9]$/.test(d)) throw new RangeError('sayDigits reads 0-9 only');
    return lang === 'ja' ? (n === 0 ? 'zero' : JA_ONES[n]!) : EN_SMALL[n]!;
  });
}

/** Every word sayAmount/sayDigits can produce, per language: the prompt files that must exist. */
export function numberWords(lang: SayLang): string[] {
  const words = new Set<string>();
  const add = (w: string[]) => w.forEach((x) => words.add(x));
  for (let n = 0; n < 10_000; n++) add(sayNumber(n, lang));
  add(sayNumber(10_000_000, lang));
  add(sayNumber(100_000_000, lang));
  add(sayNumber(1_000_000_000, lang));
  for (const [c, u] of Object.entries(UNIT_WORDS)) {
    void c;
    words.add(u.major);
    if (u.minor) words.add(u.minor);
  }
  if (lang === 'en') words.add('and');
  return [...words].sort();
}
