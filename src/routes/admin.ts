/**
 * @module routes/admin
 * Control plane (contracts §6.8): PUT/GET/DELETE /playbackConfiguration, GET /playbackConfigurations,
 * behind `Authorization: Bearer <ADMIN_TOKEN>` (DESIGN §2, §10). No token configured → every call refused.
 */
import { Hono, type Context, type Next } from 'hono';
import { describePlaybackConfiguration, validatePlaybackConfiguration } from '../core/config/playback-configuration.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { applySeeds, configStore, invalidateConfiguration } from '../platform/config-source.ts';
import { readTextCapped } from '../platform/read-capped.ts';
import { selfOrigin } from './playback-common.ts';

const MAX_CONFIG_BODY_BYTES = 256 * 1024;

export const adminRoutes = new Hono<AppEnv>();

// Scoped to the admin paths: this sub-app is mounted at the root.
adminRoutes.use('/playbackConfiguration', requireAdmin);
adminRoutes.use('/playbackConfiguration/*', requireAdmin);
adminRoutes.use('/playbackConfigurations', requireAdmin);

/** Bearer-token check of the control plane, also guarding the packager API (routes/packager.ts). */
export async function requireAdmin(c: Context<AppEnv>, next: Next): Promise<void> {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected) throw new ApiError(403, 'admin API disabled: no ADMIN_TOKEN is configured');
  const header = c.req.header('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token || !(await constantTimeEqual(token, expected))) throw new ApiError(401, 'missing or invalid bearer token');
  await next();
}

adminRoutes.put('/playbackConfiguration', async (c) => {
  const text = await readTextCapped(c.req.raw.body, MAX_CONFIG_BODY_BYTES, c.req.header('content-length'));
  if (text === undefined) throw new ApiError(413, `request body is larger than ${MAX_CONFIG_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'request body is not valid JSON');
  }
  const checked = validatePlaybackConfiguration(body);
  if (!checked.ok) throw new ApiError(400, checked.error);
  await configStore(c.env).put(checked.value);
  invalidateConfiguration(checked.value.Name);
  return c.json(describePlaybackConfiguration(checked.value, selfOrigin(c), c.env.ACCOUNT_ID));
});

adminRoutes.get('/playbackConfiguration/:name', async (c) => {
  await applySeeds(c.env);
  const stored = await configStore(c.env).get(c.req.param('name'));
  if (!stored) throw new ApiError(404, 'playback configuration not found');
  return c.json(describePlaybackConfiguration(stored.config, selfOrigin(c), c.env.ACCOUNT_ID));
});

adminRoutes.get('/playbackConfigurations', async (c) => {
  const maxRaw = c.req.query('MaxResults') ?? c.req.query('maxResults');
  const max = maxRaw === undefined ? 50 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new ApiError(400, 'MaxResults must be an integer from 1 to 100');
  const token = c.req.query('NextToken') ?? c.req.query('nextToken');
  await applySeeds(c.env);
  const page = await configStore(c.env).list(max, token);
  const origin = selfOrigin(c);
  return c.json({
    Items: page.items.map((cfg) => describePlaybackConfiguration(cfg, origin, c.env.ACCOUNT_ID)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  });
});

adminRoutes.delete('/playbackConfiguration/:name', async (c) => {
  const name = c.req.param('name');
  const deleted = await configStore(c.env).delete(name);
  invalidateConfiguration(name);
  if (!deleted) throw new ApiError(404, 'playback configuration not found');
  return c.body(null, 204);
});

/** Compares SHA-256 digests in constant time, so neither length nor content leaks through timing. */
async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [da, db] = await Promise.all([crypto.subtle.digest('SHA-256', enc.encode(a)), crypto.subtle.digest('SHA-256', enc.encode(b))]);
  return crypto.subtle.timingSafeEqual(da, db);
}
