/**
 * @module index
 * The production Worker entry (wrangler.toml): the Hono app and the Durable Object classes. The
 * demo Worker (demo/worker.ts) adds the demo to the same app.
 */
import { createApp } from './app.ts';
import type { Env } from './env.ts';

const app = createApp();

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;

export { ConfigStore } from './platform/config-store.ts';
export { SessionObject } from './platform/session-object.ts';
export { LogShard } from './platform/log-shard.ts';
