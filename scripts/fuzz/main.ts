/**
 * @module scripts/fuzz/main
 * `npm run fuzz`: every parser entry point (scripts/fuzz/targets.ts) on 100,000 seeded inputs,
 * random bytes and mutations of the fixtures, each with a time limit; prints per target the
 * inputs run, throws, hangs and the slowest input, then each finding with the command that
 * replays it and its minimized input (also written to `.fuzz-out/`). Exit status 1 when there is
 * a finding that scripts/fuzz/known.ts does not list.
 *
 *   npm run fuzz                                  all targets, seed 1, 100,000 inputs each
 *   npm run fuzz -- --target vast --count 20000   one target (repeatable), fewer inputs
 *   npm run fuzz -- --seed random                 a fresh seed (printed, to replay the run)
 *   npm run fuzz -- --target vast --seed 1 --index 4711    replay one input: print it and run it
 *   npm run fuzz -- --corpus ../more-fixtures     more seed files (test/fixtures and demo/media always)
 *   npm run fuzz -- --limit-ms 2000 --jobs 2 --minimize 3 --list
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_CORPUS_DIRS, loadCorpus } from './corpus.ts';
import { runInput } from './execute.ts';
import { fuzzInput } from './generate.ts';
import { KNOWN_FINDINGS, knownFinding } from './known.ts';
import { fuzz, type Finding, type TargetReport } from './orchestrate.ts';
import { TARGETS } from './targets.ts';

interface Args {
  targets: string[];
  seed: number;
  count: number;
  from: number;
  index?: number;
  limitMs: number;
  corpus: string[];
  jobs: number;
  minimize: number;
  out: string;
  list: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { targets: [], seed: 1, count: 100_000, from: 0, limitMs: 2_000, corpus: [], jobs: Math.min(2, availableParallelism()), minimize: 3, out: '.fuzz-out', list: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(value());
      if (!Number.isSafeInteger(v) || v < 0) fail(`${flag} needs a non-negative integer`);
      return v;
    };
    switch (flag) {
      case '--target':
        a.targets.push(value());
        break;
      case '--seed': {
        const v = value();
        a.seed = v === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(v);
        if (!Number.isSafeInteger(a.seed)) fail('--seed needs an integer or "random"');
        break;
      }
      case '--count':
        a.count = int();
        break;
      case '--from':
        a.from = int();
        break;
      case '--index':
        a.index = int();
        break;
      case '--limit-ms':
        a.limitMs = int();
        break;
      case '--corpus':
        a.corpus.push(value());
        break;
      case '--jobs':
        a.jobs = Math.max(1, int());
        break;
      case '--minimize':
        a.minimize = int();
        break;
      case '--out':
        a.out = value();
        break;
      case '--list':
        a.list = true;
        break;
      default:
        fail(`unknown option ${flag}`);
    }
  }
  for (const t of a.targets) if (!TARGETS.some((x) => x.name === t)) fail(`unknown target ${t}; --list shows them`);
  if (a.targets.length === 0) a.targets = TARGETS.map((t) => t.name);
  return a;
}

function fail(message: string): never {
  console.error(`fuzz: ${message}`);
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));
const root = process.cwd();
const corpusDirs = [...DEFAULT_CORPUS_DIRS.map((d) => join(root, d)), ...args.corpus.map((d) => resolve(root, d))];
const corpus = loadCorpus(corpusDirs);

if (args.list) {
  for (const t of TARGETS) console.log(`${t.name.padEnd(24)} seeds: ${t.corpus.map((k) => `${k} (${corpus[k].length})`).join(', ')}`);
  process.exit(0);
}

if (args.index !== undefined) {
  // Replay: the input is regenerated from (seed, target, index) alone.
  const t = TARGETS.find((x) => x.name === args.targets[0]) ?? fail('--index needs --target');
  const input = fuzzInput(t, corpus, args.seed, args.index);
  mkdirSync(args.out, { recursive: true });
  const file = join(args.out, `${t.name}-seed${args.seed}-input${args.index}.txt`);
  writeFileSync(file, input);
  console.log(`input ${args.index} of ${t.name}, seed ${args.seed} (${input.length} characters, ${file}):\n${JSON.stringify(input.slice(0, 2000))}${input.length > 2000 ? '…' : ''}`);
  const outcome = await runInput(t, input);
  console.log(outcome.kind === 'throw' ? `threw after ${outcome.ms.toFixed(1)} ms:\n${outcome.error}` : `returned after ${outcome.ms.toFixed(1)} ms`);
  process.exit(outcome.kind === 'throw' ? 1 : 0);
}

const workerFile = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'worker.mjs');
console.log(`fuzz: seed ${args.seed}, inputs ${args.from}…${args.from + args.count - 1} per target, limit ${args.limitMs} ms per input, ${args.jobs} worker(s)`);
console.log(
  `fuzz: seeds from ${corpusDirs.join(', ')}: ${Object.entries(corpus)
    .map(([k, v]) => `${k} ${v.length}`)
    .join(', ')}`,
);
const started = Date.now();
const reports = await fuzz({
  workerFile,
  targets: args.targets,
  seed: args.seed,
  from: args.from,
  count: args.count,
  limitMs: args.limitMs,
  corpusDirs,
  corpus,
  concurrency: args.jobs,
  minimizePerTarget: args.minimize,
  skipMinimize: knownFinding,
  onEvent: (line) => console.log(`  ${line}`),
});
printReport(reports, (Date.now() - started) / 1000);

function printReport(rs: readonly TargetReport[], seconds: number): void {
  console.log(`\n${'target'.padEnd(24)} ${'inputs'.padStart(8)} ${'throws'.padStart(7)} ${'hangs'.padStart(6)} ${'mean µs'.padStart(8)} ${'slowest ms (input)'.padStart(20)}`);
  for (const r of rs) {
    const throws = r.findings.filter((f) => f.kind === 'throw').length;
    const hangs = r.findings.filter((f) => f.kind === 'hang').length;
    const mean = r.inputs > 0 ? (r.totalMs * 1000) / r.inputs : 0;
    console.log(
      `${r.target.padEnd(24)} ${String(r.inputs).padStart(8)} ${String(throws).padStart(7)} ${String(hangs).padStart(6)} ${mean.toFixed(0).padStart(8)} ${`${r.maxMs.toFixed(1)} (${r.maxIndex})`.padStart(20)}`,
    );
  }
  const all = rs.flatMap((r) => r.findings);
  const unknown = all.filter((f) => !knownFinding(f));
  console.log(`\n${all.length} finding(s), ${unknown.length} not known, in ${seconds.toFixed(0)} s`);
  if (all.length > 0) mkdirSync(args.out, { recursive: true });
  for (const f of all) printFinding(f);
  for (const k of KNOWN_FINDINGS) {
    if (args.targets.includes(k.target) && !all.some((f) => knownFinding(f) === k))
      console.log(`known finding of ${k.target} (${k.where}) was not seen: remove it from scripts/fuzz/known.ts if it is fixed`);
  }
  process.exitCode = unknown.length > 0 ? 1 : 0;
}

function printFinding(f: Finding): void {
  const known = knownFinding(f);
  const file = join(args.out, `${f.target}-seed${f.seed}-input${f.index}.txt`);
  const shown = f.minimized ?? f.input;
  if (shown !== undefined) writeFileSync(file, shown);
  console.log(`\n${known ? '[known] ' : ''}${f.target} ${f.kind}: ${f.signature}${f.occurrences > 1 ? ` (${f.occurrences} inputs)` : ''}${known ? `\n  fixed in: ${known.where}` : ''}`);
  console.log(`  replay: npm run fuzz -- --target ${f.target} --seed ${f.seed} --index ${f.index}`);
  if (shown !== undefined)
    console.log(`  ${f.minimized !== undefined ? 'minimized' : 'input'} (${shown.length} chars, ${file}): ${JSON.stringify(shown.slice(0, 400))}${shown.length > 400 ? '…' : ''}`);
  if (f.error) console.log(`  ${f.error.split('\n').slice(0, 4).join('\n  ')}`);
}
