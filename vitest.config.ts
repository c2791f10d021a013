/**
 * Two projects (DESIGN §12, style A3):
 * - `core`: pure modules under src/core, run in plain Node. A core module that imports
 *   `cloudflare:*` or hono fails here, so this project is also the purity check.
 * - `worker`: routes, Durable Objects and R2 inside workerd via the Workers pool, as the demo
 *   Worker (demo/wrangler.toml: the service plus the local demo origin, ad server and sink).
 * - `e2e`: hls.js in headless Chromium against `wrangler dev` (test/e2e; skips without Chromium).
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        plugins: [
          cloudflareTest({
            main: './demo/worker.ts',
            wrangler: { configPath: './demo/wrangler.toml' },
            miniflare: {
              bindings: {
                DEMO_ENABLED: 'true',
                ADMIN_TOKEN: 'test-admin-token',
                // Two pairs: key rotation (test/integration/admin-aws.test.ts).
                AWS_ACCESS_KEYS: 'AKIDEDGESSAITEST0001:test/Secret+Key0001,AKIDEDGESSAITEST0002:second-secret',
              },
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
