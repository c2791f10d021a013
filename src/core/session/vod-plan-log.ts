/**
 * @module core/session/vod-plan-log
 * The ad-log events of a VOD schedule from a VMAP (docs/ad-logs.md; docs/mediatailor-compat.md
 * §6.4 and §7: a VMAP's breaks at their timeOffsets, logged as VOD_TIME_BASED_AVAIL_PLAN_* with
 * vodCreativeOffsets), for HLS and DASH sessions alike: for
 * each AdBreak placed, its VAST response at its offset (`vod-avail-plan-offset`), and once, with
 * the schedule's first avail, the plan (`vod-avail-plan`): where each avail is inserted in the
 * content and the ads it plays. Pure: ids come in.
 */
import { availLog, vastAdLog } from '../avails/decision-log.ts';
import type { AvailPlan } from '../avails/plan.ts';
import type { AdLogEvent, AdLogEventBase, VastResponseLog } from '../logs/events.ts';
import type { AdResolution, VastAd } from '../vast/index.ts';
import type { UnloggedDecision } from './state.ts';

/** An avail of the VMAP schedule where it was placed: its id, its content offset, its plan. */
export interface ScheduledAvail {
  readonly availId: string;
  readonly contentOffsetSec: number;
  readonly plan: AvailPlan;
}

/** The events of a scheduled avail `u` (none for avails that did not come from a VMAP). */
export function vodPlanEvents(u: UnloggedDecision, schedule: readonly ScheduledAvail[], base: () => AdLogEventBase): AdLogEvent[] {
  const vmap = u.vmapBreak;
  const r = u.trace.resolution;
  if (!vmap || !r) return [];
  const events: AdLogEvent[] = [{ ...base(), kind: 'vod-avail-plan-offset', vmapOffsetSec: vmap.offsetSec, vast: breakVast(r, vmap.index) }];
  if (u.requests === 'elsewhere') return events;
  const offsets = schedule.map((s) => ({ offsetSec: s.contentOffsetSec, creativeAds: availLog(s.availId, s.plan).creativeAds }));
  events.push({ ...base(), kind: 'vod-avail-plan', offsets: offsets.sort((a, b) => a.offsetSec - b.offsetSec) });
  return events;
}

/** The VAST response of a VMAP AdBreak: its `VASTAdData` as received, or the ads its `AdTagURI` resolved to. */
function breakVast(r: AdResolution, index: number): VastResponseLog {
  const content = r.vmapDocument?.adBreaks.find((b) => b.index === index)?.adSource?.content;
  if (content?.kind === 'vastAdData' && content.vast.ok) {
    const doc = content.vast.document;
    return responseLog(doc.version, doc.ads, doc.errors);
  }
  const resolved = r.breaks.find((b) => b.adBreak.index === index)?.ads ?? [];
  return responseLog(
    resolved[0]?.vastVersion ?? '',
    resolved.map((a) => a.ad),
    [],
  );
}

function responseLog(version: string, ads: readonly VastAd[], errorUrls: readonly string[]): VastResponseLog {
  return {
    version,
    rootElement: 'VAST',
    vastAds: ads.map(vastAdLog),
    errorUrls,
    wrapperCount: ads.filter((a) => a.kind === 'wrapper').length,
    impressionCount: ads.reduce((n, a) => n + a.impressions.length, 0),
  };
}
