/**
 * @module bench/hls/measure
 * Times one benchmark case: builds the origin playlist, checks every candidate (bench/hls/checks),
 * then samples them interleaved (bench/lib/sampler) and reduces the samples to medians, p95s,
 * nanoseconds per segment and paired ratios. Candidates: `ours-warm` (steady-state reload of a
 * session that knows every break), `ours-cold` (first request, empty ledger), `line-scan` (the
 * floor), `min-rewrite` (informational: URIs made absolute, nothing else) and `hls-parser`
 * (parse + stringify).
 */
import { hlsParserRoundTrip, lineScan, minRewrite } from './baselines.ts';
import type { CaseDef } from './cases.ts';
import { checkCase, type OutputFacts } from './checks.ts';
import { originPlaylist } from './origin-playlist.ts';
import { coldPersonalize, ORIGIN_DIR, warmSession } from './session.ts';
import { sampleInterleaved, type Candidate, type SampleOptions } from '../lib/sampler.ts';
import { median, p95, pairedRatio } from '../lib/stats.ts';

export type CandidateName = 'ours-warm' | 'ours-cold' | 'line-scan' | 'min-rewrite' | 'hls-parser';

export interface CandidateFigures {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly nsPerSegment: number;
  /** Operations per timed batch (p95 is over batch means when > 1). */
  readonly opsPerBatch: number;
}

export interface Ratio {
  /** Median over rounds of the per-round ratio (the figure reported). */
  readonly paired: number;
  /** Ratio of the two medians (a cross-check). */
  readonly ofMedians: number;
}

export interface CaseResult {
  readonly id: string;
  readonly label: string;
  readonly origin: {
    readonly segments: number;
    readonly bytes: number;
    readonly breaks: number;
    readonly breakSegments: number;
    readonly pdtLines: number;
    readonly keyLines: number;
    readonly discontinuities: number;
  };
  readonly output: OutputFacts;
  readonly rounds: number;
  readonly candidates: Partial<Record<CandidateName, CandidateFigures>>;
  readonly ratios: Record<string, Ratio>;
}

const RATIOS: readonly (readonly [CandidateName, CandidateName])[] = [
  ['ours-warm', 'line-scan'],
  ['ours-warm', 'hls-parser'],
  ['ours-cold', 'line-scan'],
  ['ours-cold', 'hls-parser'],
  ['ours-warm', 'min-rewrite'],
  ['min-rewrite', 'line-scan'],
  ['hls-parser', 'line-scan'],
];

export function measureCase(def: CaseDef, names: readonly CandidateName[], opts: SampleOptions): CaseResult {
  const origin = originPlaylist(def.shape);
  const text = origin.text;
  const sec = def.shape.segmentSec;
  const warm = warmSession(text, sec);
  const cold = coldPersonalize(text, sec);
  const output = checkCase(def.id, origin, cold, warm.personalize(text), warm.personalize(text), hlsParserRoundTrip(text), minRewrite(text, ORIGIN_DIR));

  const ops: Record<CandidateName, () => unknown> = {
    'ours-warm': () => warm.personalize(text),
    'ours-cold': () => coldPersonalize(text, sec),
    'line-scan': () => lineScan(text),
    'min-rewrite': () => minRewrite(text, ORIGIN_DIR),
    'hls-parser': () => hlsParserRoundTrip(text),
  };
  const candidates: Candidate[] = names.map((name) => ({ name, op: ops[name] }));
  const series = sampleInterleaved(candidates, opts);
  const byName = new Map(series.map((s) => [s.name as CandidateName, s]));

  const figures: Partial<Record<CandidateName, CandidateFigures>> = {};
  for (const s of series) {
    const m = median(s.perOpMs);
    figures[s.name as CandidateName] = { medianMs: m, p95Ms: p95(s.perOpMs), nsPerSegment: (m * 1e6) / origin.segments, opsPerBatch: s.reps };
  }
  const ratios: Record<string, Ratio> = {};
  for (const [a, b] of RATIOS) {
    const sa = byName.get(a);
    const sb = byName.get(b);
    if (!sa || !sb) continue;
    ratios[`${a}/${b}`] = { paired: pairedRatio(sa.perOpMs, sb.perOpMs), ofMedians: median(sa.perOpMs) / median(sb.perOpMs) };
  }
  return {
    id: def.id,
    label: def.label,
    origin: {
      segments: origin.segments,
      bytes: text.length,
      breaks: origin.breaks.length,
      breakSegments: origin.breaks.reduce((n, b) => n + b.segments, 0),
      pdtLines: origin.pdtLines,
      keyLines: origin.keyLines,
      discontinuities: origin.discontinuities,
    },
    output,
    rounds: series[0]?.perOpMs.length ?? 0,
    candidates: figures,
    ratios,
  };
}
