/**
 * @module core/logs/format-mediatailor
 * Projection of ad-log events to MediaTailor ADS log lines (seed 002 JSON Schema, contracts §7.1).
 * Pure: one event → zero or more JSON lines, each valid against the seed 002 schema except where
 * that schema contradicts itself (docs/ad-logs.md "Schema contradictions"):
 * - `ERROR_FIRING_BEACON_FAILED` requires `error` and `beaconInfo`, `ERROR_ADS_INVALID_RESPONSE`
 *   requires `additionalInfo`, and the top level forbids all three (`additionalProperties: false`).
 *   We emit the required properties, as MediaTailor does: a consumer needs the failing beacon URL
 *   and the reason, and every MediaTailor query filters on these names.
 * - `BEACON_FIRED` is a MediaTailor event type missing from the seed schema's `oneOf`. We write it
 *   as MediaTailor does (contracts §4.4), so that the beacons this format counts are the beacons
 *   the other two count; the documented patch adds it to the `oneOf`.
 */
import type {
  AdLogEvent,
  AdsResolutionWarningEvent,
  AvailPlanLog,
  BeaconLog,
  CreativeAdLog,
  LogHeader,
  VastAdLog,
  VastResponseLog,
} from './events.ts';
import { jsonLine, type JsonEntryValue } from './json-line.ts';
import { isoMillis } from './time-format.ts';

type Entry = readonly [string, JsonEntryValue];

/** Seed 002 string properties carry `pattern: "^(.*)$"`, and `.` matches no line terminator. */
const oneLine = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ');
/** `JSON.stringify(NaN)` is `null`, which a `number` property rejects. */
const num = (n: number): number => (Number.isFinite(n) ? n : 0);
const int = (n: number): number => (Number.isFinite(n) ? Math.round(n) : 0);

function common(e: AdLogEvent, eventType: string, description: string): Entry[] {
  return [
    ['eventType', eventType],
    ['eventTimestamp', isoMillis(e.timestampMs)],
    ['requestId', oneLine(e.requestId)],
    ['sessionType', e.sessionType],
    ['eventDescription', oneLine(description)],
    ['awsAccountId', e.accountId],
    // The {acct} path segment already is MediaTailor's hashed account id (DESIGN §2).
    ['customerId', oneLine(e.accountId)],
    ['originId', oneLine(e.configName)],
    ['sessionId', oneLine(e.sessionId)],
  ];
}

const headers = (list: readonly LogHeader[]): { name: string; value: string }[] =>
  list.map((h) => ({ name: h.name, value: h.value }));

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

const adContent = (uris: Readonly<Record<string, string>> | null): object | null =>
  uris === null ? null : { adPlaylistUris: uris };

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

/** Seed 002 lines for one event (`eventType` names from contracts §7.1). */
export function formatMediaTailor(e: AdLogEvent): string[] {
  switch (e.kind) {
    case 'ads-request':
      return [jsonLine([...common(e, 'MAKING_ADS_REQUEST', 'Making ads request'), ['adsRequestUrl', e.url]])];
    case 'vast-redirect':
      return [
        jsonLine([
          ...common(e, 'VAST_REDIRECT', `Following VAST wrapper (depth ${e.wrapperDepth})`),
          ['adsRequestUrl', e.url],
        ]),
      ];
    case 'vast-response':
    case 'redirected-vast-response': {
      const redirected = e.kind === 'redirected-vast-response';
      return [
        jsonLine([
          ...common(e, redirected ? 'REDIRECTED_VAST_RESPONSE' : 'VAST_RESPONSE', redirected ? 'Got redirected VAST response' : 'Got VAST response'),
          ['adsRequestUrl', e.http.url],
          ['vastResponse', vastResponse(e.vast)],
        ]),
      ];
    }
    case 'empty-vast-response':
      return [
        jsonLine([
          ...common(e, 'EMPTY_VAST_RESPONSE', 'Got empty VAST response'),
          ['adsRequestUrl', e.http.url],
          ['vastResponse', vastResponse(e.vast)],
        ]),
      ];
    case 'ads-timeout':
      return [
        jsonLine([
          ...common(e, 'ERROR_ADS_TIMEOUT', `Ads request timed out after ${e.timeoutMs} ms`),
          ['adsRequestUrl', e.http.url],
          ['requestHeaders', headers(e.http.requestHeaders)],
        ]),
      ];
    case 'ads-parse-error':
      return [
        jsonLine([
          ...common(e, 'ERROR_ADS_RESPONSE_PARSE', e.message),
          ['adsRequestUrl', e.http.url],
          ['requestHeaders', headers(e.http.requestHeaders)],
        ]),
      ];
    case 'ads-invalid-response':
      return [
        jsonLine([
          ...common(e, 'ERROR_ADS_INVALID_RESPONSE', 'Invalid response from ads server'),
          ['adsRequestUrl', e.http.url],
          ['requestHeaders', headers(e.http.requestHeaders)],
          ['additionalInfo', e.http.statusCode === undefined ? e.message : `HTTP ${e.http.statusCode}: ${e.message}`],
        ]),
      ];
    case 'disallowed-host':
      return [
        jsonLine([
          ...common(e, 'ERROR_DISALLOWED_HOST', `${e.message} (${e.target} URL ${e.url})`),
          ['adsRequestUrl', e.target === 'ads' ? e.url : undefined],
        ]),
      ];
    case 'variable-substitution-failed':
      return [
        jsonLine([
          ...common(e, 'WARNING_URL_VARIABLE_SUBSTITUTION_FAILED', `Could not substitute: ${e.variables.join(', ')}`),
          ['adsRequestUrl', e.url],
        ]),
      ];
    case 'ads-resolution-warning':
      return [jsonLine(common(e, 'ERROR_UNKNOWN', resolutionWarning(e)))];
    case 'filled-avail':
      return [jsonLine([...common(e, 'FILLED_AVAIL', 'Filled avail'), ['avail', avail(e.avail)]])];
    case 'session-summary':
      // Seed 003's VOD summary; MediaTailor logs each avail (FILLED_AVAIL) and no session total.
      return [];
    case 'vod-avail-plan-offset':
      return [
        jsonLine([
          ...common(e, 'VOD_TIME_BASED_AVAIL_PLAN_VAST_RESPONSE_FOR_OFFSET', `VAST response for the ad break at ${offsetKey(e.vmapOffsetSec)} s`),
          ['vastResponse', vastResponse(e.vast)],
          ['vodVastResponseTimeOffset', num(e.vmapOffsetSec)],
        ]),
      ];
    case 'vod-avail-plan':
      return [
        jsonLine([
          ...common(e, 'VOD_TIME_BASED_AVAIL_PLAN_SUCCESS', `Planned ${e.offsets.length} ad breaks`),
          ['vodCreativeOffsets', Object.fromEntries(e.offsets.map((o) => [offsetKey(o.offsetSec), o.creativeAds.map(vodCreative)]))],
        ]),
      ];
    case 'beacon-fired':
      return [
        jsonLine([
          ...common(e, 'BEACON_FIRED', `Beacon fired (attempt ${e.beacon.attempt})`),
          ['beaconInfo', beaconInfo(e.beacon)],
        ]),
      ];
    case 'beacon-failed':
      return [
        jsonLine([
          ...common(e, 'ERROR_FIRING_BEACON_FAILED', `Beacon failed (attempt ${e.beacon.attempt})`),
          ['error', e.error],
          ['beaconInfo', beaconInfo(e.beacon)],
        ]),
      ];
  }
}
