/**
 * @module routes/segments
 * `GET /v1/segment/{acct}/{cfg}/{sid}/{n}/{seq}`: an ad segment of a server-side reporting
 * session (docs/mediatailor-compat.md §4). Answers the redirect to the ad segment at once.
 * `GET /v1/creative/{key}/…`: the creative store's packaged segments (R2 `CREATIVES`), for
 * deployments that do not put a CDN (CdnConfiguration.AdSegmentUrlPrefix) in front of the bucket.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { fail } from '../http/errors.ts';
import type { SessionClient } from '../platform/session-client.ts';
import { clientInfo, requireAccount, requireSession, unwrap } from './playback-common.ts';

export const segmentRoutes = new Hono<AppEnv>();

segmentRoutes.get('/segment/:acct/:cfg/:sid/:n/:seq', async (c) => {
  const { session, claim } = requireSession(c);
  const n = Number(c.req.param('n'));
  const seq = Number(c.req.param('seq'));
  if (!Number.isSafeInteger(n) || n < 0 || !Number.isSafeInteger(seq) || seq < 0) fail({ kind: 'not-found', what: 'unknown ad segment' });
  // Hono answers HEAD with this GET handler: a HEAD is a CDN or player probe, not a play, so it
  // gets the redirect and fires nothing.
  const found = unwrap(await session.segment({ claim, index: n, seq, client: clientInfo(c), probe: c.req.method === 'HEAD', requestId: c.get('requestId') }));
  return redirectAfterBeacons(c, session, found);
});

/**
 * The redirect to an ad segment. The beacons were claimed and stored before answering; they are
 * sent after the response, so a slow or dead beacon endpoint never delays the segment
 * (docs/architecture.md "Tracking and beacons"). Shared with `/v1/dashsegment` (routes/dash).
 */
export function redirectAfterBeacons(c: Context<AppEnv>, session: SessionClient, found: { url: string; beacons: number }): Response {
  if (found.beacons > 0) c.executionCtx.waitUntil(session.flushBeacons().catch((e) => console.error(JSON.stringify({ msg: 'beacon flush failed', error: String(e) }))));
  return c.redirect(found.url, 302);
}

/** An empty WebVTT segment: subtitle renditions show nothing while an ad plays (docs/architecture.md §5). */
segmentRoutes.get('/webvtt/:acct/blank.vtt', (c) => {
  requireAccount(c, c.req.param('acct'));
  return c.body('WEBVTT\n\n', 200, { 'content-type': 'text/vtt; charset=utf-8', 'cache-control': 'public, max-age=86400', 'access-control-allow-origin': '*' });
});

/** R2 keys are at most 1,024 bytes; `creatives/` takes 10 of them. */
const MAX_CREATIVE_PATH_CHARS = 1024 - 'creatives/'.length;

segmentRoutes.get('/creative/*', async (c) => {
  const path = creativePath(new URL(c.req.url).pathname.slice('/v1/creative/'.length));
  const obj = await c.env.CREATIVES.get(`creatives/${path}`);
  if (!obj) throw new ApiError(404, 'creative segment not found');
  const headers = new Headers({ 'cache-control': 'public, max-age=31536000, immutable', 'access-control-allow-origin': '*' });
  obj.writeHttpMetadata(headers);
  if (!headers.has('content-type')) headers.set('content-type', path.endsWith('.ts') ? 'video/mp2t' : 'application/octet-stream');
  return new Response(obj.body, { headers });
});

/** The store key under `creatives/`, decoded once and checked after decoding (so `%2e%2e` is `..`). */
function creativePath(raw: string): string {
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, 'bad creative path: malformed percent-encoding');
  }
  if (path.length > MAX_CREATIVE_PATH_CHARS) throw new ApiError(400, `bad creative path: longer than ${MAX_CREATIVE_PATH_CHARS} characters`);
  if (!/^[A-Za-z0-9._/-]+$/.test(path) || path.split('/').some((s) => s === '..' || s === '.' || s === '')) throw new ApiError(400, 'bad creative path');
  return path;
}
