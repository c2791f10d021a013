/**
 * @module platform/self-dispatch
 * Runs a request for this Worker's own demo routes in-process (no network, no listening port;
 * works the same in `wrangler dev`, the Workers test pool, Durable Objects and production).
 * The app is imported lazily to avoid an import cycle with the routes.
 */
import type { Env } from '../env.ts';

type App = { fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> };
let app: Promise<App> | undefined;

/** The demo routes record synchronously and never need waitUntil; this context only satisfies the type. */
const ctx: ExecutionContext = {
  waitUntil(p: Promise<unknown>) {
    p.catch(() => undefined);
  },
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext; // SAFETY: only waitUntil/passThroughOnException are used by Hono.

export async function dispatchToSelf(request: Request, env: Env): Promise<Response> {
  app ??= import('../app.ts').then((m) => m.createApp());
  return (await app).fetch(request, env, ctx);
}
