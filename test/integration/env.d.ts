// Types for the Workers test pool: bindings on `env` and the main module on `exports`.
import type { Env } from '../../src/env.ts';

declare global {
  namespace Cloudflare {
    interface Env extends import('../../src/env.ts').Env {}
    interface GlobalProps {
      mainModule: typeof import('../../src/index.ts');
    }
  }
}
export type { Env };
