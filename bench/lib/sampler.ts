/**
 * @module bench/lib/sampler
 * Interleaved timing for benchmarks that report ratios measured in one run (DESIGN §11). The
 * machines here are shared and noisy, so candidates are not timed one after another: every round
 * times one batch of each candidate, in a rotating order, and ratios are taken per round (paired)
 * so that a noisy stretch slows both sides of a ratio alike. Each batch repeats the operation
 * until it lasts about `batchMs` (tiny operations are not timed one call at a time); every sample
 * is a batch's time per operation.
 */
import { performance } from 'node:perf_hooks';

export interface Candidate {
  readonly name: string;
  /** One operation; its result is kept so that the work cannot be optimized away. */
  readonly op: () => unknown;
}

export interface SampleOptions {
  /** Interleaved warm-up per candidate before anything is recorded. */
  readonly warmupMs: number;
  /** Wall-clock budget for the recorded rounds (stops early at maxRounds). */
  readonly budgetMs: number;
  readonly minRounds: number;
  readonly maxRounds: number;
  readonly batchMs: number;
}

export interface Series {
  readonly name: string;
  /** Operations per batch. */
  readonly reps: number;
  /** Milliseconds per operation, one entry per round. */
  readonly perOpMs: number[];
}

/** Every op's result is stored here, so the work that produced it cannot be optimized away. */
// biome-ignore lint/correctness/noUnusedVariables: written, never read, so the work cannot be optimized away
let sink: unknown;

function timeBatch(c: Candidate, reps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) sink = c.op();
  return (performance.now() - t0) / reps;
}

function repsFor(perOpMs: number, batchMs: number): number {
  return Math.max(1, Math.min(1_000_000, Math.round(batchMs / Math.max(perOpMs, 1e-6))));
}

export function sampleInterleaved(candidates: readonly Candidate[], o: SampleOptions): Series[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Calibrate, then warm up interleaved (JIT tiers settle), then recalibrate from the warm cost.
  const reps = candidates.map((c) => repsFor(timeBatch(c, 1), o.batchMs));
  const spent = candidates.map(() => 0);
  const warmCost = candidates.map(() => Infinity);
  while (spent.some((s) => s < o.warmupMs)) {
    candidates.forEach((c, i) => {
      if ((spent[i] ?? 0) >= o.warmupMs) return;
      const r = reps[i] ?? 1;
      const per = timeBatch(c, r);
      spent[i] = (spent[i] ?? 0) + per * r;
      warmCost[i] = Math.min(warmCost[i] ?? Infinity, per);
    });
  }
  const finalReps = candidates.map((_, i) => repsFor(warmCost[i] ?? 1, o.batchMs));
  const series = candidates.map((c, i) => ({ name: c.name, reps: finalReps[i] ?? 1, perOpMs: [] as number[] }));
  gc?.();
  const t0 = performance.now();
  for (let round = 0; round < o.maxRounds; round++) {
    if (round >= o.minRounds && performance.now() - t0 >= o.budgetMs) break;
    for (let j = 0; j < candidates.length; j++) {
      const i = (round + j) % candidates.length;
      const c = candidates[i] as Candidate;
      const s = series[i] as Series;
      s.perOpMs.push(timeBatch(c, s.reps));
    }
  }
  return series;
}
