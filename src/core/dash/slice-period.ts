/**
 * @module core/dash/slice-period
 * One slice [from, to) of a content Period as a Period of its own, addressing the same segments
 * at the same presentation times (timing rules: slice-timing). Used to split a period at an ad
 * break (VOD: head + ads + tail; live: head + ads + tail after the replaced part). Pure.
 *
 * Segment information may sit at Period, AdaptationSet and Representation level and is merged
 * attribute by attribute (ISO/IEC 23009-1 §5.3.9.1). Each level's element is sliced in its own
 * merged context, and only what differs from what it would inherit from the (sliced) level above
 * is written on it, so the structure of the origin's MPD is kept.
 *
 * EventStreams (§5.10.2) keep the events that start inside the slice; their
 * `@presentationTimeOffset` moves with the slice, in a finer `@timescale` when the slice start is
 * not a whole number of the stream's ticks, so every event keeps its exact time.
 */
import { isoDurationFromNs } from '../time/iso-duration.ts';
import { add, cmp, rat, sub, toNanos, type Rat } from './rational.ts';
import { bigAttr, mergeTiming, readSegmentTiming, segmentInfoElement, type SegmentTiming, type TimelineEntry } from './segment-info.ts';
import { sliceTiming, type SliceBounds } from './slice-timing.ts';
import { childElements, element, localName, prefixOf, withAttrs, withChildren, type XElement, type XNode } from './xml.ts';

export interface PeriodSlice extends SliceBounds {
  /** Period@id of the slice. */
  readonly id: string;
  /** Period@start of the slice on the output MPD timeline (seconds). */
  readonly start: Rat;
}

export interface SlicedPeriod {
  readonly period: XElement;
  /** Representations (by id) with no segment inside the slice. */
  readonly emptyRepresentations: readonly string[];
  /** Representations in the slice. */
  readonly representations: number;
}

/** xs:duration text for an exact value, to the nanosecond. */
export function formatDuration(sec: Rat): string {
  return isoDurationFromNs(toNanos(sec));
}

/**
 * `@duration` text of a period starting at `start` and lasting `duration`: the difference of the
 * two boundaries rounded to the nanosecond, so start + duration is exactly the next start.
 */
export function spanText(start: Rat, duration: Rat): string {
  return isoDurationFromNs(toNanos(add(start, duration)) - toNanos(start));
}

export function slicePeriod(period: XElement, slice: PeriodSlice): SlicedPeriod {
  const empty: string[] = [];
  let representations = 0;
  const walk = (level: XElement, parentCtx: SegmentTiming | undefined, parentSliced: SegmentTiming | undefined): XElement => {
    const segEl = segmentInfoElement(level);
    const own = segEl ? readSegmentTiming(segEl) : undefined;
    const ctx = mergeTiming(parentCtx, own);
    const sliced = ctx ? sliceTiming(ctx, slice) : undefined;
    const name = localName(level.name);
    if (name === 'Representation') representations++;
    if (name === 'Representation' && sliced?.empty) empty.push(level.attrs.id ?? '?');
    const children: XNode[] = [];
    for (const c of level.children) {
      if (c.kind !== 'element') {
        children.push(c);
        continue;
      }
      const local = localName(c.name);
      if (c === segEl && sliced) children.push(writeSegmentInfo(c, sliced.timing, parentSliced?.kind === sliced.timing.kind ? parentSliced : undefined));
      else if (local === 'AdaptationSet' || local === 'Representation') children.push(walk(c, ctx, sliced?.timing));
      else if (local === 'EventStream' && name === 'Period') children.push(sliceEventStream(c, slice));
      else children.push(c);
    }
    return withChildren(level, children);
  };
  const body = walk(period, undefined, undefined);
  const attrs: Record<string, string | undefined> = { id: slice.id, start: formatDuration(slice.start) };
  // Duration as the difference of the rounded boundaries, so start + duration = next start exactly.
  attrs.duration = slice.to === undefined ? undefined : spanText(slice.start, sub(slice.to, slice.from));
  return { period: withAttrs(body, attrs), emptyRepresentations: empty, representations };
}

/** Writes the sliced timing on a segment-information element: what differs from the parent's. */
function writeSegmentInfo(el: XElement, t: SegmentTiming, inherited: SegmentTiming | undefined): XElement {
  const has = (name: string): boolean => el.attrs[name] !== undefined;
  const changes: Record<string, string | undefined> = {};
  const pto = t.presentationTimeOffset ?? 0n;
  if (has('presentationTimeOffset') || pto !== (inherited?.presentationTimeOffset ?? 0n)) changes.presentationTimeOffset = String(pto);
  if (t.kind !== 'base') {
    const sn = t.startNumber ?? 1n;
    if (has('startNumber') || sn !== (inherited?.startNumber ?? 1n)) changes.startNumber = String(sn);
    if (t.duration === undefined && has('duration')) changes.duration = undefined;
  }
  let out = withAttrs(el, changes);
  const ownTimeline = childElements(el, 'SegmentTimeline')[0];
  if (t.timeline && (ownTimeline || !sameTimeline(t.timeline, inherited?.timeline))) out = placeTimeline(out, t.timeline, ownTimeline);
  if (t.urls && childElements(el, 'SegmentURL').length > 0) out = replaceUrls(out, t.urls);
  return out;
}

function sameTimeline(a: readonly TimelineEntry[], b: readonly TimelineEntry[] | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  return a.every((x, i) => x.t === b[i]?.t && x.d === b[i]?.d && x.r === b[i]?.r);
}

function timelineElement(entries: readonly TimelineEntry[], prefix: string, like?: XElement): XElement {
  const s = entries.map((e) => element(`${prefix}S`, { t: e.t?.toString(), d: e.d.toString(), r: e.r === 0n ? undefined : e.r.toString() }));
  return like ? withChildren(like, s) : element(`${prefix}SegmentTimeline`, {}, s);
}

/** SegmentTimeline goes after Initialization/RepresentationIndex and before BitstreamSwitching/SegmentURL (XSD order). */
function placeTimeline(el: XElement, entries: readonly TimelineEntry[], existing: XElement | undefined): XElement {
  const tl = timelineElement(entries, prefixOf(el.name), existing);
  if (existing)
    return withChildren(
      el,
      el.children.map((c) => (c === existing ? tl : c)),
    );
  const at = el.children.findIndex((c) => c.kind === 'element' && ['BitstreamSwitching', 'SegmentURL'].includes(localName(c.name)));
  const children = [...el.children];
  children.splice(at < 0 ? children.length : at, 0, tl);
  return withChildren(el, children);
}

function replaceUrls(el: XElement, urls: readonly XElement[]): XElement {
  const out: XNode[] = [];
  let placed = false;
  for (const c of el.children) {
    if (c.kind === 'element' && localName(c.name) === 'SegmentURL') {
      if (!placed) out.push(...urls);
      placed = true;
    } else out.push(c);
  }
  return withChildren(el, out);
}

// ---------------------------------------------------------------------------------------------
// EventStream

/** Time of an Event relative to its period start, exact (§5.10.2.1). */
export function eventOffset(stream: XElement, event: XElement): Rat {
  const ts = bigAttr(stream, 'timescale') || 1n;
  const pto = bigAttr(stream, 'presentationTimeOffset') ?? 0n;
  return rat((bigAttr(event, 'presentationTime') ?? 0n) - pto, ts);
}

export function sliceEventStream(stream: XElement, slice: SliceBounds): XElement {
  const inSlice = (ev: XElement): boolean => {
    const at = eventOffset(stream, ev);
    return cmp(at, slice.from) >= 0 && (slice.to === undefined || cmp(at, slice.to) < 0);
  };
  const children = stream.children.filter((c) => c.kind !== 'element' || localName(c.name) !== 'Event' || inSlice(c));
  if (cmp(slice.from, rat(0n)) === 0) return withChildren(stream, children);
  const ts = bigAttr(stream, 'timescale') || 1n;
  const pto = bigAttr(stream, 'presentationTimeOffset') ?? 0n;
  // from × ts in ticks; when it is not whole, scale the stream's timescale by the denominator.
  const shift = rat(slice.from.n * ts, slice.from.d);
  const scale = shift.d;
  const scaled = (el: XElement, names: readonly string[]): XElement => {
    if (scale === 1n) return el;
    const ch: Record<string, string> = {};
    for (const n of names) {
      const v = bigAttr(el, n);
      if (v !== undefined) ch[n] = String(v * scale);
    }
    return withAttrs(el, ch);
  };
  const events = children.map((c) => (c.kind === 'element' && localName(c.name) === 'Event' ? scaled(c, ['presentationTime', 'duration']) : c));
  const head: Record<string, string> = { presentationTimeOffset: String(pto * scale + shift.n) };
  if (scale !== 1n) head.timescale = String(ts * scale);
  return withAttrs(withChildren(stream, events), head);
}
