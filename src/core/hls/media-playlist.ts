/**
 * @module core/hls/media-playlist
 * A compact model of an HLS media playlist (RFC 8216bis §4.4.3–§4.4.5) built in one pass, shared
 * by the pass-through and the stitcher. Lines are kept as written; only what SSAI needs is
 * interpreted. Pure; never throws on bad input (problems are `diagnostics`).
 */
import { forEachLine, tagName, tagValue } from './lines.ts';

/** Ad-marker tags (DESIGN §6): consumed by the stitcher unless marker passthrough is on. */
export const MARKER_TAGS: ReadonlySet<string> = new Set([
  'EXT-X-CUE-OUT', 'EXT-X-CUE-OUT-CONT', 'EXT-X-CUE-IN', 'EXT-OATCLS-SCTE35', 'EXT-X-SPLICEPOINT-SCTE35',
  'EXT-X-ASSET', 'EXT-X-SCTE35', 'EXT-X-CUE', 'EXT-X-CUE-SPAN',
]);

/**
 * Low-latency HLS tags. A personalized playlist cannot honour blocking reloads or parts, so they
 * are dropped and players fall back to regular live playback (MediaTailor does not support LL-HLS).
 */
const LL_HLS_TAGS: ReadonlySet<string> = new Set([
  'EXT-X-PART', 'EXT-X-PART-INF', 'EXT-X-PRELOAD-HINT', 'EXT-X-RENDITION-REPORT', 'EXT-X-SKIP', 'EXT-X-SERVER-CONTROL',
]);

/** Header tags the serializer regenerates. */
const REGENERATED_HEADER_TAGS: ReadonlySet<string> = new Set([
  'EXTM3U', 'EXT-X-VERSION', 'EXT-X-TARGETDURATION', 'EXT-X-MEDIA-SEQUENCE', 'EXT-X-DISCONTINUITY-SEQUENCE', 'EXT-X-ENDLIST',
]);

export interface MediaSegment {
  /** Origin media sequence number (RFC 8216bis §4.4.3.2 + position). */
  readonly seq: number;
  readonly durationSec: number;
  /** The EXTINF line as written (title kept). */
  readonly extinf: string;
  /** The URI line as written (relative to the playlist). */
  readonly uri: string;
  readonly discontinuity: boolean;
  /** Raw EXT-X-PROGRAM-DATE-TIME value on this segment, if any. */
  readonly pdt?: string;
  /** EXT-X-KEY / EXT-X-MAP lines that appear before this segment (they apply from here on). */
  readonly keyLines?: readonly string[];
  readonly mapLine?: string;
  /** Ad-marker lines that appear before this segment (they apply at its start). */
  readonly markers?: readonly string[];
  /** EXT-X-DATERANGE lines before this segment (passed through; also read for SCTE35-OUT/IN). */
  readonly dateRanges?: readonly string[];
  /** Any other tag or comment lines before this segment, passed through unchanged. */
  readonly otherLines?: readonly string[];
}

export interface MediaPlaylist {
  readonly version: number;
  readonly targetDurationSec: number;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly playlistType?: string;
  readonly endList: boolean;
  /** Header lines other than the regenerated ones and EXT-X-PLAYLIST-TYPE (kept in order). */
  readonly headerLines: readonly string[];
  readonly segments: readonly MediaSegment[];
  /** Marker lines after the last segment (e.g. a CUE-IN at the live edge). */
  readonly trailingMarkers: readonly string[];
  /** Non-marker lines after the last segment, other than ENDLIST. */
  readonly trailingLines: readonly string[];
  readonly diagnostics: readonly string[];
}

interface Pending {
  discontinuity: boolean;
  pdt?: string;
  keyLines?: string[];
  mapLine?: string;
  markers?: string[];
  dateRanges?: string[];
  otherLines?: string[];
  extinf?: string;
  durationSec: number;
}

/** Parses a media playlist. `text` must already be known to start with #EXTM3U. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const headerLines: string[] = [];
  const segments: MediaSegment[] = [];
  const diagnostics: string[] = [];
  let version = 1;
  let targetDurationSec = 0;
  let mediaSequence = 0;
  let discontinuitySequence = 0;
  let playlistType: string | undefined;
  let endList = false;
  let seenSegmentTag = false;
  let p: Pending = { discontinuity: false, durationSec: 0 };
  let lastExtinf = '';
  let lastExtinfSec = 0;

  forEachLine(text, (line) => {
    if (line === '') return;
    if (line.charCodeAt(0) !== 0x23 /* # */) {
      if (p.extinf === undefined) {
        diagnostics.push('URI line without EXTINF ignored');
        return;
      }
      segments.push(finishSegment(p, mediaSequence + segments.length, line.trim()));
      p = { discontinuity: false, durationSec: 0 };
      return;
    }
    const tag = tagName(line);
    if (tag === '') {
      (p.otherLines ??= []).push(line); // comments travel with the next segment
      return;
    }
    switch (tag) {
      case 'EXTINF': {
        // Live playlists repeat one EXTINF line (`#EXTINF:2.000,`): reuse its parsed duration.
        if (line === lastExtinf) {
          p.durationSec = lastExtinfSec;
          p.extinf = line;
          seenSegmentTag = true;
          return;
        }
        const v = tagValue(line);
        const comma = v.indexOf(',');
        const d = Number(comma < 0 ? v : v.slice(0, comma));
        if (!Number.isFinite(d) || d < 0) diagnostics.push(`bad EXTINF duration ${v.slice(0, 32)}`);
        p.durationSec = Number.isFinite(d) && d >= 0 ? d : 0;
        if (p.durationSec === d) {
          lastExtinf = line;
          lastExtinfSec = d;
        }
        p.extinf = line;
        seenSegmentTag = true;
        return;
      }
      case 'EXT-X-DISCONTINUITY':
        p.discontinuity = true;
        seenSegmentTag = true;
        return;
      case 'EXT-X-PROGRAM-DATE-TIME':
        p.pdt = tagValue(line);
        return;
      case 'EXT-X-KEY':
        (p.keyLines ??= []).push(line);
        return;
      case 'EXT-X-MAP':
        p.mapLine = line;
        return;
      case 'EXT-X-DATERANGE':
        (p.dateRanges ??= []).push(line);
        return;
      case 'EXT-X-VERSION':
        version = intOr(tagValue(line), 1);
        return;
      case 'EXT-X-TARGETDURATION':
        targetDurationSec = intOr(tagValue(line), 0);
        return;
      case 'EXT-X-MEDIA-SEQUENCE':
        mediaSequence = intOr(tagValue(line), 0);
        return;
      case 'EXT-X-DISCONTINUITY-SEQUENCE':
        discontinuitySequence = intOr(tagValue(line), 0);
        return;
      case 'EXT-X-PLAYLIST-TYPE':
        playlistType = tagValue(line).trim();
        return;
      case 'EXT-X-ENDLIST':
        endList = true;
        return;
      default:
        if (MARKER_TAGS.has(tag)) (p.markers ??= []).push(line);
        else if (LL_HLS_TAGS.has(tag)) return;
        else if (!seenSegmentTag && segments.length === 0 && isHeaderTag(tag)) headerLines.push(line);
        else if (!REGENERATED_HEADER_TAGS.has(tag)) (p.otherLines ??= []).push(line);
    }
  });

  if (p.extinf !== undefined) diagnostics.push('EXTINF without URI at end of playlist ignored');
  return {
    version,
    targetDurationSec,
    mediaSequence,
    discontinuitySequence,
    ...(playlistType ? { playlistType } : {}),
    endList,
    headerLines,
    segments,
    trailingMarkers: p.markers ?? [],
    trailingLines: [...(p.otherLines ?? []), ...(p.dateRanges ?? [])],
    diagnostics,
  };
}

/** Tags that describe the next segment even when they come before the first EXTINF. */
const SEGMENT_SCOPED_TAGS: ReadonlySet<string> = new Set(['EXT-X-BYTERANGE', 'EXT-X-GAP', 'EXT-X-BITRATE']);

function isHeaderTag(tag: string): boolean {
  return !SEGMENT_SCOPED_TAGS.has(tag) && !REGENERATED_HEADER_TAGS.has(tag);
}

function finishSegment(p: Pending, seq: number, uri: string): MediaSegment {
  const s: { -readonly [K in keyof MediaSegment]: MediaSegment[K] } = {
    seq,
    durationSec: p.durationSec,
    extinf: p.extinf ?? '#EXTINF:0,',
    uri,
    discontinuity: p.discontinuity,
  };
  if (p.pdt !== undefined) s.pdt = p.pdt;
  if (p.keyLines) s.keyLines = p.keyLines;
  if (p.mapLine !== undefined) s.mapLine = p.mapLine;
  if (p.markers) s.markers = p.markers;
  if (p.dateRanges) s.dateRanges = p.dateRanges;
  if (p.otherLines) s.otherLines = p.otherLines;
  return s;
}

function intOr(text: string, fallback: number): number {
  const n = Number.parseInt(text.trim(), 10);
  return Number.isFinite(n) ? n : fallback;
}
