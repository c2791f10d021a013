/**
 * @module routes/session
 * Explicit session init (seed 000): `POST /v1/session/{acct}/{cfg}/{asset}` with a JSON body (any
 * Content-Type, possibly empty) and the GET form with `ads.*`/`manifestParams.*` query parameters.
 * Answers `{manifestUrl, trackingUrl}` as relative URLs: `/v1/master/…` for an HLS asset,
 * `/v1/dash/…` for an `.mpd` asset.
 */
import { Hono, type Context } from 'hono';
import { badRequest } from '../core/errors.ts';
import { parseInitBody, parseInitQuery } from '../core/session/parse-init.ts';
import { LIMITS, type SessionParams } from '../core/session/session-params.ts';
import { dashPath, masterPath, trackingPath } from '../core/session/urls.ts';
import { appendQuery } from '../core/url/query.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../http/errors.ts';
import { readTextCapped } from '../platform/read-capped.ts';
import { requireAccount, requireAssetPath, requireConfiguration, sessionOf } from './playback-common.ts';
import { newSessionRecord } from './session-create.ts';

export const sessionRoutes = new Hono<AppEnv>();

sessionRoutes.post('/:acct/:cfg/*', async (c) => {
  const acct = requireAccount(c, c.req.param('acct'));
  const assetPath = requireAssetPath(c);
  const text = await readTextCapped(c.req.raw.body, LIMITS.maxBodyBytes, c.req.header('content-length'));
  if (text === undefined) fail({ kind: 'payload-too-large', limitBytes: LIMITS.maxBodyBytes });
  const params = parseInitBody(text);
  if (!params.ok) fail(badRequest(params.error));
  return initExplicit(c, acct, assetPath, params.value);
});

sessionRoutes.get('/:acct/:cfg/*', async (c) => {
  const acct = requireAccount(c, c.req.param('acct'));
  const assetPath = requireAssetPath(c);
  const params = parseInitQuery(new URL(c.req.url).searchParams.entries());
  if (!params.ok) fail(badRequest(params.error));
  return initExplicit(c, acct, assetPath, params.value);
});

async function initExplicit(c: Context<AppEnv>, acct: string, assetPath: string, params: SessionParams): Promise<Response> {
  const config = await requireConfiguration(c, c.req.param('cfg') ?? '');
  const record = newSessionRecord(c, { acct, config, assetPath, params, kind: 'explicit' });
  await sessionOf(c, record.sessionId).create(record);
  const manifestBase = record.sessionType === 'DASH' ? dashPath(acct, config.Name, assetPath) : masterPath(acct, config.Name, assetPath);
  return c.json({
    manifestUrl: appendQuery(manifestBase, [['aws.sessionId', record.sessionId], ...params.manifestParams]),
    trackingUrl: trackingPath(acct, config.Name, record.sessionId, params.manifestParams),
  });
}
