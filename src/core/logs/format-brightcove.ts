/**
 * @module core/logs/format-brightcove
 * Projection of ad-log events to Brightcove SSAI ad tracking log lines (Brightcove format of docs/ad-logs.md): the
 * `Creative`, `AdRequest`, `SessionSummary` and `Impression` kinds, NDJSON, key order as in the
 * seed samples. Pure.
 *
 * Seed 003 conventions kept: durations (`duration`, `odur`, `rdur`, `sdur`, `cdur`) are integer
 * nanoseconds; `summary_id` is the session id for VOD and `<adbreak_id>-<session_id>` for live;
 * headers are `map[string][]string` (the field table; the seed's Impression sample shows flat
 * strings, readers of ours accept both); `span_id`/`parent_span_id` chain VAST wrappers.
 * Every line of a kind has every field of that kind: like the Go structs behind Brightcove format of docs/ad-logs.md, a
 * missing response is the zero value (`status_code: 0`, `response_headers: {}`), not an absence.
 */
import { brightcoveImpressionType, byPlaybackOrder } from './beacon-names.ts';
import type { AdLogEvent, AdsExchangeEvent, AvailPlanLog, BeaconLog, FilledAvailEvent, LogHeader, SessionAvailLog, SessionSummaryEvent, SkippedAdLog } from './events.ts';
import { nameHex32, spanId63 } from './ids.ts';
import { jsonLine, rawInteger, type JsonEntryValue } from './json-line.ts';
import { isoMillis, msToNs, secToNs } from './time-format.ts';

type Entry = readonly [string, JsonEntryValue];

/** Ad break id, shared by every session that sees the same avail of the same asset (Brightcove format of docs/ad-logs.md). */
export function brightcoveAdBreakId(e: AdLogEvent): string | undefined {
  if (e.availId === undefined) return undefined;
  const scope = `${e.configName}/${e.assetId}`;
  return `adBreak-${nameHex32(scope)}-${nameHex32(`${scope}/${e.availId}`)}`;
}

/** Seed 003: "For VOD, same as SessionID. For Live, unique per Session per Ad Break." */
export function brightcoveSummaryId(e: AdLogEvent): string {
  const adBreak = brightcoveAdBreakId(e);
  return e.playbackMode === 'live' && adBreak !== undefined ? `${adBreak}-${e.sessionId}` : e.sessionId;
}

const summarySpan = (e: AdLogEvent): string => spanId63(`summary/${brightcoveSummaryId(e)}`);
const requestSpan = (e: AdLogEvent, adsRequestId: string): string => spanId63(`ads/${e.sessionId}/${adsRequestId}`);

/** `map[string][]string`, names as sent, values in order. */
export function headerMap(list: readonly LogHeader[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const h of list) (map[h.name] ??= []).push(h.value);
  return map;
}

function common(e: AdLogEvent, kind: string, spanId: string, parentSpanId: string | undefined, error: boolean): Entry[] {
  const live = e.playbackMode === 'live';
  return [
    ['session_id', e.sessionId],
    ['summary_id', brightcoveSummaryId(e)],
    ['adbreak_id', brightcoveAdBreakId(e)],
    ['account_id', e.accountId],
    ['live_job_id', live ? e.assetId : undefined],
    ['live_app_id', live ? e.configName : undefined],
    ['video_id', live ? undefined : e.assetId],
    ['kind', kind],
    ['timestamp', isoMillis(e.timestampMs)],
    ['span_id', rawInteger(spanId)],
    ['parent_span_id', parentSpanId === undefined ? undefined : rawInteger(parentSpanId)],
    ['error', error],
  ];
}

/** `vast_3`, `vast_4`, `vmap` (Brightcove format of docs/ad-logs.md AdRequest `provider`: "vast3, vmap, etc."; sample `vast_3`). */
function provider(e: AdsExchangeEvent): string {
  if (e.kind !== 'vast-response' && e.kind !== 'redirected-vast-response' && e.kind !== 'empty-vast-response') return 'vast';
  if (e.vast.rootElement === 'VMAP') return 'vmap';
  const major = /^(\d+)/.exec(e.vast.version)?.[1];
  return major === undefined ? 'vast' : `vast_${major}`;
}

function adRequest(e: AdsExchangeEvent): string {
  const failed = e.kind === 'ads-timeout' || e.kind === 'ads-parse-error' || e.kind === 'ads-invalid-response';
  const parent = e.parentAdsRequestId === undefined ? summarySpan(e) : requestSpan(e, e.parentAdsRequestId);
  return jsonLine([
    ...common(e, 'AdRequest', requestSpan(e, e.adsRequestId), parent, failed),
    ['url', e.http.url],
    ['request_headers', headerMap(e.http.requestHeaders)],
    ['response_headers', headerMap(e.http.responseHeaders ?? [])],
    ['status_code', e.http.statusCode ?? 0],
    ['duration', msToNs(e.http.durationMs)],
    ['provider', provider(e)],
  ]);
}

/** Seed 003 Creative `state` for a skipped ad; reasons that say nothing about the creative stay active. */
export function creativeStateOfSkip(s: SkippedAdLog): string {
  if (s.creativeUniqueId === '') return 'missing_fk';
  switch (s.skippedReason) {
    case 'MEDIA_FILE_UNAVAILABLE':
      return 'missing_url';
    case 'NO_VARIANT_MATCH':
    case 'NO_MODEL_CREATIVE_MATCH':
      return 'rendition_mismatch';
    case 'TRANSCODE_ERROR':
    case 'INTERNAL_ERROR':
    case 'IMPORT_ERROR':
    case 'PROFILE_NOT_FOUND':
    case 'VAST_PARSING_ERROR':
    case 'INVALID_VAST_WRAPPER_AD':
      return 'internal_error';
    default:
      return s.adMezzanineUrl === '' ? 'missing_url' : 'active';
  }
}

function creative(e: FilledAvailEvent, index: number, state: string, fk: string, sourceUrl: string, source?: string): string {
  return jsonLine([
    ...common(e, 'Creative', spanId63(`creative/${e.eventId}/${index}`), source === undefined ? summarySpan(e) : requestSpan(e, source), state !== 'active'),
    ['state', state],
    ['fk', fk],
    ['source_url', sourceUrl],
  ]);
}

/**
 * Seed 003 ImpressionSummary `type`: "AdStart, AdComplete, AdFirstQuartile, AdMidpoint, or
 * AdThirdQuartile". Other VAST events (pause, mute, creativeView, …) are not listed.
 */
const SUMMARY_IMPRESSION_TYPES: ReadonlySet<string> = new Set(['AdStart', 'AdFirstQuartile', 'AdMidpoint', 'AdThirdQuartile', 'AdComplete']);

function imps(tracking: Readonly<Record<string, readonly string[]>>): { type: string; url: string }[] {
  const out: { type: string; url: string }[] = [];
  for (const event of Object.keys(tracking).sort(byPlaybackOrder)) {
    const type = brightcoveImpressionType(event);
    if (!SUMMARY_IMPRESSION_TYPES.has(type)) continue;
    for (const url of tracking[event] ?? []) out.push({ type, url });
  }
  return out;
}

/** The summary of one live ad break (Brightcove format of docs/ad-logs.md: one SessionSummary per session and ad break). */
function breakSummary(e: FilledAvailEvent): string {
  const a = e.avail;
  const live = e.playbackMode === 'live';
  return jsonLine([
    ['account_id', e.accountId],
    ['session_id', e.sessionId],
    ['live_job_id', live ? e.assetId : undefined],
    ['live_app_id', live ? e.configName : undefined],
    ['video_id', live ? undefined : e.assetId],
    ['kind', 'SessionSummary'],
    ['duration', msToNs(e.decisionDurationMs)],
    ['status_code', e.adsStatusCode ?? 0],
    ['timestamp', isoMillis(e.timestampMs)],
    ['adbreak_id', brightcoveAdBreakId(e)],
    ['summary_id', brightcoveSummaryId(e)],
    ['span_id', rawInteger(summarySpan(e))],
    ['error', !e.adDecisionSucceeded],
    ['odur', secToNs(a.originAvailDurationSec)],
    ['rdur', secToNs(a.requestedDurationSec)],
    ['sdur', secToNs(a.filledDurationSec + a.slateDurationSec)],
    ['ad_count', a.creativeAds.length],
    ['client_only_tracking', e.clientOnlyTracking],
    // SLS (Brightcove live "server-side live stitching" option) has no counterpart here.
    ['sls', false],
    ['ads', adSummaries(e.podLocation, a)],
  ]);
}

const adSummaries = (type: string, a: AvailPlanLog): object[] => a.creativeAds.map((c) => ({ type, fk: c.creativeUniqueId, imps: imps(c.trackingEvents), cdur: secToNs(c.vastDurationSec) }));

/**
 * The one summary of a VOD session (Brightcove format of docs/ad-logs.md: summary_id = session id), over all its avails: the
 * seed's fields summed (`odur`, `rdur`, `sdur`, `ad_count`), `duration` from the first decision's
 * start to the last one's end, `ads` in playback order typed preroll/midroll/postroll. Our
 * extension `adbreaks` lists each avail (`adbreak_id`, `type`, `odur`, `ad_count`), so that
 * avails can be counted and joined to their Creative lines (docs/ad-logs.md).
 */
function vodSessionSummary(e: SessionSummaryEvent): string {
  const sum = (f: (a: SessionAvailLog) => number): number => e.avails.reduce((n, a) => n + f(a), 0);
  const startMs = Math.min(...e.avails.map((a) => a.decisionStartedAtMs));
  const endMs = Math.max(...e.avails.map((a) => a.decisionStartedAtMs + a.decisionDurationMs));
  const status = e.avails.find((a) => a.adsStatusCode !== undefined)?.adsStatusCode;
  return jsonLine([
    ['account_id', e.accountId],
    ['session_id', e.sessionId],
    ['video_id', e.assetId],
    ['kind', 'SessionSummary'],
    ['duration', e.avails.length === 0 ? 0 : msToNs(Math.max(0, endMs - startMs))],
    ['status_code', status ?? 0],
    ['timestamp', isoMillis(e.timestampMs)],
    ['summary_id', brightcoveSummaryId(e)],
    ['span_id', rawInteger(summarySpan(e))],
    ['error', e.avails.some((a) => !a.adDecisionSucceeded)],
    ['odur', secToNs(sum((a) => a.avail.originAvailDurationSec))],
    ['rdur', secToNs(sum((a) => a.avail.requestedDurationSec))],
    ['sdur', secToNs(sum((a) => a.avail.filledDurationSec + a.avail.slateDurationSec))],
    ['ad_count', sum((a) => a.avail.creativeAds.length)],
    ['client_only_tracking', e.clientOnlyTracking],
    ['sls', false],
    ['ads', e.avails.flatMap((a) => adSummaries(a.podLocation, a.avail))],
    [
      'adbreaks',
      e.avails.map((a) => ({
        adbreak_id: brightcoveAdBreakId({ ...e, availId: a.availId }),
        type: a.podLocation,
        odur: secToNs(a.avail.originAvailDurationSec),
        ad_count: a.avail.creativeAds.length,
      })),
    ],
  ]);
}

function impression(e: AdLogEvent, b: BeaconLog, error: boolean): string {
  return jsonLine([
    ...common(e, 'Impression', spanId63(`event/${e.eventId}`), summarySpan(e), error),
    ['impression_type', brightcoveImpressionType(b.trackingEvent)],
    ['url', b.http.url],
    ['request_headers', headerMap(b.http.requestHeaders)],
    ['response_headers', headerMap(b.http.responseHeaders ?? [])],
    ['status_code', b.http.statusCode ?? 0],
    ['duration', msToNs(b.http.durationMs)],
  ]);
}

/** Seed 003 lines for one event. */
export function formatBrightcove(e: AdLogEvent): string[] {
  switch (e.kind) {
    case 'vast-response':
    case 'redirected-vast-response':
    case 'empty-vast-response':
    case 'ads-timeout':
    case 'ads-parse-error':
    case 'ads-invalid-response':
      return [adRequest(e)];
    case 'filled-avail': {
      // A VOD session has one summary, for all its avails (session-summary).
      const lines = e.playbackMode === 'live' ? [breakSummary(e)] : [];
      e.avail.creativeAds.forEach((c, i) => lines.push(creative(e, i, 'active', c.creativeUniqueId, c.uri, c.sourceAdsRequestId)));
      const n = e.avail.creativeAds.length;
      e.avail.skippedAds.forEach((s, i) => lines.push(creative(e, n + i, creativeStateOfSkip(s), s.creativeUniqueId, s.adMezzanineUrl, s.sourceAdsRequestId)));
      return lines;
    }
    case 'session-summary':
      return [vodSessionSummary(e)];
    case 'beacon-fired':
      return [impression(e, e.beacon, false)];
    case 'beacon-failed':
      return [impression(e, e.beacon, true)];
    case 'ads-request':
    case 'vast-redirect':
    case 'disallowed-host':
    case 'variable-substitution-failed':
    case 'ads-resolution-warning':
    case 'vod-avail-plan-offset':
    case 'vod-avail-plan':
      // Seed 003 logs an HTTP exchange once, when it completes (AdRequest carries the response);
      // a step that made no request has no kind of its own.
      return [];
    case 'manifest-debug':
      // MediaTailor's debug log mode has no Brightcove counterpart (core/logs/events-debug).
      return [];
    case 'filled-overlay-avail':
    case 'overlay-missing':
      // Seed 003 has no overlay (non-linear) ads: nothing plays in the stream, so no break summary
      // and no creative; the overlay's ADS exchange is an AdRequest like any other.
      return [];
  }
}
