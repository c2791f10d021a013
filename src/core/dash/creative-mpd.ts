/**
 * @module core/dash/creative-mpd
 * A DASH ad creative's MPD (a VAST MediaFile `delivery="streaming" type="application/dash+xml"`,
 * or a packaged DASH copy in the creative store) read into the creative model the ad period
 * builder uses. Pure; what cannot be used is a reason, never an exception.
 *
 * The first Period is the creative. Its MPD-level and Period-level BaseURLs, resolved against
 * the MPD URL, give `baseUrl`; AdaptationSet and Representation BaseURLs are folded into each
 * rendition's relative paths. `$RepresentationID$` and `$Bandwidth$` are substituted here, since
 * the ad period may rename representations. SegmentTemplate (timeline or `@duration`) and
 * SegmentList are read; SegmentBase (one indexed file) is not supported yet.
 */
import { adaptationKind, type DashCreative, type DashCreativeRendition } from './ad-period.ts';
import type { ParsedMpd } from './mpd-parse.ts';
import { sub, toSec, toTicks } from './rational.ts';
import { expandTimeline, mergeTiming, ptoOf, readSegmentTiming, segmentInfoElement, startNumberOf, timescaleOf, type SegmentTiming } from './segment-info.ts';
import { attr, childElements, firstChild, textContent, type XElement } from './xml.ts';

export interface CreativeFromMpd extends DashCreative {
  /** Absolute URL the renditions' paths are relative to. */
  readonly baseUrl: string;
  readonly durationSec: number;
  /** Representations left out, and why. */
  readonly skipped: readonly string[];
}

export type CreativeRead = { readonly ok: true; readonly value: CreativeFromMpd } | { readonly ok: false; readonly error: string };

export function readCreativeMpd(mpd: ParsedMpd, mpdUrl: string, id: string): CreativeRead {
  const period = childElements(mpd.doc.root, 'Period')[0];
  const timing = mpd.periods[0];
  if (!period || !timing) return { ok: false, error: 'creative MPD has no Period' };
  // Without BaseURL elements, relative paths resolve against the MPD's own folder.
  const mpdDir = safeUrl('.', safeUrl(mpdUrl));
  const base = resolveBase(resolveBase(mpdDir, mpd.doc.root), period);
  if (!base) return { ok: false, error: `creative MPD URL "${mpdUrl}" is not absolute` };
  const end = timing.end === undefined ? undefined : sub(timing.end, timing.start);
  const skipped: string[] = [];
  const renditions: DashCreativeRendition[] = [];
  const periodTiming = own(period);
  for (const set of childElements(period, 'AdaptationSet')) {
    const kind = adaptationKind(set);
    if (kind !== 'video' && kind !== 'audio' && kind !== 'text') continue;
    const setTiming = mergeTiming(periodTiming, own(set));
    for (const rep of childElements(set, 'Representation')) {
      const repId = attr(rep, 'id') ?? `r${renditions.length}`;
      const t = mergeTiming(setTiming, own(rep));
      const prefix = [set, rep].map(relativeBase).join('');
      const field = (name: string): string | undefined => attr(rep, name) ?? attr(set, name);
      const num = (name: string): number | undefined => {
        const v = Number(field(name));
        return Number.isFinite(v) && v > 0 ? v : undefined;
      };
      if (!t || t.kind === 'base') {
        skipped.push(`${repId}: ${t ? 'SegmentBase (single indexed file) is not supported' : 'no segment information'}`);
        continue;
      }
      const durations = segmentDurations(t, end);
      if (durations.length === 0) {
        skipped.push(`${repId}: no segment inside the period`);
        continue;
      }
      const bandwidth = num('bandwidth') ?? 1;
      const fill = (template: string): string => prefix + template.replace(/\$RepresentationID\$/g, repId).replace(/\$Bandwidth\$/g, String(bandwidth));
      const init = initialization(rep, set, period);
      const media = [rep, set, period]
        .map((l) => segmentInfoElement(l))
        .map((e) => (e ? attr(e, 'media') : undefined))
        .find((m) => m !== undefined);
      const channels = firstChild(rep, 'AudioChannelConfiguration') ?? firstChild(set, 'AudioChannelConfiguration');
      const lang = attr(set, 'lang');
      const frameRate = field('frameRate');
      const width = num('width');
      const height = num('height');
      const sampling = num('audioSamplingRate');
      const channelCount = channels ? Number(attr(channels, 'value')) : Number.NaN;
      const pto = ptoOf(t);
      const urls = t.kind === 'list' ? (t.urls ?? []).slice(0, durations.length).map((u) => fill(attr(u, 'media') ?? '')) : [];
      if (t.kind === 'template' && media === undefined) {
        skipped.push(`${repId}: SegmentTemplate without @media`);
        continue;
      }
      renditions.push({
        id: repId,
        kind,
        mimeType: field('mimeType') ?? (kind === 'text' ? 'application/mp4' : `${kind}/mp4`),
        codecs: field('codecs') ?? '',
        bandwidth,
        ...(width === undefined ? {} : { width }),
        ...(height === undefined ? {} : { height }),
        ...(frameRate === undefined ? {} : { frameRate }),
        ...(sampling === undefined ? {} : { audioSamplingRate: sampling }),
        ...(Number.isInteger(channelCount) && channelCount > 0 ? { channels: channelCount } : {}),
        ...(lang === undefined ? {} : { lang }),
        timescale: Number(timescaleOf(t)),
        ...(pto === 0n ? {} : { presentationTimeOffset: Number(pto) }),
        ...(init === undefined ? {} : { initialization: fill(init) }),
        segments:
          t.kind === 'template'
            ? { kind: 'template', media: fill(media ?? ''), startNumber: Number(startNumberOf(t)), segmentDurations: durations }
            : { kind: 'list', segments: durations.map((d, i) => ({ url: urls[i] ?? '', duration: d })) },
      });
    }
  }
  if (renditions.length === 0) return { ok: false, error: `creative MPD has no usable representation${skipped.length ? ` (${skipped.join('; ')})` : ''}` };
  const video = renditions.find((r) => r.kind === 'video') ?? renditions[0];
  const videoSec = video ? (video.segments.kind === 'template' ? video.segments.segmentDurations : video.segments.segments.map((s) => s.duration)).reduce((a, b) => a + b, 0) / video.timescale : 0;
  return { ok: true, value: { id, baseUrl: base.href, durationSec: end === undefined ? videoSec : Math.min(toSec(end), videoSec), renditions, skipped } };
}

function own(level: XElement): SegmentTiming | undefined {
  const el = segmentInfoElement(level);
  return el ? readSegmentTiming(el) : undefined;
}

/** Segment durations (ticks) of a template or list inside [0, end) of the period. */
function segmentDurations(t: SegmentTiming, end: ReturnType<typeof sub> | undefined): number[] {
  const ts = timescaleOf(t);
  const pto = ptoOf(t);
  const endT = end === undefined ? undefined : pto + toTicks(end, ts, 'ceil');
  if (t.timeline) {
    const segs = expandTimeline(t.timeline, endT, 10_000).segments;
    return segs.filter((s) => endT === undefined || s.t < endT).map((s) => Number(s.d));
  }
  if (t.duration === undefined) return [];
  const count = t.kind === 'list' ? (t.urls?.length ?? 0) : endT === undefined ? 0 : Number((endT - pto + t.duration - 1n) / t.duration);
  return Array.from({ length: Math.min(count, 10_000) }, () => Number(t.duration));
}

function initialization(...levels: XElement[]): string | undefined {
  for (const l of levels) {
    const el = segmentInfoElement(l);
    if (!el) continue;
    const a = attr(el, 'initialization');
    if (a !== undefined) return a;
    const child = firstChild(el, 'Initialization');
    const src = child ? attr(child, 'sourceURL') : undefined;
    if (src !== undefined) return src;
  }
  return undefined;
}

function resolveBase(base: URL | undefined, level: XElement): URL | undefined {
  const b = childElements(level, 'BaseURL')[0];
  if (!base || !b) return base;
  return safeUrl(textContent(b).trim(), base) ?? base;
}

/** A relative BaseURL of an AdaptationSet/Representation as a path prefix ('' when none). */
function relativeBase(level: XElement): string {
  const b = childElements(level, 'BaseURL')[0];
  return b ? textContent(b).trim() : '';
}

function safeUrl(text: string, base?: URL): URL | undefined {
  if (base === undefined && !/^[a-z][a-z0-9+.-]*:/i.test(text)) return undefined;
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
