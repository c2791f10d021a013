/**
 * @module bench/lib/stats
 * Order statistics for benchmark samples: medians (robust to the GC pauses and neighbours' load
 * of a shared machine), nearest-rank p95, and paired ratios (the median of per-round ratios of
 * two interleaved series, see bench/lib/sampler). Pure.
 */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export const p95 = (values: readonly number[]): number => quantile(values, 0.95);

/** Median over rounds of a[i] / b[i]: the ratio of two series measured side by side. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const r: number[] = [];
  for (let i = 0; i < n; i++) r.push((a[i] as number) / (b[i] as number));
  return median(r);
}
