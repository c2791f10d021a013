/**
 * @module routes/tracking
 * `GET /v1/tracking/{acct}/{cfg}/{sid}` (contracts §3): the client-side tracking JSON, paged by
 * `nextToken` (query parameter, or `NextToken` in a POST body as the MediaTailor guide shows).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { readTextCapped } from '../platform/read-capped.ts';
import { sessionClient } from '../platform/session-client.ts';
import { NO_STORE, requireAccount, requireSessionId } from './playback-common.ts';

export const trackingRoutes = new Hono<AppEnv>();

trackingRoutes.get('/tracking/:acct/:cfg/:sid', (c) => answer(c, c.req.query('nextToken') ?? c.req.query('NextToken') ?? null));

trackingRoutes.post('/tracking/:acct/:cfg/:sid', async (c) => {
  const text = await readTextCapped(c.req.raw.body, 16 * 1024, c.req.header('content-length'));
  if (text === undefined) throw new ApiError(413, 'request body is too large');
  let token: string | null = c.req.query('nextToken') ?? null;
  if (text.trim() !== '') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'request body is not valid JSON');
    }
    const t = typeof body === 'object' && body !== null ? ((body as Record<string, unknown>)['NextToken'] ?? (body as Record<string, unknown>)['nextToken']) : undefined;
    if (t !== undefined && t !== null && typeof t !== 'string') throw new ApiError(400, 'NextToken must be a string');
    if (typeof t === 'string') token = t;
  }
  return answer(c, token);
});

async function answer(c: Context<AppEnv>, token: string | null): Promise<Response> {
  requireAccount(c, c.req.param('acct') ?? '');
  const sid = requireSessionId(c.req.param('sid'));
  const r = await sessionClient(c.env, sid).tracking(token);
  if (!r.ok) throw new ApiError(r.status, r.message);
  return c.json(r.body as Record<string, unknown>, 200, NO_STORE);
}
