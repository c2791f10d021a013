/**
 * @module app
 * The Hono app: mounts the route groups, answers CORS for browser players on every playback
 * route (DESIGN §2), maps every error to JSON `{"message"}` in one place (contracts §1), and
 * stamps `x-amzn-RequestId` on every response.
 */
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './env.ts';
import { ApiError, apiErrorResponse, errorResponse } from './http/api-error.ts';
import { allowedMethods } from './http/allowed-methods.ts';
import { serviceErrorResponse, ServiceFailure } from './http/errors.ts';
import { adminRoutes } from './routes/admin.ts';
import { adminLogRoutes } from './routes/admin-logs.ts';
import { dashRoutes } from './routes/dash.ts';
import { hlsRoutes } from './routes/hls.ts';
import { packagerRoutes } from './routes/packager.ts';
import { segmentRoutes } from './routes/segments.ts';
import { trackingRoutes } from './routes/tracking.ts';
import { sessionRoutes } from './routes/session.ts';
import { timelineRoutes } from './routes/session-timeline.ts';

export interface AppOptions {
  /** Mounts more routes (the demo Worker mounts the demo, demo/worker.ts). */
  readonly extend?: (app: Hono<AppEnv>) => void;
}

export function createApp(opts: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Every response, errors and playback included, names its request like AWS does
  // (`x-amzn-RequestId`; the AWS SDKs read it into `$metadata.requestId`).
  app.use('*', async (c, next) => {
    const requestId = c.req.header('cf-ray') ?? crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    setResponseHeader(c, 'x-amzn-RequestId', requestId);
    // How many round trips to session objects the request made and their time (one per media
    // playlist: docs/architecture.md "Session core"); players and CDNs may ignore it.
    const calls = c.get('sessionCalls');
    if (calls) setResponseHeader(c, 'server-timing', `session;dur=${calls.ms};desc="${calls.count} call${calls.count === 1 ? '' : 's'}"`);
  });

  // Browser players call the playback routes cross-origin; the POST needs a preflight (DESIGN §2).
  app.use(
    '/v1/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization', 'Range'],
      exposeHeaders: ['Content-Length', 'Location', 'x-amzn-ErrorType', 'x-amzn-RequestId', 'Server-Timing'],
      maxAge: 86_400,
    }),
  );

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/v1/session', sessionRoutes);
  app.route('/v1', hlsRoutes);
  app.route('/v1', dashRoutes);
  app.route('/v1', segmentRoutes);
  app.route('/v1', trackingRoutes);
  app.route('/', adminRoutes);
  // After adminRoutes: its `/playbackConfiguration/*` authentication must run before the
  // timeline route under that path.
  app.route('/', timelineRoutes);
  app.route('/', adminLogRoutes);
  app.route('/', packagerRoutes);

  opts.extend?.(app);

  app.notFound((c) => {
    const allow = allowedMethods(app, c.req.path);
    if (allow.length > 0) return serviceErrorResponse({ kind: 'method-not-allowed', allow }, corsFor(c.req.path));
    return errorResponse(404, 'not found', corsFor(c.req.path));
  });
  app.onError((e, c) => {
    const cors = corsFor(c.req.path);
    if (e instanceof ServiceFailure) return serviceErrorResponse(e.error, cors);
    if (e instanceof ApiError) return apiErrorResponse(e, cors);
    // Unexpected: log the detail (never request input verbatim), answer a generic message.
    console.error(`[${c.get('requestId')}] unhandled error`, e instanceof Error ? e.stack : String(e));
    return errorResponse(500, 'internal error', cors);
  });
  return app;
}

/** Error answers on playback routes carry CORS too (browser players read them). */
function corsFor(path: string): Record<string, string> | undefined {
  return path.startsWith('/v1/') ? { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-amzn-ErrorType, x-amzn-RequestId' } : undefined;
}

/**
 * Sets a header on the finished response. Responses passed through from `fetch` or the assets
 * binding have immutable headers; those are copied into a new Response first.
 */
function setResponseHeader(c: Context<AppEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    const copy = new Response(c.res.body, c.res);
    copy.headers.set(name, value);
    c.res = copy;
  }
}
