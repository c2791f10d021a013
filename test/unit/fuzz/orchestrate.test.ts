/**
 * The fuzzer's own machinery (scripts/fuzz): against entry points that throw or never return
 * (test/unit/fuzz/broken-targets.ts), it reports each throw once with its first input, catches the
 * endless loop by terminating its worker and goes on with the next input, replays any input from
 * (seed, target, index) alone, and minimizes findings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIRS, loadCorpus } from '../../../scripts/fuzz/corpus.ts';
import { fuzzInput } from '../../../scripts/fuzz/generate.ts';
import { fuzz, type TargetReport } from '../../../scripts/fuzz/orchestrate.ts';
import { target } from '../../../scripts/fuzz/target.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDirs = DEFAULT_CORPUS_DIRS.map((d) => join(ROOT, d));
const corpus = loadCorpus(corpusDirs);
// The same names and seed families as the worker's registry: inputs are generated alike here.
const registry = ['throws', 'loops', 'fine'].map((name) => target(name, 'hls', () => undefined));

describe('fuzz orchestration', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'edge-ssai-fuzz-test-'));
  let reports: TargetReport[] = [];
  const COUNT = 100;

  beforeAll(async () => {
    await build({
      entryPoints: [join(ROOT, 'test/unit/fuzz/broken-targets.ts')],
      outfile: join(outDir, 'worker.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    reports = await fuzz({
      workerFile: join(outDir, 'worker.mjs'),
      registry,
      targets: ['throws', 'loops', 'fine'],
      seed: 7,
      from: 0,
      count: COUNT,
      limitMs: 250,
      corpusDirs,
      corpus,
      concurrency: 2,
      minimizePerTarget: 1,
      hangMinimizeEvals: 12,
    });
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const inputsWith = (name: string, has: (s: string) => boolean): number[] => {
    const t = registry.find((x) => x.name === name);
    return Array.from({ length: COUNT }, (_, i) => i).filter((i) => t !== undefined && has(fuzzInput(t, corpus, 7, i)));
  };

  it('a throw is reported once, at its first input, with how many inputs showed it, minimized', () => {
    const r = reports.find((x) => x.target === 'throws');
    const throwing = inputsWith('throws', (s) => s.includes('#EXT-X-ENDLIST'));
    expect(throwing.length).toBeGreaterThan(10);
    expect(r?.inputs).toBe(COUNT);
    expect(r?.findings).toHaveLength(1);
    expect(r?.findings[0]).toMatchObject({ kind: 'throw', index: throwing[0], occurrences: throwing.length, minimized: '#EXT-X-ENDLIST' });
    expect(r?.findings[0]?.signature).toMatch(/^RangeError: bad playlist of N characters/);
  });

  it('an input that never returns is a hang at its index; the run goes on after it', () => {
    const r = reports.find((x) => x.target === 'loops');
    const hanging = inputsWith('loops', (s) => s.includes('#EXT-X-PART'));
    expect(hanging.length).toBeGreaterThan(0);
    expect(r?.inputs).toBe(COUNT);
    expect(r?.findings.map((f) => [f.kind, f.index])).toEqual(hanging.map((i) => ['hang', i]));
    // Minimizing a hang costs the limit per failing probe, so its budget is small: smaller, still hanging.
    const first = r?.findings[0];
    expect(first?.minimized).toContain('#EXT-X-PART');
    expect(first?.minimized?.length).toBeLessThan(first?.input?.length ?? 0);
  });

  it('a target that neither throws nor hangs has no finding', () => {
    expect(reports.find((x) => x.target === 'fine')).toMatchObject({ inputs: COUNT, findings: [] });
  });
});
