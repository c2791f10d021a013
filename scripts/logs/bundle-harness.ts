/**
 * @module scripts/logs/bundle-harness
 * Bundles the log harness Worker (test/harness/log-harness-worker.ts) for Miniflare, which runs
 * JavaScript only. Used by the S3 end-to-end test and the benchmark. Node only.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

/** `rootDir` is the repository root (a bundled caller cannot locate it from its own URL). */
export async function bundleLogHarness(rootDir: string): Promise<string> {
  const out = await build({
    entryPoints: [join(rootDir, 'test/harness/log-harness-worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    external: ['cloudflare:*'],
    write: false,
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (file === undefined) throw new Error('esbuild produced no output');
  return file.text;
}
