/**
 * @module core/session/dash-logging
 * Where a DASH session's avails are for its ad log (core/session/decision-logging, the rules HLS
 * sessions log by): a decision is logged once its avail has been served (written as ad periods,
 * or played as content), with `availId` the avail's period id (MediaTailor: "For DASH, this is
 * the period ID") and `sessionType` "DASH" from the session record; an avail that played as
 * content logs its ads as skipped, with why. Pure.
 */
import { unplayedPlan } from '../avails/plan.ts';
import { rational, type ParsedMpd } from '../dash/index.ts';
import type { PodLocation } from '../logs/events.ts';
import type { AvailPlaces } from './decision-logging.ts';
import { parseRatText, periodKeyOf, type DashAvail, type DashTimeline } from './dash-timeline.ts';
import type { SessionState } from './state.ts';

export function dashAvailPlaces(state: SessionState, tl: DashTimeline, mpd: ParsedMpd, podLocation: (a: DashAvail) => PodLocation): AvailPlaces {
  const periodStartSec = new Map<string, number>();
  for (const t of mpd.periods) {
    const key = periodKeyOf(mpd, t.index);
    if (key !== undefined && !periodStartSec.has(key)) periodStartSec.set(key, rational.toSec(t.start));
  }
  return {
    vod: tl.vod,
    place(u, plan) {
      // An overlay avail is in place as soon as it is seen: its id and time come from the MPD.
      const overlay = tl.overlays?.find((o) => o.key === u.breakKey);
      if (overlay) return { availId: overlay.key, podLocation: 'midroll', availIndex: overlay.availIndex, plan, contentOffsetSec: overlay.startSec };
      const a = tl.avails.find((x) => x.availId === u.breakKey);
      if (a && (a.mode === 'pending' || (a.mode === 'personalize' && !a.placed))) return undefined;
      return {
        availId: u.breakKey,
        podLocation: a ? podLocation(a) : 'midroll',
        availIndex: a?.availIndex ?? plan.availIndex,
        plan: a?.mode === 'passthrough' ? unplayedPlan(plan, a.skipReason ?? 'ADS_TIMEOUT', a.reason ?? 'break played as content') : plan,
        contentOffsetSec: a ? (periodStartSec.get(a.periodKey) ?? 0) + rational.toSec(parseRatText(a.offset)) : 0,
      };
    },
    allDecided: () => tl.avails.every((a) => state.plans.has(a.availId)),
  };
}
