/**
 * @module scripts/fuzz/run
 * `npm run fuzz`: Node 20 cannot run TypeScript, so the fuzzer (scripts/fuzz/main.ts) and its
 * worker thread (scripts/fuzz/worker-main.ts) are bundled with esbuild into .fuzz-out/bin/ (npm packages
 * stay external), then run with the arguments given (see main.ts for them).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, '.fuzz-out', 'bin');
await build({
  entryPoints: { main: path.join(root, 'scripts/fuzz/main.ts'), worker: path.join(root, 'scripts/fuzz/worker-main.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  ...NODE_BUNDLE,
});
const r = spawnSync(process.execPath, ['--enable-source-maps', path.join(outdir, 'main.mjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
