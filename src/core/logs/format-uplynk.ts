/**
 * @module core/logs/format-uplynk
 * Projection of ad-log events to Uplynk ad log rows (Uplynk format of docs/ad-logs.md): Job, Request, Response and Beacon,
 * tab-separated, one stream per type. Pure.
 *
 * Column order follows the Uplynk format of docs/ad-logs.md sample rows. Its field tables also list `Channel Description`
 * (Job) and `Wrapper Depth` (Request) first, but no sample row has them there; we append them as
 * the last column so a reader built from the samples still finds every column where it expects.
 * Empty strings are written `""` and unknown numbers `-`, as in the samples; timestamps have six
 * fractional digits (Uplynk format of docs/ad-logs.md "Timestamps"); durations are seconds as doubles.
 */
import { uplynkCallbackName } from './beacon-names.ts';
import type { AdLogEvent, AdsExchangeEvent, BeaconFiredEvent, FilledAvailEvent } from './events.ts';
import { nameUuid, uplynkJobId } from './ids.ts';
import { isoMicros } from './time-format.ts';

export const UPLYNK_COLUMNS = {
  job: ['unique_record_id', 'created_timestamp', 'logged_timestamp', 'job_id', 'status', 'ad_request_index', 'channel_id', 'owner_name', 'asset_type', 'video_id', 'viewer_id', 'channel_description'],
  request: [
    'unique_record_id',
    'created_timestamp',
    'logged_timestamp',
    'job_id',
    'status',
    'request_id',
    'total_elapsed_request_time',
    'connection_time',
    'header_request_time',
    'body_download_time',
    'pod_location',
    'failure_reason',
    'request_succeeded',
    'is_wrapper',
    'start_timestamp',
    'end_timestamp',
    'parent_request_id',
    'wrapper_depth',
  ],
  response: ['unique_record_id', 'created_timestamp', 'logged_timestamp', 'job_id', 'status', 'request_id', 'ad_count', 'wrapper_count', 'impression_count', 'range_bytes', 'event_error_message'],
  beacon: ['unique_record_id', 'created_timestamp', 'logged_timestamp', 'job_id', 'beacon_id', 'event_callback_name', 'url'],
} as const;

export type UplynkTable = keyof typeof UPLYNK_COLUMNS;

export interface UplynkRow {
  readonly table: UplynkTable;
  readonly line: string;
}

/** A text cell: no tab or line break may survive (one row per line); empty is `""`. */
function text(s: string): string {
  const clean = s.replace(/[\t\r\n]+/g, ' ').replaceAll('"', "'");
  return clean === '' ? '""' : clean;
}
/** URLs: a literal quote is not valid in a URL anyway, so percent-encode it. */
const url = (s: string): string => text(s.replace(/[\t\r\n]+/g, '').replaceAll('"', '%22'));
const number = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '-' : String(n));
const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : number(ms / 1000));
const ts = (ms: number): string => isoMicros(ms);

function row(table: UplynkTable, cells: readonly string[]): UplynkRow {
  return { table, line: cells.join('\t') };
}

/** A response with thousands of cut wrappers must not make a megabyte row. */
const MAX_ERROR_MESSAGE_CHARS = 1_000;

function failureReason(e: AdsExchangeEvent): string {
  switch (e.kind) {
    case 'ads-timeout':
      return 'PROCESSING_TIMEOUT_FAILURE';
    case 'ads-parse-error':
      return 'PARSER_FAILURE';
    case 'ads-invalid-response':
      return e.http.statusCode === undefined ? 'REQUEST_FAILURE' : 'RESPONSE_FAILURE';
    default:
      return '';
  }
}

function requestRows(e: AdsExchangeEvent): UplynkRow[] {
  const jobId = uplynkJobId(e.sessionId, e.availId);
  const reason = failureReason(e);
  const status = reason === '' ? 'complete' : 'fail';
  const h = e.http;
  const endMs = h.startedAtMs + h.durationMs;
  const hasVast = e.kind === 'vast-response' || e.kind === 'redirected-vast-response' || e.kind === 'empty-vast-response';
  const rows = [
    row('request', [
      e.eventId,
      ts(h.startedAtMs),
      ts(e.timestampMs),
      jobId,
      status,
      text(e.adsRequestId),
      seconds(h.durationMs),
      seconds(h.connectMs),
      seconds(h.headersMs),
      seconds(h.bodyMs),
      e.podLocation,
      text(reason),
      String(reason === ''),
      String(hasVast && e.vast.wrapperCount > 0),
      ts(h.startedAtMs),
      ts(endMs),
      e.parentAdsRequestId === undefined ? '-' : text(e.parentAdsRequestId),
      String(e.wrapperDepth),
    ]),
  ];
  // A Response row describes a response that arrived (timeouts have none).
  if (e.kind !== 'ads-timeout' && h.statusCode !== undefined) {
    const message = e.kind === 'ads-parse-error' || e.kind === 'ads-invalid-response' ? e.message : (e.unwrapErrors ?? []).join('; ').slice(0, MAX_ERROR_MESSAGE_CHARS);
    rows.push(
      row('response', [
        nameUuid(`${e.eventId}/response`),
        ts(endMs),
        ts(e.timestampMs),
        jobId,
        status,
        text(e.adsRequestId),
        hasVast ? String(e.vast.vastAds.length) : '0',
        hasVast ? String(e.vast.wrapperCount) : '0',
        hasVast ? String(e.vast.impressionCount) : '-',
        number(h.responseBytes),
        text(message),
      ]),
    );
  }
  return rows;
}

function jobRow(e: FilledAvailEvent): UplynkRow {
  const live = e.playbackMode === 'live';
  return row('job', [
    e.eventId,
    ts(e.decisionStartedAtMs),
    ts(e.timestampMs),
    uplynkJobId(e.sessionId, e.availId),
    e.adDecisionSucceeded ? 'complete' : 'fail',
    String(e.adRequestIndex),
    text(live ? e.assetId : ''),
    text(e.accountId),
    live ? 'live' : 'vod',
    text(e.assetId),
    text(e.sessionId),
    text(live ? e.configName : ''),
  ]);
}

/** Seed 004 sample ids look like `<job>-0-1--thirdquartiles-0`: job, break, ad, event, url index. */
export function uplynkBeaconId(jobId: string, adIndex: number, callback: string, urlIndex: number): string {
  return `${jobId}-0-${adIndex}--${callback}-${urlIndex}`;
}

function beaconRow(e: BeaconFiredEvent): UplynkRow {
  const jobId = uplynkJobId(e.sessionId, e.availId);
  const callback = uplynkCallbackName(e.beacon.trackingEvent);
  return row('beacon', [
    e.eventId,
    ts(e.beacon.http.startedAtMs),
    ts(e.timestampMs),
    jobId,
    uplynkBeaconId(jobId, e.beacon.adIndex, callback, e.beacon.urlIndex),
    text(callback),
    url(e.beacon.http.url),
  ]);
}

/** Seed 004 rows for one event. */
export function formatUplynk(e: AdLogEvent): UplynkRow[] {
  switch (e.kind) {
    case 'vast-response':
    case 'redirected-vast-response':
    case 'empty-vast-response':
    case 'ads-timeout':
    case 'ads-parse-error':
    case 'ads-invalid-response':
      return requestRows(e);
    case 'filled-avail':
      return [jobRow(e)];
    case 'beacon-fired':
      return [beaconRow(e)];
    case 'beacon-failed':
    // Seed 004 Beacon rows have no outcome column: a row means the beacon went out. A failed
    // attempt is in the mediatailor/brightcove streams; its successful retry gets the row.
    case 'ads-request':
    case 'vast-redirect':
    case 'disallowed-host':
    case 'variable-substitution-failed':
    // A resolution step that made no request is in the Response row of the response it was
    // found in (`event_error_message`: "errors that occurred when unwrapping the response").
    case 'ads-resolution-warning':
    // Seed 004 has a Job per avail and no session total or schedule.
    case 'session-summary':
    case 'vod-avail-plan-offset':
    case 'vod-avail-plan':
    // MediaTailor's debug log mode has no Uplynk counterpart (core/logs/events-debug).
    case 'manifest-debug':
    // Seed 004 has no overlay (non-linear) ads: its Job is a linear avail's; the overlay's ADS
    // exchange has its Request and Response rows like any other.
    case 'filled-overlay-avail':
    case 'overlay-missing':
      return [];
  }
}
