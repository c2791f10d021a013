/**
 * @module routes/hls
 * HLS playback: the multivariant playlist (implicit session init when there is no
 * `aws.sessionId`, seed 001) and the session's media playlists. Each request is one call to the
 * session's object, which fetches the origin and personalizes (docs/architecture.md).
 */
import { Hono } from 'hono';
import { badRequest } from '../core/errors.ts';
import { parseInitQuery } from '../core/session/parse-init.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../http/errors.ts';
import {
  HLS_CONTENT_TYPE, NO_STORE, requireAccount, requireAssetPath, requireConfiguration, requireSession, requireSessionId, sessionOf, unwrap,
} from './playback-common.ts';
import { newSessionRecord } from './session-create.ts';

export const hlsRoutes = new Hono<AppEnv>();

hlsRoutes.get('/master/:acct/:cfg/*', async (c) => {
  const acct = requireAccount(c, c.req.param('acct'));
  const assetPath = requireAssetPath(c);
  const config = await requireConfiguration(c, c.req.param('cfg'));
  const query = new URL(c.req.url).searchParams;
  const sid = query.get('aws.sessionId');
  const claim = { accountId: acct, configName: config.Name };
  let master;
  if (sid !== null) {
    master = await sessionOf(c, requireSessionId(sid)).master({ claim, assetPath });
  } else {
    const params = parseInitQuery(query.entries());
    if (!params.ok) fail(badRequest(params.error));
    const record = newSessionRecord(c, { acct, config, assetPath, params: params.value, kind: 'implicit' });
    master = await sessionOf(c, record.sessionId).master({ claim, assetPath, create: record });
  }
  return c.body(unwrap(master).text, 200, { 'content-type': HLS_CONTENT_TYPE, ...NO_STORE });
});

hlsRoutes.get('/manifest/:acct/:cfg/:sid/:file', async (c) => {
  const { session, claim } = requireSession(c);
  const m = /^(\d{1,4})\.m3u8$/.exec(c.req.param('file'));
  if (!m) fail({ kind: 'not-found', what: 'unknown media playlist' });
  const media = unwrap(await session.media(claim, Number(m[1])));
  return c.body(media.text, 200, { 'content-type': HLS_CONTENT_TYPE, ...NO_STORE });
});
