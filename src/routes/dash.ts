/**
 * @module routes/dash
 * DASH playback, in MediaTailor's URL shapes (docs/dash.md "Routes"):
 *
 * - `GET /v1/dash/{acct}/{cfg}/{asset}.mpd`: without `aws.sessionId`, implicit session init
 *   (docs/mediatailor-compat.md §4): the session is created and the answer is a 302 to the same URL with
 *   `aws.sessionId` added (the player's other parameters kept); with it, the session's
 *   personalized MPD. Each MPD is one call to the session's object, which fetches the origin MPD
 *   and personalizes it.
 * - `GET|HEAD /v1/dashsegment/{acct}/{cfg}/{sid}/{availId}/{periodId}/{path}`: a segment of an ad
 *   or slate period of a server-side reporting session: the beacons it makes due are claimed and
 *   stored, the answer redirects to the creative's segment, the beacons go out after it (as
 *   `/v1/segment`, routes/segments). A HEAD is a probe: the same redirect, nothing fired.
 */
import { Hono } from 'hono';
import { badRequest } from '../core/errors.ts';
import { parseInitQuery } from '../core/session/parse-init.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../http/errors.ts';
import { clientInfo, NO_STORE, requireAccount, requireAssetPath, requireConfiguration, requireSession, requireSessionId, sessionOf, unwrap } from './playback-common.ts';
import { redirectAfterBeacons } from './segments.ts';
import { newSessionRecord } from './session-create.ts';

export const DASH_CONTENT_TYPE = 'application/dash+xml';

export const dashRoutes = new Hono<AppEnv>();

dashRoutes.get('/dash/:acct/:cfg/*', async (c) => {
  const acct = requireAccount(c, c.req.param('acct'));
  const assetPath = requireAssetPath(c);
  if (!/\.mpd$/i.test(assetPath)) fail(badRequest('a DASH playback URL names an .mpd asset'));
  const config = await requireConfiguration(c, c.req.param('cfg'));
  const url = new URL(c.req.url);
  const sid = url.searchParams.get('aws.sessionId');
  const claim = { accountId: acct, configName: config.Name };
  if (sid === null) {
    const params = parseInitQuery(url.searchParams.entries());
    if (!params.ok) fail(badRequest(params.error));
    const record = newSessionRecord(c, { acct, config, assetPath, params: params.value, kind: 'implicit' });
    await sessionOf(c, record.sessionId).create(record);
    url.searchParams.append('aws.sessionId', record.sessionId);
    return c.redirect(`${url.pathname}${url.search}`, 302);
  }
  const mpd = unwrap(await sessionOf(c, requireSessionId(sid)).dash({ claim, assetPath }));
  return c.body(mpd.text, 200, { 'content-type': DASH_CONTENT_TYPE, ...NO_STORE });
});

dashRoutes.get('/dashsegment/:acct/:cfg/:sid/:avail/:period/*', async (c) => {
  const { session, claim } = requireSession(c);
  // ['', 'v1', 'dashsegment', acct, cfg, sid, avail, period, ...path]: the path as requested.
  const path = new URL(c.req.url).pathname.split('/').slice(8).join('/');
  const found = unwrap(
    await session.dashSegment({ claim, availId: c.req.param('avail'), periodId: c.req.param('period'), path, client: clientInfo(c), probe: c.req.method === 'HEAD', requestId: c.get('requestId') }),
  );
  return redirectAfterBeacons(c, session, found);
});
