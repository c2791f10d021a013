/**
 * @module core/avails/slots
 * The output timeline of one break: its plan's occurrences (ads in pod order, then slate that
 * loops until the break ends; DESIGN §5 "Fill") expanded into segment slots. Every variant of a
 * session uses the same slots, so all renditions show the same ads with the same numbering
 * (DESIGN §6 invariant 3). Slot durations come from the creative's reference rendition. Pure.
 */

export interface Occurrence {
  readonly kind: 'ad' | 'slate';
  /** Key of the creative's media in the session (see core/creatives). */
  readonly creativeKey: string;
  /** Index of the ad in the plan (for tracking), absent for slate. */
  readonly adIndex?: number;
  /** Segment durations of the creative's reference rendition. */
  readonly refDurationsSec: readonly number[];
  /** Slate repeats until the break ends; each repeat starts with a discontinuity. */
  readonly loop?: boolean;
}

export interface Slot {
  readonly k: number;
  readonly occurrence: number;
  /** Segment index inside the occurrence's creative. */
  readonly segment: number;
  /** Offset from the break start. */
  readonly startSec: number;
  readonly durationSec: number;
  /** A discontinuity precedes this slot (content→ad for k=0, ad→ad, slate loop). */
  readonly discontinuityBefore: boolean;
}

/**
 * A looping occurrence shorter than this is not looped: slate of `#EXTINF:0` segments would
 * otherwise fill a 30 s break with a hundred thousand slots (issue 9 §5). Creatives and slate
 * with such durations are refused when loaded; this guards the loop itself.
 */
export const MIN_LOOP_SEC = 1;

const loopable = (o: Occurrence): boolean => o.refDurationsSec.reduce((t, d) => t + d, 0) >= MIN_LOOP_SEC;

/** Total planned duration; Infinity when the plan ends with looping slate. */
export function plannedDurationSec(occurrences: readonly Occurrence[]): number {
  let total = 0;
  for (const o of occurrences) {
    if (o.loop) return loopable(o) ? Infinity : total;
    for (const d of o.refDurationsSec) total += d;
  }
  return total;
}

/**
 * Slots whose midpoint falls before `limitSec` of break time: the rule that decides how many
 * segments a break shows for a given content duration, so a break's output duration equals its
 * content duration within half a segment, without drift accumulating over breaks (invariant 4).
 */
export function slotsUntil(occurrences: readonly Occurrence[], limitSec: number, maxSlots = 100_000): Slot[] {
  const out: Slot[] = [];
  let t = 0;
  for (let o = 0; o < occurrences.length; o++) {
    const occ = occurrences[o];
    if (!occ || occ.refDurationsSec.length === 0 || (occ.loop && !loopable(occ))) continue;
    let firstOfRepeat = true;
    do {
      for (let s = 0; s < occ.refDurationsSec.length; s++) {
        const d = occ.refDurationsSec[s] ?? 0;
        if (t + d / 2 >= limitSec || out.length >= maxSlots) return out;
        out.push({ k: out.length, occurrence: o, segment: s, startSec: t, durationSec: d, discontinuityBefore: firstOfRepeat && s === 0 });
        t += d;
      }
      firstOfRepeat = true;
    } while (occ.loop);
  }
  return out;
}

/** Number of discontinuities inside the break output, before slot `k` (excluding the content→ad one). */
export function boundariesBefore(slots: readonly Slot[], k: number): number {
  let n = 0;
  for (let j = 1; j <= k && j < slots.length; j++) if (slots[j]?.discontinuityBefore) n++;
  return n;
}
