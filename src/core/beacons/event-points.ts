/**
 * @module core/beacons/event-points
 * Where the linear events of one ad fall: at which offset inside the ad, and which of the ad's
 * segments carries them. Pure. The one rule both views use (docs/architecture.md §7 "One plan, two views"):
 * the tracking JSON's `eventId`/`startTime` (docs/mediatailor-compat.md §3.1, §3.4) and the server-side beacon
 * schedule of `/v1/segment` (docs/mediatailor-compat.md §4, §4.3).
 *
 * - impression and start: the ad's first segment, at offset 0.
 * - firstQuartile / midpoint / thirdQuartile: 25/50/75 % of the ad duration, on the segment that
 *   contains the point. A point on a boundary belongs to the segment that *ends* there: that is
 *   the segment whose playback reaches it, and it is what docs/mediatailor-compat.md §4.3 spells out (a 20 s ad of
 *   2 s segments fires midpoint, at 10.0 s, on the 5th segment, not the 6th).
 * - complete: 100 %, the ad's last segment.
 *
 * The duration is the ad's full media duration. When an early cue-in cut the ad (fewer slots
 * play than the creative has), the points past the cut have no segment: they are neither listed
 * nor fired, because the viewer never reached them.
 */
import type { AdPlacement } from '../avails/timeline.ts';

/** The events the segment route fires (docs/mediatailor-compat.md §4.3), in playback order. */
export const LINEAR_EVENTS = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'] as const;
export type LinearEvent = (typeof LINEAR_EVENTS)[number];

/** Share of the ad duration at which each event falls. */
export const EVENT_SHARE: Readonly<Record<LinearEvent, number>> = {
  impression: 0,
  start: 0,
  firstQuartile: 0.25,
  midpoint: 0.5,
  thirdQuartile: 0.75,
  complete: 1,
};

export interface EventPoint {
  readonly event: LinearEvent;
  /** Offset from the ad start. */
  readonly offsetSec: number;
  /** Position of the carrying segment among the ad's slots (0-based), undefined when cut off. */
  readonly slotPosition?: number;
  /** Break slot index `k` of that segment. */
  readonly slotK?: number;
  /** Output media sequence number of that segment (the HLS `eventId`). */
  readonly seq?: number;
}

/** Whole-millisecond ends of the ad's slots, from the ad start (integers avoid float drift). */
function slotEndsMs(placement: AdPlacement): number[] {
  const ends: number[] = [];
  let totalSec = 0;
  for (const s of placement.slots) {
    totalSec += s.durationSec;
    ends.push(Math.round(totalSec * 1000));
  }
  return ends;
}

/**
 * Position of the slot that carries an offset: the first slot ending at or after it (offset 0 →
 * the first slot); undefined past the last slot (the ad was cut before that point).
 */
export function slotPositionAt(placement: AdPlacement, offsetSec: number): number | undefined {
  const ends = slotEndsMs(placement);
  if (ends.length === 0) return undefined;
  const atMs = Math.round(offsetSec * 1000);
  if (atMs <= 0) return 0;
  const i = ends.findIndex((end) => end >= atMs);
  return i < 0 ? undefined : i;
}

/** Media sequence of the ad's slot at a position (the ad's slots are consecutive). */
export function seqAtPosition(placement: AdPlacement, position: number): number | undefined {
  const slot = placement.slots[position];
  return slot === undefined ? undefined : placement.firstSeq + (slot.k - placement.firstSlot);
}

/** Ad duration the points are shares of: the full media duration, else the slots that play. */
function referenceDurationSec(placement: AdPlacement, fullDurationSec: number | undefined): number {
  if (fullDurationSec !== undefined && Number.isFinite(fullDurationSec) && fullDurationSec > 0) return fullDurationSec;
  return placement.slots.reduce((t, s) => t + s.durationSec, 0);
}

/** A point at an arbitrary offset (VAST `progress` trackers use this too). */
export function pointAt(placement: AdPlacement, offsetSec: number): Pick<EventPoint, 'offsetSec' | 'slotPosition' | 'slotK' | 'seq'> {
  const slotPosition = slotPositionAt(placement, offsetSec);
  if (slotPosition === undefined) return { offsetSec };
  const slot = placement.slots[slotPosition];
  const seq = seqAtPosition(placement, slotPosition);
  return {
    offsetSec,
    slotPosition,
    ...(slot !== undefined ? { slotK: slot.k } : {}),
    ...(seq !== undefined ? { seq } : {}),
  };
}

/** The six linear event points of an ad. `fullDurationSec`: the planned ad's media duration. */
export function linearEventPoints(placement: AdPlacement, fullDurationSec?: number): EventPoint[] {
  const durationSec = referenceDurationSec(placement, fullDurationSec);
  return LINEAR_EVENTS.map((event) => ({ event, ...pointAt(placement, EVENT_SHARE[event] * durationSec) }));
}
