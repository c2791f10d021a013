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
import { ceilDiv, floorDiv, toTicks, type Rat } from './rational.ts';
import { entryCount, ptoOf, startNumberOf, timescaleOf, type SegmentTiming, type TimelineEntry } from './segment-info.ts';

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
    const kept = sliceTimeline(ctx.timeline, fromT, toT);
    if (!kept) return { timing: { ...base, timeline: [], ...(ctx.urls ? { urls: [] } : {}) }, empty: true };
    const first = Number(kept.firstIndex);
    return {
      timing: {
        ...base,
        startNumber: startNumber + kept.firstIndex,
        timeline: kept.timeline,
        ...(ctx.urls ? { urls: ctx.urls.slice(first, first + Number(kept.count)) } : {}),
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

/**
 * The segments of a timeline that overlap [fromT, toT) (in media ticks; `toT` undefined: to the
 * open end), as S entries (consecutive runs of one duration merged, `S@t` on the first and after a
 * gap, `r="-1"` on the last when the timeline stays open), with the index of the first kept
 * segment and how many are kept. Worked out per S entry, never segment by segment, so an `S@r` in
 * the billions costs what any other entry does. An open `r="-1"` entry runs to the next `S@t`, else
 * (for an open slice) only to the segment holding fromT. Undefined when no segment overlaps.
 */
function sliceTimeline(entries: readonly TimelineEntry[], fromT: bigint, toT: bigint | undefined): { timeline: TimelineEntry[]; firstIndex: bigint; count: bigint } | undefined {
  const untilT = toT ?? fromT + 1n;
  const runs: { t: bigint; d: bigint; n: bigint }[] = [];
  let t = 0n;
  let index = 0n;
  let firstIndex: bigint | undefined;
  let count = 0n;
  let openEnded = false;
  for (const [i, e] of entries.entries()) {
    if (e.t !== undefined) t = e.t;
    const { count: n, open } = entryCount(entries, i, t, untilT);
    if (open) openEnded = true;
    // Segment k = [t + k·d, t + (k+1)·d) overlaps when t + (k+1)·d > fromT and t + k·d < toT.
    const k0 = fromT > t ? floorDiv(fromT - t, e.d) : 0n;
    const k1 = toT === undefined ? n : toT > t ? ceilDiv(toT - t, e.d) : 0n;
    const last = k1 < n ? k1 : n;
    if (last > k0) {
      const start = t + k0 * e.d;
      const prev = runs[runs.length - 1];
      if (prev && prev.d === e.d && prev.t + prev.n * prev.d === start) prev.n += last - k0;
      else runs.push({ t: start, d: e.d, n: last - k0 });
      firstIndex ??= index + k0;
      count += last - k0;
    }
    index += n;
    t += n * e.d;
  }
  if (firstIndex === undefined) return undefined;
  const timeline: TimelineEntry[] = [];
  let expectT: bigint | undefined;
  for (const r of runs) {
    timeline.push({ ...(r.t === expectT ? {} : { t: r.t }), d: r.d, r: r.n - 1n });
    expectT = r.t + r.n * r.d;
  }
  const tail = timeline[timeline.length - 1];
  if (openEnded && toT === undefined && tail) timeline[timeline.length - 1] = { ...tail, r: -1n };
  return { timeline, firstIndex, count };
}
