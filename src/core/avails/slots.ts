/**
 * @module core/avails/slots
 * The output timeline of one break: its plan's occurrences (ads in pod order, then slate that
 * loops until the break ends; DESIGN §5 "Fill") expanded into segment slots. Every variant of a
 * session uses the same slots, so all renditions show the same ads with the same numbering
 * (DESIGN §6 invariant 3). Slot durations come from the creative's reference rendition. Pure.
 */

export interface Occurrence {
  /** An ad of the plan, slate filling what the ads leave, or a bumper (`Bumper.StartUrl`/`EndUrl`). */
  readonly kind: 'ad' | 'slate' | 'bumper';
  /** Key of the creative's media in the session (see core/creatives). */
  readonly creativeKey: string;
  /** Index of the ad in the plan (for tracking), absent for slate. */
  readonly adIndex?: number;
  /** Segment durations of the creative's reference rendition. */
  readonly refDurationsSec: readonly number[];
  /** Slate repeats until the break ends; each repeat starts with a discontinuity. */
  readonly loop?: boolean;
  /**
   * A looping occurrence that must leave room for what follows it (slate before an end bumper,
   * docs/mediatailor-compat.md §6.5): it repeats while its next segment's midpoint falls within
   * this many seconds of its own start, then the next occurrence plays.
   */
  readonly loopForSec?: number;
  /** For a bumper: which one. */
  readonly bumper?: 'start' | 'end';
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

/** A loop that repeats until the break ends (no `loopForSec` bound). */
export const endlessLoop = (o: Occurrence): boolean => o.loop === true && o.loopForSec === undefined && loopable(o);

/** Total planned duration; Infinity when the plan has slate looping until the break ends. */
export function plannedDurationSec(occurrences: readonly Occurrence[]): number {
  let total = 0;
  for (const o of occurrences) {
    if (endlessLoop(o)) return Infinity;
    if (o.loop) total += boundedLoopSec(o);
    else for (const d of o.refDurationsSec) total += d;
  }
  return total;
}

/** What a bounded loop plays: whole segments, repeated while each one's midpoint is within `loopForSec`. */
function boundedLoopSec(o: Occurrence): number {
  if (!loopable(o) || o.loopForSec === undefined) return 0;
  let t = 0;
  for (;;) {
    for (const d of o.refDurationsSec) {
      if (t + d / 2 >= o.loopForSec) return t;
      t += d;
    }
  }
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
    const occStart = t;
    const bound = occ.loop ? (occ.loopForSec ?? Infinity) : Infinity;
    let playing = true;
    do {
      for (let s = 0; s < occ.refDurationsSec.length; s++) {
        const d = occ.refDurationsSec[s] ?? 0;
        if (t + d / 2 >= limitSec || out.length >= maxSlots) return out;
        if (t - occStart + d / 2 >= bound) {
          playing = false;
          break;
        }
        out.push({ k: out.length, occurrence: o, segment: s, startSec: t, durationSec: d, discontinuityBefore: s === 0 });
        t += d;
      }
    } while (occ.loop && playing);
  }
  return out;
}

/** Number of discontinuities inside the break output, before slot `k` (excluding the content→ad one). */
export function boundariesBefore(slots: readonly Slot[], k: number): number {
  let n = 0;
  for (let j = 1; j <= k && j < slots.length; j++) if (slots[j]?.discontinuityBefore) n++;
  return n;
}
