/**
 * @module demo/routes
 * The embedded demo, mounted by the demo Worker (demo/worker.ts) only when DEMO_ENABLED: a local origin (VOD and a live
 * stream that slides with the clock), a VAST/VMAP ad server with injectable faults, a beacon sink
 * that records hits, the demo media, and a player page. Everything local: no account, no network.
 */
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { overlayAppsJson, vastOverlay, vastPod, vastWrapper, vmapDocument, type DemoAd } from './ad-server.ts';
import { customOriginRoutes } from './custom-origin.ts';
import { dashDemoRoutes, demoAdMpdUrl } from './dash-routes.ts';
import { demoCatalog, creativePlaylist, creativeRenditionPlaylist, mediaFileOf } from './catalog.ts';
import { demoClockOffset, demoNowMs, setDemoClockOffset } from './clock.ts';
import { liveMediaPlaylist, multivariantPlaylist, subtitleSegment, vodMediaPlaylist } from './origin.ts';
import { playerPage } from './player-page.ts';
import { errorResponse } from '../src/http/api-error.ts';
import type { AppEnv } from '../src/env.ts';
import { answerTimeline } from '../src/routes/session-timeline.ts';
import demoSeed from './demo-configurations.json';
import type { DemoAppEnv } from './env.ts';

export const demoRoutes = new Hono<DemoAppEnv>();

// Browser players (Shaka Player's client-side tracking POSTs its beacons) call the demo from other
// origins: every demo answer, errors and 404s included, carries CORS, and preflights are answered.
demoRoutes.use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'], allowHeaders: ['Content-Type'], maxAge: 86_400 }));

const M3U8 = { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
const XML = { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const origin = (url: string): string => new URL(url).origin;

demoRoutes.get('/', (c) => c.html(playerPage(c.env.ACCOUNT_ID)));
// The player libraries copied into the assets by the demo's build (scripts/copy-demo-vendor.mjs),
// for the demo page and the end-to-end tests.
demoRoutes.get('/vendor/:file{[A-Za-z0-9._-]+\\.js}', async (c) => {
  if (!c.env.DEMO_MEDIA) return errorResponse(404, 'demo media is not bundled in this deployment');
  const res = await c.env.DEMO_MEDIA.fetch(new Request(new URL(`/vendor/${c.req.param('file')}`, c.req.url)));
  if (!res.ok) return errorResponse(404, `${c.req.param('file')} is not in the demo assets: run npm run demo:vendor (wrangler dev -c demo/wrangler.toml runs it)`);
  return new Response(res.body, { status: res.status, headers: { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' } });
});

// The demo page's session timeline, without the admin token the operator route asks for: only
// sessions of the demo's own configurations, only where the demo is mounted (DEMO_ENABLED).
const DEMO_CONFIGURATIONS: ReadonlySet<string> = new Set(demoSeed.map((c) => c.Name));
demoRoutes.get('/sessions/:sid/timeline', (c) => {
  const cfg = c.req.query('cfg') ?? 'demo';
  if (!DEMO_CONFIGURATIONS.has(cfg)) return errorResponse(404, 'not a demo configuration');
  // SAFETY: the demo env extends the service's (demo/env.ts); the handler reads only service bindings.
  return answerTimeline(c as unknown as Context<AppEnv>, cfg);
});

// DASH: the origin's MPDs and the demo creatives' MPDs (before the media route, which serves their segments).
demoRoutes.route('/', dashDemoRoutes);
// An origin that serves what it was given (PUT), for manifests from elsewhere.
demoRoutes.route('/', customOriginRoutes);

// ─── Origin ─────────────────────────────────────────────────────────────────────────────────────
demoRoutes.get('/origin/fault/:kind/*', async (c) => {
  switch (c.req.param('kind')) {
    case 'timeout':
      await sleep(3_000);
      return c.body('#EXTM3U\n', 200, M3U8);
    case 'html':
      return c.html('<html><body>Not a playlist</body></html>');
    case '404':
      return c.text('not found', 404);
    case 'redirect': {
      // A redirecting origin (host policy on every hop): `to` (default: a loopback listener), `status`.
      const status = Number(c.req.query('status') ?? 302);
      const to = c.req.query('to') ?? 'http://127.0.0.1:9/internal/master.m3u8';
      return new Response(null, { status: [301, 302, 303, 307, 308].includes(status) ? status : 302, headers: { location: to, 'access-control-allow-origin': '*' } });
    }
    default:
      return c.text('origin failure', 500);
  }
});

demoRoutes.get('/origin/:asset/:file', (c) => {
  const asset = c.req.param('asset');
  const file = c.req.param('file');
  const content = demoCatalog().content;
  if (asset !== 'vod' && asset !== 'vod-vmap' && asset !== 'live') return errorResponse(404, 'unknown demo asset');
  if (file === 'master.m3u8') return c.body(multivariantPlaylist(content), 200, M3U8);
  const rendition = content.renditions.find((r) => `${r.name}.m3u8` === file);
  if (!rendition) return errorResponse(404, 'unknown demo rendition');
  const mediaRoot = '../../media/';
  const text = asset === 'live' ? liveMediaPlaylist(rendition, mediaRoot, demoNowMs()) : vodMediaPlaylist(rendition, mediaRoot, asset === 'vod');
  return c.body(text, 200, M3U8);
});

// ─── Media ──────────────────────────────────────────────────────────────────────────────────────
demoRoutes.get('/media/*', async (c) => {
  const path = new URL(c.req.url).pathname.slice('/demo/media/'.length);
  const vtt = /^vtt\/seg(\d{3})\.vtt$/.exec(path);
  if (vtt) return c.body(subtitleSegment(Number(vtt[1]), 2), 200, { 'content-type': 'text/vtt; charset=utf-8', 'access-control-allow-origin': '*' });
  const playlist = creativePlaylist(path) ?? creativeRenditionPlaylist(path);
  if (playlist !== undefined) return c.body(playlist, 200, M3U8);
  if (!c.env.DEMO_MEDIA) return errorResponse(404, 'demo media is not bundled in this deployment');
  const res = await c.env.DEMO_MEDIA.fetch(new Request(new URL(`/${mediaFileOf(path)}`, c.req.url), c.req.raw));
  const headers = new Headers(res.headers);
  headers.set('access-control-allow-origin', '*');
  if (path.endsWith('.ts')) headers.set('content-type', 'video/mp2t');
  if (path.endsWith('.m4s')) headers.set('content-type', 'video/iso.segment');
  return new Response(res.body, { status: res.status, headers });
});

// ─── Ad decision server ─────────────────────────────────────────────────────────────────────────
function demoAds(baseUrl: string): DemoAd[] {
  return demoCatalog().ads.map((a) => {
    const mpdUrl = demoAdMpdUrl(baseUrl, a.key);
    return { ...a, playlistUrl: `${baseUrl}/demo/media/${a.playlistPath}`, ...(mpdUrl ? { mpdUrl } : {}) };
  });
}

// GET, or POST (HttpRequest.Method, as the demo-features configuration sends it): a POST's JSON
// body fields (bounded) stand in for query parameters of the same names.
demoRoutes.on(['GET', 'POST'], '/ads/vast', async (c) => {
  const q = { ...c.req.query(), ...(c.req.method === 'POST' ? await jsonFields(c.req.raw) : {}) };
  const base = origin(c.req.url);
  // Recorded so the demo page and tests can see every ADS request (one per session and avail);
  // a POST as the URL with its body's fields added, as the demo ad server reads it.
  const asRead = new URL(c.req.url);
  if (c.req.method === 'POST') for (const [k, v] of Object.entries(q)) asRead.searchParams.set(k, v);
  await recordHit(c, q['session'] ?? '', 'ads-request', asRead.toString());
  switch (q['fault']) {
    case 'timeout':
      await sleep(5_000);
      break;
    case '500':
      return c.text('ad server error', 500);
    case 'garbage':
      return c.body('<VAST version="4.2"><Ad><InLine>', 200, XML);
    case 'empty':
      return c.body('<?xml version="1.0"?><VAST version="4.2"/>', 200, XML);
    case 'wrapper':
    case 'deep': {
      // A chain of wrappers: 1 hop, or 8 (one more than the 7 allowed, docs/mediatailor-compat.md §4.7).
      const hops = q['hops'] !== undefined ? Number(q['hops']) : q['fault'] === 'deep' ? 8 : 1;
      const next =
        hops > 1
          ? `${base}/demo/ads/vast?fault=wrapper&hops=${hops - 1}&duration=${q['duration'] ?? ''}&session=${q['session'] ?? ''}&avail=${q['avail'] ?? ''}`
          : `${base}/demo/ads/vast?duration=${q['duration'] ?? ''}&session=${q['session'] ?? ''}&avail=${q['avail'] ?? ''}`;
      return c.body(vastWrapper(next, `${base}/demo/beacons/hit?sid=${q['session'] ?? ''}`), 200, XML);
    }
    case 'nocreative':
      // Progressive media only, never packaged: skipped (NEW_CREATIVE) and queued for packaging.
      return c.body(vastPod({ baseUrl: base, durationSec: 10, sessionId: q['session'] ?? '', availIndex: q['avail'] ?? '0', ads: demoAds(base).slice(0, 1), progressiveOnly: true }), 200, XML);
    case 'loop':
      return c.body(vastWrapper(`${base}/demo/ads/vast?fault=loop`, `${base}/demo/beacons/hit?sid=loop`), 200, XML);
    case 'private':
      return c.body(vastWrapper('http://10.0.0.1/vast.xml', `${base}/demo/beacons/hit?sid=private`), 200, XML);
  }
  const durationSec = Number(q['duration']) > 0 ? Number(q['duration']) : 30;
  // segtype=56 ([scte.segmentation_type_id] of a 0x38 overlay placement opportunity): a non-linear ad.
  if (q['segtype'] === '56') return c.body(vastOverlay({ baseUrl: base, sessionId: q['session'] ?? '', availIndex: q['avail'] ?? '0' }, durationSec), 200, XML);
  const beaconMode = (['slow', 'fail', 'flaky'] as const).find((m) => m === q['beacons']);
  // mp4=1: progressive MP4 MediaFiles only, as most ad servers answer (packaged on first sighting).
  const mp4 = q['mp4'] === '1' ? { progressiveOnly: true, progressiveBaseUrl: `${base}/demo/media/mp4` } : {};
  return c.body(vastPod({ baseUrl: base, durationSec, sessionId: q['session'] ?? '', availIndex: q['avail'] ?? '0', ads: demoAds(base), ...(beaconMode ? { beaconMode } : {}), ...mp4 }), 200, XML);
});

/** The demo overlay's `text/js_ref` StaticResource: the image to show and where (Shaka Player's MediaTailor overlays). */
demoRoutes.get('/overlay.json', (c) => c.json(overlayAppsJson(origin(c.req.url)), 200, { 'cache-control': 'no-store', 'access-control-allow-origin': '*' }));

/** The demo overlay's image (a lower third), named by `/demo/overlay.json`. */
demoRoutes.get('/overlay.svg', (c) =>
  c.body(
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="90"><rect width="640" height="90" rx="8" fill="#1d3557" opacity="0.85"/><text x="24" y="56" font-family="sans-serif" font-size="32" fill="#f1faee">edge-ssai demo overlay</text></svg>',
    200,
    { 'content-type': 'image/svg+xml', 'access-control-allow-origin': '*' },
  ),
);

demoRoutes.get('/ads/vmap', (c) => {
  const base = origin(c.req.url);
  const content = demoCatalog().content;
  return c.body(vmapDocument({ baseUrl: base, sessionId: c.req.query('session') ?? '', ads: demoAds(base) }, content.durationSec), 200, XML);
});

/** The string fields of a JSON object body of at most 8 KB; anything else gives none. */
async function jsonFields(req: Request): Promise<Record<string, string>> {
  const text = await req.text().catch(() => '');
  if (text.length > 8192) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** Records one request in the demo sink, every field bounded (request input, docs/architecture.md §10). */
async function recordHit(c: Context<DemoAppEnv>, sessionId: string, event: string, url = c.req.url): Promise<void> {
  await c.env.BEACON_SINK.getByName('demo').record({
    atMs: Date.now(),
    sessionId: sessionId.slice(0, 64),
    event: event.slice(0, 64),
    url: url.slice(0, 2048),
    userAgent: (c.req.header('user-agent') ?? '').slice(0, 512),
    forwardedFor: (c.req.header('x-forwarded-for') ?? '').slice(0, 256),
  });
}

// ─── Beacon sink ────────────────────────────────────────────────────────────────────────────────
// GET (server-side beacons, hls.js demo page) and POST (Shaka Player's client-side beacons); a POST body is never read.
demoRoutes.on(['GET', 'POST'], '/beacons/:mode{hit|slow|fail|flaky}', async (c) => {
  const mode = c.req.param('mode');
  const sink = c.env.BEACON_SINK.getByName('demo');
  if (mode === 'slow') await sleep(2_000);
  if (mode === 'fail') return c.text('beacon endpoint failure', 500, { 'access-control-allow-origin': '*' });
  // flaky: the first request of each URL fails, the retry succeeds (retry-from-outbox demo/test).
  if (mode === 'flaky' && (await sink.firstSeen(c.req.url))) return c.text('beacon endpoint failure (first attempt)', 503, { 'access-control-allow-origin': '*' });
  await recordHit(c, c.req.query('sid') ?? '', c.req.query('event') ?? '');
  return c.body(null, 204, { 'access-control-allow-origin': '*' });
});

demoRoutes.get('/beacons', async (c) => {
  const limit = Math.min(10_000, Math.max(1, Number(c.req.query('limit') ?? 1000) || 1000));
  const hits = await c.env.BEACON_SINK.getByName('demo').list(c.req.query('sid'), limit);
  return c.json({ hits }, 200, { 'access-control-allow-origin': '*' });
});

demoRoutes.delete('/beacons', async (c) => {
  await c.env.BEACON_SINK.getByName('demo').clear();
  return c.body(null, 204);
});

// ─── Clock (moves the live origin for demos and tests) ──────────────────────────────────────────
demoRoutes.get('/clock', (c) => c.json({ nowMs: demoNowMs(), offsetMs: demoClockOffset() }));
demoRoutes.post('/clock', async (c) => {
  const body: unknown = await c.req.json().catch(() => ({}));
  const offset = typeof body === 'object' && body !== null ? Number((body as Record<string, unknown>)['offsetMs']) : NaN;
  if (!Number.isFinite(offset)) return errorResponse(400, 'offsetMs must be a number');
  setDemoClockOffset(offset);
  return c.json({ nowMs: demoNowMs(), offsetMs: demoClockOffset() });
});
