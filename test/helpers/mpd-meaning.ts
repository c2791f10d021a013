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
  return toPlaylists(info.representationInfo).map((p) => ({
    periodStart: round(p.attributes.periodStart),
    ...(typeof p.attributes.periodDuration === 'number' ? { periodDuration: round(p.attributes.periodDuration) } : {}),
    id: String(p.attributes.id),
    mimeType: String(p.attributes.mimeType ?? p.attributes.contentType ?? ''),
    segments: p.segments.map((s) => ({ url: s.resolvedUri, at: round(s.presentationTime), duration: round(s.duration), number: s.number })),
  }));
}

/** url → presentation times at which it is played, over all representations. */
export function segmentTimes(meaning: readonly MeaningRepresentation[], filter: (r: MeaningRepresentation) => boolean = () => true): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of meaning.filter(filter)) for (const s of r.segments) out.set(s.url, [...(out.get(s.url) ?? []), s.at]);
  return out;
}
