/**
 * @module routes/tracking
 * `GET /v1/tracking/{acct}/{cfg}/{sid}`: the client-side tracking JSON (MediaTailor's tracking
 * API), paged by `nextToken` (query parameter, or `NextToken` in a POST body as the MediaTailor
 * guide shows).
 */
import { Hono, type Context } from 'hono';
import { badRequest } from '../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../http/errors.ts';
import { readTextCapped } from '../platform/read-capped.ts';
import { NO_STORE, requireSession, unwrap } from './playback-common.ts';

const MAX_TRACKING_BODY_BYTES = 16 * 1024;

export const trackingRoutes = new Hono<AppEnv>();

trackingRoutes.get('/tracking/:acct/:cfg/:sid', (c) => answer(c, c.req.query('nextToken') ?? c.req.query('NextToken') ?? null));

trackingRoutes.post('/tracking/:acct/:cfg/:sid', async (c) => {
  const text = await readTextCapped(c.req.raw.body, MAX_TRACKING_BODY_BYTES, c.req.header('content-length'));
  if (text === undefined) fail({ kind: 'payload-too-large', limitBytes: MAX_TRACKING_BODY_BYTES });
  let token: string | null = c.req.query('nextToken') ?? null;
  if (text.trim() !== '') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      fail(badRequest('request body is not valid JSON'));
    }
    const t = typeof body === 'object' && body !== null ? ((body as Record<string, unknown>)['NextToken'] ?? (body as Record<string, unknown>)['nextToken']) : undefined;
    if (t !== undefined && t !== null && typeof t !== 'string') fail(badRequest('NextToken must be a string'));
    if (typeof t === 'string') token = t;
  }
  return answer(c, token);
});

async function answer(c: Context<AppEnv>, token: string | null): Promise<Response> {
  const { session, claim } = requireSession(c);
  const body = unwrap(await session.tracking(claim, token));
  return c.json(body as unknown as Record<string, unknown>, 200, NO_STORE);
}
