/**
 * @module core/dash/ad-period
 * An ad (or slate) Period built from a DASH creative and shaped like the content Period around
 * it. Pure.
 *
 * Why mirror the content: a player carries its track choice across periods by matching
 * AdaptationSets (dash.js: lang, Role, Accessibility, AudioChannelConfiguration; Shaka's period
 * combiner: type, language, roles, channel count), and a period that lacks a media type the
 * content has stalls the other buffer. So the ad Period gets, in the content's order:
 * - one video AdaptationSet with every video rendition of the creative (the player's ABR picks);
 * - one audio AdaptationSet per content audio AdaptationSet, with the content's `@lang`, Role,
 *   Accessibility and Label, holding the creative's audio in that language, else all its audio;
 * - one text AdaptationSet per content text AdaptationSet when the creative has text in that
 *   language, else a blank WebVTT side-loaded file when the caller gives one (`blankTextUrl`),
 *   else none. Both players accept a period without text when the content has it (Shaka fills
 *   it with an empty stream, dash.js keeps the text track off for that period), so leaving text
 *   out never stalls; a blank file keeps the subtitle choice visible across the break.
 * Trick-mode (`http://dashif.org/guidelines/trickmode`) and image (thumbnail) sets are left out.
 * `@id` of each AdaptationSet is the content's, so id-based matching works too.
 */
import { add, cmp, min, sub, toTicks, type Rat } from './rational.ts';
import { compressTimeline } from './segment-info.ts';
import { formatDuration, spanText } from './slice-period.ts';
import { attr, childElements, element, localName, textNode, type XElement, type XNode } from './xml.ts';

export type CreativeMediaKind = 'video' | 'audio' | 'text';

/** Segment addressing of one creative rendition. Durations are ticks of the rendition's timescale. */
export type CreativeSegments =
  | { readonly kind: 'template'; readonly media: string; readonly startNumber?: number; readonly segmentDurations: readonly number[] }
  | { readonly kind: 'list'; readonly segments: readonly { readonly url: string; readonly duration: number }[] };

export interface DashCreativeRendition {
  readonly id: string;
  readonly kind: CreativeMediaKind;
  readonly mimeType: string;
  readonly codecs: string;
  readonly bandwidth: number;
  readonly width?: number;
  readonly height?: number;
  /** As DASH writes it (`30`, `30000/1001`). */
  readonly frameRate?: string;
  readonly audioSamplingRate?: number;
  readonly channels?: number;
  readonly lang?: string;
  readonly timescale: number;
  /** Media time of the rendition's first sample, ticks (default 0). */
  readonly presentationTimeOffset?: number;
  /** Initialization segment URL, relative to the period's BaseURL. */
  readonly initialization?: string;
  readonly segments: CreativeSegments;
}

export interface DashCreative {
  readonly id: string;
  readonly renditions: readonly DashCreativeRendition[];
}

export interface AdPeriodInput {
  /** `{availId}_{n}`, n from 1: stable across reloads. */
  readonly id: string;
  readonly start: Rat;
  readonly duration: Rat;
  /** Absolute URL every creative URL is relative to (through /v1/dashsegment for server-side beacons). */
  readonly baseUrl: string;
  readonly creative: DashCreative;
  /** The content Period whose AdaptationSets the ad Period mirrors. */
  readonly content: XElement;
  /** A blank WebVTT file for content text sets the creative has no text for. */
  readonly blankTextUrl?: string;
}

export interface AdPeriod {
  readonly period: XElement;
  /** Content media kinds the creative could not cover (a video or audio gap stalls players: do not use such a creative). */
  readonly missing: readonly CreativeMediaKind[];
  /** Content AdaptationSets with no counterpart in the ad period, and why. */
  readonly leftOut: readonly string[];
}

const TRICKMODE = 'http://dashif.org/guidelines/trickmode';
const CHANNEL_SCHEME = 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011';
/** Descriptors copied from a content AdaptationSet: what players match tracks on. */
const COPIED_DESCRIPTORS = new Set(['Role', 'Accessibility', 'Label']);

/** What a content AdaptationSet carries: `@contentType`, else its or its first Representation's MIME type / codecs. */
export function adaptationKind(set: XElement): CreativeMediaKind | 'image' | 'trickmode' | 'other' {
  const props = [...childElements(set, 'EssentialProperty'), ...childElements(set, 'SupplementalProperty')];
  if (props.some((p) => attr(p, 'schemeIdUri') === TRICKMODE)) return 'trickmode';
  const rep = childElements(set, 'Representation')[0];
  const type = (attr(set, 'contentType') ?? '').toLowerCase();
  const mime = (attr(set, 'mimeType') ?? (rep ? attr(rep, 'mimeType') : undefined) ?? '').toLowerCase();
  const codecs = (attr(set, 'codecs') ?? (rep ? attr(rep, 'codecs') : undefined) ?? '').toLowerCase();
  const k = type || mime.split('/')[0] || '';
  if (k === 'video' || k === 'audio' || k === 'text') return k;
  if (k === 'image') return 'image';
  if (mime === 'application/ttml+xml' || /^(stpp|wvtt)/.test(codecs)) return 'text';
  return 'other';
}

export function buildAdPeriod(input: AdPeriodInput): AdPeriod {
  const { creative, content } = input;
  const leftOut: string[] = [];
  const missing = new Set<CreativeMediaKind>();
  const used = new Map<string, number>();
  const repId = (id: string): string => {
    const n = used.get(id) ?? 0;
    used.set(id, n + 1);
    return n === 0 ? id : `${id}_${n}`;
  };
  const sets: XElement[] = [];
  const byKind = (k: CreativeMediaKind): DashCreativeRendition[] => creative.renditions.filter((r) => r.kind === k);
  let videoDone = false;
  for (const [i, set] of childElements(content, 'AdaptationSet').entries()) {
    const kind = adaptationKind(set);
    const label = `AdaptationSet ${i + 1}${attr(set, 'id') === undefined ? '' : ` (id "${attr(set, 'id')}")`}`;
    if (kind === 'image' || kind === 'trickmode' || kind === 'other') {
      leftOut.push(`${label}: ${kind} set, not mirrored in ad periods`);
      continue;
    }
    const lang = attr(set, 'lang');
    if (kind === 'video') {
      if (videoDone) {
        leftOut.push(`${label}: second video set; the ad period has one`);
        continue;
      }
      videoDone = true;
      const video = byKind('video');
      if (video.length === 0) missing.add('video');
      else sets.push(adaptationSet(set, 'video', video, repId, input.duration));
      continue;
    }
    const all = byKind(kind);
    const sameLang = lang === undefined ? all : all.filter((r) => sameLanguage(r.lang, lang));
    if (kind === 'audio') {
      if (all.length === 0) missing.add('audio');
      else sets.push(adaptationSet(set, 'audio', sameLang.length > 0 ? sameLang : all, repId, input.duration));
      continue;
    }
    if (sameLang.length > 0) sets.push(adaptationSet(set, 'text', sameLang, repId, input.duration));
    else if (input.blankTextUrl !== undefined) sets.push(blankTextSet(set, input.blankTextUrl, repId));
    else leftOut.push(`${label}: the creative has no text${lang === undefined ? '' : ` in "${lang}"`} and no blank text file was given`);
  }
  const period = element('Period', { id: input.id, start: formatDuration(input.start), duration: spanText(input.start, input.duration) }, [element('BaseURL', {}, [textNode(input.baseUrl)]), ...sets]);
  return { period, missing: [...missing], leftOut };
}

/** ISO 639 tags compare on the primary subtag, case-insensitively (`en` ~ `en-US`; `eng` ~ `en` is not assumed). */
function sameLanguage(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  return a.toLowerCase().split('-')[0] === b.toLowerCase().split('-')[0];
}

function copiedDescriptors(set: XElement): XNode[] {
  return set.children.filter((c): c is XElement => c.kind === 'element' && COPIED_DESCRIPTORS.has(localName(c.name)));
}

function adaptationSet(content: XElement, kind: CreativeMediaKind, renditions: readonly DashCreativeRendition[], repId: (id: string) => string, periodDuration: Rat): XElement {
  const first = renditions[0];
  const sameMime = renditions.every((r) => r.mimeType === first?.mimeType);
  return element(
    'AdaptationSet',
    {
      id: attr(content, 'id'),
      contentType: kind,
      mimeType: sameMime ? first?.mimeType : undefined,
      lang: attr(content, 'lang'),
      segmentAlignment: 'true',
      startWithSAP: kind === 'text' ? undefined : '1',
    },
    [...copiedDescriptors(content), ...renditions.map((r) => representation(r, sameMime, repId, periodDuration))],
  );
}

function representation(r: DashCreativeRendition, sameMime: boolean, repId: (id: string) => string, periodDuration: Rat): XElement {
  const children: XNode[] = [];
  if (r.kind === 'audio' && r.channels !== undefined) children.push(element('AudioChannelConfiguration', { schemeIdUri: CHANNEL_SCHEME, value: r.channels }));
  children.push(segmentElement(r, periodDuration));
  return element(
    'Representation',
    {
      id: repId(r.id),
      mimeType: sameMime ? undefined : r.mimeType,
      codecs: r.codecs,
      bandwidth: Math.max(1, Math.round(r.bandwidth)),
      width: r.width,
      height: r.height,
      frameRate: r.frameRate,
      audioSamplingRate: r.audioSamplingRate,
    },
    children,
  );
}

function segmentElement(r: DashCreativeRendition, periodDuration: Rat): XElement {
  const pto = r.presentationTimeOffset ?? 0;
  let t = BigInt(pto);
  const durations = r.segments.kind === 'template' ? r.segments.segmentDurations : r.segments.segments.map((s) => s.duration);
  // Only the segments that start inside the period: a slate cut short lists no segment past its end.
  const endT = BigInt(pto) + toTicks(periodDuration, BigInt(r.timescale), 'ceil');
  const segments = [];
  for (const [index, d] of durations.entries()) {
    if (t >= endT) break;
    const seg = { t, d: BigInt(Math.max(1, Math.round(d))), index };
    segments.push(seg);
    t += seg.d;
  }
  const timeline = compressTimeline(segments);
  const tl = element(
    'SegmentTimeline',
    {},
    timeline.map((e) => element('S', { t: e.t?.toString(), d: e.d.toString(), r: e.r === 0n ? undefined : e.r.toString() })),
  );
  const common = { timescale: r.timescale, presentationTimeOffset: pto === 0 ? undefined : pto };
  if (r.segments.kind === 'template') {
    return element('SegmentTemplate', { ...common, initialization: r.initialization, media: r.segments.media, startNumber: r.segments.startNumber ?? 1 }, [tl]);
  }
  return element('SegmentList', common, [
    ...(r.initialization === undefined ? [] : [element('Initialization', { sourceURL: r.initialization })]),
    tl,
    ...r.segments.segments.slice(0, segments.length).map((s) => element('SegmentURL', { media: s.url })),
  ]);
}

/** A side-loaded blank WebVTT file for a content text set (ISO/IEC 23009-1 §5.3.9.2: a single-segment Representation). */
function blankTextSet(content: XElement, url: string, repId: (id: string) => string): XElement {
  return element('AdaptationSet', { id: attr(content, 'id'), contentType: 'text', mimeType: 'text/vtt', lang: attr(content, 'lang') }, [
    ...copiedDescriptors(content),
    element('Representation', { id: repId('blank-text'), bandwidth: 256 }, [element('BaseURL', {}, [textNode(url)])]),
  ]);
}

export interface SlateInput extends Omit<AdPeriodInput, 'id' | 'duration' | 'creative'> {
  /** Avail id; slate periods are `{availId}_{firstN}`, `{availId}_{firstN + 1}`, … */
  readonly availId: string;
  readonly firstN: number;
  /** Time to fill. */
  readonly duration: Rat;
  readonly slate: DashCreative;
  /** Length of the slate media: it is repeated, one period per repeat (media times restart). */
  readonly slateDuration: Rat;
}

/**
 * Slate for the part of a live break the ads do not fill: as many periods as the remainder needs,
 * each at most the slate's length (a slate file's media times restart at every repeat, so every
 * repeat is a new period), the last one cut to the remainder.
 */
export function buildSlatePeriods(input: SlateInput): AdPeriod[] {
  const out: AdPeriod[] = [];
  if (input.slateDuration.n <= 0n) return out;
  let done: Rat = { n: 0n, d: 1n };
  for (let n = input.firstN; cmp(done, input.duration) < 0 && out.length < 10_000; n++) {
    const piece = min(input.slateDuration, sub(input.duration, done));
    out.push(buildAdPeriod({ ...input, id: `${input.availId}_${n}`, start: add(input.start, done), duration: piece, creative: input.slate }));
    done = add(done, piece);
  }
  return out;
}
