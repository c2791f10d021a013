/**
 * @module bench/segment/stats
 * Order statistics for the `/v1/segment` latency benchmark: nearest-rank percentiles, summaries
 * of a latency sample, and the spread of per-round ratios. Pure.
 */

/** Nearest-rank percentile (q in 0..1) of `values`; NaN for an empty sample. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function summarize(ms: readonly number[]): LatencySummary {
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    n: ms.length,
    p50: r(percentile(ms, 0.5)),
    p90: r(percentile(ms, 0.9)),
    p99: r(percentile(ms, 0.99)),
    max: r(ms.length === 0 ? Number.NaN : Math.max(...ms)),
    mean: r(ms.length === 0 ? Number.NaN : ms.reduce((a, b) => a + b, 0) / ms.length),
  };
}

/** Median and spread of a series of per-round ratios. */
export interface RatioSpread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** 25th and 75th percentiles (nearest rank). */
  readonly q1: number;
  readonly q3: number;
  readonly perRound: readonly number[];
}

export function spread(ratios: readonly number[]): RatioSpread {
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  const finite = ratios.filter((x) => Number.isFinite(x));
  return {
    median: r(median(finite)),
    min: r(finite.length ? Math.min(...finite) : Number.NaN),
    max: r(finite.length ? Math.max(...finite) : Number.NaN),
    q1: r(percentile(finite, 0.25)),
    q3: r(percentile(finite, 0.75)),
    perRound: finite.map(r),
  };
}
