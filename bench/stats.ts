// Percentiles and small number helpers for the bench (nearest-rank on sorted samples; milliseconds in, rounded out).

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of ascending `sorted` (q in 0..1). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const s = Float64Array.from(samples).sort();
  const arr = Array.from(s);
  let sum = 0;
  for (const v of arr) sum += v;
  return {
    n: arr.length,
    p50: round(percentile(arr, 0.5)),
    p90: round(percentile(arr, 0.9)),
    p99: round(percentile(arr, 0.99)),
    max: round(arr.length ? arr[arr.length - 1]! : Number.NaN),
    mean: round(arr.length ? sum / arr.length : Number.NaN),
  };
}

export function round(v: number, digits = 1): number {
  if (!Number.isFinite(v)) return v;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Nanoseconds (hrtime.bigint difference) to milliseconds. */
export const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `fn` over `items` with at most `limit` in flight; rejects on the first failure. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
