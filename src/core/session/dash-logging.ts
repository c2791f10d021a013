/**
 * @module core/session/dash-logging
 * Ad-log events of a DASH session's decisions (docs/ad-logs.md), by the rules of
 * core/session/decision-logging for HLS: a decision is logged once its avail has been served
 * (written as ad periods, or played as content), with `availId` the avail's period id
 * (MediaTailor: "For DASH, this is the period ID") and `sessionType` "DASH" from the session
 * record; an avail that played as content logs its ads as skipped, with why. Pure: ids come in.
 */
import { decisionEvents } from '../avails/decision-log.ts';
import { unplayedPlan } from '../avails/plan.ts';
import type { AdLogEvent, PodLocation } from '../logs/events.ts';
import type { DashAvail, DashTimeline } from './dash-timeline.ts';
import type { SessionState, UnloggedDecision } from './state.ts';

export function logPlacedDashDecisions(state: SessionState, tl: DashTimeline, podLocation: (a: DashAvail) => PodLocation, newId: () => string): AdLogEvent[] {
  if (state.unlogged.length === 0) return [];
  const { record } = state;
  const events: AdLogEvent[] = [];
  const remaining: UnloggedDecision[] = [];
  for (const u of state.unlogged) {
    const a = tl.avails.find((x) => x.availId === u.breakKey);
    const plan = state.plans.get(u.breakKey);
    if (!plan) continue;
    if (a && (a.mode === 'pending' || (a.mode === 'personalize' && !a.placed))) {
      remaining.push(u);
      continue;
    }
    const t = u.trace;
    events.push(
      ...decisionEvents({
        base: {
          sessionId: record.sessionId,
          sessionType: record.sessionType,
          configName: record.configName,
          accountId: record.accountId,
          requestId: newId(),
          assetId: record.assetPath,
          playbackMode: tl.vod ? 'vod' : 'live',
        },
        availId: u.breakKey,
        podLocation: a ? podLocation(a) : 'midroll',
        adRequestIndex: (a?.availIndex ?? plan.availIndex) - 1,
        adsRequestUrl: t.adsRequestUrl,
        unresolvedVariables: t.unresolvedVariables,
        requestHeaders: t.requestHeaders,
        ...(t.resolution ? { resolution: t.resolution } : {}),
        plan: a?.mode === 'passthrough' ? unplayedPlan(plan, a.skipReason ?? 'ADS_TIMEOUT', a.reason ?? 'break played as content') : plan,
        startedAtMs: t.startedAtMs,
        finishedAtMs: t.finishedAtMs,
        clientOnlyTracking: !record.serverBeacons,
        newId,
      }),
    );
  }
  if (remaining.length !== state.unlogged.length) {
    state.unlogged = remaining;
    state.changes.unlogged = true;
  }
  return events;
}
