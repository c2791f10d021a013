/**
 * @module core/metrics/from-session
 * The metric values (core/metrics/points) of what a session already knows: its scope, an avail's
 * plan and the decision behind it, a beacon attempt's ad-log event. Pure.
 */
import type { AvailPlan, Candidate } from '../avails/plan.ts';
import type { AdLogEvent } from '../logs/events.ts';
import type { DecisionTrace } from '../session/decision-types.ts';
import type { SessionState } from '../session/state.ts';
import type { AvailMetric, BeaconMetric, MetricScope, OverlayMetric } from './points.ts';

export function metricScope(state: SessionState | undefined, configName: string): MetricScope {
  // Known once the first media playlist (HLS ledger cursor) or MPD (DASH timeline) was read.
  const vod = state?.dash ? state.dash.vod : state?.ledger.cursor !== undefined ? state.ledger.vod === true : undefined;
  return {
    configName: state?.record.configName ?? configName,
    playbackMode: vod === undefined ? '' : vod ? 'vod' : 'live',
    sessionType: state?.record.sessionType ?? 'HLS',
  };
}

/** Root-document outcomes that mean the ad server gave no usable answer. */
const ROOT_FAILURES: ReadonlySet<string> = new Set(['timeout', 'budget_exhausted', 'network_error', 'http_error', 'parse_error', 'unknown_root_element', 'disallowed_host']);

/**
 * An avail's metric from its plan and, when it came from its own decision, the decision's trace
 * and candidates (the ads the resolved response held). A VOD schedule's avails share one
 * decision: their response ads are the plan's ads and skips.
 */
export function availMetric(plan: AvailPlan, decision?: { readonly trace: DecisionTrace; readonly candidates: readonly Candidate[] }): AvailMetric {
  const trace = decision?.trace;
  const root = trace?.resolution?.trace.filter((t) => t.depth === 0) ?? [];
  const failed = trace !== undefined && (trace.failure !== undefined || trace.resolution === undefined || root.some((t) => ROOT_FAILURES.has(t.outcome)));
  const timedOut = root.some((t) => t.outcome === 'timeout' || t.outcome === 'budget_exhausted');
  const response = decision
    ? { count: decision.candidates.length, durationSec: decision.candidates.reduce((t, c) => t + c.vastDurationSec, 0) }
    : { count: plan.ads.length + plan.skipped.length, durationSec: plan.ads.reduce((t, a) => t + a.vastDurationSec, 0) + plan.skipped.reduce((t, s) => t + (s.vastDurationSec ?? 0), 0) };
  const availDurationSec = plan.originAvailDurationSec ?? plan.filledDurationSec;
  return {
    outcome: plan.outcome,
    ...(plan.reason ? { reason: plan.reason } : {}),
    availDurationSec,
    filledDurationSec: plan.filledDurationSec,
    fillRate: plan.fillRate,
    responseAds: response.count,
    responseAdsDurationSec: response.durationSec,
    plannedAds: plan.ads.length,
    skippedAds: plan.skipped.length,
    decisionMs: trace ? Math.max(0, trace.finishedAtMs - trace.startedAtMs) : 0,
    failed,
    timedOut,
    empty: !failed && response.count === 0,
  };
}

/** An overlay avail's metric from its plan (core/avails/overlays) and the decision's trace. */
export function overlayMetric(plan: AvailPlan, trace: DecisionTrace): OverlayMetric {
  const root = trace.resolution?.trace.filter((t) => t.depth === 0) ?? [];
  const failed = trace.failure !== undefined || trace.resolution === undefined || root.some((t) => ROOT_FAILURES.has(t.outcome));
  const nonLinears = (plan.overlay?.ads ?? []).flatMap((ad) => ad.creatives.flatMap((c) => c.nonLinearAds?.nonLinears ?? []));
  const signalledSec = plan.originAvailDurationSec ?? 0;
  const outcome = nonLinears.length > 0 ? 'filled' : failed ? 'failed' : 'empty';
  return {
    outcome,
    ...(outcome !== 'filled' && plan.reason ? { reason: plan.reason } : {}),
    ads: nonLinears.length,
    minSuggestedDurationSec: nonLinears.reduce((t, n) => t + (n.minSuggestedDurationSec ?? signalledSec), 0),
    latencyMs: Math.max(0, trace.finishedAtMs - trace.startedAtMs),
    timedOut: root.some((t) => t.outcome === 'timeout' || t.outcome === 'budget_exhausted'),
  };
}

/** A beacon attempt's metric, from its ad-log event; undefined for other events. */
export function beaconMetric(e: AdLogEvent): BeaconMetric | undefined {
  if (e.kind !== 'beacon-fired' && e.kind !== 'beacon-failed') return undefined;
  const b = e.beacon;
  return {
    event: b.trackingEvent,
    fired: e.kind === 'beacon-fired',
    ...(b.http.statusCode !== undefined ? { status: b.http.statusCode } : {}),
    latencyMs: b.http.durationMs,
    attempt: b.attempt,
  };
}
