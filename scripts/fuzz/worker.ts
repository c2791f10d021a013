/**
 * @module scripts/fuzz/worker
 * Worker thread of the fuzzer (scripts/fuzz/orchestrate.ts; entry: worker-main.ts). `range` mode runs inputs
 * [from, to) of one target, writing the index it is on into shared memory before each input so
 * the main thread can see a hang and terminate it; it posts every throw and every input slower
 * than the limit. `probe` mode runs the inputs the main thread sends (minimization).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus } from './corpus.ts';
import { runInput } from './execute.ts';
import { fuzzInput } from './generate.ts';
import type { FuzzTarget } from './target.ts';

export interface RangeJob {
  readonly mode: 'range';
  readonly target: string;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly limitMs: number;
  readonly corpusDirs: readonly string[];
  /** Int32Array[1]: the index being run (written before each input). */
  readonly progress: SharedArrayBuffer;
}

export interface ProbeJob {
  readonly mode: 'probe';
  readonly target: string;
}

export type WorkerMessage =
  | { readonly type: 'throw'; readonly index: number; readonly signature: string; readonly error: string; readonly ms: number }
  | { readonly type: 'slow'; readonly index: number; readonly ms: number }
  | { readonly type: 'done'; readonly count: number; readonly maxMs: number; readonly maxIndex: number; readonly totalMs: number }
  | { readonly type: 'probed'; readonly id: number; readonly kind: 'ok' | 'throw'; readonly signature?: string; readonly ms: number };

/** Runs the job in `workerData` against `targets` (worker-main.ts passes the registry). */
export async function startWorker(targets: readonly FuzzTarget[]): Promise<void> {
  process.setSourceMapsEnabled(true);
  const job = workerData as RangeJob | ProbeJob;
  const t = targets.find((x) => x.name === job.target);
  if (!t || !parentPort) throw new Error(`unknown fuzz target ${job.target}`);
  const port = parentPort;
  const post = (m: WorkerMessage): void => port.postMessage(m);
  if (job.mode === 'probe') {
    port.on('message', async (m: { id: number; input: string }) => {
      const outcome = await runInput(t, m.input);
      post({ type: 'probed', id: m.id, kind: outcome.kind, ms: outcome.ms, ...(outcome.kind === 'throw' ? { signature: outcome.signature } : {}) });
    });
    return;
  }
  const corpus = loadCorpus(job.corpusDirs);
  const progress = new Int32Array(job.progress);
  let maxMs = 0;
  let maxIndex = job.from;
  let totalMs = 0;
  for (let i = job.from; i < job.to; i++) {
    Atomics.store(progress, 0, i);
    const outcome = await runInput(t, fuzzInput(t, corpus, job.seed, i));
    totalMs += outcome.ms;
    if (outcome.ms > maxMs) {
      maxMs = outcome.ms;
      maxIndex = i;
    }
    if (outcome.kind === 'throw') post({ type: 'throw', index: i, signature: outcome.signature, error: outcome.error, ms: outcome.ms });
    else if (outcome.ms > job.limitMs) post({ type: 'slow', index: i, ms: outcome.ms });
  }
  Atomics.store(progress, 0, job.to);
  post({ type: 'done', count: job.to - job.from, maxMs, maxIndex, totalMs });
}
