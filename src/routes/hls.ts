/**
 * @module routes/hls
 * HLS playback (contracts §1, §2.2, §6): the multivariant playlist (implicit session init when
 * there is no `aws.sessionId`) and the session's media playlists.
 */
import { Hono } from 'hono';
import { rewriteMultivariantPlaylist } from '../core/hls/multivariant.ts';
import { parseInitQuery } from '../core/session/parse-init.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import { mediaPlaylistUrlFromMaster } from '../core/session/urls.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { fetchOriginPlaylist } from '../platform/origin.ts';
import { sessionClient } from '../platform/session-client.ts';
import {
  HLS_CONTENT_TYPE, NO_STORE, requireAccount, requireAssetPath, requireConfiguration, requireSessionId,
} from './playback-common.ts';
import { createSession } from './session-create.ts';

export const hlsRoutes = new Hono<AppEnv>();

hlsRoutes.get('/master/:acct/:cfg/*', async (c) => {
  const acct = requireAccount(c, c.req.param('acct'));
  const assetPath = requireAssetPath(c);
  const config = await requireConfiguration(c, c.req.param('cfg'));
  const query = new URL(c.req.url).searchParams;
  const sid = query.get('aws.sessionId');
  let record: SessionRecord;
  if (sid !== null) {
    const found = await sessionClient(c.env, requireSessionId(sid)).describe();
    if (!found || found.configName !== config.Name || found.accountId !== acct) throw new ApiError(400, 'session not found or expired');
    if (found.assetPath !== assetPath) throw new ApiError(400, 'asset path does not match the session');
    record = found;
  } else {
    const params = parseInitQuery(query.entries());
    if (!params.ok) throw new ApiError(400, params.error);
    record = await createSession(c, { acct, config, assetPath, params: params.value, kind: 'implicit' });
  }
  const originText = await fetchOriginPlaylist(c.env, record.originUrl, record.params.originParams, record.selfOrigin);
  const rewritten = rewriteMultivariantPlaylist(originText, record.originUrl, (n) =>
    mediaPlaylistUrlFromMaster(assetPath, acct, config.Name, record.sessionId, n, record.params.manifestParams),
  );
  await sessionClient(c.env, record.sessionId).recordRenditions(rewritten.renditions);
  return c.body(rewritten.text, 200, { 'content-type': HLS_CONTENT_TYPE, ...NO_STORE });
});

// DASH personalization (contracts §6.3) is not implemented yet: say so instead of a bare 404.
hlsRoutes.get('/dash/:acct/:cfg/*', (c) => {
  requireAccount(c, c.req.param('acct'));
  throw new ApiError(404, 'DASH manifests are not supported by this deployment yet; use the HLS endpoints');
});

hlsRoutes.get('/manifest/:acct/:cfg/:sid/:file', async (c) => {
  requireAccount(c, c.req.param('acct'));
  const sid = requireSessionId(c.req.param('sid'));
  const m = /^(\d{1,4})\.m3u8$/.exec(c.req.param('file'));
  if (!m) throw new ApiError(404, 'unknown media playlist');
  const index = Number(m[1]);
  const stub = sessionClient(c.env, sid);
  const ctx = await stub.mediaContext(index);
  if (!ctx) {
    const exists = await stub.describe();
    if (!exists) throw new ApiError(400, 'session not found or expired');
    throw new ApiError(404, 'unknown media playlist');
  }
  if (ctx.record.configName !== c.req.param('cfg')) throw new ApiError(400, 'session not found or expired');
  const originText = await fetchOriginPlaylist(c.env, ctx.rendition.originUrl, ctx.record.params.originParams, ctx.record.selfOrigin);
  const result = await stub.mediaPlaylist(index, originText);
  if (!result.ok) throw new ApiError(result.status, result.message);
  return c.body(result.text, 200, { 'content-type': HLS_CONTENT_TYPE, ...NO_STORE });
});
