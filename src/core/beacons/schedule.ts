/**
 * @module core/beacons/schedule
 * Which beacons the request of one ad segment makes due (docs/mediatailor-compat.md §4, §4.3): impression
 * and start on the ad's first segment, each quartile on the segment containing its point,
 * complete on the last segment; VMAP breakStart with the avail's first ad's impression and
 * breakEnd with its last ad's complete (docs/mediatailor-compat.md §3.5, §4.3). Manifest requests never make
 * anything due. Pure; the points come from `event-points.ts`, shared with the tracking JSON.
 */
import type { AdPlacement, AvailPlacement } from '../avails/timeline.ts';
import { linearEventPoints, type LinearEvent } from './event-points.ts';

/** Every event the segment route can fire, in the order they go out for one ad. */
export const BEACON_EVENTS = ['breakStart', 'impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'breakEnd'] as const;
export type BeaconEvent = (typeof BEACON_EVENTS)[number];

/** Rank of an event in its ad's sequence: the outbox sends an ad's beacons in this order. */
export function eventOrder(event: BeaconEvent): number {
  return BEACON_EVENTS.indexOf(event);
}

/**
 * Linear events due when the break slot `slotK` is requested, in playback order. Several can be
 * due at once (impression + start; a short last segment can carry thirdQuartile and complete).
 * `fullDurationSec` is the planned ad's media duration (see event-points on cut ads).
 */
export function eventsDueAtSlot(placement: AdPlacement, slotK: number, fullDurationSec?: number): LinearEvent[] {
  return linearEventPoints(placement, fullDurationSec)
    .filter((p) => p.slotK === slotK)
    .map((p) => p.event);
}

/** The ad of an avail that a media sequence number falls in, with the break slot index. */
export interface SlotLocation {
  readonly ad: AdPlacement;
  /** Position of the ad in `placement.ads`. */
  readonly position: number;
  readonly slotK: number;
}

/**
 * Locates an output media sequence number in an avail: which ad plays there and which break slot
 * it is. Undefined for slate or content (nothing to fire).
 */
export function locateSeq(placement: AvailPlacement, seq: number): SlotLocation | undefined {
  const slotK = seq - placement.firstSeq;
  if (!Number.isInteger(slotK) || slotK < 0) return undefined;
  for (let position = 0; position < placement.ads.length; position++) {
    const ad = placement.ads[position];
    if (ad?.slots.some((s) => s.k === slotK)) return { ad, position, slotK };
  }
  return undefined;
}

/**
 * Linear events due at a slot, plus breakStart (with the first ad's impression) and breakEnd
 * (with the last ad's complete), in sending order.
 */
export function beaconEventsDueAtSlot(placement: AvailPlacement, location: SlotLocation, fullDurationSec?: number): BeaconEvent[] {
  const linear = eventsDueAtSlot(location.ad, location.slotK, fullDurationSec);
  const out: BeaconEvent[] = [];
  const isFirstAd = location.position === 0;
  const isLastAd = location.position === placement.ads.length - 1;
  if (isFirstAd && linear.includes('impression')) out.push('breakStart');
  out.push(...linear);
  if (isLastAd && linear.includes('complete')) out.push('breakEnd');
  return out;
}
