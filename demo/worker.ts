/**
 * @module demo/worker
 * The demo Worker (demo/wrangler.toml; `npm start`, the integration and end-to-end tests): the
 * service itself (src/app.ts, the same Durable Objects) plus, when DEMO_ENABLED, the embedded demo
 * (origin, ad server, beacon sink, media, player page) and its seed configurations. The demo's
 * URLs on this Worker are served in-process (no network, no listening port): the dispatcher is
 * handed to the platform here, so production code never imports the app (no import cycle).
 */
import type { Hono } from 'hono';
import { createApp } from '../src/app.ts';
import type { AppEnv } from '../src/env.ts';
import { errorResponse } from '../src/http/api-error.ts';
import { registerSeed } from '../src/platform/config-source.ts';
import { registerSelfDispatch } from '../src/platform/self-dispatch.ts';
import demoSeed from './demo-configurations.json';
import { isDemoEnabled, type DemoEnv } from './env.ts';
import { demoRoutes } from './routes.ts';

/** The demo routes, their guard, and `/` → `/demo` so a fresh `npm start` opens on something useful. */
function mountDemo(app: Hono<AppEnv>): void {
  app.use('/demo/*', async (c, next) => {
    if (!isDemoEnabled(c.env)) return errorResponse(404, 'not found');
    await next();
  });
  // SAFETY: the demo Worker binds what DemoEnv adds (demo/wrangler.toml); the routes run only there.
  app.route('/demo', demoRoutes as unknown as Hono<AppEnv>);
  app.get('/', (c) => (isDemoEnabled(c.env) ? c.redirect('/demo') : errorResponse(404, 'not found')));
  app.get('/demo/', (c) => c.redirect('/demo'));
}

const app = createApp({ extend: mountDemo });

/** The demo routes record synchronously and never need waitUntil; this context only satisfies the type. */
const inProcess: ExecutionContext = {
  waitUntil(p: Promise<unknown>) {
    p.catch(() => undefined);
  },
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext; // SAFETY: only waitUntil/passThroughOnException are used by Hono.

registerSelfDispatch((request, env) => app.fetch(request, env, inProcess));
registerSeed('demo/demo-configurations.json', demoSeed, isDemoEnabled);

export default {
  fetch: (request: Request, env: DemoEnv, ctx: ExecutionContext) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<DemoEnv>;

export { ConfigStore, LogShard, SessionObject } from '../src/index.ts';
export { BeaconSink } from './beacon-sink.ts';
