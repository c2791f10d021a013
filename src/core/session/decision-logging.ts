/**
 * @module core/session/decision-logging
 * Ad-log events of the session's decisions (docs/ad-logs.md), for HLS and DASH sessions alike: a
 * decision is logged once its avail has a place in the output, because MediaTailor's `availId` is
 * the media sequence of the avail's first segment (HLS) or its period id (DASH). Until then it
 * waits in the state (persisted with it, so an object evicted in between loses nothing). A
 * decision that arrived after its avail had been shown as content played nothing and is logged so.
 * An overlay avail's decision is logged as its ADS exchange and what it offers (FILLED_OVERLAY_AVAIL,
 * or ERROR_VAST_MISSING_OVERLAYS), no FILLED_AVAIL: nothing fills it.
 * A VOD schedule's one ADS exchange is logged once, with its first avail; a VMAP schedule adds
 * the VOD_TIME_BASED_AVAIL_PLAN_* events (core/session/vod-plan-log); a VOD session gets one
 * session summary, once every avail is logged. Where an avail is comes from the format's rules
 * (`AvailPlaces`: core/session/hls-media for HLS, core/session/dash-logging for DASH). Pure: ids
 * come in.
 */
import type { AvailPlan } from '../avails/plan.ts';
import { decisionEvents } from '../avails/decision-log.ts';
import type { AdLogEvent, FilledAvailEvent, PodLocation } from '../logs/events.ts';
import type { SessionState, UnloggedDecision } from './state.ts';
import { vodPlanEvents, type ScheduledAvail } from './vod-plan-log.ts';

/** Where a decision's avail is in the output; undefined: not placed yet (the decision waits). */
export interface AvailPlace {
  readonly availId: string;
  readonly podLocation: PodLocation;
  /** 1-based position in the session's avails. */
  readonly availIndex: number;
  /** The plan as played: ads skipped (with why) when the avail played as content. */
  readonly plan: AvailPlan;
  /** Where the avail sits in the content (seconds): the VOD plan's `vodCreativeOffsets` key. */
  readonly contentOffsetSec: number;
}

export interface AvailPlaces {
  readonly vod: boolean;
  /** The place of the avail of a decision whose plan `plan` is stored; undefined while it has none. */
  place(u: UnloggedDecision, plan: AvailPlan): AvailPlace | undefined;
  /** Every avail the session knows has a decision (a VOD session's summary waits for that). */
  allDecided(): boolean;
}

export function logPlacedDecisions(state: SessionState, places: AvailPlaces, newId: () => string): AdLogEvent[] {
  if (state.unlogged.length === 0) return [];
  const { record } = state;
  const events: AdLogEvent[] = [];
  const remaining: UnloggedDecision[] = [];
  const scheduled: ScheduledAvail[] = [];
  for (const s of state.unlogged) {
    const plan = s.vmapBreak ? state.plans.get(s.breakKey) : undefined;
    const at = plan ? places.place(s, plan) : undefined;
    if (plan && at) scheduled.push({ availId: at.availId, contentOffsetSec: at.contentOffsetSec, plan });
  }
  for (const u of state.unlogged) {
    const plan = state.plans.get(u.breakKey);
    const onlyRequests = u.requests === 'only';
    const at = plan && !onlyRequests ? places.place(u, plan) : undefined;
    if (!onlyRequests && !at) {
      if (plan) remaining.push(u);
      continue;
    }
    const t = u.trace;
    const base = {
      sessionId: record.sessionId,
      sessionType: record.sessionType,
      configName: record.configName,
      accountId: record.accountId,
      requestId: newId(),
      assetId: record.assetPath,
      playbackMode: places.vod ? ('vod' as const) : ('live' as const),
    };
    const decided = decisionEvents({
      base,
      ...(at ? { availId: at.availId, plan: at.plan } : {}),
      podLocation: at?.podLocation ?? 'midroll',
      adRequestIndex: (at?.availIndex ?? plan?.availIndex ?? 1) - 1,
      adsRequestUrl: t.adsRequestUrl,
      unresolvedVariables: t.unresolvedVariables,
      requestHeaders: t.requestHeaders,
      ...(t.requestBody !== undefined ? { requestBody: t.requestBody } : {}),
      ...(t.resolution ? { resolution: t.resolution } : {}),
      logRequests: u.requests !== 'elsewhere',
      startedAtMs: t.startedAtMs,
      finishedAtMs: t.finishedAtMs,
      clientOnlyTracking: !record.serverBeacons,
      ...(plan?.overlay ? { overlay: true } : {}),
      newId,
    });
    // A VMAP schedule's plan goes between the ADS exchange and the avail's FILLED_AVAIL.
    const plans = vodPlanEvents(u, scheduled, () => ({ ...base, eventId: newId(), timestampMs: t.finishedAtMs, ...(at ? { availId: at.availId } : {}) }));
    const end = decided.at(-1)?.kind === 'filled-avail' ? decided.length - 1 : decided.length;
    events.push(...decided.slice(0, end), ...plans, ...decided.slice(end));
  }
  if (remaining.length !== state.unlogged.length) {
    state.unlogged = remaining;
    state.changes.unlogged = true;
  }
  if (places.vod) summarizeVod(state, places, events, newId);
  return events;
}

/**
 * VOD: remembers each logged avail and, once every avail of the asset is decided and logged, adds
 * the session's one summary (Brightcove format of docs/ad-logs.md SessionSummary: one per VOD session, summary_id = session id).
 */
function summarizeVod(state: SessionState, places: AvailPlaces, events: AdLogEvent[], newId: () => string): void {
  const logged = events.filter((e): e is FilledAvailEvent => e.kind === 'filled-avail');
  if (logged.length === 0 && !events.some((e) => e.kind === 'ads-request')) return;
  const summary = (state.vodSummary ??= { avails: [], logged: false });
  for (const e of logged) {
    summary.avails.push({
      availId: e.availId,
      podLocation: e.podLocation,
      avail: e.avail,
      adDecisionSucceeded: e.adDecisionSucceeded,
      decisionStartedAtMs: e.decisionStartedAtMs,
      decisionDurationMs: e.decisionDurationMs,
      ...(e.adsStatusCode !== undefined ? { adsStatusCode: e.adsStatusCode } : {}),
    });
  }
  state.changes.vodSummary = true;
  const complete = state.unlogged.length === 0 && places.allDecided();
  if (summary.logged || !complete) return;
  summary.logged = true;
  const r = state.record;
  // HLS avail ids are media sequences (in playback order); DASH ones are period ids, which keep
  // the order they were logged in (a comparator's NaN counts as equal, and the sort is stable).
  const avails = [...summary.avails].sort((a, b) => Number(a.availId) - Number(b.availId));
  events.push({
    eventId: newId(),
    timestampMs: Math.max(0, ...avails.map((a) => a.decisionStartedAtMs + a.decisionDurationMs)),
    sessionId: r.sessionId,
    sessionType: r.sessionType,
    configName: r.configName,
    accountId: r.accountId,
    requestId: newId(),
    assetId: r.assetPath,
    playbackMode: 'vod',
    kind: 'session-summary',
    avails,
    clientOnlyTracking: !r.serverBeacons,
  });
  summary.avails.length = 0;
}
