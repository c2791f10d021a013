/**
 * @module scripts/fuzz/targets
 * The parser entry points `npm run fuzz` drives, one line each: everything that reads input from
 * an origin, an ad server, a client or an operator must return a value, never throw, never hang.
 * To add an entry point, add a `target(name, seed families, run)` line below.
 */
import { parseInitBody, parseInitQuery } from '../../src/core/session/parse-init.ts';
import { validatePlaybackConfiguration } from '../../src/core/config/playback-configuration.ts';
import { creativeFromPlaylists, creativeFromStoreManifest } from '../../src/core/creatives/creative-media.ts';
import { parseMediaPlaylist } from '../../src/core/hls/media-playlist.ts';
import { readDateRangeLine, readMarkerLine } from '../../src/core/hls/markers.ts';
import { rewriteMultivariantPlaylist } from '../../src/core/hls/multivariant.ts';
import { forEachLine } from '../../src/core/hls/lines.ts';
import { checkOutboundUrl, isPrivateHost } from '../../src/core/net/host-policy.ts';
import { classifyAvailSignal, decodeScte35, scteAdsVariables } from '../../src/core/scte35/index.ts';
import { detectAdResponseKind, parseVast, parseVmap, streamingMediaFiles, creativeStoreKeys } from '../../src/core/vast/index.ts';
import { decisionEvents } from '../../src/core/avails/decision-log.ts';
import { planFill } from '../../src/core/avails/plan.ts';
import type { AdResolution } from '../../src/core/vast/index.ts';
import { resolveInMemory } from './fake-ad-server.ts';
import { personalizeDashTwice, readMpdEvery } from './dash-target.ts';
import { personalizeTwice } from './session-target.ts';
import { target, type FuzzTarget } from './target.ts';

const ORIGIN_URL = 'https://origin.example/live/master.m3u8';

export const TARGETS: readonly FuzzTarget[] = [
  target('hls-media-playlist', 'hls', (s) => parseMediaPlaylist(s)),
  target('hls-personalize', 'hls', personalizeTwice),
  target('hls-multivariant', 'hls', (s) => rewriteMultivariantPlaylist(s, ORIGIN_URL, (n) => `../../manifest/a/c/s/${n}.m3u8`)),
  target('hls-markers', 'hls', (s) => forEachLine(s, (line) => [readMarkerLine(line), readDateRangeLine(line)])),
  target('mpd', 'mpd', readMpdEvery),
  target('dash-personalize', 'mpd', personalizeDashTwice),
  target('scte35', ['scte35', 'hls'], decodeScte35Every),
  target('vast', 'vast', (s) => mediaOf(parseVast(s))),
  target('vmap', 'vmap', (s) => [parseVmap(s), detectAdResponseKind(s)]),
  target('vast-vmap-resolve', ['vast', 'vmap'], (s) => resolveInMemory(s).then(logDecision)),
  target('session-init-body', 'session-body', (s) => parseInitBody(s), { json: true }),
  target('session-init-query', 'query', (s) => parseInitQuery(queryPairs(s))),
  target('playback-configuration', 'config', validateConfigurationText, { json: true }),
  target('creative-playlists', 'hls', (s) => creativeFromPlaylists('k', 'https://ads.example/c/index.m3u8', [{ kind: 'video', url: 'https://ads.example/c/v0.m3u8', bandwidth: 1, text: s }])),
  target('creative-json', 'creative-json', (s) => creativeFromStoreManifest('s-k', 'id/k', s, 'https://cdn.example/creatives/id/k'), { json: true }),
  target('host-policy', 'url', (s) => [checkOutboundUrl(s, false), isPrivateHost(s)]),
];

/** The resolution as the ad log reads it (docs/ad-logs.md "One request, one line"). */
function logDecision(resolution: AdResolution): unknown {
  let n = 0;
  return decisionEvents({
    base: { sessionId: 's', sessionType: 'HLS', configName: 'c', accountId: 'a', requestId: 'r', assetId: 'x', playbackMode: 'live' },
    availId: '1',
    podLocation: 'midroll',
    adRequestIndex: 0,
    adsRequestUrl: 'https://ads.example/vast?s=1',
    unresolvedVariables: [],
    requestHeaders: {},
    resolution,
    plan: planFill({ breakKey: '1', availIndex: 1, insertion: false, candidates: [], nowMs: 0 }),
    startedAtMs: 0,
    finishedAtMs: 1,
    clientOnlyTracking: false,
    newId: () => String(++n),
  });
}

/** Text as given (base64 or hex), and its characters as raw bytes; then what a decoded cue feeds. */
function decodeScte35Every(s: string): unknown {
  const bytes = Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
  return [decodeScte35(s), decodeScte35(bytes)].map((d) => (d.ok ? scteAdsVariables(classifyAvailSignal(d.section).ads) : d.error));
}

/** The media helpers run on every InLine of a parsed document. */
function mediaOf(parsed: ReturnType<typeof parseVast>): unknown {
  if (!parsed.ok) return parsed.error;
  return parsed.document.ads.map((ad) => (ad.kind === 'inline' ? [streamingMediaFiles(ad), creativeStoreKeys(ad)] : ad.vastAdTagUri));
}

/** `a=1&b=2` as the router hands it to parseInitQuery: decoded once (a malformed escape is kept). */
function queryPairs(s: string): [string, string][] {
  return s.split('&').map((part) => {
    const eq = part.indexOf('=');
    return [decode(eq < 0 ? part : part.slice(0, eq)), decode(eq < 0 ? '' : part.slice(eq + 1))];
  });
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The admin route's path: JSON.parse (a parse error is the route's 400), then the validator. */
function validateConfigurationText(s: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(s);
  } catch {
    return undefined;
  }
  return validatePlaybackConfiguration(body);
}
