/**
 * @module core/dash/slice-timing
 * The segment timing of one slice [from, to) of a Period, so that the slice addresses exactly the
 * same segments at exactly the same presentation times as the original (ISO/IEC 23009-1 §5.3.9;
 * the same rule MediaTailor's split periods follow). Pure, integer arithmetic in ticks.
 *
 * With the slice starting `from` seconds into the period:
 * - `@presentationTimeOffset` becomes PTO + from × timescale: the new period's start maps to the
 *   same media time (rounded to the nearest tick when `from` is not a whole tick);
 * - SegmentTimeline keeps the segments that overlap the slice (a segment crossing the boundary
 *   is listed in both slices: players fetch it and trim at the period edge), first `S@t`
 *   written, `@startNumber` advanced by the segments dropped, `r="-1"` kept open for an open
 *   slice;
 * - `@duration` ($Number$ without timeline): when the slice starts on a segment boundary,
 *   `@startNumber` advances and the template stays; when it does not, the numbering grid no longer
 *   starts at the period start, so the template gets an explicit timeline
 *   `<S t="first segment start" d="@duration" r="-1 or count"/>` (exact, and valid for live);
 * - SegmentList keeps the SegmentURLs of the kept segments;
 * - SegmentBase (one indexed file) only needs the new PTO.
 */
import { floorDiv, toTicks, type Rat } from './rational.ts';
import { compressTimeline, expandTimeline, ptoOf, startNumberOf, timescaleOf, type SegmentTiming } from './segment-info.ts';

/** A slice in seconds from the period start; `to` undefined = to the (open) end. */
export interface SliceBounds {
  readonly from: Rat;
  readonly to?: Rat;
}

export interface SlicedTiming {
  readonly timing: SegmentTiming;
  /** True when the slice has no segment of this addressing (nothing to play). */
  readonly empty: boolean;
}

export function sliceTiming(ctx: SegmentTiming, bounds: SliceBounds): SlicedTiming {
  const ts = timescaleOf(ctx);
  const pto = ptoOf(ctx);
  const fromT = pto + toTicks(bounds.from, ts);
  const toT = bounds.to === undefined ? undefined : pto + toTicks(bounds.to, ts);
  const base: SegmentTiming = { ...ctx, presentationTimeOffset: fromT };
  if (ctx.kind === 'base') return { timing: base, empty: false };
  const startNumber = startNumberOf(ctx);

  if (ctx.timeline !== undefined) {
    // An open slice needs the open `r="-1"` entry expanded only up to the segment holding fromT.
    const expanded = expandTimeline(ctx.timeline, toT ?? fromT + 1n);
    const kept = expanded.segments.filter((s) => s.t + s.d > fromT && (toT === undefined || s.t < toT));
    const first = kept[0];
    if (!first) return { timing: { ...base, timeline: [], ...(ctx.urls ? { urls: [] } : {}) }, empty: true };
    const openLast = expanded.openEnded && toT === undefined;
    return {
      timing: {
        ...base,
        startNumber: startNumber + BigInt(first.index),
        timeline: compressTimeline(kept, openLast),
        ...(ctx.urls ? { urls: ctx.urls.slice(first.index, first.index + kept.length) } : {}),
      },
      empty: false,
    };
  }

  if (ctx.duration !== undefined) {
    const d = ctx.duration;
    const k = fromT > pto ? floorDiv(fromT - pto, d) : 0n;
    const firstT = pto + k * d;
    const count = toT === undefined ? undefined : toT > firstT ? (toT - firstT + d - 1n) / d : 0n;
    const urls = ctx.urls ? ctx.urls.slice(Number(k), count === undefined ? undefined : Number(k + count)) : undefined;
    if (count === 0n || (urls !== undefined && urls.length === 0)) return { timing: { ...base, ...(urls ? { urls } : {}) }, empty: true };
    const numbering = { startNumber: startNumber + k, ...(urls ? { urls } : {}) };
    if (firstT === fromT) return { timing: { ...base, ...numbering, duration: d }, empty: false };
    // Off the grid: an explicit timeline keeps every segment at its true time.
    const n = count ?? (urls ? BigInt(urls.length) : undefined);
    const { duration: _dropped, ...rest } = base;
    return { timing: { ...rest, ...numbering, timeline: [{ t: firstT, d, r: n === undefined ? -1n : n - 1n }] }, empty: false };
  }
  return { timing: base, empty: false };
}
