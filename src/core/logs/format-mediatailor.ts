/**
 * @module core/logs/format-mediatailor
 * Projection of ad-log events to MediaTailor ADS log lines (MediaTailor ADS log JSON Schema, docs/ad-logs.md, docs/mediatailor-compat.md §7.1).
 * Pure: one event → zero or more JSON lines, each valid against the MediaTailor ADS log schema (docs/ad-logs.md) except where
 * that schema contradicts itself (docs/ad-logs.md "Schema contradictions"):
 * - `ERROR_FIRING_BEACON_FAILED` requires `error` and `beaconInfo`, `ERROR_ADS_INVALID_RESPONSE`
 *   requires `additionalInfo`, and the top level forbids all three (`additionalProperties: false`).
 *   We emit the required properties, as MediaTailor does: a consumer needs the failing beacon URL
 *   and the reason, and every MediaTailor query filters on these names.
 * - `BEACON_FIRED` is a MediaTailor event type missing from the seed schema's `oneOf`. We write it
 *   as MediaTailor does (docs/mediatailor-compat.md §4.4), so that the beacons this format counts are the beacons
 *   the other two count; the documented patch adds it to the `oneOf`.
 */
import type { AdLogEvent, AdLogEventKind, AdsResolutionWarningEvent, AvailPlanLog, BeaconLog, CreativeAdLog, LogHeader, VastAdLog, VastResponseLog } from './events.ts';
import { formatManifestDebug } from './format-debug.ts';
import { jsonLine, type JsonEntryValue } from './json-line.ts';
import { isoMillis } from './time-format.ts';

type Entry = readonly [string, JsonEntryValue];

/** Seed 002 string properties carry `pattern: "^(.*)$"`, and `.` matches no line terminator. */
const oneLine = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ');
/** `JSON.stringify(NaN)` is `null`, which a `number` property rejects. */
const num = (n: number): number => (Number.isFinite(n) ? n : 0);
const int = (n: number): number => (Number.isFinite(n) ? Math.round(n) : 0);

/**
 * The `eventType` of each event's line (docs/mediatailor-compat.md §7.1 names); undefined: no line in this format.
 * `LogConfiguration.AdsInteractionLog.ExcludeEventTypes` is matched against these names.
 */
export const MEDIATAILOR_EVENT_TYPES: Readonly<Record<AdLogEventKind, string | undefined>> = {
  'ads-request': 'MAKING_ADS_REQUEST',
  'vast-redirect': 'VAST_REDIRECT',
  'vast-response': 'VAST_RESPONSE',
  'redirected-vast-response': 'REDIRECTED_VAST_RESPONSE',
  'empty-vast-response': 'EMPTY_VAST_RESPONSE',
  'ads-timeout': 'ERROR_ADS_TIMEOUT',
  'ads-parse-error': 'ERROR_ADS_RESPONSE_PARSE',
  'ads-invalid-response': 'ERROR_ADS_INVALID_RESPONSE',
  'disallowed-host': 'ERROR_DISALLOWED_HOST',
  'variable-substitution-failed': 'WARNING_URL_VARIABLE_SUBSTITUTION_FAILED',
  // A resolution step that made no request (see resolutionWarning below).
  'ads-resolution-warning': 'ERROR_UNKNOWN',
  'filled-avail': 'FILLED_AVAIL',
  'filled-overlay-avail': 'FILLED_OVERLAY_AVAIL',
  // Written as the seed's ERROR_UNKNOWN, the description starting with MediaTailor's type (below).
  'overlay-missing': 'ERROR_UNKNOWN',
  'session-summary': undefined,
  'vod-avail-plan-offset': 'VOD_TIME_BASED_AVAIL_PLAN_VAST_RESPONSE_FOR_OFFSET',
  'vod-avail-plan': 'VOD_TIME_BASED_AVAIL_PLAN_SUCCESS',
  'beacon-fired': 'BEACON_FIRED',
  'beacon-failed': 'ERROR_FIRING_BEACON_FAILED',
  // One kind, four types (events-debug.ts): not filtered by AdsInteractionLog.ExcludeEventTypes.
  'manifest-debug': undefined,
};

function common(e: AdLogEvent, description: string): Entry[] {
  return [
    ['eventType', MEDIATAILOR_EVENT_TYPES[e.kind] ?? ''],
    ['eventTimestamp', isoMillis(e.timestampMs)],
    ['requestId', oneLine(e.requestId)],
    ['sessionType', e.sessionType],
    ['eventDescription', oneLine(description)],
    ['awsAccountId', e.accountId],
    // The {acct} path segment already is MediaTailor's hashed account id (docs/architecture.md §2).
    ['customerId', oneLine(e.accountId)],
    ['originId', oneLine(e.configName)],
    ['sessionId', oneLine(e.sessionId)],
  ];
}

const headers = (list: readonly LogHeader[]): { name: string; value: string }[] => list.map((h) => ({ name: h.name, value: h.value }));

function vastAd(ad: VastAdLog): object {
  return {
    vastAdId: ad.vastAdId,
    adSystem: ad.adSystem,
    adTitle: ad.adTitle,
    creativeId: ad.creativeId,
    creativeAdId: ad.creativeAdId,
    duration: num(ad.durationSec),
    vastMediaFiles: ad.vastMediaFiles.map((m) => ({
      uri: m.uri,
      id: m.id,
      delivery: m.delivery,
      type: m.type,
      apiFramework: m.apiFramework,
      width: int(m.width),
      height: int(m.height),
      bitrate: int(m.bitrate),
    })),
    trackingEvents: ad.trackingEvents,
    ...(ad.vastAdTagUri === undefined ? {} : { vastAdTagUri: ad.vastAdTagUri }),
  };
}

const vastResponse = (v: VastResponseLog): object => ({
  version: oneLine(v.version),
  vastAds: v.vastAds.map(vastAd),
  errors: v.errorUrls,
});

const adContent = (uris: Readonly<Record<string, string>> | null): object | null => (uris === null ? null : { adPlaylistUris: uris });

function avail(a: AvailPlanLog): object {
  return {
    originAvailDuration: num(a.originAvailDurationSec),
    filledDuration: num(a.filledDurationSec),
    fillRate: num(a.fillRate),
    creativeAds: a.creativeAds.map((c) => ({
      uri: c.uri,
      creativeUniqueId: c.creativeUniqueId,
      adContent: adContent(c.adPlaylistUris),
      trackingEvents: c.trackingEvents,
      vastDuration: num(c.vastDurationSec),
      transcodedAdDuration: num(c.transcodedAdDurationSec),
    })),
    numAds: a.creativeAds.length,
    slateAd:
      a.slateAd === null
        ? null
        : {
            uri: a.slateAd.uri,
            creativeUniqueId: a.slateAd.creativeUniqueId,
            adContent: adContent(a.slateAd.adPlaylistUris),
            transcodedAdDuration: num(a.slateAd.transcodedAdDurationSec),
          },
    availId: a.availId,
    skippedAds: a.skippedAds.map((s) => ({
      creativeUniqueId: s.creativeUniqueId,
      adMezzanineUrl: s.adMezzanineUrl,
      skippedReason: s.skippedReason,
      vastDuration: num(s.vastDurationSec),
      ...(s.transcodedAdDurationSec === undefined ? {} : { transcodedAdDuration: num(s.transcodedAdDurationSec) }),
    })),
  };
}

/**
 * An overlay avail in the seed's `avail` shape: nothing inserted (no creative ads, no slate, fill
 * 0); `numAds` counts the NonLinear ads offered, the one figure of the offer the shape can hold.
 */
const overlayAvail = (availId: string, originSec: number, offered: number): object => ({
  originAvailDuration: num(originSec),
  filledDuration: 0,
  fillRate: 0,
  creativeAds: [],
  numAds: offered,
  slateAd: null,
  availId,
  skippedAds: [],
});

/** `vodCreativeOffsets` keys: content seconds, at most millisecond precision ("0", "60", "1800.5"). */
const offsetKey = (sec: number): string => String(Math.round(num(sec) * 1000) / 1000);

/** Seed 002 `vodCreativeOffset`: the creative fields, in the schema's `required` order. */
const vodCreative = (c: CreativeAdLog): object => ({
  uri: c.uri,
  creativeUniqueId: c.creativeUniqueId,
  vastDuration: num(c.vastDurationSec),
  transcodedAdDuration: num(c.transcodedAdDurationSec),
  adContent: adContent(c.adPlaylistUris),
  trackingEvents: c.trackingEvents,
});

const beaconInfo = (b: BeaconLog): object => ({ trackingEvent: b.trackingEvent, beaconUri: b.http.url, headers: headers(b.http.requestHeaders) });

/**
 * A resolution step that made no request. MediaTailor's own types for these
 * (`ERROR_VAST_REDIRECT_FAILED`, `ERROR_VAST_REDIRECT_MULTIPLE_VAST`, …) are not in the seed
 * schema, whose `oneOf` no such line could pass; `ERROR_UNKNOWN` is, and the description starts
 * with MediaTailor's type so queries can still tell them apart (docs/ad-logs.md).
 */
function resolutionWarning(e: AdsResolutionWarningEvent): string {
  const times = e.count > 1 ? ` (${e.count} times; first shown)` : '';
  const where = e.url === undefined ? '' : ` [${e.url}]`;
  const l = e.requestLimits;
  const limits = l ? `; ${l.requests} requests made, ${l.cutRequests} not made (at most ${l.maxRequests} per avail, ${l.maxConcurrent} at once)` : '';
  return `${e.mediatailorEventType} ${e.outcome}: ${e.message}${where} at wrapper depth ${e.wrapperDepth}${times}${limits}`;
}

/** Seed 002 lines for one event (`eventType` names from docs/mediatailor-compat.md §7.1). */
export function formatMediaTailor(e: AdLogEvent): string[] {
  switch (e.kind) {
    case 'ads-request':
      return [jsonLine([...common(e, requestDescription(e.requestBody)), ['adsRequestUrl', e.url], ['requestHeaders', headers(e.requestHeaders)]])];
    case 'vast-redirect':
      return [jsonLine([...common(e, `Following VAST wrapper (depth ${e.wrapperDepth})`), ['adsRequestUrl', e.url]])];
    case 'vast-response':
    case 'redirected-vast-response': {
      const redirected = e.kind === 'redirected-vast-response';
      return [jsonLine([...common(e, redirected ? 'Got redirected VAST response' : 'Got VAST response'), ['adsRequestUrl', e.http.url], ['vastResponse', vastResponse(e.vast)]])];
    }
    case 'empty-vast-response':
      return [jsonLine([...common(e, 'Got empty VAST response'), ['adsRequestUrl', e.http.url], ['vastResponse', vastResponse(e.vast)]])];
    case 'ads-timeout':
      return [jsonLine([...common(e, `Ads request timed out after ${e.timeoutMs} ms`), ['adsRequestUrl', e.http.url], ['requestHeaders', headers(e.http.requestHeaders)]])];
    case 'ads-parse-error':
      return [jsonLine([...common(e, e.message), ['adsRequestUrl', e.http.url], ['requestHeaders', headers(e.http.requestHeaders)]])];
    case 'ads-invalid-response':
      return [
        jsonLine([
          ...common(e, 'Invalid response from ads server'),
          ['adsRequestUrl', e.http.url],
          ['requestHeaders', headers(e.http.requestHeaders)],
          ['additionalInfo', e.http.statusCode === undefined ? e.message : `HTTP ${e.http.statusCode}: ${e.message}`],
        ]),
      ];
    case 'disallowed-host':
      return [jsonLine([...common(e, `${e.message} (${e.target} URL ${e.url})`), ['adsRequestUrl', e.target === 'ads' ? e.url : undefined]])];
    case 'variable-substitution-failed':
      return [jsonLine([...common(e, `Could not substitute: ${e.variables.join(', ')}`), ['adsRequestUrl', e.url]])];
    case 'ads-resolution-warning':
      return [jsonLine(common(e, resolutionWarning(e)))];
    case 'filled-avail':
      return [jsonLine([...common(e, filledDescription(e.avail)), ['avail', avail(e.avail)]])];
    case 'filled-overlay-avail': {
      const n = e.nonLinearAdsList.reduce((t, x) => t + x.nonLinearAdList.length, 0);
      return [
        jsonLine([
          ...common(e, `Filled overlay avail: ${n} non-linear ad${n === 1 ? '' : 's'} offered through the tracking API`),
          ['avail', overlayAvail(e.availId, e.originAvailDurationSec, n)],
          ['vastResponse', { version: oneLine(e.vastVersion), vastAds: [], errors: [], nonLinearAdsList: e.nonLinearAdsList }],
        ]),
      ];
    }
    case 'overlay-missing':
      return [jsonLine(common(e, `ERROR_VAST_MISSING_OVERLAYS no non-linear creative: ${e.message}`))];
    case 'session-summary':
      // Seed 003's VOD summary; MediaTailor logs each avail (FILLED_AVAIL) and no session total.
      return [];
    case 'vod-avail-plan-offset':
      return [
        jsonLine([...common(e, `VAST response for the ad break at ${offsetKey(e.vmapOffsetSec)} s`), ['vastResponse', vastResponse(e.vast)], ['vodVastResponseTimeOffset', num(e.vmapOffsetSec)]]),
      ];
    case 'vod-avail-plan':
      return [
        jsonLine([...common(e, `Planned ${e.offsets.length} ad breaks`), ['vodCreativeOffsets', Object.fromEntries(e.offsets.map((o) => [offsetKey(o.offsetSec), o.creativeAds.map(vodCreative)]))]]),
      ];
    case 'beacon-fired':
      return [jsonLine([...common(e, `Beacon fired (attempt ${e.beacon.attempt})`), ['beaconInfo', beaconInfo(e.beacon)]])];
    case 'beacon-failed':
      return [jsonLine([...common(e, `Beacon failed (attempt ${e.beacon.attempt})`), ['error', e.error], ['beaconInfo', beaconInfo(e.beacon)]])];
    case 'manifest-debug':
      return [formatManifestDebug(e)];
  }
}

/** The schema has no field for a POST body: the description carries it (bounded, on one line). */
function requestDescription(body: string | undefined): string {
  if (body === undefined) return 'Making ads request';
  const shown = body.length > 1000 ? `${body.slice(0, 1000)}…` : body;
  return `Making ads request (POST, ${body.length}-character body): ${shown}`;
}

/**
 * `skippedAds` items have no text field in the schema (MediaTailor schema of docs/ad-logs.md), so why an ad was skipped (a
 * packaging error, docs/packaging-creatives.md) goes into the event's free-text description, as do
 * the avail's bumpers and why it has no ads at all (the schema has no field for them either).
 */
function filledDescription(a: AvailPlanLog): string {
  const notes = a.noAdsReason ? [`no ads: ${a.noAdsReason}`] : [];
  notes.push(...a.skippedAds.filter((s) => s.message).map((s) => `skipped ${s.creativeUniqueId || s.adMezzanineUrl}: ${s.skippedReason} (${s.message})`));
  for (const b of a.bumpers ?? []) notes.push(b.played ? `${b.position} bumper ${b.uri} played (${(b.durationSec ?? 0).toFixed(3)} s)` : `${b.position} bumper ${b.uri} skipped: ${b.reason ?? ''}`);
  const text = ['Filled avail', ...notes].join('; ');
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}
