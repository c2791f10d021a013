/**
 * @module core/avails/timeline
 * Where each planned ad sits in the session's output: its first media sequence number (the HLS
 * `adId`/`eventId` of contracts §3.1), session-relative start time and duration (§3.4), program
 * date-time, and slot range. Both the tracking API and the server-side beacons read this, so
 * they agree with the manifests (DESIGN §7 "One plan, two views"). Pure.
 */
import type { LedgerBreak } from './ledger.ts';
import type { AvailPlan } from './plan.ts';
import { endlessLoop, plannedDurationSec, slotsUntil, type Slot } from './slots.ts';

export interface AdPlacement {
  readonly adIndex: number;
  /** Output media sequence of the ad's first segment. */
  readonly firstSeq: number;
  readonly firstSlot: number;
  /** Slots of this ad that play (an early cue-in can cut an ad). */
  readonly slots: readonly Slot[];
  readonly startTimeSec: number;
  readonly durationSec: number;
  readonly pdtMs?: number;
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
