/**
 * @module core/avails/timeline
 * Where each planned ad sits in the session's output, in either manifest format: its id (HLS: the
 * media sequence of its first segment; DASH: its Period@id), start time and duration on the
 * output timeline, program date-time, and its segment slots numbered within the avail (HLS: the
 * output media sequence numbers; DASH: the slot index in the break). Both the tracking API
 * (docs/architecture.md "Tracking and beacons") and the server-side beacons read this, so they
 * agree with the manifests. Pure.
 */
import type { LedgerBreak } from './ledger.ts';
import type { AvailPlan } from './plan.ts';
import { endlessLoop, plannedDurationSec, slotsUntil, type Slot } from './slots.ts';

export interface AdPlacement {
  readonly adIndex: number;
  /** The ad's `adId` in the tracking JSON: HLS, the media sequence of its first segment; DASH, its Period@id. */
  readonly adId: string;
  /** Slot number of the ad's first segment (HLS: its output media sequence; DASH: its slot index in the break). */
  readonly firstSeq: number;
  readonly firstSlot: number;
  /** Slots of this ad that play (an early cue-in can cut an ad). */
  readonly slots: readonly Slot[];
  readonly startTimeSec: number;
  readonly durationSec: number;
  readonly pdtMs?: number;
  /**
   * `eventId` of every tracking event of the ad, when the format fixes one per ad (DASH: the
   * presentation time of the ad start, MediaTailor's ptsTime); HLS leaves it out: each event's id
   * is the media sequence of the segment carrying it.
   */
  readonly eventId?: string;
}

export interface AvailPlacement {
  readonly availId: string;
  readonly firstSeq: number;
  readonly startTimeSec: number;
  readonly durationSec: number;
  readonly pdtMs?: number;
  readonly ads: readonly AdPlacement[];
}

/** Placement of a personalized, placed break's ads; undefined before the break is placed. */
export function placeAvail(b: LedgerBreak, plan: AvailPlan): AvailPlacement | undefined {
  if (b.outStartSeq === undefined || b.outTimeSec === undefined) return undefined;
  // Everything before slate that loops until the break ends (bumpers and bounded slate included,
  // so an end bumper's slots keep their numbers); indexes stay the plan's.
  const endless = plan.occurrences.findIndex(endlessLoop);
  const finite = endless < 0 ? plan.occurrences : plan.occurrences.slice(0, endless);
  let slots = slotsUntil(finite, plannedDurationSec(finite) + 1);
  if (b.outputCount !== undefined) slots = slots.slice(0, b.outputCount);
  const ads: AdPlacement[] = [];
  for (let o = 0; o < finite.length; o++) {
    const occ = finite[o];
    if (!occ || occ.adIndex === undefined) continue;
    const mine = slots.filter((s) => s.occurrence === o);
    const first = mine[0];
    if (!first) continue;
    const startTimeSec = b.outTimeSec + first.startSec;
    ads.push({
      adIndex: occ.adIndex,
      adId: String(b.outStartSeq + first.k),
      firstSeq: b.outStartSeq + first.k,
      firstSlot: first.k,
      slots: mine,
      startTimeSec,
      durationSec: mine.reduce((t, s) => t + s.durationSec, 0),
      ...(b.pdtMs !== undefined ? { pdtMs: b.pdtMs + first.startSec * 1000 } : {}),
    });
  }
  const total = b.outputCount !== undefined ? slotsUntil(plan.occurrences, Infinity, b.outputCount).reduce((t, s) => t + s.durationSec, 0) : slots.reduce((t, x) => t + x.durationSec, 0);
  return {
    availId: String(b.outStartSeq),
    firstSeq: b.outStartSeq,
    startTimeSec: b.outTimeSec,
    durationSec: total,
    ...(b.pdtMs !== undefined ? { pdtMs: b.pdtMs } : {}),
    ads,
  };
}
