/**
 * @module core/creatives/dash-creative
 * An ad creative's DASH media as a DASH session uses it (docs/dash.md "Creatives"): the creative
 * MPD read by core/dash `readCreativeMpd` (a VAST `delivery="streaming"
 * type="application/dash+xml"` MediaFile, or the `dash/manifest.mpd` of a packaged copy in the
 * creative store, docs/packaging-creatives.md), with the segment durations of its reference
 * rendition (the first video rendition) that the fill rules and the beacon schedule use, as for
 * HLS creatives (core/creatives/creative-media). Pure.
 */
import { readCreativeMpd, type CreativeFromMpd, type DashCreativeRendition, type ParsedMpd } from '../dash/index.ts';
import { err, ok, type Result } from '../result.ts';
import { segmentDurationsProblem, type CreativeMedia, type CreativeProblem } from './creative-media.ts';

export interface DashCreativeMedia {
  readonly format: 'dash';
  readonly creativeKey: string;
  readonly source: 'streaming' | 'store';
  readonly sourceUrl: string;
  /** Segment durations of the reference rendition, seconds (for the fill rules and beacons). */
  readonly refDurationsSec: readonly number[];
  readonly durationSec: number;
  readonly creative: CreativeFromMpd;
}

/** A creative of either manifest format, as a session stores it (one map, keyed by creative key). */
export type SessionCreative = CreativeMedia | DashCreativeMedia;

export const isDashCreative = (m: SessionCreative | undefined): m is DashCreativeMedia => m?.format === 'dash';

/** Tick durations of a rendition's segments, in its timescale. */
export function renditionTicks(r: DashCreativeRendition): readonly number[] {
  return r.segments.kind === 'template' ? r.segments.segmentDurations : r.segments.segments.map((s) => s.duration);
}

/** The reference rendition: the first video rendition (every DASH ad must have video to mirror the content's). */
export function referenceRendition(c: CreativeFromMpd): DashCreativeRendition | undefined {
  return c.renditions.find((r) => r.kind === 'video');
}

/**
 * Reads a creative MPD. Refused, with a reason for the ad log: a live (dynamic) MPD, no usable
 * representation, no video, or segment durations the stitcher cannot use (as for HLS creatives).
 */
export function dashCreativeFromMpd(creativeKey: string, source: 'streaming' | 'store', sourceUrl: string, mpd: ParsedMpd, mpdUrl: string): Result<DashCreativeMedia, CreativeProblem> {
  if (mpd.info.type === 'dynamic') return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: `creative MPD ${mpdUrl} is live (type="dynamic"), not VOD` });
  const read = readCreativeMpd(mpd, mpdUrl, creativeKey);
  if (!read.ok) return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: `${read.error} (${mpdUrl})` });
  const ref = referenceRendition(read.value);
  if (!ref) return err({ reason: 'NO_VARIANT_MATCH', message: `creative MPD ${mpdUrl} has no video representation` });
  const refDurationsSec = renditionTicks(ref).map((d) => d / ref.timescale);
  const problem = segmentDurationsProblem(refDurationsSec);
  if (problem) return err({ reason: 'MEDIA_FILE_UNAVAILABLE', message: `creative MPD ${mpdUrl}, representation ${ref.id}: ${problem}` });
  return ok({ format: 'dash', creativeKey, source, sourceUrl, refDurationsSec, durationSec: refDurationsSec.reduce((a, b) => a + b, 0), creative: read.value });
}
