/**
 * @module bench/hls-personalize
 * HLS media playlist personalization cost (issue 3 §8; docs/architecture.md §11 "within 3× of a bare
 * single-pass line scan of the same text; linear in playlist size"). The real pure path
 * (`beginWindow` + `finishWindow` of core/hls/personalize-media) on generated live origin
 * playlists of 10, 720 (PDT on every segment) and 40,000 segments, as a steady-state reload of a
 * warm session and as a session's first request, reported as ratios to a bare line scan and to
 * hls-parser parse + stringify measured interleaved in the same run; then a size series
 * (40 … 40,000) for linearity. Writes bench/results/hls-personalize.json.
 *
 * Run: `npm run bench -- hls` (bench/run.mjs bundles this file with esbuild).
 * Flags: `--quick` (short smoke run, results not written), `--md` (also print Markdown tables),
 * `--check-budget` (exit 3 when a docs/architecture.md §11 budget is missed), `--case=10,720-pdt,40000,linearity`
 * (measure only those; results not written — with `--prof`, profiles one case at a time).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LINEARITY_CASES, MAIN_CASES } from './hls/cases.ts';
import { measureCase, type CaseResult } from './hls/measure.ts';
import { LINEARITY_HEADER, MAIN_HEADER, linearity, linearityRows, mainRows, verdicts } from './hls/report.ts';
import { describeMachine, machineNote } from './lib/machine.ts';
import type { SampleOptions } from './lib/sampler.ts';
import { markdownTable, textTable } from './lib/table.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv
  .find((a) => a.startsWith('--case='))
  ?.slice('--case='.length)
  .split(',');
const selected = (id: string): boolean => !only || only.includes(id);
const MAIN: SampleOptions = quick ? { warmupMs: 100, budgetMs: 500, minRounds: 5, maxRounds: 200, batchMs: 2 } : { warmupMs: 600, budgetMs: 8_000, minRounds: 25, maxRounds: 2_000, batchMs: 5 };
const SERIES: SampleOptions = quick ? MAIN : { ...MAIN, budgetMs: 4_000 };

const require = createRequire(import.meta.url);
const hlsParserVersion = (JSON.parse(readFileSync(require.resolve('hls-parser/package.json'), 'utf8')) as { version: string }).version;
const machine = machineNote();
const gc = (globalThis as { gc?: () => void }).gc;

console.log(`HLS media playlist personalization — ${describeMachine(machine)}; hls-parser ${hlsParserVersion}${quick ? '; QUICK run' : ''}`);

const main: CaseResult[] = [];
for (const def of MAIN_CASES.filter((d) => selected(d.id))) {
  gc?.();
  process.stdout.write(`  measuring ${def.label} … `);
  main.push(measureCase(def, ['ours-warm', 'ours-cold', 'line-scan', 'min-rewrite', 'hls-parser'], MAIN));
  console.log(`${main[main.length - 1]?.rounds} rounds`);
}
const series: CaseResult[] = [];
for (const def of selected('linearity') ? LINEARITY_CASES : []) {
  gc?.();
  process.stdout.write(`  measuring linearity ${def.label} … `);
  series.push(measureCase(def, ['ours-warm', 'min-rewrite', 'line-scan'], SERIES));
  console.log(`${series[series.length - 1]?.rounds} rounds`);
}

const lin = series.length > 0 ? linearity(series) : undefined;
const verdictList = verdicts(main, lin);
const table = (md: boolean, h: readonly string[], rows: string[][]): string => (md ? markdownTable(h, rows) : textTable(h, rows));
const print = (md: boolean): void => {
  console.log(`\nPer operation, median (p95); ratios are medians of per-round ratios, same run:\n`);
  console.log(table(md, MAIN_HEADER, mainRows(main)));
  if (!lin) return;
  console.log(`\nLinearity (ours warm, one playlist shape at every size):\n`);
  console.log(table(md, LINEARITY_HEADER, linearityRows(series, lin)));
};
print(false);
if (argv.includes('--md')) print(true);
console.log(`\ndocs/architecture.md §11 budgets (load ${machineNote().loadAvg1m} at end):`);
for (const v of verdictList) console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.budget}: ${v.detail}`);

if (!quick && !only) {
  const out = path.join(process.cwd(), 'bench', 'results', 'hls-personalize.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const options = { main: MAIN, series: SERIES };
  const loadAvg1mAtEnd = machineNote().loadAvg1m;
  const result = {
    benchmark: 'hls-personalize',
    measuredAt: new Date().toISOString(),
    machine: { ...machine, loadAvg1mAtEnd },
    hlsParserVersion,
    options,
    cases: main,
    linearity: { ...lin, cases: series },
    verdicts: verdictList,
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
}
if (argv.includes('--check-budget') && verdictList.some((v) => !v.pass)) process.exit(3);
