/**
 * @module core/session/state
 * Everything one playback session knows (docs/architecture.md "State"): the immutable init
 * record, the renditions of its multivariant playlist, the ledger that numbers its output (HLS) or
 * the timeline of its avails (DASH, core/session/dash-timeline), the ad plan of each avail with the
 * creatives they play, the decisions waiting to be logged, and the beacon events already claimed. The SessionObject loads it, hands it to the session rules in this
 * folder, runs the effects they return and saves what they changed, once per request.
 *
 * A session rule receives the state as a draft it may update in place (copying the ledger on every
 * playlist reload would cost more than the rest of the request) and records in `changes` what it
 * touched, so the object writes only those parts. Only these rules change the state. Pure.
 */
import type { Ledger } from '../avails/ledger.ts';
import { emptyLedger } from '../avails/ledger.ts';
import type { AvailPlan } from '../avails/plan.ts';
import type { SessionCreative } from '../creatives/dash-creative.ts';
import type { ContentShape } from '../creatives/packaging-ladder.ts';
import type { SessionAvailLog } from '../logs/events.ts';
import type { Rendition } from '../hls/multivariant.ts';
import type { DashTimeline } from './dash-timeline.ts';
import type { DecisionTrace } from './decision-types.ts';
import type { SessionRecord } from './session-record.ts';

/** A decision whose ad-log events wait until its break has a place (its availId) in the output. */
export interface UnloggedDecision {
  readonly breakKey: string;
  readonly trace: DecisionTrace;
  /**
   * VOD schedule: `'elsewhere'` on every avail but the first (the one ADS exchange is logged once,
   * with the first); `'only'` when the schedule placed no avail and only the exchange is to log.
   */
  readonly requests?: 'elsewhere' | 'only';
  /** VOD schedule from a VMAP: the AdBreak this avail came from and its timeOffset (VOD_TIME_BASED_AVAIL_PLAN_*). */
  readonly vmapBreak?: { readonly index: number; readonly offsetSec: number };
}

/** A VOD session's avails as they are logged, for its one session summary (docs/ad-logs.md). */
export interface VodSummaryState {
  readonly avails: SessionAvailLog[];
  logged: boolean;
}

/** The parts of the state the SessionObject persists separately. */
export interface StateChanges {
  renditions: boolean;
  contentShape: boolean;
  ledger: boolean;
  dash: boolean;
  vodScheduled: boolean;
  unlogged: boolean;
  vodSummary: boolean;
  claims: boolean;
  readonly plans: Set<string>;
  readonly droppedPlans: Set<string>;
  readonly creatives: Set<string>;
  readonly droppedCreatives: Set<string>;
}

export interface SessionState {
  readonly record: SessionRecord;
  renditions: readonly Rendition[] | undefined;
  /** Segment duration and container of the content (the ladder creatives are packaged to). */
  contentShape: ContentShape | undefined;
  ledger: Ledger;
  /** A DASH session's avails across MPD reloads; undefined for HLS sessions. */
  dash?: DashTimeline;
  /** Ad plan per break key (one ADS decision per avail). */
  readonly plans: Map<string, AvailPlan>;
  /** Creative media per creative key, as the plans' occurrences name them. */
  readonly creatives: Map<string, SessionCreative>;
  /** A VOD asset without markers asked the ad server for its schedule once. */
  vodScheduled: boolean;
  unlogged: UnloggedDecision[];
  /** VOD: the avails logged so far, until the session summary is (once all are). */
  vodSummary: VodSummaryState | undefined;
  /** `(availId, adIndex, event)` keys of server-side beacons already claimed (each fires once). */
  readonly claims: Set<string>;
  readonly changes: StateChanges;
}

export function noChanges(): StateChanges {
  return {
    renditions: false,
    contentShape: false,
    ledger: false,
    dash: false,
    vodScheduled: false,
    unlogged: false,
    vodSummary: false,
    claims: false,
    plans: new Set(),
    droppedPlans: new Set(),
    creatives: new Set(),
    droppedCreatives: new Set(),
  };
}

/** A new session's state. */
export function newSessionState(record: SessionRecord): SessionState {
  return {
    record,
    renditions: undefined,
    contentShape: undefined,
    ledger: emptyLedger(),
    plans: new Map(),
    creatives: new Map(),
    vodScheduled: false,
    unlogged: [],
    vodSummary: undefined,
    claims: new Set(),
    changes: noChanges(),
  };
}

export function putPlan(state: SessionState, plan: AvailPlan): void {
  state.plans.set(plan.breakKey, plan);
  state.changes.plans.add(plan.breakKey);
  state.changes.droppedPlans.delete(plan.breakKey);
}

export function putCreative(state: SessionState, media: SessionCreative): void {
  state.creatives.set(media.creativeKey, media);
  state.changes.creatives.add(media.creativeKey);
  state.changes.droppedCreatives.delete(media.creativeKey);
}

/**
 * Forgets the plans of breaks the ledger (or the DASH timeline) no longer holds, and the creatives
 * only those plans played, so a live session that runs for a day keeps a bounded state. Creatives no plan uses
 * (an ad that was skipped) stay: the next avail of the same ad server often names them again.
 */
export function dropUnreachable(state: SessionState): void {
  const live = new Set(state.ledger.breaks.map((b) => b.key));
  for (const a of state.dash?.avails ?? []) live.add(a.availId);
  for (const o of state.ledger.overlays ?? []) live.add(o.key);
  for (const o of state.dash?.overlays ?? []) live.add(o.key);
  for (const u of state.unlogged) live.add(u.breakKey);
  const orphans = new Set<string>();
  for (const [key, plan] of state.plans) {
    if (live.has(key)) continue;
    for (const o of plan.occurrences) orphans.add(o.creativeKey);
    state.plans.delete(key);
    state.changes.plans.delete(key);
    state.changes.droppedPlans.add(key);
  }
  if (orphans.size === 0) return;
  for (const p of state.plans.values()) for (const o of p.occurrences) orphans.delete(o.creativeKey);
  for (const key of orphans) {
    if (!state.creatives.delete(key)) continue;
    state.changes.creatives.delete(key);
    state.changes.droppedCreatives.add(key);
  }
}
