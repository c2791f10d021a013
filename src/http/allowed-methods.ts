/**
 * @module http/allowed-methods
 * The methods a path answers, read from the app's own routes (one source of truth): a request with
 * another method gets 405 and an `Allow` header (RFC 9110 §15.5.6) instead of a bare 404.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** The methods with a route (not only middleware) for `path`; empty when no route has the path. */
export function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const allow: string[] = [];
  for (const m of METHODS) {
    // Each match is [[handler, route], params]; middleware (app.use) is registered for method ALL.
    const [matched] = app.router.match(m, path);
    if (matched.some(([entry]) => entry[1].method !== 'ALL')) allow.push(m);
  }
  // Hono answers HEAD with the GET handler.
  if (allow.includes('GET') && !allow.includes('HEAD')) allow.splice(1, 0, 'HEAD');
  return allow;
}
