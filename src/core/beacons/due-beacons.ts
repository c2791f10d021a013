/**
 * @module core/beacons/due-beacons
 * The beacons one ad-segment request makes due, ready to claim and send (docs/architecture.md §7
 * "Server-side"; docs/mediatailor-compat.md §4, §4.3–§4.5): which events, which URLs (VAST `Impression`
 * for impression, the Linear `Tracking` URLs for the others, VMAP `breakStart`/`breakEnd` for the
 * avail's first/last ad), prepared (`//` collapsed, macros filled), each with the dedup key
 * `(availId, adIndex, eventType)` the session claims so an event fires at most once whatever the
 * retries, renditions or parallel requests. Pure.
 */
import type { AvailPlan, PlannedAd } from '../avails/plan.ts';
import type { AvailPlacement } from '../avails/timeline.ts';
import { linearCreative } from '../vast/media-select.ts';
import { prepareBeaconUrl, type BeaconMacroValues } from './beacon-url.ts';
import { beaconEventsDueAtSlot, eventOrder, locateSeq, type BeaconEvent } from './schedule.ts';

/** The raw VAST URLs of one event of a planned ad (order as in the merged VAST; duplicates dropped). */
export function beaconsFor(plannedAd: PlannedAd, event: string): string[] {
  const urls = event === 'impression' ? plannedAd.ad.impressions.map((i) => i.url) : (linearCreative(plannedAd.ad)?.linear.trackingEvents[event] ?? []).map((t) => t.url);
  return [...new Set(urls.filter((u) => u.trim() !== ''))];
}

/** The VMAP break tracking URLs of an avail for `breakStart`, `breakEnd` or `error`. */
export function breakBeaconsFor(plan: AvailPlan, event: string): string[] {
  return [...new Set((plan.breakTracking[event] ?? []).filter((u) => u.trim() !== ''))];
}

/** `(availId, adIndex, eventType)` as one string: the unit the session claims (docs/mediatailor-compat.md §4.5). */
export function beaconDedupKey(availId: string, adIndex: number, event: string): string {
  return `${availId}/${adIndex}/${event}`;
}

export interface DueBeacon {
  readonly dedupKey: string;
  readonly availId: string;
  readonly adIndex: number;
  readonly event: BeaconEvent;
  /** Rank among the ad's events; the outbox keeps an ad's beacons in this order. */
  readonly order: number;
  /** Prepared URLs to GET; may be empty (the event is still claimed, so it is never re-examined). */
  readonly urls: readonly string[];
}

export interface DueBeaconsInput {
  readonly plan: AvailPlan;
  readonly placement: AvailPlacement;
  /** Output media sequence number the player requested. */
  readonly seq: number;
  readonly macros: BeaconMacroValues;
}

/**
 * What the request of segment `seq` makes due, in sending order. Empty for slate, for a
 * sequence outside the avail, or for an ad the plan no longer knows.
 */
export function dueBeaconsAtSeq(input: DueBeaconsInput): DueBeacon[] {
  const { plan, placement, seq, macros } = input;
  const location = locateSeq(placement, seq);
  if (!location) return [];
  const plannedAd = plan.ads.find((a) => a.index === location.ad.adIndex);
  if (!plannedAd) return [];
  const events = beaconEventsDueAtSlot(placement, location, plannedAd.mediaDurationSec);
  return events.map((event) => {
    const raw = event === 'breakStart' || event === 'breakEnd' ? breakBeaconsFor(plan, event) : beaconsFor(plannedAd, event);
    return {
      dedupKey: beaconDedupKey(placement.availId, plannedAd.index, event),
      availId: placement.availId,
      adIndex: plannedAd.index,
      event,
      order: eventOrder(event),
      urls: raw.map((u) => prepareBeaconUrl(u, macros)),
    };
  });
}

/** The due beacons whose keys the session has not claimed yet (each event fires once). */
export function unclaimed(due: readonly DueBeacon[], claimed: ReadonlySet<string>): DueBeacon[] {
  return due.filter((d) => !claimed.has(d.dedupKey));
}
