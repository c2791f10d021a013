/**
 * @module platform/self-dispatch
 * Runs a request for this Worker's own demo routes in-process (no network, no listening port;
 * the same in `wrangler dev`, the Workers test pool and Durable Objects). The demo Worker
 * registers the dispatcher (demo/worker.ts); a production deployment registers none, and its
 * outbound calls all go through `fetch` under the host policy.
 */
import type { Env } from '../env.ts';

export type SelfDispatch = (request: Request, env: Env) => Response | Promise<Response>;

let dispatcher: SelfDispatch | undefined;

export function registerSelfDispatch(d: SelfDispatch): void {
  dispatcher = d;
}

/** The registered dispatcher, if this Worker serves its own demo. */
export function selfDispatcher(): SelfDispatch | undefined {
  return dispatcher;
}
