/**
 * @module routes/session-timeline
 * "What happened to session X" (docs/session-timeline.md), behind the control plane's
 * authentication (routes/admin-auth: SigV4 or bearer token):
 * - `GET /sessions/{sessionId}/timeline[?since=&limit=]` → the session's timeline as JSON;
 * - `GET /playbackConfiguration/{Name}/sessions/{sessionId}/timeline` → the same, for a session
 *   of that configuration only (a session of another one is unknown).
 * A browser that opens the first URL (an HTML navigation without credentials) gets the timeline
 * page instead, which asks for the token and reads the JSON from the same URL. An unknown or
 * expired session is 404, as every control-plane resource that does not exist.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { sessionClient } from '../platform/session-client.ts';
import { TIMELINE_CAPACITY } from '../platform/session-timeline.ts';
import { requireAdmin } from './admin-auth.ts';
import { requireSessionId } from './playback-common.ts';
import { timelinePage } from './timeline-page.ts';

type C = Context<AppEnv>;

export const timelineRoutes = new Hono<AppEnv>();

/** A browser opening the URL: it asks for HTML first and sends no credentials. */
const isPageNavigation = (c: C): boolean => (c.req.header('accept') ?? '').startsWith('text/html') && c.req.header('authorization') === undefined;

timelineRoutes.get('/sessions/:sid/timeline', async (c, next) => {
  if (isPageNavigation(c)) return c.html(timelinePage(), 200, { 'cache-control': 'no-store' });
  return requireAdmin(c, next);
}, (c) => answerTimeline(c, undefined));

// `/playbackConfiguration/*` is authenticated by the control plane's own middleware (routes/admin).
timelineRoutes.get('/playbackConfiguration/:name/sessions/:sid/timeline', (c) => answerTimeline(c, c.req.param('name')));

/** The JSON answer for `sid`, optionally only for a session of `configName` (the demo reads its own sessions with it). */
export async function answerTimeline(c: C, configName: string | undefined): Promise<Response> {
  const sid = sessionIdOf(c.req.param('sid'));
  const since = intParam(c.req.query('since'), 'since', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = intParam(c.req.query('limit'), 'limit', 1, TIMELINE_CAPACITY, TIMELINE_CAPACITY);
  const out = await sessionClient(c.env, sid).timeline({ accountId: c.env.ACCOUNT_ID, ...(configName !== undefined ? { configName } : {}), sinceSeq: since, limit });
  if (!out.ok) throw new ApiError(404, 'session not found or expired');
  return c.json(out.value, 200, { 'cache-control': 'no-store' });
}

function sessionIdOf(raw: string | undefined): string {
  try {
    return requireSessionId(raw);
  } catch {
    throw new ApiError(400, 'session id is not valid: a session id is a UUID v4');
  }
}

function intParam(raw: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new ApiError(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}
