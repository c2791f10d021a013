// Types for the Workers test pool (the demo Worker, demo/wrangler.toml): bindings on `env` and the main module on `exports`.
import type { DemoEnv as WorkerEnv } from '../../demo/env.ts';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import('../../demo/worker.ts');
    }
  }
}
