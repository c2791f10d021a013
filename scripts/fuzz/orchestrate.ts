/**
 * @module scripts/fuzz/orchestrate
 * Runs targets in worker threads (`workerFile`: scripts/fuzz/worker.ts bundled by esbuild), at
 * most `concurrency` at once. Each worker writes the index it is on into shared memory; an input
 * still running after `limitMs` is a hang: the worker is terminated and a new one goes on from
 * the next input. Throws are grouped by signature (first index kept); each finding is then
 * regenerated from (seed, target, index) and minimized in a probe worker.
 */
import { Worker } from 'node:worker_threads';
import type { Corpus } from './corpus.ts';
import { fuzzInput } from './generate.ts';
import { minimize } from './minimize.ts';
import type { FuzzTarget } from './target.ts';
import { TARGETS } from './targets.ts';
import type { ProbeJob, RangeJob, WorkerMessage } from './worker.ts';

export interface FuzzOptions {
  /** The worker entry, bundled: scripts/fuzz/worker-main.ts, or a test's own registry. */
  readonly workerFile: string;
  /** The registry the worker runs (for regenerating findings here); default TARGETS. */
  readonly registry?: readonly FuzzTarget[];
  readonly targets: readonly string[];
  readonly seed: number;
  readonly from: number;
  readonly count: number;
  readonly limitMs: number;
  readonly corpusDirs: readonly string[];
  /** The same corpus the workers load, for regenerating findings in this thread. */
  readonly corpus: Corpus;
  readonly concurrency: number;
  /** Findings minimized per target (0: none). */
  readonly minimizePerTarget: number;
  /** Findings not worth minimizing (known ones). */
  readonly skipMinimize?: (f: Finding) => unknown;
  /** Probes allowed when minimizing a hang (each failing one costs `limitMs`); default 60. */
  readonly hangMinimizeEvals?: number;
  readonly onEvent?: (line: string) => void;
}

export interface Finding {
  readonly target: string;
  readonly kind: 'throw' | 'hang';
  readonly seed: number;
  readonly index: number;
  /** Throws: the error signature; hangs: `hang`. */
  readonly signature: string;
  readonly error?: string;
  /** How long the input ran (a hang: at least the limit). */
  readonly ms: number;
  /** Inputs that showed the same signature. */
  occurrences: number;
  input?: string;
  minimized?: string;
}

export interface TargetReport {
  readonly target: string;
  inputs: number;
  maxMs: number;
  maxIndex: number;
  totalMs: number;
  readonly findings: Finding[];
}

const POLL_MS = 25;

export async function fuzz(opts: FuzzOptions): Promise<TargetReport[]> {
  const queue = [...opts.targets];
  const reports: TargetReport[] = [];
  const run = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const report = await fuzzTarget(opts, name);
      reports.push(report);
      opts.onEvent?.(`${name}: ${report.inputs} inputs, ${report.findings.length} finding(s), slowest ${report.maxMs.toFixed(1)} ms`);
      if (opts.minimizePerTarget > 0) await minimizeFindings(opts, report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, run));
  return opts.targets.map((n) => reports.find((r) => r.target === n) as TargetReport);
}

async function fuzzTarget(opts: FuzzOptions, target: string): Promise<TargetReport> {
  const report: TargetReport = { target, inputs: 0, maxMs: 0, maxIndex: opts.from, totalMs: 0, findings: [] };
  const bySignature = new Map<string, Finding>();
  const end = opts.from + opts.count;
  let next = opts.from;
  while (next < end) {
    const hangAt = await runRange(opts, target, next, end, (m) => {
      if (m.type === 'throw') {
        const seen = bySignature.get(m.signature);
        if (seen) seen.occurrences++;
        else {
          const f: Finding = { target, kind: 'throw', seed: opts.seed, index: m.index, signature: m.signature, error: m.error, ms: m.ms, occurrences: 1 };
          bySignature.set(m.signature, f);
          report.findings.push(f);
          opts.onEvent?.(`${target}: input ${m.index} threw ${m.signature}`);
        }
      } else if (m.type === 'slow') {
        report.findings.push({ target, kind: 'hang', seed: opts.seed, index: m.index, signature: 'hang', ms: m.ms, occurrences: 1 });
        opts.onEvent?.(`${target}: input ${m.index} took ${m.ms.toFixed(0)} ms (limit ${opts.limitMs} ms)`);
      } else if (m.type === 'done') {
        report.inputs += m.count;
        report.totalMs += m.totalMs;
        if (m.maxMs > report.maxMs) {
          report.maxMs = m.maxMs;
          report.maxIndex = m.maxIndex;
        }
      }
    });
    if (hangAt === undefined) break;
    report.inputs += hangAt - next + 1;
    report.findings.push({ target, kind: 'hang', seed: opts.seed, index: hangAt, signature: 'hang', ms: opts.limitMs, occurrences: 1 });
    opts.onEvent?.(`${target}: input ${hangAt} still running after ${opts.limitMs} ms: terminated`);
    next = hangAt + 1;
  }
  return report;
}

/** Runs [from, to) in one worker; resolves with the index of a hang, or undefined when all ran. */
function runRange(opts: FuzzOptions, target: string, from: number, to: number, onMessage: (m: WorkerMessage) => void): Promise<number | undefined> {
  const progress = new SharedArrayBuffer(4);
  const cursor = new Int32Array(progress);
  Atomics.store(cursor, 0, from);
  const job: RangeJob = { mode: 'range', target, seed: opts.seed, from, to, limitMs: opts.limitMs, corpusDirs: opts.corpusDirs, progress };
  const worker = new Worker(opts.workerFile, { workerData: job });
  return new Promise((resolve, reject) => {
    let seen = -1;
    let since = Date.now();
    let settled = false;
    const finish = (hangAt: number | undefined, error?: Error): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve(hangAt);
    };
    const timer = setInterval(() => {
      const at = Atomics.load(cursor, 0);
      if (at !== seen) {
        seen = at;
        since = Date.now();
      } else if (at < to && Date.now() - since > opts.limitMs) {
        finish(at);
      }
    }, POLL_MS);
    worker.on('message', (m: WorkerMessage) => {
      onMessage(m);
      if (m.type === 'done') finish(undefined);
    });
    worker.on('error', (e) => finish(undefined, e));
    worker.on('exit', (code) => finish(undefined, code === 0 ? undefined : new Error(`fuzz worker for ${target} exited with ${code}`)));
  });
}

async function minimizeFindings(opts: FuzzOptions, report: TargetReport): Promise<void> {
  const t = (opts.registry ?? TARGETS).find((x) => x.name === report.target);
  if (!t) return;
  const probe = new Prober(opts.workerFile, report.target, opts.limitMs);
  try {
    for (const f of report.findings.filter((x) => !opts.skipMinimize?.(x)).slice(0, opts.minimizePerTarget)) {
      f.input = fuzzInput(t, opts.corpus, f.seed, f.index);
      const stillFails =
        f.kind === 'throw'
          ? async (s: string) => {
              const r = await probe.run(s);
              return r !== 'hang' && r.kind === 'throw' && r.signature === f.signature;
            }
          : async (s: string) => {
              const r = await probe.run(s);
              return r === 'hang' || r.ms > opts.limitMs;
            };
      // A hang costs the limit per failing probe: fewer evaluations for those.
      const budget = f.kind === 'throw' ? { maxEvals: 4_000, maxMs: 30_000 } : { maxEvals: opts.hangMinimizeEvals ?? 60, maxMs: 120_000 };
      f.minimized = (await stillFails(f.input)) ? await minimize(f.input, stillFails, budget) : f.input;
      opts.onEvent?.(`${report.target}: input ${f.index} minimized from ${f.input.length} to ${f.minimized.length} characters`);
    }
  } finally {
    await probe.close();
  }
}

type ProbeResult = { readonly kind: 'ok' | 'throw'; readonly signature?: string; readonly ms: number } | 'hang';

/** A probe worker that runs single inputs, replaced when one hangs. */
class Prober {
  #worker: Worker | undefined;
  #id = 0;

  constructor(
    private readonly workerFile: string,
    private readonly target: string,
    private readonly limitMs: number,
  ) {}

  run(input: string): Promise<ProbeResult> {
    const job: ProbeJob = { mode: 'probe', target: this.target };
    const worker = (this.#worker ??= new Worker(this.workerFile, { workerData: job }));
    const id = ++this.#id;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        void worker.terminate();
        this.#worker = undefined;
        resolve('hang');
      }, this.limitMs);
      const onMessage = (m: WorkerMessage): void => {
        if (m.type !== 'probed' || m.id !== id) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve({ kind: m.kind, ms: m.ms, ...(m.signature !== undefined ? { signature: m.signature } : {}) });
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, input });
    });
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
  }
}
