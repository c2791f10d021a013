/**
 * @module core/creatives/creative-media
 * An ad creative's HLS media as the stitcher uses it (DESIGN §5 "Creatives"): its video and
 * audio renditions with absolute segment URLs and durations, read from a streaming MediaFile's
 * playlists or from the creative store's `creative.json` (docs/packaging-creatives.md). The edge
 * never transcodes. Renditions must be aligned (same segment count), because every variant of a
 * session numbers the ad's segments alike (DESIGN §6 invariant 3). Pure.
 */
import { rewriteMultivariantPlaylist } from '../hls/multivariant.ts';
import { parseMediaPlaylist } from '../hls/media-playlist.ts';
import { createUriResolver } from '../hls/uri-resolver.ts';
import { parseAttributeList } from '../hls/attributes.ts';
import { tagValue } from '../hls/lines.ts';
import { err, ok, type Result } from '../result.ts';

export interface CreativeSegment {
  readonly uri: string;
  readonly durationSec: number;
}

export interface CreativeRendition {
  readonly kind: 'video' | 'audio';
  readonly bandwidth: number;
  readonly width?: number;
  readonly height?: number;
  readonly codecs?: string;
  /** Absolute EXT-X-MAP URI for fMP4 renditions. */
  readonly mapUri?: string;
  readonly segments: readonly CreativeSegment[];
}

export interface CreativeMedia {
  /** HLS media (absent in what older sessions stored); DASH creatives are core/creatives/dash-creative. */
  readonly format?: 'hls';
  readonly creativeKey: string;
  readonly source: 'streaming' | 'store';
  readonly sourceUrl: string;
  readonly renditions: readonly CreativeRendition[];
  /** Segment durations of the reference rendition (the first video rendition). */
  readonly refDurationsSec: readonly number[];
  readonly durationSec: number;
}

export type CreativeProblem = { readonly reason: 'MEDIA_FILE_UNAVAILABLE' | 'NO_VARIANT_MATCH'; readonly message: string };

/**
 * Shortest segment a creative or slate may have, except its last. A break is filled by repeating
 * segments until its duration is reached, so `#EXTINF:0` slate filled a 30 s break with 100,000
 * segments (6.6 MB per reload). RFC 8216 §4.3.2.1 sets no minimum; packagers cut at keyframes
 * 1–10 s apart, so 0.25 s (at most 4 segments per second of break) refuses no real creative.
 * The last segment may be shorter (the tail of a duration that is not a multiple of the segment
 * length) but not zero: that tail then repeats once per slate loop, behind longer segments.
 */
export const MIN_SEGMENT_DURATION_SEC = 0.25;

/** Longest segment accepted: an hour is no ad segment; a larger EXTINF is garbage (1e308, 1e13). */
export const MAX_SEGMENT_DURATION_SEC = 3_600;

/**
 * Why these segment durations cannot be stitched, or undefined when they can: every duration
 * finite and within [MIN_SEGMENT_DURATION_SEC, MAX_SEGMENT_DURATION_SEC], the last one only > 0.
 */
export function segmentDurationsProblem(durationsSec: readonly number[]): string | undefined {
  for (let i = 0; i < durationsSec.length; i++) {
    const d = durationsSec[i] as number;
    const shown = Number.isFinite(d) ? `${d} s` : String(d);
    if (!Number.isFinite(d) || d > MAX_SEGMENT_DURATION_SEC) return `segment ${i} lasts ${shown}: segments must last at most ${MAX_SEGMENT_DURATION_SEC} s`;
    const last = i > 0 && i === durationsSec.length - 1;
    if (last && d <= 0) return `segment ${i} lasts ${shown}: the last segment must last more than 0 s`;
    if (!last && d < MIN_SEGMENT_DURATION_SEC) return `segment ${i} lasts ${shown}: segments must last at least ${MIN_SEGMENT_DURATION_SEC} s (only the last may be shorter)`;
  }
  return undefined;
}

/** The playlists a multivariant creative playlist needs, by absolute URL, and how to use them. */
export function creativePlaylistUrls(multivariantText: string, url: string): { kind: 'video' | 'audio'; url: string; bandwidth: number; width?: number; height?: number; codecs?: string }[] {
  const { renditions } = rewriteMultivariantPlaylist(multivariantText, url, (n) => String(n));
  return renditions
    .filter((r) => r.kind === 'variant' || r.kind === 'audio')
    .map((r) => ({
      kind: r.kind === 'audio' ? ('audio' as const) : ('video' as const),
      url: r.originUrl,
      bandwidth: r.bandwidth ?? 0,
      ...(r.width !== undefined ? { width: r.width } : {}),
      ...(r.height !== undefined ? { height: r.height } : {}),
      ...(r.codecs !== undefined ? { codecs: r.codecs } : {}),
    }));
}

/** Builds the creative from its fetched rendition playlists (VOD, with ENDLIST). */
export function creativeFromPlaylists(
  creativeKey: string,
  sourceUrl: string,
  renditions: readonly { kind: 'video' | 'audio'; url: string; bandwidth: number; width?: number; height?: number; codecs?: string; text: string }[],
): Result<CreativeMedia, CreativeProblem> {
  const out: CreativeRendition[] = [];
  for (const r of renditions) {
    const model = parseMediaPlaylist(r.text);
    if (!model.endList && model.playlistType !== 'VOD') return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: `creative playlist ${r.url} is not VOD` });
    if (model.segments.length === 0) return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: `creative playlist ${r.url} has no segments` });
    const problem = segmentDurationsProblem(model.segments.map((s) => s.durationSec));
    if (problem) return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: `creative playlist ${r.url}: ${problem}` });
    const resolve = createUriResolver(r.url);
    const map = model.segments[0]?.mapLine;
    const mapUri = map ? parseAttributeList(tagValue(map)).get('URI') : undefined;
    out.push({
      kind: r.kind,
      bandwidth: r.bandwidth,
      ...(r.width !== undefined ? { width: r.width } : {}),
      ...(r.height !== undefined ? { height: r.height } : {}),
      ...(r.codecs !== undefined ? { codecs: r.codecs } : {}),
      ...(mapUri ? { mapUri: resolve(mapUri) } : {}),
      segments: model.segments.map((s) => ({ uri: resolve(s.uri), durationSec: s.durationSec })),
    });
  }
  return assemble(creativeKey, 'streaming', sourceUrl, out);
}

/** The shape of creative.json that the edge reads (scripts/package-creative.sh, the packager service). */
interface StoreManifest {
  key?: string;
  renditions?: { path?: string; kind?: string; bandwidth?: number; width?: number | null; height?: number | null; codecs?: string; segmentDurationsSec?: number[]; segmentExt?: string; initPath?: string }[];
}

const SEGMENT_EXTS = new Set(['ts', 'm4s', 'mp4', 'aac']);
const STORE_PATH = /^[A-Za-z0-9._/-]+$/;

/**
 * Builds the creative from the store's creative.json. Segment URLs are `{segmentBase}/{path dir}/segNNN.{ext}`
 * (`ext` is the rendition's `segmentExt`, default `ts`) where segmentBase is the public base of
 * `creatives/{key}/` (AdSegmentUrlPrefix or our `/v1/creative` route); an fMP4 rendition's
 * `initPath` becomes its EXT-X-MAP (docs/packaging-creatives.md).
 */
export function creativeFromStoreManifest(creativeKey: string, storeKey: string, manifestJson: string, segmentBase: string): Result<CreativeMedia, CreativeProblem> {
  let m: StoreManifest;
  try {
    m = JSON.parse(manifestJson) as StoreManifest;
  } catch {
    return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: `creative.json of ${storeKey} is not JSON` });
  }
  const base = segmentBase.endsWith('/') ? segmentBase : `${segmentBase}/`;
  const out: CreativeRendition[] = [];
  const listed: unknown = typeof m === 'object' && m !== null ? m.renditions : undefined;
  for (const r of (Array.isArray(listed) ? listed : []) as NonNullable<StoreManifest['renditions']>) {
    if (typeof r !== 'object' || r === null) continue;
    const dir = (typeof r.path === 'string' ? r.path : '').replace(/\/?index\.m3u8$/, '').replace(/\/$/, '');
    if (!dir || !STORE_PATH.test(dir) || dir.includes('..')) continue;
    const ext = r.segmentExt ?? 'ts';
    if (typeof ext !== 'string' || !SEGMENT_EXTS.has(ext)) continue;
    const init = typeof r.initPath === 'string' ? r.initPath : undefined;
    if (r.initPath !== undefined && (init === undefined || !STORE_PATH.test(init) || init.includes('..'))) continue;
    // Segment i is `segNNN.{ext}` with NNN = i: a bad duration refuses the creative rather than
    // being dropped, which would shift every later segment's URL.
    const durations = Array.isArray(r.segmentDurationsSec) ? r.segmentDurationsSec.map((d: unknown) => (typeof d === 'number' ? d : NaN)) : [];
    const problem = segmentDurationsProblem(durations);
    if (problem) return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: `creative.json of ${storeKey}, rendition ${dir}: ${problem}` });
    out.push({
      kind: r.kind === 'audio' ? 'audio' : 'video',
      bandwidth: positive(r.bandwidth) ?? 0,
      ...(positive(r.width) ? { width: r.width as number } : {}),
      ...(positive(r.height) ? { height: r.height as number } : {}),
      ...(typeof r.codecs === 'string' && r.codecs ? { codecs: r.codecs } : {}),
      ...(init ? { mapUri: `${base}${init}` } : {}),
      segments: durations.map((d, i) => ({ uri: `${base}${dir}/seg${String(i).padStart(3, '0')}.${ext}`, durationSec: d })),
    });
  }
  return assemble(creativeKey, 'store', storeKey, out);
}

/** The packager writes numbers; anything else in creative.json is ignored. */
function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

function assemble(creativeKey: string, source: 'streaming' | 'store', sourceUrl: string, renditions: CreativeRendition[]): Result<CreativeMedia, CreativeProblem> {
  const videos = renditions.filter((r) => r.kind === 'video' && r.segments.length > 0);
  const ref = videos[0];
  if (!ref) return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: 'creative has no video rendition with segments' });
  const n = ref.segments.length;
  if (videos.some((v) => v.segments.length !== n)) {
    return err({ reason: 'NO_VARIANT_MATCH', message: 'creative renditions are not aligned (different segment counts)' });
  }
  // An audio rendition that is not aligned is dropped; audio groups then use a muxed rendition.
  const kept = renditions.filter((r) => r.kind === 'video' ? r.segments.length > 0 : r.segments.length === n);
  const refDurationsSec = ref.segments.map((s) => s.durationSec);
  return ok({ creativeKey, source, sourceUrl, renditions: kept, refDurationsSec, durationSec: refDurationsSec.reduce((a, b) => a + b, 0) });
}

/** What a content rendition needs from the creative (DESIGN §5 "Variant matching"). */
export interface RenditionNeed {
  readonly kind: 'video' | 'audio';
  readonly bandwidth?: number;
  readonly width?: number;
  readonly height?: number;
}

/**
 * The creative rendition for a content rendition: audio renditions get the audio-only rendition
 * (or, failing that, the lowest-bandwidth muxed one); video variants the rendition whose bandwidth
 * is the highest not above the content's, else the lowest, ties broken by resolution distance.
 * Renditions taller than the content variant are left out when a smaller one exists, so a small
 * variant (chosen for a small screen or a weak link) never gets an upscaled ad.
 */
export function matchRendition(creative: CreativeMedia, need: RenditionNeed): CreativeRendition {
  const all = creative.renditions.filter((r) => r.kind === 'video');
  const fitting = need.height ? all.filter((r) => !r.height || r.height <= (need.height ?? 0)) : all;
  const videos = fitting.length > 0 ? fitting : all;
  const byBandwidth = [...videos].sort((a, b) => a.bandwidth - b.bandwidth);
  if (need.kind === 'audio') {
    return creative.renditions.find((r) => r.kind === 'audio') ?? (byBandwidth[0] as CreativeRendition);
  }
  const limit = need.bandwidth ?? Infinity;
  const under = byBandwidth.filter((r) => r.bandwidth <= limit * 1.1);
  const pool = under.length > 0 ? under : [byBandwidth[0] as CreativeRendition];
  const best = Math.max(...pool.map((r) => r.bandwidth));
  const candidates = pool.filter((r) => r.bandwidth >= best * 0.9);
  const dist = (r: CreativeRendition): number =>
    need.width && need.height && r.width && r.height ? Math.abs(r.width * r.height - need.width * need.height) : 0;
  return candidates.sort((a, b) => dist(a) - dist(b) || b.bandwidth - a.bandwidth)[0] as CreativeRendition;
}
