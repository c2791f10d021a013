/**
 * @module core/avails/ledger
 * The session-level record of breaks and of how the personalized timeline is numbered
 * (DESIGN §4 "live bookkeeping", §6 invariants 1–3). One ledger per session, shared by every
 * rendition, so a (rendition, media sequence number) names the same segment on every reload and
 * all renditions number ads alike. Origin renditions must share media sequence numbering, as
 * MediaTailor requires.
 *
 * Numbering: a content segment with origin sequence `s` gets output sequence
 * `s + seqDelta(s)` and output discontinuity index `originDisc(s) + discDelta(s)`, where the
 * deltas are step functions that change only where a personalized break ends (or, for VOD, where
 * ads are inserted). Slot `k` of a break gets `outStartSeq + k`. Pure data and lookups.
 */
import type { AvailSignal } from '../scte35/index.ts';
import type { SeenRun } from './break-content.ts';
import type { LedgerOverlay } from './overlay-register.ts';

export interface LedgerStep {
  /** Applies to content segments with origin sequence ≥ fromSeq. */
  readonly fromSeq: number;
  readonly seqDelta: number;
  readonly discDelta: number;
  readonly timeDeltaSec: number;
}

export type BreakMode = 'pending' | 'personalize' | 'passthrough';

export interface LedgerBreak {
  /** Stable id: the origin sequence of the first replaced (or, VOD, following) segment. */
  readonly key: string;
  readonly originStartSeq: number;
  /**
   * Origin sequence of the cue-out when the break is filled from a later point (PARTIAL_AVAIL
   * from the live edge at join): windows starting after it no longer show it, yet the break is
   * open there.
   */
  readonly cueOutSeq?: number;
  readonly insertion: boolean;
  /** The live pre-roll (core/avails/preroll): opened by the session, not by an origin marker. */
  readonly preroll?: boolean;
  readonly joined: boolean;
  readonly eventId?: string;
  signalledDurationSec?: number;
  /** Where the break ends in origin terms (cue-in, or the signalled duration), exclusive. */
  originEndSeq?: number;
  /**
   * The break's origin segments as they were seen (core/avails/break-content): durations, and
   * discontinuity indexes through the break's end, because the numbering step at the end needs
   * the index of a segment that may have slid out of the window by the time the break closes.
   */
  seen?: SeenRun[];
  /** Origin discontinuity index of the segment before the break. */
  readonly discIndexBeforeStart: number;
  /**
   * Output numbering of the break's first slot, its preceding discontinuity index and its
   * session-relative time (tracking, contracts §3.4). Set by settleWindow once every earlier
   * break has closed, so the numbering step before it is final; never changed afterwards.
   */
  outStartSeq?: number;
  outDiscBefore?: number;
  outTimeSec?: number;
  /** Program date-time of the break start, when the origin has PDT. */
  readonly pdtMs?: number;
  mode: BreakMode;
  reason?: string;
  closed: boolean;
  /** End of the replaced region (≤ originEndSeq; earlier when ads end and no slate fills). */
  replacedEndSeq?: number;
  /** Number of output slots, fixed when the break closes. */
  outputCount?: number;
  readonly startLines: readonly string[];
  endLines: readonly string[];
  readonly asset: Readonly<Record<string, string>>;
  readonly scte?: AvailSignal;
  /** 1-based position in the session's avail index (`[avail.index]`, contracts §5). */
  readonly availIndex: number;
  /** Origin time of the break start, relative to the session anchor. */
  readonly originTimeSec: number;
  /** Elapsed break time already gone when the session joined (partial fill), seconds. */
  readonly joinedElapsedSec?: number;
}

export interface Ledger {
  /** First origin sequence the session saw. */
  anchorSeq?: number;
  /** Origin time (session-relative) of segment `seq`'s start: the furthest point seen. */
  cursor?: { seq: number; timeSec: number };
  /** End of the first window (origin seq and time): the live edge at join (avail suppression). */
  joinEdge?: { seq: number; timeSec: number };
  readonly steps: LedgerStep[];
  readonly breaks: LedgerBreak[];
  /** Overlay avails (core/avails/overlay-register): offered through the tracking API, never stitched. */
  overlays?: LedgerOverlay[];
  availCount: number;
  /** VOD playlists are complete: every break is known at the first request. */
  vod?: boolean;
  /**
   * The last window of a video variant (first origin sequence and segment durations): a subtitle
   * rendition is stitched only when its segments line up with it.
   */
  refWindow?: { readonly firstSeq: number; readonly durationsSec: readonly number[] };
}

export function emptyLedger(): Ledger {
  return { steps: [], breaks: [], availCount: 0 };
}

const ZERO_STEP: LedgerStep = { fromSeq: -Infinity, seqDelta: 0, discDelta: 0, timeDeltaSec: 0 };

/**
 * Appends a break the session opens itself, not an origin marker (a VOD schedule's insertion
 * point, the live pre-roll): pending its decision, no marker lines, the next avail index.
 */
export function openSessionBreak(
  ledger: Ledger,
  fields: Pick<LedgerBreak, 'key' | 'originStartSeq' | 'insertion' | 'discIndexBeforeStart' | 'originTimeSec'> & Partial<Pick<LedgerBreak, 'preroll' | 'signalledDurationSec' | 'pdtMs'>>,
): LedgerBreak {
  const b: LedgerBreak = { joined: false, mode: 'pending', closed: false, startLines: [], endLines: [], asset: {}, ...fields, availIndex: ++ledger.availCount };
  ledger.breaks.push(b);
  return b;
}

/** The step in effect for content segment `seq` (binary search: a window may hold thousands of breaks). */
export function stepAt(ledger: Ledger, seq: number): LedgerStep {
  const steps = ledger.steps;
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] as LedgerStep).fromSeq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? ZERO_STEP : (steps[found] as LedgerStep);
}

/**
 * `stepAt` for non-decreasing `seq` (one pass over a window): amortized O(1) per call instead of
 * O(steps), so a window holding many personalized breaks stays linear.
 */
export function stepCursor(ledger: Ledger): (seq: number) => LedgerStep {
  let i = -1;
  return (seq) => {
    const steps = ledger.steps;
    while (i + 1 < steps.length && (steps[i + 1] as LedgerStep).fromSeq <= seq) i++;
    return i < 0 ? ZERO_STEP : (steps[i] as LedgerStep);
  };
}

/**
 * Drops breaks and steps that can no longer matter (entirely before `seq`, closed), keeping state
 * bounded. Returns how many breaks were dropped.
 */
export function pruneBefore(ledger: Ledger, seq: number, keepBreaks = 50): number {
  const steps = ledger.steps;
  let i = 0;
  while (i + 1 < steps.length && (steps[i + 1]?.fromSeq ?? Infinity) <= seq) i++;
  if (i > 0) steps.splice(0, i);
  const isOld = (b: LedgerBreak): boolean => b.closed && (b.replacedEndSeq ?? b.originEndSeq ?? b.originStartSeq) < seq;
  let old = 0;
  for (const b of ledger.breaks) if (isOld(b)) old++;
  let excess = old - keepBreaks;
  if (excess <= 0) return 0;
  const dropped = excess;
  // The oldest first (breaks are in origin order), in one pass.
  const kept = ledger.breaks.filter((b) => !(excess > 0 && isOld(b) && excess-- > 0));
  ledger.breaks.length = 0;
  for (const b of kept) ledger.breaks.push(b);
  return dropped;
}

/** The personalized break that owns output sequence `outSeq`, and the slot index. */
export function findSlot(ledger: Ledger, outSeq: number): { brk: LedgerBreak; k: number } | undefined {
  for (const b of ledger.breaks) {
    if (b.mode !== 'personalize' || b.outStartSeq === undefined) continue;
    const count = b.outputCount ?? Infinity;
    if (outSeq >= b.outStartSeq && outSeq < b.outStartSeq + count) return { brk: b, k: outSeq - b.outStartSeq };
  }
  return undefined;
}

/** The placement of a break that settleWindow has placed (programmer error otherwise). */
export function placement(b: LedgerBreak): { outStartSeq: number; outDiscBefore: number; outTimeSec: number } {
  if (b.outStartSeq === undefined || b.outDiscBefore === undefined || b.outTimeSec === undefined) {
    throw new Error(`break ${b.key} used before it was placed`);
  }
  return { outStartSeq: b.outStartSeq, outDiscBefore: b.outDiscBefore, outTimeSec: b.outTimeSec };
}
