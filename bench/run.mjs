/**
 * @module bench/run
 * Runs the benchmarks in bench/ (docs/architecture.md §11). Node 20 cannot run TypeScript and a benchmark is
 * not a timed unit test, so each entry `bench/<name>.ts` is bundled with esbuild into
 * `.bench-out/<name>.mjs` (npm packages stay external) and run with node, one process per
 * benchmark so that one's heap and JIT state never colour another's figures.
 *
 *   npm run bench                       every bench/*.ts, in name order
 *   npm run bench -- hls                the entries whose name starts with (or contains) "hls"
 *   npm run bench -- hls --quick        flags other than the runner's own go to the benchmark
 *   npm run bench -- --list             list the entries
 *   npm run bench -- hls --prof         also write a V8 CPU profile to .bench-out/prof/
 *
 * Exit status: the first failing benchmark's (a benchmark fails when its self-checks fail).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../scripts/node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const outDir = path.join(root, '.bench-out');

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const runnerFlags = new Set(['--list', '--prof']);
const passThrough = args.filter((a) => a.startsWith('-') && !runnerFlags.has(a));

const entries = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

if (args.includes('--list')) {
  for (const e of entries) console.log(e);
  process.exit(0);
}

/** Exact name, else every entry starting with it, else every entry containing it. */
function select(name) {
  if (entries.includes(name)) return [name];
  const prefixed = entries.filter((e) => e.startsWith(name));
  return prefixed.length > 0 ? prefixed : entries.filter((e) => e.includes(name));
}

const chosen = [];
for (const n of names) {
  const found = select(n);
  if (found.length === 0) {
    console.error(`bench: no benchmark matches "${n}"; available: ${entries.join(', ')}`);
    process.exit(2);
  }
  for (const f of found) if (!chosen.includes(f)) chosen.push(f);
}
if (chosen.length === 0) chosen.push(...entries);

let status = 0;
for (const name of chosen) {
  const outfile = path.join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [path.join(benchDir, `${name}.ts`)],
    outfile,
    ...NODE_BUNDLE,
  });
  // WebSocket: the load bench reads the Worker's heap through wrangler's inspector (Node 20 needs the flag).
  const nodeArgs = ['--expose-gc', '--enable-source-maps', '--experimental-websocket'];
  if (args.includes('--prof')) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.join(outDir, 'prof')}`, `--cpu-prof-name=${name}.cpuprofile`);
  console.log(`\n▶ bench/${name}.ts`);
  const r = spawnSync(process.execPath, [...nodeArgs, outfile, ...passThrough], { cwd: root, stdio: 'inherit' });
  const code = r.status ?? 1;
  if (code !== 0) {
    console.error(`bench/${name}.ts exited with ${r.signal ?? code}`);
    if (status === 0) status = code;
  }
}
process.exit(status);
