/**
 * @module platform/session-observer
 * What the SessionObject records as its effects run, besides the ad logs: the session's timeline
 * (platform/session-timeline, docs/session-timeline.md), metric data points (platform/metrics,
 * docs/metrics.md) and, for a session in debug log mode, MediaTailor's debug log events
 * (core/session/debug-log). The values come from core (core/timeline/facts, core/metrics); this
 * module only decides when each is written. Only a session that exists, asked for by a URL that
 * owns it, gets timeline entries and debug events; every request gets its metric.
 */
import { wireError } from '../http/errors.ts';
import type { LedgerBreak } from '../core/avails/ledger.ts';
import type { AvailPlan, Candidate } from '../core/avails/plan.ts';
import type { Outcome, ServiceError } from '../core/errors.ts';
import type { AdLogEvent } from '../core/logs/events.ts';
import type { ManifestDebugType } from '../core/logs/events-debug.ts';
import { availMetric, beaconMetric, metricScope, overlayMetric } from '../core/metrics/from-session.ts';
import { adsExchangePoint, availPoint, beaconPoint, overlayPoint, requestPoint, type MetricScope, type RequestMetric } from '../core/metrics/points.ts';
import { debugLogEvents, type DebugFields, type DebugRequest } from '../core/session/debug-log.ts';
import type { DecisionTrace } from '../core/session/decision-types.ts';
import type { SessionState } from '../core/session/state.ts';
import type { BeaconEntry, FetchOutcome, SegmentEntry, ServedWindow } from '../core/timeline/entries.ts';
import type { TrackingResponseJson } from '../core/tracking/index.ts';
import { adsRequestEntry, beaconEntry, cut, errorEntry, markerEntries, MAX_URL_CHARS, planEntry, sessionEntry, type AdsExchange } from '../core/timeline/facts.ts';
import { dashMarkerEntries } from '../core/timeline/dash-facts.ts';
import type { DashAvail } from '../core/session/dash-timeline.ts';
import type { Pair } from '../core/session/session-params.ts';
import { appendQuery } from '../core/url/query.ts';
import type { Env } from '../env.ts';
import { writeMetric } from './metrics.ts';
import { fetchOriginMpd, fetchOriginPlaylist, type OriginFetch } from './origin.ts';
import type { SessionLogOutbox } from './session-log-outbox.ts';
import { SessionTimeline } from './session-timeline.ts';

const newId = (): string => crypto.randomUUID();

/** The manifest requests a session answers: HLS multivariant and media playlists, the DASH MPD. */
type ManifestRoute = 'multivariant' | 'media' | 'mpd';

export class SessionObserver {
  readonly timeline: SessionTimeline;

  constructor(
    sql: SqlStorage,
    private readonly env: Env,
    private readonly logs: SessionLogOutbox,
  ) {
    this.timeline = new SessionTimeline(sql);
  }

  /** A new session: its first timeline entry and, in debug mode, SESSION_INITIALIZED. */
  created(state: SessionState): void {
    this.timeline.append([sessionEntry(state.record)]);
    this.debug(state, 'SESSION_INITIALIZED', { request: { route: state.record.kind === 'explicit' ? 'session' : 'multivariant' } });
  }

  /** Starts watching a manifest request (HLS playlists, DASH MPD); `done` records it. */
  manifest(route: ManifestRoute, configName: string, index?: number): ManifestWatch {
    return new ManifestWatch(this, this.env, route, configName, index);
  }

  markers(breaks: readonly LedgerBreak[]): void {
    this.timeline.append(markerEntries(breaks, Date.now()));
  }

  /** The DASH avails an MPD request found first. */
  dashMarkers(avails: readonly DashAvail[]): void {
    this.timeline.append(dashMarkerEntries(avails, Date.now()));
  }

  adsExchange(state: SessionState, avail: { readonly key: string; readonly availIndex: number }, x: AdsExchange, root: boolean): void {
    this.timeline.append([adsRequestEntry(avail, x)]);
    writeMetric(this.env.METRICS, adsExchangePoint(scopeOf(state), { outcome: x.outcome, ...(x.status !== undefined ? { status: x.status } : {}), latencyMs: x.latencyMs, root }));
  }

  /** An avail's plan, with the decision behind it when it had its own (not a VOD schedule's). */
  plan(state: SessionState, plan: AvailPlan, decision?: { readonly trace: DecisionTrace; readonly candidates: readonly Candidate[] }): void {
    const atMs = Date.now();
    this.timeline.append([planEntry(plan, { atMs, ...(decision ? { decisionStartedAtMs: decision.trace.startedAtMs } : {}) })]);
    writeMetric(this.env.METRICS, availPoint(scopeOf(state), availMetric(plan, decision)));
  }

  /** An overlay avail's decision: its plan on the timeline, its overlay metric. */
  overlay(state: SessionState, plan: AvailPlan, trace: DecisionTrace): void {
    this.timeline.append([planEntry(plan, { atMs: Date.now(), decisionStartedAtMs: trace.startedAtMs })]);
    writeMetric(this.env.METRICS, overlayPoint(scopeOf(state), overlayMetric(plan, trace)));
  }

  /** Beacon attempts, from their ad-log events. */
  beacons(state: SessionState, events: readonly AdLogEvent[]): void {
    const entries: BeaconEntry[] = [];
    for (const e of events) {
      const entry = beaconEntry(state, e);
      if (entry) entries.push(entry);
      const m = beaconMetric(e);
      if (m) writeMetric(this.env.METRICS, beaconPoint(scopeOf(state), m));
    }
    this.timeline.append(entries);
  }

  /** A playback request other than a manifest (`segment`, `tracking`): its metric. Returns `outcome`. */
  request<T>(state: SessionState | undefined, configName: string, route: 'segment' | 'tracking', startedAtMs: number, outcome: Outcome<T>): Outcome<T> {
    writeMetric(this.env.METRICS, requestPoint(metricScope(state, configName), { route, ...answer(outcome), latencyMs: Date.now() - startedAtMs }));
    return outcome;
  }

  /** An ad segment request (HLS or DASH) that found its segment. */
  segment(s: Omit<SegmentEntry, 'kind'>): void {
    this.timeline.append([{ kind: 'segment', ...s, url: cut(s.url, MAX_URL_CHARS) }]);
  }

  /** A tracking API request of the session: its metric, its entry and, in debug mode, TRACKING_RESPONSE. */
  tracking(state: SessionState, startedAtMs: number, out: Outcome<TrackingResponseJson>): void {
    this.request(state, state.record.configName, 'tracking', startedAtMs, out);
    const a = answer(out);
    this.timeline.append([{ kind: 'tracking', atMs: startedAtMs, avails: out.ok ? out.value.avails.length : 0, status: a.status, ...(out.ok ? {} : { error: wireError(out.error).message }) }]);
    if (out.ok) this.debug(state, 'TRACKING_RESPONSE', { request: { route: 'tracking' }, responseBody: JSON.stringify(out.value) });
  }

  error(where: string, message: string): void {
    this.timeline.append([errorEntry(where, message, Date.now())]);
  }

  debug(state: SessionState, type: ManifestDebugType, fields: DebugFields): void {
    this.logs.enqueue(state.record, debugLogEvents(state, type, fields, { nowMs: Date.now(), newId }));
  }
}

const scopeOf = (state: SessionState): MetricScope => metricScope(state, state.record.configName);

/** Status and outcome the player got. */
function answer(outcome: Outcome<unknown>): { status: number; outcome: string } {
  return outcome.ok ? { status: 200, outcome: 'ok' } : { status: wireError(outcome.error).status, outcome: outcome.error.kind };
}

/** What an origin failure was, in the fetch vocabulary of the timeline and the metrics. */
function originOutcome(e: ServiceError): { outcome: FetchOutcome | 'not-manifest'; status?: number } {
  switch (e.kind) {
    case 'origin-status':
      return { outcome: 'http', status: e.status };
    case 'origin-timeout':
      return { outcome: 'timeout' };
    case 'origin-refused':
      return { outcome: 'disallowed' };
    case 'origin-too-large':
      return { outcome: 'too_large' };
    case 'origin-not-manifest':
      return { outcome: 'not-manifest', status: 200 };
    default:
      return { outcome: 'network' };
  }
}

/**
 * One manifest request, from the start: the origin fetch (through `fetchOrigin`), what was
 * served, and, at `done`, the timeline entry, the debug events and the metric.
 */
export class ManifestWatch {
  readonly #startedAtMs = Date.now();
  #origin: { url: string; outcome: string; status?: number; latencyMs: number; text?: string } | undefined;
  #served: ServedWindow | undefined;

  constructor(
    private readonly obs: SessionObserver,
    private readonly env: Env,
    private readonly route: ManifestRoute,
    private readonly configName: string,
    private readonly index?: number,
  ) {}

  /** Fetches an origin manifest of the session (platform/origin: a playlist, or the MPD) and remembers how it went. */
  async fetchOrigin(url: string, params: readonly Pair[], selfOrigin: string): Promise<Outcome<OriginFetch>> {
    const t0 = Date.now();
    const r = await (this.route === 'mpd' ? fetchOriginMpd : fetchOriginPlaylist)(this.env, url, params, selfOrigin);
    const requested = cut(appendQuery(url, params), MAX_URL_CHARS);
    this.#origin = r.ok
      ? { url: requested, outcome: 'ok', status: r.value.status, latencyMs: r.value.durationMs, text: r.value.text }
      : { url: requested, ...originOutcome(r.error), latencyMs: Date.now() - t0 };
    return r;
  }

  served(window: ServedWindow): void {
    this.#served = window;
  }

  /** Records the request: `state` is the session when the URL owns it, `output` what was served. */
  done<T>(state: SessionState | undefined, outcome: Outcome<T>, output?: string): Outcome<T> {
    const o = this.#origin;
    const origin: RequestMetric['origin'] = o ? { outcome: o.outcome, ...(o.status !== undefined ? { status: o.status } : {}), latencyMs: o.latencyMs } : undefined;
    const a = answer(outcome);
    writeMetric(this.env.METRICS, requestPoint(metricScope(state, this.configName), { route: this.route, ...a, latencyMs: Date.now() - this.#startedAtMs, ...(origin ? { origin } : {}) }));
    if (!state) return outcome;
    const rendition = this.index !== undefined ? state.renditions?.[this.index] : undefined;
    this.obs.timeline.append([
      {
        kind: 'manifest',
        atMs: this.#startedAtMs,
        request: this.route,
        ...(this.index !== undefined ? { rendition: this.index } : {}),
        ...(rendition ? { renditionKind: rendition.kind } : {}),
        originUrl: o?.url ?? '',
        ...(o?.status !== undefined ? { originStatus: o.status } : {}),
        originLatencyMs: o?.latencyMs ?? 0,
        status: a.status,
        ...(outcome.ok ? {} : { error: wireError(outcome.error).message }),
        ...(this.#served ? { served: this.#served } : {}),
      },
    ]);
    const request: DebugRequest = this.route === 'media' ? { route: 'media', index: this.index ?? 0 } : { route: this.route };
    if (o?.text !== undefined) this.obs.debug(state, 'ORIGIN_MANIFEST', { request, originRequestUrl: o.url, responseBody: o.text });
    if (output !== undefined) this.obs.debug(state, 'GENERATED_MANIFEST', { request, ...(o ? { originRequestUrl: o.url } : {}), responseBody: output });
    return outcome;
  }
}
