/**
 * @module core/logs/events-vod
 * The ad-log events of a VOD session as a whole (docs/ad-logs.md): the schedule a VMAP gave it
 * (MediaTailor VOD_TIME_BASED_AVAIL_PLAN_*) and the session's one summary (Brightcove format of docs/ad-logs.md). Pure types;
 * the rest of the event model is in `events.ts`.
 */
import type { AdLogEventBase, AvailPlanLog, CreativeAdLog, PodLocation, VastResponseLog } from './events.ts';

/**
 * A VOD schedule from a VMAP (MediaTailor VOD_TIME_BASED_AVAIL_PLAN_VAST_RESPONSE_FOR_OFFSET):
 * the VAST response of one `AdBreak`, at its `timeOffset`.
 */
export interface VodAvailPlanOffsetEvent extends AdLogEventBase {
  readonly kind: 'vod-avail-plan-offset';
  /** The AdBreak's `timeOffset` in content seconds (MediaTailor schema of docs/ad-logs.md `vodVastResponseTimeOffset`). */
  readonly vmapOffsetSec: number;
  readonly vast: VastResponseLog;
}

/**
 * The VOD schedule's plan (MediaTailor VOD_TIME_BASED_AVAIL_PLAN_SUCCESS): where in the content
 * each avail is inserted (its offset rounded down to a segment boundary) and the ads it plays.
 */
export interface VodAvailPlanEvent extends AdLogEventBase {
  readonly kind: 'vod-avail-plan';
  readonly offsets: readonly { readonly offsetSec: number; readonly creativeAds: readonly CreativeAdLog[] }[];
}

/** One avail of a VOD session, as its session summary needs it. */
export interface SessionAvailLog {
  readonly availId: string;
  readonly podLocation: PodLocation;
  readonly avail: AvailPlanLog;
  readonly adDecisionSucceeded: boolean;
  readonly decisionStartedAtMs: number;
  readonly decisionDurationMs: number;
  readonly adsStatusCode?: number;
}

/**
 * A VOD session's avails, once every one of them is decided and logged: Brightcove format of docs/ad-logs.md has one
 * SessionSummary per VOD session ("summary_id: for VOD, same as SessionID"), where live has one
 * per ad break.
 */
export interface SessionSummaryEvent extends AdLogEventBase {
  readonly kind: 'session-summary';
  /** In playback order. */
  readonly avails: readonly SessionAvailLog[];
  readonly clientOnlyTracking: boolean;
}
