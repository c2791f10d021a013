/**
 * @module core/dash/segment-info
 * Segment addressing of a Representation (ISO/IEC 23009-1 §5.3.9): SegmentBase, SegmentList and
 * SegmentTemplate at Period, AdaptationSet and Representation level, merged attribute by
 * attribute (a lower level overrides, §5.3.9.1), and SegmentTimeline expansion (§5.3.9.6,
 * including `@r="-1"`: repeat until the next `S@t`, the end of the Period or the next MPD update).
 * Pure. Every tick value is a bigint in the element's `@timescale`.
 */
import { attr, childElements, firstChild, localName, type XElement } from './xml.ts';

export type SegmentInfoKind = 'base' | 'list' | 'template';

/** One `S` element. `r` is -1 for "repeat to the next S@t / period end". */
export interface TimelineEntry {
  readonly t?: bigint;
  readonly d: bigint;
  readonly r: bigint;
}

/** Timing fields of one segment-information element or of a merged context; absent = not set. */
export interface SegmentTiming {
  readonly kind: SegmentInfoKind;
  readonly timescale?: bigint;
  readonly presentationTimeOffset?: bigint;
  readonly startNumber?: bigint;
  /** `@duration` of SegmentTemplate/SegmentList, in timescale ticks. */
  readonly duration?: bigint;
  readonly timeline?: readonly TimelineEntry[];
  /** SegmentList's SegmentURL elements, when this level lists them. */
  readonly urls?: readonly XElement[];
}

/** A segment on the media timeline of its representation: start and duration in ticks, number. */
export interface TimelineSegment {
  readonly t: bigint;
  readonly d: bigint;
  /** Position from the first segment of the addressing (0-based); number = startNumber + index. */
  readonly index: number;
}

const KINDS: Readonly<Record<string, SegmentInfoKind>> = { SegmentBase: 'base', SegmentList: 'list', SegmentTemplate: 'template' };

/** The segment-information element of one level (Period, AdaptationSet or Representation). */
export function segmentInfoElement(level: XElement): XElement | undefined {
  for (const c of level.children) if (c.kind === 'element' && KINDS[localName(c.name)] !== undefined) return c;
  return undefined;
}

export function segmentInfoKind(el: XElement): SegmentInfoKind | undefined {
  return KINDS[localName(el.name)];
}

/** Reads a decimal unsigned integer attribute as bigint; a negative value only for `S@r`. */
export function bigAttr(el: XElement, name: string, allowNegative = false): bigint | undefined {
  const v = attr(el, name)?.trim();
  if (v === undefined || !(allowNegative ? /^-?\d{1,24}$/ : /^\d{1,24}$/).test(v)) return undefined;
  return BigInt(v);
}

export function readSegmentTiming(el: XElement): SegmentTiming | undefined {
  const kind = segmentInfoKind(el);
  if (kind === undefined) return undefined;
  const timescale = bigAttr(el, 'timescale');
  const pto = bigAttr(el, 'presentationTimeOffset');
  const startNumber = kind === 'base' ? undefined : bigAttr(el, 'startNumber');
  const duration = kind === 'base' ? undefined : bigAttr(el, 'duration');
  const tl = kind === 'base' ? undefined : firstChild(el, 'SegmentTimeline');
  const urls = kind === 'list' ? childElements(el, 'SegmentURL') : [];
  return {
    kind,
    ...(timescale === undefined || timescale === 0n ? {} : { timescale }),
    ...(pto === undefined ? {} : { presentationTimeOffset: pto }),
    ...(startNumber === undefined ? {} : { startNumber }),
    ...(duration === undefined || duration === 0n ? {} : { duration }),
    ...(tl ? { timeline: readTimeline(tl) } : {}),
    ...(urls.length > 0 ? { urls } : {}),
  };
}

export function readTimeline(tl: XElement): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const s of childElements(tl, 'S')) {
    const d = bigAttr(s, 'd');
    if (d === undefined || d === 0n) continue;
    const t = bigAttr(s, 't');
    const r = bigAttr(s, 'r', true) ?? 0n;
    out.push({ ...(t === undefined ? {} : { t }), d, r: r < -1n ? -1n : r });
  }
  return out;
}

/** `child` over `parent`, attribute by attribute; elements (timeline, URLs) replace as a whole. */
export function mergeTiming(parent: SegmentTiming | undefined, child: SegmentTiming | undefined): SegmentTiming | undefined {
  if (!child) return parent;
  if (!parent || parent.kind !== child.kind) return child;
  return { ...parent, ...child };
}

/** Effective values with the defaults of §5.3.9.2 (timescale 1, PTO 0, startNumber 1). */
export function timescaleOf(t: SegmentTiming | undefined): bigint {
  return t?.timescale ?? 1n;
}
export function ptoOf(t: SegmentTiming | undefined): bigint {
  return t?.presentationTimeOffset ?? 0n;
}
export function startNumberOf(t: SegmentTiming | undefined): bigint {
  return t?.startNumber ?? 1n;
}

/**
 * The segments of a timeline, in media time, up to `untilT` (exclusive) for open `r="-1"` entries
 * and at most `limit` segments (a guard against `r` values in the billions). `truncated` tells
 * whether `limit` was hit.
 */
export function expandTimeline(entries: readonly TimelineEntry[], untilT: bigint | undefined, limit = 200_000): { segments: TimelineSegment[]; openEnded: boolean; truncated: boolean } {
  const segments: TimelineSegment[] = [];
  let t = 0n;
  let openEnded = false;
  for (const [i, e] of entries.entries()) {
    if (e.t !== undefined) t = e.t;
    const { count, open } = entryCount(entries, i, t, untilT);
    if (open) openEnded = true;
    for (let k = 0n; k < count; k++) {
      if (segments.length >= limit) return { segments, openEnded, truncated: true };
      segments.push({ t, d: e.d, index: segments.length });
      t += e.d;
    }
  }
  return { segments, openEnded, truncated: false };
}

/**
 * How many segments entry `i` (starting at `t`) stands for: `S@r` + 1, or for an open `r="-1"`,
 * as many as reach the next `S@t`, else `untilT` (one when that is undefined); `open` when it is
 * such an entry with no `S@t` after it (the timeline stays open past `untilT`).
 */
export function entryCount(entries: readonly TimelineEntry[], i: number, t: bigint, untilT: bigint | undefined): { count: bigint; open: boolean } {
  const e = entries[i];
  if (!e) return { count: 0n, open: false };
  if (e.r >= 0n) return { count: e.r + 1n, open: false };
  const nextT = entries[i + 1]?.t;
  const end = nextT ?? untilT;
  return { count: end === undefined ? 1n : end > t ? (end - t + e.d - 1n) / e.d : 0n, open: nextT === undefined };
}

/** Compresses consecutive segments back into S entries (`t` on the first and after any gap). */
export function compressTimeline(segments: readonly TimelineSegment[], openEndedLast = false): TimelineEntry[] {
  const out: { t?: bigint; d: bigint; r: bigint }[] = [];
  let expectT: bigint | undefined;
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && s.t === expectT && s.d === last.d) last.r += 1n;
    else out.push({ ...(s.t === expectT ? {} : { t: s.t }), d: s.d, r: 0n });
    expectT = s.t + s.d;
  }
  const last = out[out.length - 1];
  if (openEndedLast && last) last.r = -1n;
  return out;
}
