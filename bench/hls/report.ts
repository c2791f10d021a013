/**
 * @module bench/hls/report
 * Turns measured cases into the tables printed by the HLS benchmark and written to
 * docs/benchmarks.md, and into the budget verdicts of DESIGN §11 (ratio to the line scan,
 * linearity from 40 to 40,000 segments).
 */
import { LINEAR_TOLERANCE, MIN_REWRITE_BUDGET } from './cases.ts';
import type { CandidateFigures, CaseResult } from './measure.ts';
import { formatMs, formatRatio } from '../lib/table.ts';

const timing = (f: CandidateFigures | undefined): string => (f ? `${formatMs(f.medianMs)} (${formatMs(f.p95Ms)})` : '–');
const ratio = (c: CaseResult, key: string): string => formatRatio(c.ratios[key]?.paired ?? Number.NaN);

export const MAIN_HEADER = [
  'case',
  'ours warm: median (p95)',
  'ours cold: median (p95)',
  'line scan',
  'hls-parser',
  'warm / line scan',
  'warm / hls-parser',
  'cold / line scan',
  'cold / hls-parser',
  'min rewrite / line scan',
  'warm / min rewrite',
] as const;

export function mainRows(cases: readonly CaseResult[]): string[][] {
  return cases.map((c) => [
    c.label,
    timing(c.candidates['ours-warm']),
    timing(c.candidates['ours-cold']),
    timing(c.candidates['line-scan']),
    timing(c.candidates['hls-parser']),
    ratio(c, 'ours-warm/line-scan'),
    ratio(c, 'ours-warm/hls-parser'),
    ratio(c, 'ours-cold/line-scan'),
    ratio(c, 'ours-cold/hls-parser'),
    ratio(c, 'min-rewrite/line-scan'),
    ratio(c, 'ours-warm/min-rewrite'),
  ]);
}

export const LINEARITY_HEADER = [
  'segments',
  'ours warm',
  'ns / segment',
  'cost vs 40 segments (ideal)',
  'cost vs previous size (ideal 10×)',
  'min rewrite ns / segment',
  'line scan ns / segment',
  'warm / line scan',
] as const;

export interface Linearity {
  readonly sizes: readonly number[];
  /** Median time at each size divided by the median at the smallest size. */
  readonly scaling: readonly number[];
  /** Median time at each size divided by the median at the previous size (first: 1). */
  readonly stepScaling: readonly number[];
  /** scaling at the largest size / (largest / smallest size): 1 is exactly linear. */
  readonly excess: number;
  /** Per-segment cost at the largest size / at the previous size, for ours and for the minimal rewrite. */
  readonly lastStepPerSegment: { readonly ours: number; readonly minRewrite: number };
  readonly linear: boolean;
}

export function linearity(series: readonly CaseResult[]): Linearity {
  const ms = (c: CaseResult | undefined, n: 'ours-warm' | 'min-rewrite'): number => c?.candidates[n]?.medianMs ?? Number.NaN;
  const perSeg = (c: CaseResult | undefined, n: 'ours-warm' | 'min-rewrite'): number => c?.candidates[n]?.nsPerSegment ?? Number.NaN;
  const sizes = series.map((c) => c.origin.segments);
  const scaling = series.map((c) => ms(c, 'ours-warm') / ms(series[0], 'ours-warm'));
  const stepScaling = series.map((c, i) => (i === 0 ? 1 : ms(c, 'ours-warm') / ms(series[i - 1], 'ours-warm')));
  const last = series.length - 1;
  const excess = (scaling[last] ?? Number.NaN) / ((sizes[last] ?? Number.NaN) / (sizes[0] ?? Number.NaN));
  const lastStepPerSegment = {
    ours: perSeg(series[last], 'ours-warm') / perSeg(series[last - 1], 'ours-warm'),
    minRewrite: perSeg(series[last], 'min-rewrite') / perSeg(series[last - 1], 'min-rewrite'),
  };
  return { sizes, scaling, stepScaling, excess, lastStepPerSegment, linear: excess <= LINEAR_TOLERANCE };
}

export function linearityRows(series: readonly CaseResult[], lin: Linearity): string[][] {
  return series.map((c, i) => [
    c.origin.segments.toLocaleString('en-US'),
    formatMs(c.candidates['ours-warm']?.medianMs ?? Number.NaN),
    (c.candidates['ours-warm']?.nsPerSegment ?? Number.NaN).toFixed(0),
    `${formatRatio(lin.scaling[i] ?? Number.NaN)} (${formatRatio((lin.sizes[i] ?? Number.NaN) / (lin.sizes[0] ?? Number.NaN))})`,
    i === 0 ? '–' : formatRatio(lin.stepScaling[i] ?? Number.NaN),
    (c.candidates['min-rewrite']?.nsPerSegment ?? Number.NaN).toFixed(0),
    (c.candidates['line-scan']?.nsPerSegment ?? Number.NaN).toFixed(1),
    ratio(c, 'ours-warm/line-scan'),
  ]);
}

export interface Verdict {
  readonly budget: string;
  readonly pass: boolean;
  readonly detail: string;
}

export function verdicts(cases: readonly CaseResult[], lin: Linearity | undefined): Verdict[] {
  const out: Verdict[] = cases.map((c) => {
    const r = c.ratios['ours-warm/min-rewrite']?.paired ?? Number.NaN;
    return { budget: `≤ ${MIN_REWRITE_BUDGET}× minimal rewrite (${c.id})`, pass: r <= MIN_REWRITE_BUDGET, detail: `ours warm / min rewrite = ${formatRatio(r)}` };
  });
  if (!lin) return out;
  out.push({
    budget: `linear: 40,000 segments ≤ ${LINEAR_TOLERANCE} × 1000 × the cost of 40`,
    pass: lin.linear,
    detail:
      `40,000 costs ${formatRatio(lin.scaling[lin.scaling.length - 1] ?? Number.NaN)} of 40 (${lin.excess.toFixed(2)} × linear); ` +
      `per segment, 40,000 costs ${lin.lastStepPerSegment.ours.toFixed(2)}× what 4,000 does (minimal rewrite: ${lin.lastStepPerSegment.minRewrite.toFixed(2)}×)`,
  });
  return out;
}
