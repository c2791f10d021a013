/**
 * @module core/dash/segment-locate
 * Segments by position, both ways. Pure.
 *
 * - `periodSegmentStarts`: where the segments of a content Period's first video Representation
 *   start, from the period start (ISO/IEC 23009-1 §5.3.9: timeline, `@duration` template or
 *   list), so a VMAP break offset can be rounded down to a segment boundary as MediaTailor does.
 * - `locateCreativeSegment`: which segment of a DASH creative a request path names (the part of
 *   a `/v1/dashsegment/…` URL after the ad period id): its initialization segment or media
 *   segment `i`, by matching the rendition's `SegmentTemplate@media` (`$Number$`, `$Time$`, with
 *   `%0Nd` widths, §5.3.9.4.4) or its SegmentList URLs. Only paths the creative itself addresses
 *   match, so the segment route never redirects anywhere else.
 */
import { adaptationKind, type DashCreativeRendition } from './ad-period.ts';
import type { CreativeFromMpd } from './creative-mpd.ts';
import { cmp, rat, type Rat } from './rational.ts';
import { expandTimeline, mergeTiming, ptoOf, readSegmentTiming, segmentInfoElement, timescaleOf, type SegmentTiming } from './segment-info.ts';
import { childElements, type XElement } from './xml.ts';

/** Segment starts (seconds from the period start) of the period's first video Representation; [] when unknown. */
export function periodSegmentStarts(period: XElement, length: Rat | undefined): Rat[] {
  const own = (l: XElement): SegmentTiming | undefined => {
    const el = segmentInfoElement(l);
    return el ? readSegmentTiming(el) : undefined;
  };
  const set = childElements(period, 'AdaptationSet').find((s) => adaptationKind(s) === 'video');
  const rep = set ? childElements(set, 'Representation')[0] : undefined;
  if (!set || !rep) return [];
  const t = mergeTiming(mergeTiming(own(period), own(set)), own(rep));
  if (!t || t.kind === 'base') return [];
  const ts = timescaleOf(t);
  const pto = ptoOf(t);
  const endT = length === undefined ? undefined : pto + (length.n * ts) / length.d;
  const out: Rat[] = [];
  if (t.timeline) {
    for (const s of expandTimeline(t.timeline, endT, 100_000).segments) out.push(rat(s.t - pto, ts));
  } else if (t.duration !== undefined && endT !== undefined) {
    for (let k = 0n; pto + k * t.duration < endT && k < 100_000n; k++) out.push(rat(k * t.duration, ts));
  } else if (t.duration !== undefined && t.urls) {
    for (let k = 0n; k < BigInt(t.urls.length); k++) out.push(rat(k * t.duration, ts));
  }
  return out.filter((x) => x.n >= 0n && (length === undefined || cmp(x, length) < 0));
}

/** The last segment start at or before `offset` (the period start when none is). */
export function floorToSegmentStart(starts: readonly Rat[], offset: Rat): Rat {
  let best = rat(0n);
  for (const s of starts) if (cmp(s, offset) <= 0 && cmp(s, best) > 0) best = s;
  return starts.length === 0 ? offset : best;
}

export type CreativeSegmentRef = { readonly rendition: DashCreativeRendition; readonly segment: 'init' | number };

/** The rendition and segment a relative request path names, or undefined. Query strings are ignored. */
export function locateCreativeSegment(creative: CreativeFromMpd, requestPath: string): CreativeSegmentRef | undefined {
  const path = requestPath.split(/[?#]/)[0] ?? '';
  const candidates = new Set([path, safeDecode(path)]);
  for (const r of creative.renditions) {
    if (r.initialization !== undefined && candidates.has(stripQuery(r.initialization))) return { rendition: r, segment: 'init' };
    for (const p of candidates) {
      const i = segmentIndex(r, p);
      if (i !== undefined) return { rendition: r, segment: i };
    }
  }
  return undefined;
}

function segmentIndex(r: DashCreativeRendition, path: string): number | undefined {
  const segs = r.segments;
  if (segs.kind === 'list') {
    const i = segs.segments.findIndex((s) => stripQuery(s.url) === path);
    return i < 0 ? undefined : i;
  }
  const m = templatePattern(stripQuery(segs.media)).exec(path);
  if (!m) return undefined;
  const count = segs.segmentDurations.length;
  if (m.groups?.['n'] !== undefined) {
    const i = Number(m.groups['n']) - (segs.startNumber ?? 1);
    return Number.isSafeInteger(i) && i >= 0 && i < count ? i : undefined;
  }
  if (m.groups?.['t'] !== undefined) {
    let t = r.presentationTimeOffset ?? 0;
    const want = Number(m.groups['t']);
    for (let i = 0; i < count; i++) {
      if (t === want) return i;
      t += segs.segmentDurations[i] ?? 0;
    }
    return undefined;
  }
  return undefined;
}

/** The relative URL of a located segment, written from the rendition (never from the request). */
export function creativeSegmentPath(ref: CreativeSegmentRef): string | undefined {
  const r = ref.rendition;
  if (ref.segment === 'init') return r.initialization;
  const i = ref.segment;
  const segs = r.segments;
  if (segs.kind === 'list') return segs.segments[i]?.url;
  let t = r.presentationTimeOffset ?? 0;
  for (let k = 0; k < i; k++) t += segs.segmentDurations[k] ?? 0;
  const number = (segs.startNumber ?? 1) + i;
  return segs.media.replace(/\$(Number|Time)(?:%0(\d{1,2})d)?\$|\$\$/g, (whole, name: string | undefined, width: string | undefined) => {
    if (whole === '$$') return '$';
    return String(name === 'Number' ? number : t).padStart(Number(width ?? 0), '0');
  });
}

/** `$Number%05d$` / `$Time$` / `$$` in a template as a regular expression over the whole path. */
function templatePattern(template: string): RegExp {
  let re = '';
  let last = 0;
  for (const m of template.matchAll(/\$(Number|Time)(?:%0(\d{1,2})d)?\$|\$\$/g)) {
    re += escapeRegExp(template.slice(last, m.index));
    if (m[0] === '$$') re += '\\$';
    else re += m[1] === 'Number' ? '(?<n>\\d+)' : '(?<t>\\d+)';
    last = (m.index ?? 0) + m[0].length;
  }
  return new RegExp(`^${re}${escapeRegExp(template.slice(last))}$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function stripQuery(url: string): string {
  return url.split(/[?#]/)[0] ?? '';
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

