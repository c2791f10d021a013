/**
 * A seeded slice of `npm run fuzz` (scripts/fuzz): 5,000 inputs of seed 1, the first
 * 5,000 / (number of entry points) of every parser entry point, in worker threads with the same
 * per-input time limit, so a throw or a hang introduced in any of them fails `npm test` with the
 * command that replays it and the minimized input. The full run (100,000 inputs per entry point)
 * is `npm run fuzz`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIRS, loadCorpus } from '../../../scripts/fuzz/corpus.ts';
import { knownFinding } from '../../../scripts/fuzz/known.ts';
import { fuzz, type Finding, type TargetReport } from '../../../scripts/fuzz/orchestrate.ts';
import { TARGETS } from '../../../scripts/fuzz/targets.ts';

const SEED = 1;
const SLICE_INPUTS = 5_000;
const INPUTS_PER_TARGET = Math.ceil(SLICE_INPUTS / TARGETS.length);
const LIMIT_MS = 2_000;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe(`fuzz slice: seed ${SEED}, ${INPUTS_PER_TARGET} inputs per entry point (${SLICE_INPUTS} in all)`, () => {
  const outDir = mkdtempSync(join(tmpdir(), 'edge-ssai-fuzz-'));
  let reports: TargetReport[] = [];

  beforeAll(async () => {
    await build({
      entryPoints: [join(ROOT, 'scripts/fuzz/worker-main.ts')],
      outfile: join(outDir, 'worker.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    const corpusDirs = DEFAULT_CORPUS_DIRS.map((d) => join(ROOT, d));
    reports = await fuzz({
      workerFile: join(outDir, 'worker.mjs'),
      targets: TARGETS.map((t) => t.name),
      seed: SEED,
      from: 0,
      count: INPUTS_PER_TARGET,
      limitMs: LIMIT_MS,
      corpusDirs,
      corpus: loadCorpus(corpusDirs),
      concurrency: 2,
      minimizePerTarget: 1,
      skipMinimize: knownFinding,
    });
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const describeFinding = (f: Finding): string =>
    `${f.kind} ${f.signature} (npm run fuzz -- --target ${f.target} --seed ${f.seed} --index ${f.index}); minimized input: ${JSON.stringify((f.minimized ?? f.input ?? '').slice(0, 300))}`;

  it.each(TARGETS.map((t) => t.name))('%s: every input returns in time, none throws', (name) => {
    const r = reports.find((x) => x.target === name);
    expect(r?.inputs).toBe(INPUTS_PER_TARGET);
    expect(r?.findings.filter((f) => !knownFinding(f)).map(describeFinding)).toEqual([]);
  });
});
