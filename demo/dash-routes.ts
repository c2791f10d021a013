/**
 * @module demo/dash-routes
 * The demo's DASH side, mounted in the demo routes (demo/routes.ts): the DASH origin
 * (demo/dash-origin.ts: `/demo/origin/dash/{vod,vod-vmap,live}/index.mpd`, VOD with pre/mid/post
 * insertion points, the same without markers for a VMAP, and a live stream whose breaks are
 * signalled by SCTE-35 EventStreams in the XML and the binary scheme) and one static MPD per demo
 * ad, the slate and the bumper (`/demo/media/{ads/ad-10s,slate,bumper}/dash/manifest.mpd`), whose CMAF segments the
 * media route serves from the demo assets; and the demo clock as text for the live MPD's UTCTiming
 * (`/demo/clock/iso`). Everything local and generated: no network.
 */
import { Hono } from 'hono';
import { errorResponse } from '../src/http/api-error.ts';
import { dashBumper, dashCatalog } from './dash-catalog.ts';
import { dashCreativeMpd, dashLiveMpd, dashVodMpd } from './dash-origin.ts';
import { demoNowMs } from './clock.ts';
import type { DemoAppEnv } from './env.ts';

export const dashDemoRoutes = new Hono<DemoAppEnv>();

const MPD = { 'content-type': 'application/dash+xml', 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
/** From `/demo/origin/dash/{asset}/index.mpd` to `/demo/media/`. */
const MEDIA_ROOT = '../../../media/';

dashDemoRoutes.get('/origin/dash/:asset/index.mpd', (c) => {
  const asset = c.req.param('asset');
  if (asset === 'live') return c.body(dashLiveMpd(MEDIA_ROOT, demoNowMs(), `${new URL(c.req.url).origin}/demo/clock/iso`), 200, MPD);
  if (asset === 'vod' || asset === 'vod-vmap') return c.body(dashVodMpd(MEDIA_ROOT, asset === 'vod'), 200, MPD);
  return errorResponse(404, 'unknown demo DASH asset');
});

/** The demo clock as xs:dateTime text, for the live MPD's UTCTiming (players follow the demo clock). */
dashDemoRoutes.get('/clock/iso', (c) => c.text(new Date(demoNowMs()).toISOString(), 200, { 'cache-control': 'no-store', 'access-control-allow-origin': '*' }));

/** A demo ad's, the slate's or the bumper's creative MPD, e.g. `/demo/media/ads/ad-10s/dash/manifest.mpd`. */
dashDemoRoutes.get('/media/:path{.+/dash/manifest\\.mpd}', (c) => {
  const dir = c.req.param('path').replace(/\/manifest\.mpd$/, '');
  const c0 = dashCatalog();
  const item = [...c0.ads, c0.slate, dashBumper()].find((i) => i.dir === dir);
  if (!item) return errorResponse(404, 'unknown demo creative');
  return c.body(dashCreativeMpd(item), 200, { ...MPD, 'cache-control': 'public, max-age=60' });
});

/** Where a demo ad's creative MPD is served, by ad key (`ad-10s`), under `baseUrl`. */
export function demoAdMpdUrl(baseUrl: string, key: string): string | undefined {
  const item = dashCatalog().ads.find((a) => a.key === key);
  return item ? `${baseUrl}/demo/media/${item.dir}/manifest.mpd` : undefined;
}
