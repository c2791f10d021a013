/**
 * What an MPD means to a player, read by an independent parser (npm `mpd-parser`, video.js):
 * per Period its start and duration, per Representation its segments with resolved URL and
 * presentation time on the MPD timeline. Tests compare our output with the origin through this,
 * so a bug in our own reader cannot hide a bug in our writer.
 */
import { inheritAttributes, stringToMpdXml, toPlaylists } from 'mpd-parser';

export interface MeaningSegment {
  readonly url: string;
  /** Start on the MPD timeline, seconds (rounded to 1 µs). */
  readonly at: number;
  readonly duration: number;
  readonly number: number;
}

export interface MeaningRepresentation {
  readonly periodStart: number;
  readonly periodDuration?: number;
  readonly id: string;
  readonly mimeType: string;
  readonly segments: readonly MeaningSegment[];
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Every Representation of every Period, in document order. `nowMs` fixes the clock for live MPDs. */
export function mpdMeaning(text: string, manifestUri = 'https://origin.example/live/index.mpd', nowMs = Date.UTC(2026, 0, 1)): MeaningRepresentation[] {
  const info = inheritAttributes(stringToMpdXml(text), { manifestUri, NOW: nowMs, clientOffset: 0 });
  return info.representationInfo.map((rep) => {
    const p = toPlaylists([rep])[0];
    if (!p) throw new Error('mpd-parser gave no playlist');
    return { p, fix: durationPtoFix(rep.segmentInfo) };
  }).map(({ p, fix }) => ({
    periodStart: round(p.attributes.periodStart),
    ...(typeof p.attributes.periodDuration === 'number' ? { periodDuration: round(p.attributes.periodDuration) } : {}),
    id: String(p.attributes.id),
    mimeType: String(p.attributes.mimeType ?? p.attributes.contentType ?? ''),
    segments: (p.segments ?? []).map((s) => ({ url: s.resolvedUri, at: round(s.presentationTime + fix), duration: round(s.duration), number: s.number })),
  }));
}

/**
 * mpd-parser 1.4.0 places `@duration` segments at (index × duration − PTO) / timescale from the
 * period start; ISO/IEC 23009-1 §5.3.9.5.3, dash.js and Shaka place them at index × duration
 * (the PTO maps media time, it does not move the numbering grid). Undo its subtraction.
 */
function durationPtoFix(segmentInfo: unknown): number {
  const info = segmentInfo as { template?: SegInfo; list?: SegInfo; segmentTimeline?: unknown };
  const s = info.template ?? info.list;
  if (!s || s.duration === undefined || info.segmentTimeline !== undefined) return 0;
  return (s.presentationTimeOffset ?? 0) / (s.timescale ?? 1);
}
type SegInfo = { duration?: number; presentationTimeOffset?: number; timescale?: number };

/** url → presentation times at which it is played, over all representations. */
export function segmentTimes(meaning: readonly MeaningRepresentation[], filter: (r: MeaningRepresentation) => boolean = () => true): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of meaning.filter(filter)) for (const s of r.segments) out.set(s.url, [...(out.get(s.url) ?? []), s.at]);
  return out;
}
