/**
 * @module scripts/node-bundle
 * The esbuild options for running our TypeScript under Node 20 (which cannot run it): one ESM
 * bundle per entry, npm packages left external, source maps linked. Used by bench/run.mjs and
 * scripts/fuzz/run.mjs.
 */
export const NODE_BUNDLE = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
