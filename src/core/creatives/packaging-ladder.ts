/**
 * @module core/creatives/packaging-ladder
 * What a creative must be packaged into to stitch cleanly into a session's content
 * (docs/packaging-creatives.md "The packager"): the content's video ladder (RESOLUTION,
 * BANDWIDTH, AVERAGE-BANDWIDTH, CODECS, FRAME-RATE of each EXT-X-STREAM-INF, RFC 8216
 * §4.3.4.2), its segment duration and container (MPEG-TS or fragmented MP4 with EXT-X-MAP,
 * RFC 8216 §3.2–3.3, §4.3.2.5), and how audio is carried (its own EXT-X-MEDIA rendition, muxed
 * into the variants, or none). The Worker records it with the queue entry when it first sees an
 * unpackaged creative; the packager encodes to it. Pure.
 */
import { looksLikePlaylist } from '../hls/lines.ts';
import { parseMediaPlaylist, SEG, uriOf, type MediaPlaylist } from '../hls/media-playlist.ts';
import type { Rendition } from '../hls/multivariant.ts';

export interface LadderRung {
  readonly width: number;
  readonly height: number;
  /** The variant's BANDWIDTH (peak, video + audio), bits per second. */
  readonly bandwidth: number;
  readonly averageBandwidth?: number;
  readonly codecs?: string;
  readonly frameRate?: number;
}

export type SegmentContainer = 'ts' | 'fmp4';
export type AudioCarriage = 'separate' | 'muxed' | 'none';

export interface PackagingLadder {
  readonly segmentSec: number;
  readonly container: SegmentContainer;
  readonly audio: AudioCarriage;
  /** Highest bandwidth first, at most MAX_RUNGS. */
  readonly rungs: readonly LadderRung[];
}

/** What the media playlists tell about the content's segments. */
export interface ContentShape {
  readonly segmentSec: number;
  readonly container: SegmentContainer;
}

export const MAX_RUNGS = 8;
const MIN_SEGMENT_SEC = 1;
const MAX_SEGMENT_SEC = 10;
const SAMPLE_SEGMENTS = 24;
const AUDIO_CODEC = /^(mp4a|ac-3|ec-3|ac-4|opus|flac|mp3|\.mp3)/i;

/**
 * The segment duration (median EXTINF of the first segments, else TARGETDURATION) and the
 * container (EXT-X-MAP or `.m4s`/`.mp4`/`.cmf*` segment URIs mean fMP4) of a parsed media
 * playlist. The session records it from its first video or audio playlist (core/session/hls-media).
 * Undefined when the playlist has neither segments nor a target duration.
 */
export function contentShapeOfModel(model: MediaPlaylist): ContentShape | undefined {
  const durations: number[] = [];
  let fmp4 = false;
  for (let i = 0; i < Math.min(model.count, SAMPLE_SEGMENTS); i++) {
    const d = model.durationsSec[i] as number;
    if (d > 0) durations.push(d);
    if (((model.flags[i] as number) & SEG.MAP) !== 0 || /\.(m4s|mp4|m4v|cmfv|cmfa|cmft)(\?|#|$)/i.test(uriOf(model, i))) fmp4 = true;
  }
  const sorted = durations.sort((a, b) => a - b);
  const median = sorted.length > 0 ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) : 0;
  const segmentSec = median > 0 ? median : model.targetDurationSec;
  if (!(segmentSec > 0)) return undefined;
  const clamped = Math.min(MAX_SEGMENT_SEC, Math.max(MIN_SEGMENT_SEC, segmentSec));
  return { segmentSec: Math.round(clamped * 1000) / 1000, container: fmp4 ? 'fmp4' : 'ts' };
}

/** `contentShapeOfModel` of a playlist's text. */
export function contentShapeOf(mediaPlaylistText: string): ContentShape | undefined {
  return looksLikePlaylist(mediaPlaylistText) ? contentShapeOfModel(parseMediaPlaylist(mediaPlaylistText)) : undefined;
}

/**
 * The ladder to package for: one rung per distinct video variant of the content (audio-only
 * variants and I-frame playlists left out), audio as the content carries it. Undefined when the
 * content has no video variant with a RESOLUTION (the packager then uses its default ladder).
 * Without a known shape the segments default to 2 s MPEG-TS (docs/packaging-creatives.md).
 */
export function packagingLadder(renditions: readonly Rendition[], shape?: ContentShape): PackagingLadder | undefined {
  const variants = renditions.filter((r) => r.kind === 'variant' && (r.width ?? 0) > 0 && (r.height ?? 0) > 0 && (r.bandwidth ?? 0) > 0);
  if (variants.length === 0) return undefined;
  const seen = new Set<string>();
  const rungs: LadderRung[] = [];
  for (const v of [...variants].sort((a, b) => (b.bandwidth ?? 0) - (a.bandwidth ?? 0))) {
    const id = `${v.width}x${v.height}@${v.bandwidth}`;
    if (seen.has(id) || rungs.length >= MAX_RUNGS) continue;
    seen.add(id);
    rungs.push({
      width: v.width ?? 0,
      height: v.height ?? 0,
      bandwidth: v.bandwidth ?? 0,
      ...(v.averageBandwidth !== undefined ? { averageBandwidth: v.averageBandwidth } : {}),
      ...(v.codecs !== undefined ? { codecs: v.codecs } : {}),
      ...(v.frameRate !== undefined ? { frameRate: v.frameRate } : {}),
    });
  }
  return { segmentSec: shape?.segmentSec ?? 2, container: shape?.container ?? 'ts', audio: audioCarriage(renditions, variants), rungs };
}

/**
 * Separate when the variants name an AUDIO group that has a rendition with a URI; otherwise
 * muxed when CODECS lists an audio codec, none when CODECS lists only video, and muxed when
 * CODECS is missing (older MPEG-TS streams, which nearly always carry muxed audio).
 */
function audioCarriage(all: readonly Rendition[], variants: readonly Rendition[]): AudioCarriage {
  const groups = new Set(all.filter((r) => r.kind === 'audio').map((r) => r.groupId));
  if (variants.some((v) => v.audioGroup !== undefined && groups.has(v.audioGroup))) return 'separate';
  const codecLists = variants.map((v) => v.codecs).filter((c): c is string => c !== undefined);
  if (codecLists.length === 0) return 'muxed';
  return codecLists.some((c) => c.split(',').some((x) => AUDIO_CODEC.test(x.trim()))) ? 'muxed' : 'none';
}

/** Checks a ladder read back from storage or a request (never throws; undefined when unusable). */
export function readLadder(value: unknown): PackagingLadder | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const segmentSec = num(v['segmentSec']);
  if (segmentSec === undefined || segmentSec < MIN_SEGMENT_SEC || segmentSec > MAX_SEGMENT_SEC) return undefined;
  const container = v['container'] === 'fmp4' ? 'fmp4' : v['container'] === 'ts' ? 'ts' : undefined;
  const audio = v['audio'] === 'separate' || v['audio'] === 'muxed' || v['audio'] === 'none' ? v['audio'] : undefined;
  if (!container || !audio || !Array.isArray(v['rungs'])) return undefined;
  const rungs: LadderRung[] = [];
  for (const r of v['rungs'].slice(0, MAX_RUNGS) as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    const width = num(o['width']);
    const height = num(o['height']);
    const bandwidth = num(o['bandwidth']);
    if (!width || !height || !bandwidth || width > 7680 || height > 4320) continue;
    const averageBandwidth = num(o['averageBandwidth']);
    const frameRate = num(o['frameRate']);
    const codecs = typeof o['codecs'] === 'string' && o['codecs'].length <= 200 ? o['codecs'] : undefined;
    rungs.push({
      width: Math.round(width),
      height: Math.round(height),
      bandwidth: Math.round(bandwidth),
      ...(averageBandwidth ? { averageBandwidth: Math.round(averageBandwidth) } : {}),
      ...(codecs ? { codecs } : {}),
      ...(frameRate && frameRate <= 240 ? { frameRate } : {}),
    });
  }
  return rungs.length > 0 ? { segmentSec, container, audio, rungs } : undefined;
}

function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : undefined;
}
