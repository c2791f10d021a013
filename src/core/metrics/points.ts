/**
 * @module core/metrics/points
 * Workers Analytics Engine data points (docs/metrics.md) with the dimensions of MediaTailor's
 * CloudWatch metrics: one per playback request a session answers (GetManifest.*, Origin.*), per
 * ADS HTTP exchange (AdDecisionServer.Latency/Errors/Timeouts), per avail decided
 * (Avail.Duration/FilledDuration/FillRate, AdDecisionServer.Ads/Duration/FillRate), per overlay
 * avail decided (AdDecisionServer.Overlay*) and per beacon attempt (fired/failed). The configuration name is the index (Analytics Engine's sampling
 * key), so every dashboard can be cut per configuration.
 *
 * Columns are positional (Analytics Engine has `blob1…blob20`, `double1…double20`): the layout of
 * each family is fixed here and in docs/metrics.md, and only ever extended at the end. Pure.
 */
import { fnv1a64 } from '../logs/ids.ts';

/** What `AnalyticsEngineDataset.writeDataPoint` takes. */
export interface MetricPoint {
  readonly indexes: readonly [string];
  readonly blobs: readonly string[];
  readonly doubles: readonly number[];
}

export type MetricFamily = 'request' | 'ads' | 'avail' | 'beacon' | 'overlay';

/** Who a point belongs to: blob2–blob4 of every family. */
export interface MetricScope {
  readonly configName: string;
  /** `live`, `vod`, or `""` before the session's first media playlist (or for an unknown session). */
  readonly playbackMode: 'live' | 'vod' | '';
  readonly sessionType: 'HLS' | 'DASH';
}

/** Analytics Engine takes an index of at most 96 bytes (Cloudflare's limits page). */
const MAX_INDEX_BYTES = 96;
const MAX_BLOB_CHARS = 256;

/** The configuration name as an index: itself when it fits, else a prefix and a hash (the blob keeps it whole). */
export function configIndex(name: string): string {
  if (new TextEncoder().encode(name).length <= MAX_INDEX_BYTES) return name;
  let prefix = '';
  for (const ch of name) {
    if (new TextEncoder().encode(prefix + ch).length > 60) break;
    prefix += ch;
  }
  return `${prefix}~${fnv1a64(name, 'metrics-index').toString(16)}`;
}

const blob = (s: string): string => (s.length > MAX_BLOB_CHARS ? s.slice(0, MAX_BLOB_CHARS) : s);
const finite = (x: number): number => (Number.isFinite(x) ? x : 0);
const flag = (b: boolean): number => (b ? 1 : 0);

function point(family: MetricFamily, scope: MetricScope, blobs: readonly string[], doubles: readonly number[]): MetricPoint {
  return {
    indexes: [configIndex(scope.configName)],
    blobs: [family, scope.configName, scope.playbackMode, scope.sessionType, ...blobs].map(blob),
    doubles: doubles.map(finite),
  };
}

/** A playback request a session answered. */
export interface RequestMetric {
  /** `multivariant`, `media`, `mpd` (GetManifest), `tracking`, `segment` (HLS `/v1/segment`, DASH `/v1/dashsegment`). */
  readonly route: 'multivariant' | 'media' | 'mpd' | 'tracking' | 'segment';
  /** HTTP status the player got. */
  readonly status: number;
  /** `ok`, or the error kind (core/errors) the player got. */
  readonly outcome: string;
  /** Time the SessionObject took to answer. */
  readonly latencyMs: number;
  /** The origin fetch behind a manifest request. */
  readonly origin?: { readonly outcome: string; readonly status?: number; readonly latencyMs: number };
}

/**
 * blob5 route, blob6 outcome, blob7 origin outcome (`""` without an origin fetch);
 * double1 latency ms, double2 status, double3 error (status ≥ 400: GetManifest.Errors),
 * double4 origin latency ms, double5 origin error (no 2xx answer: Origin.Errors),
 * double6 origin timeout (Origin.Timeouts), double7 origin status (0: no answer).
 */
export function requestPoint(scope: MetricScope, m: RequestMetric): MetricPoint {
  const o = m.origin;
  return point(
    'request',
    scope,
    [m.route, m.outcome, o?.outcome ?? ''],
    [m.latencyMs, m.status, flag(m.status >= 400), o?.latencyMs ?? 0, flag(o !== undefined && o.outcome !== 'ok'), flag(o?.outcome === 'timeout'), o?.status ?? 0],
  );
}

/** One HTTP exchange with an ad server. */
export interface AdsExchangeMetric {
  readonly outcome: string;
  readonly status?: number;
  readonly latencyMs: number;
  /** The avail's ADS request itself, not a wrapper hop. */
  readonly root: boolean;
}

/**
 * blob5 outcome (`ok`, `http`, `timeout`, `network`, `disallowed`, `too_large`), blob6 `root` or
 * `wrapper`; double1 latency ms (AdDecisionServer.Latency), double2 status (0: no answer),
 * double3 error (no 2xx answer: AdDecisionServer.Errors), double4 timeout (AdDecisionServer.Timeouts).
 */
export function adsExchangePoint(scope: MetricScope, m: AdsExchangeMetric): MetricPoint {
  const ok = m.outcome === 'ok' && m.status !== undefined && m.status >= 200 && m.status < 300;
  return point('ads', scope, [m.outcome, m.root ? 'root' : 'wrapper'], [m.latencyMs, m.status ?? 0, flag(!ok), flag(m.outcome === 'timeout')]);
}

/** One avail, once decided. */
export interface AvailMetric {
  readonly outcome: 'filled' | 'slate' | 'content';
  readonly reason?: string;
  /** The avail's duration (live: signalled; VOD insertion: what the ads fill). */
  readonly availDurationSec: number;
  readonly filledDurationSec: number;
  readonly fillRate: number;
  /** Ads the ad server's (resolved) response held, and their VAST durations. */
  readonly responseAds: number;
  readonly responseAdsDurationSec: number;
  readonly plannedAds: number;
  readonly skippedAds: number;
  readonly decisionMs: number;
  /** The ADS chain failed (no usable answer) / timed out / answered no ads. */
  readonly failed: boolean;
  readonly timedOut: boolean;
  readonly empty: boolean;
}

/**
 * blob5 outcome (`filled`, `slate`, `content`), blob6 reason (why no ads, `""` otherwise);
 * double1 avail duration ms (Avail.Duration), double2 filled ms (Avail.FilledDuration),
 * double3 fill rate 0–1 (Avail.FillRate), double4 ads in the ADS response (AdDecisionServer.Ads),
 * double5 their duration ms (AdDecisionServer.Duration), double6 the response's fill rate 0–1
 * (AdDecisionServer.FillRate), double7 ads played, double8 ads skipped, double9 decision ms,
 * double10 ADS failed, double11 ADS timed out, double12 ADS answered no ads.
 */
export function availPoint(scope: MetricScope, m: AvailMetric): MetricPoint {
  const availMs = m.availDurationSec * 1000;
  const responseMs = m.responseAdsDurationSec * 1000;
  return point(
    'avail',
    scope,
    [m.outcome, m.reason ?? ''],
    [
      availMs,
      m.filledDurationSec * 1000,
      m.fillRate,
      m.responseAds,
      responseMs,
      availMs > 0 ? Math.min(1, responseMs / availMs) : m.responseAds > 0 ? 1 : 0,
      m.plannedAds,
      m.skippedAds,
      m.decisionMs,
      flag(m.failed),
      flag(m.timedOut),
      flag(m.empty),
    ],
  );
}

/**
 * An overlay avail's decision (MediaTailor "Logging and metrics for overlay ads": overlay metrics
 * apart from the other ADS metrics, no Avail.* since nothing is planned).
 */
export interface OverlayMetric {
  /** `filled` (at least one NonLinear ad), `empty` (an answer without one), `failed` (no usable answer). */
  readonly outcome: 'filled' | 'empty' | 'failed';
  readonly reason?: string;
  /** NonLinear creatives offered. */
  readonly ads: number;
  /** Sum of their `minSuggestedDuration`, the signalled duration for one without. */
  readonly minSuggestedDurationSec: number;
  readonly latencyMs: number;
  readonly timedOut: boolean;
}

/**
 * blob5 outcome (`filled`, `empty`, `failed`), blob6 reason (`""` when filled); double1 NonLinear
 * ads (AdDecisionServer.OverlayAds), double2 filled 0/1 (AdDecisionServer.OverlayFilled), double3
 * min suggested duration ms (AdDecisionServer.OverlayMinSuggestedDuration), double4 decision ms
 * (AdDecisionServer.OverlayLatency), double5 error 0/1: no usable answer or none with an overlay
 * (AdDecisionServer.OverlayErrors), double6 timed out 0/1 (AdDecisionServer.OverlayTimeouts).
 */
export function overlayPoint(scope: MetricScope, m: OverlayMetric): MetricPoint {
  return point('overlay', scope, [m.outcome, m.reason ?? ''], [m.ads, flag(m.outcome === 'filled'), m.minSuggestedDurationSec * 1000, m.latencyMs, flag(m.outcome !== 'filled'), flag(m.timedOut)]);
}

/** One attempt to send a server-side beacon. */
export interface BeaconMetric {
  readonly event: string;
  readonly fired: boolean;
  readonly status?: number;
  readonly latencyMs: number;
  readonly attempt: number;
}

/**
 * blob5 `fired` or `failed`, blob6 tracking event; double1 latency ms, double2 status
 * (0: no answer), double3 attempt (1 = first), double4 fired, double5 failed.
 */
export function beaconPoint(scope: MetricScope, m: BeaconMetric): MetricPoint {
  return point('beacon', scope, [m.fired ? 'fired' : 'failed', m.event], [m.latencyMs, m.status ?? 0, m.attempt, flag(m.fired), flag(!m.fired)]);
}
