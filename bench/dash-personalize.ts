/**
 * @module bench/dash-personalize
 * DASH MPD personalization cost (issue 10, "Speed"): parse + detect + build ad periods + stitch +
 * serialize (bench/dash/personalize) of a 2-hour multi-period VOD MPD (12 periods of 10 min, a
 * break at each: 24 ads inserted) and of a live MPD (10 one-minute periods, 5 breaks replaced),
 * as a ratio to fast-xml-parser parse + build of the same MPD unchanged, measured interleaved in
 * the same run (budget ≤ 2×); and  linearity in the number of periods (10, 100, 1,000 periods of
 * 10 s; budget: 1,000 periods ≤ 120× the time of 10). Writes bench/results/dash-personalize.json.
 *
 * Run: `npm run bench -- dash`. Flags: `--quick` (short run, results not written), `--md` (also
 * print Markdown tables), `--check-budget` (exit 3 when a budget is missed).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseMpd } from '../src/core/dash/index.ts';
import { originMpd, type OriginShape } from './dash/origin-mpd.ts';
import { fxpRoundTrip, personalize } from './dash/personalize.ts';
import { describeMachine, machineNote } from './lib/machine.ts';
import { sampleInterleaved, type SampleOptions } from './lib/sampler.ts';
import { median, p95, pairedRatio } from './lib/stats.ts';
import { formatMs, formatRatio, markdownTable, textTable } from './lib/table.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const OPTS: SampleOptions = quick ? { warmupMs: 100, budgetMs: 500, minRounds: 5, maxRounds: 200, batchMs: 2 } : { warmupMs: 600, budgetMs: 6_000, minRounds: 25, maxRounds: 2_000, batchMs: 5 };
const RATIO_BUDGET = 2;
const LINEAR_BUDGET = 120;

// The package's exports map hides package.json: read it next to the resolved entry point.
const require = createRequire(import.meta.url);
const fxpVersion = (JSON.parse(readFileSync(path.join(path.dirname(require.resolve('fast-xml-parser')), '..', 'package.json'), 'utf8')) as { version: string }).version;
const gc = (globalThis as { gc?: () => void }).gc;

interface CaseDef {
  readonly id: string;
  readonly label: string;
  readonly shape: OriginShape;
  readonly mode: 'insert' | 'replace';
}
const MAIN: readonly CaseDef[] = [
  { id: 'vod-2h', label: '2-hour VOD, 12 periods, 12 breaks (insert)', shape: { type: 'static', periods: 12, periodSec: 600, breakEvery: 1, seed: 1 }, mode: 'insert' },
  { id: 'live', label: 'live, 10 periods, 5 breaks (replace)', shape: { type: 'dynamic', periods: 10, periodSec: 60, breakEvery: 2, seed: 2 }, mode: 'replace' },
];
const SERIES: readonly CaseDef[] = [10, 100, 1000].map((n) => ({
  id: `periods-${n}`,
  label: `${n} periods`,
  shape: { type: 'static', periods: n, periodSec: 10, breakEvery: 3, seed: 3 },
  mode: 'insert',
}));

interface Result {
  readonly id: string;
  readonly label: string;
  readonly bytes: number;
  readonly periods: number;
  readonly breaks: number;
  readonly outputBytes: number;
  readonly rounds: number;
  readonly oursMs: { median: number; p95: number };
  readonly fxpMs: { median: number; p95: number };
  readonly ratio: number;
}

function measure(def: CaseDef): Result {
  const origin = originMpd(def.shape);
  // Self-checks: the output is a valid MPD with two ad periods per break.
  const out = personalize(origin.text, def.mode);
  const reparsed = parseMpd(out.text, { maxChars: 64 * 1024 * 1024 });
  if (!reparsed.ok) throw new Error(`${def.id}: output does not parse: ${reparsed.error.message}`);
  if (out.breaks !== origin.breaks || out.adPeriods !== 2 * origin.breaks)
    throw new Error(`${def.id}: ${out.breaks} breaks / ${out.adPeriods} ad periods, expected ${origin.breaks} / ${2 * origin.breaks}`);
  const expectedPeriods = def.mode === 'insert' ? origin.periods + 2 * origin.breaks : origin.periods + 2 * origin.breaks - origin.breaks;
  if (reparsed.value.periods.length !== expectedPeriods) throw new Error(`${def.id}: ${reparsed.value.periods.length} periods, expected ${expectedPeriods}`);
  gc?.();
  const [ours, fxp] = sampleInterleaved(
    [
      { name: 'ours', op: () => personalize(origin.text, def.mode).text.length },
      { name: 'fxp', op: () => fxpRoundTrip(origin.text).length },
    ],
    OPTS,
  );
  if (!ours || !fxp) throw new Error('sampler returned nothing');
  return {
    id: def.id,
    label: def.label,
    bytes: origin.text.length,
    periods: origin.periods,
    breaks: origin.breaks,
    outputBytes: out.text.length,
    rounds: ours.perOpMs.length,
    oursMs: { median: median(ours.perOpMs), p95: p95(ours.perOpMs) },
    fxpMs: { median: median(fxp.perOpMs), p95: p95(fxp.perOpMs) },
    ratio: pairedRatio(ours.perOpMs, fxp.perOpMs),
  };
}

const machine = machineNote();
console.log(`DASH MPD personalization — ${describeMachine(machine)}; fast-xml-parser ${fxpVersion}${quick ? '; QUICK run' : ''}`);
const run = (defs: readonly CaseDef[]): Result[] =>
  defs.map((d) => {
    process.stdout.write(`  measuring ${d.label} … `);
    const r = measure(d);
    console.log(`${r.rounds} rounds`);
    return r;
  });
const main = run(MAIN);
const series = run(SERIES);
const first = series[0];
const last = series[series.length - 1];
const growth = first && last ? last.oursMs.median / first.oursMs.median : Number.NaN;

const HEADER = ['case', 'MPD size', 'ours: median (p95)', 'fxp parse+build: median (p95)', 'ours / fxp'];
const rows = (rs: readonly Result[]): string[][] =>
  rs.map((r) => [
    r.label,
    `${(r.bytes / 1024).toFixed(0)} KiB`,
    `${formatMs(r.oursMs.median)} (${formatMs(r.oursMs.p95)})`,
    `${formatMs(r.fxpMs.median)} (${formatMs(r.fxpMs.p95)})`,
    formatRatio(r.ratio),
  ]);
const verdicts = [
  ...main.map((r) => ({ budget: `${r.id}: ours ≤ ${RATIO_BUDGET}× fast-xml-parser parse + build`, pass: r.ratio <= RATIO_BUDGET, detail: formatRatio(r.ratio) })),
  { budget: `linearity: 1,000 periods ≤ ${LINEAR_BUDGET}× 10 periods`, pass: growth <= LINEAR_BUDGET, detail: `${growth.toFixed(1)}× for 100× the periods` },
];
const print = (md: boolean): void => {
  const table = (h: readonly string[], r: string[][]): string => (md ? markdownTable(h, r) : textTable(h, r));
  console.log(`\nPer personalization, median (p95); ratios are medians of per-round ratios, same run:\n`);
  console.log(table(HEADER, rows(main)));
  console.log(`\nLinearity (same shape, more periods):\n`);
  console.log(table(HEADER, rows(series)));
};
print(false);
if (argv.includes('--md')) print(true);
console.log(`\nBudgets (load ${machineNote().loadAvg1m} at end):`);
for (const v of verdicts) console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.budget}: ${v.detail}`);

if (!quick) {
  const out = path.join(process.cwd(), 'bench', 'results', 'dash-personalize.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'dash-personalize', measuredAt: new Date().toISOString(), machine: { ...machine, loadAvg1mAtEnd: machineNote().loadAvg1m }, fastXmlParserVersion: fxpVersion, options: OPTS, cases: main, linearity: { growth, cases: series }, verdicts }, null, 2)}\n`,
  );
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
}
if (argv.includes('--check-budget') && verdicts.some((v) => !v.pass)) process.exit(3);
