/**
 * @module core/tracking/ad-events
 * The `trackingEvents[]` of one ad in the tracking JSON (contracts §3.1, §3.4). Pure.
 *
 * - impression, start, firstQuartile, midpoint, thirdQuartile, complete at ad start + 0/0/25/50/
 *   75/100 % (§3.4: start 17.817, duration 15.1 → 21.592/25.367/29.142/32.917); the impression
 *   carries the ad duration, every other event `PT0S`. `eventId` is the media sequence of the
 *   segment carrying the point, by the same rule the server-side beacons use (core/beacons
 *   event-points), so both views agree (DESIGN §7).
 * - every other VAST Linear `<Tracking>` event (pause, mute, creativeView, …) as MediaTailor
 *   lists them: at the ad start, `eventId` = `adId`; `progress` trackers at their offset.
 * - clicks: `clickThrough` (the ClickThrough URL), `clickTracking`, `customClick`, at the ad start.
 *
 * Only events with at least one URL are listed (an ad without trackers has `trackingEvents: []`,
 * as in the captures), and none whose point an early cue-in cut away.
 */
import type { PlannedAd } from '../avails/plan.ts';
import type { AdPlacement } from '../avails/timeline.ts';
import { beaconsFor } from '../beacons/due-beacons.ts';
import { EVENT_SHARE, LINEAR_EVENTS, pointAt } from '../beacons/event-points.ts';
import { isoMillis } from '../logs/time-format.ts';
import { linearCreative } from '../vast/media-select.ts';
import type { VastTrackingUrl } from '../vast/model.ts';
import { isoDuration, wireSeconds } from './iso-duration.ts';
import type { TrackingEventJson } from './wire-types.ts';

const LINEAR_SET: ReadonlySet<string> = new Set(LINEAR_EVENTS);

interface EventSpec {
  readonly eventType: string;
  readonly beaconUrls: readonly string[];
  readonly offsetSec: number;
  /** Set for the impression only. */
  readonly durationSec?: number;
}

/** `progress` trackers grouped by the offset they fire at (seconds into the ad). */
function progressSpecs(trackers: readonly VastTrackingUrl[], adDurationSec: number): EventSpec[] {
  const byOffset = new Map<number, string[]>();
  for (const t of trackers) {
    if (!t.offset) continue;
    const offsetSec = t.offset.kind === 'time' ? t.offset.offsetSec : (t.offset.percent / 100) * adDurationSec;
    const urls = byOffset.get(offsetSec) ?? [];
    urls.push(t.url);
    byOffset.set(offsetSec, urls);
  }
  return [...byOffset.entries()]
    .sort(([a], [b]) => a - b)
    .map(([offsetSec, beaconUrls]) => ({ eventType: 'progress', beaconUrls, offsetSec }));
}

/** What to list for an ad, before timing: event type, URLs, offset into the ad. */
function eventSpecs(plannedAd: PlannedAd, fullDurationSec: number, playedDurationSec: number): EventSpec[] {
  const specs: EventSpec[] = [];
  for (const event of LINEAR_EVENTS) {
    specs.push({
      eventType: event,
      beaconUrls: beaconsFor(plannedAd, event),
      offsetSec: EVENT_SHARE[event] * fullDurationSec,
      ...(event === 'impression' ? { durationSec: playedDurationSec } : {}),
    });
  }
  const linear = linearCreative(plannedAd.ad)?.linear;
  if (!linear) return specs;
  for (const eventType of Object.keys(linear.trackingEvents)) {
    if (LINEAR_SET.has(eventType)) continue;
    const trackers = linear.trackingEvents[eventType] ?? [];
    if (eventType === 'progress') specs.push(...progressSpecs(trackers, fullDurationSec));
    else specs.push({ eventType, beaconUrls: trackers.map((t) => t.url), offsetSec: 0 });
  }
  const clicks = linear.videoClicks;
  if (clicks.clickThrough) specs.push({ eventType: 'clickThrough', beaconUrls: [clicks.clickThrough.url], offsetSec: 0 });
  specs.push({ eventType: 'clickTracking', beaconUrls: clicks.clickTracking.map((c) => c.url), offsetSec: 0 });
  specs.push({ eventType: 'customClick', beaconUrls: clicks.customClick.map((c) => c.url), offsetSec: 0 });
  return specs;
}

/**
 * The ad's tracking events. `fullDurationSec` is the planned ad's media duration (quartile
 * points); the ad's placement gives start time, played duration, slots and PDT.
 */
export function adTrackingEvents(plannedAd: PlannedAd, placement: AdPlacement): TrackingEventJson[] {
  const fullDurationSec = plannedAd.mediaDurationSec > 0 ? plannedAd.mediaDurationSec : placement.durationSec;
  const out: TrackingEventJson[] = [];
  for (const spec of eventSpecs(plannedAd, fullDurationSec, placement.durationSec)) {
    if (spec.beaconUrls.length === 0) continue;
    const point = pointAt(placement, spec.offsetSec);
    if (point.seq === undefined) continue;
    const startSec = placement.startTimeSec + spec.offsetSec;
    const durationSec = spec.durationSec ?? 0;
    out.push({
      beaconUrls: [...spec.beaconUrls],
      duration: isoDuration(durationSec),
      durationInSeconds: wireSeconds(durationSec),
      eventId: placement.eventId ?? String(point.seq),
      eventProgramDateTime: placement.pdtMs === undefined ? null : isoMillis(placement.pdtMs + spec.offsetSec * 1000),
      eventType: spec.eventType,
      startTime: isoDuration(startSec),
      startTimeInSeconds: wireSeconds(startSec),
    });
  }
  return out;
}
