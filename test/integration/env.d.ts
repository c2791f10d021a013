// Types for the Workers test pool: bindings on `env` and the main module on `exports`.
import type { Env as WorkerEnv } from '../../src/env.ts';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import('../../src/index.ts');
    }
  }
}
