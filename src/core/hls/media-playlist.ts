/**
 * @module core/hls/media-playlist
 * A compact model of an HLS media playlist (RFC 8216 §4.3.2–§4.3.4) built in one pass over the
 * text, shared by every reader and by the one playlist writer (core/hls/writer). Each segment is a
 * range of the original text (the tags before its URI, its "prelude", then the URI line) plus its
 * duration and a few flags saying which of its lines need rewriting; nothing per line is
 * allocated, so a 40,000-segment DVR window costs little more than reading it. The writer copies
 * plain segments as slices of the original and walks the lines of flagged ones only.
 *
 * Numbers the session's timeline depends on are checked: a media or discontinuity sequence that is
 * negative or above 2^53 − 1 (JavaScript numbers would silently round it), a target duration out
 * of range, an EXTINF that is not a duration from 0 to 86,400 s or is more than twice the target
 * duration. Such a playlist is `invalid`
 * (the session answers 502 with the reason) rather than repaired: guessing timing would hide an
 * origin bug and still mislead players. Pure; never throws.
 */
import { tagName, tagValue } from './lines.ts';

/** Ad-marker tags: consumed by the stitcher unless marker passthrough is on. */
export const MARKER_TAGS: ReadonlySet<string> = new Set([
  'EXT-X-CUE-OUT', 'EXT-X-CUE-OUT-CONT', 'EXT-X-CUE-IN', 'EXT-OATCLS-SCTE35', 'EXT-X-SPLICEPOINT-SCTE35',
  'EXT-X-ASSET', 'EXT-X-SCTE35', 'EXT-X-CUE', 'EXT-X-CUE-SPAN',
]);

/**
 * Low-latency HLS tags. A personalized playlist cannot honour blocking reloads or parts, so they
 * are dropped and players fall back to regular live playback (MediaTailor does not support LL-HLS).
 */
export const LL_HLS_TAGS: ReadonlySet<string> = new Set([
  'EXT-X-PART', 'EXT-X-PART-INF', 'EXT-X-PRELOAD-HINT', 'EXT-X-RENDITION-REPORT', 'EXT-X-SKIP', 'EXT-X-SERVER-CONTROL',
]);

/** Header tags the writer regenerates. */
export const REGENERATED_HEADER_TAGS: ReadonlySet<string> = new Set([
  'EXTM3U', 'EXT-X-VERSION', 'EXT-X-TARGETDURATION', 'EXT-X-MEDIA-SEQUENCE', 'EXT-X-DISCONTINUITY-SEQUENCE', 'EXT-X-ENDLIST', 'EXT-X-PLAYLIST-TYPE',
]);

/** Tags that describe the next segment even when they come before the first EXTINF. */
const SEGMENT_SCOPED_TAGS: ReadonlySet<string> = new Set(['EXT-X-BYTERANGE', 'EXT-X-GAP', 'EXT-X-BITRATE']);

/** Segment flags: which lines of its prelude the writer must look at. */
export const SEG = {
  DISCONTINUITY: 1,
  KEY: 2,
  MAP: 4,
  PDT: 8,
  DATERANGE: 16,
  /** A DATERANGE with X-ASSET-URI / X-ASSET-LIST (made absolute). */
  ASSET_URI: 32,
  MARKER: 64,
  /** A line the writer drops (LL-HLS, a regenerated header tag, a stray URI, a header tag before the first segment). */
  DROP: 128,
} as const;

/** Flags that send a segment through the line-by-line path of the writer. */
export const SEG_REWRITE = SEG.DISCONTINUITY | SEG.KEY | SEG.MAP | SEG.ASSET_URI | SEG.MARKER | SEG.DROP;

/** Longest EXTINF accepted (a day); anything longer is an origin bug, not a segment. */
export const MAX_SEGMENT_SEC = 86_400;

/** A segment as an object, for readers off the hot path (detection, creatives, tests). */
export interface MediaSegment {
  readonly seq: number;
  readonly durationSec: number;
  /** The EXTINF line as written (title kept). */
  readonly extinf: string;
  /** The URI line as written (relative to the playlist). */
  readonly uri: string;
  readonly discontinuity: boolean;
  /** Raw EXT-X-PROGRAM-DATE-TIME value on this segment, if any. */
  readonly pdt?: string;
  /** EXT-X-KEY lines before this segment (they apply from here on). */
  readonly keyLines?: readonly string[];
  readonly mapLine?: string;
  /** Ad-marker lines before this segment (they apply at its start). */
  readonly markers?: readonly string[];
  readonly dateRanges?: readonly string[];
  /** Any other tag or comment lines before this segment. */
  readonly otherLines?: readonly string[];
}

export interface MediaPlaylist {
  /** The text the ranges below point into. */
  readonly text: string;
  readonly version: number;
  readonly targetDurationSec: number;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly playlistType?: string;
  readonly endList: boolean;
  /** Header lines other than the regenerated ones (kept in order). */
  readonly headerLines: readonly string[];
  readonly count: number;
  readonly durationsSec: Float64Array;
  /** Offset of the first line of segment i's prelude (the lines between the previous URI and its own). */
  readonly preludeStart: Int32Array;
  /** Offset of segment i's URI line, and of its end (before CR/LF and trailing blanks). */
  readonly uriStart: Int32Array;
  readonly uriEnd: Int32Array;
  /** Offset of the value of segment i's EXT-X-PROGRAM-DATE-TIME, or -1. */
  readonly pdtAt: Int32Array;
  readonly flags: Uint8Array;
  /** Offset where the lines after the last segment begin. */
  readonly trailingStart: number;
  /** Marker lines after the last segment (e.g. a CUE-IN at the live edge). */
  readonly trailingMarkers: readonly string[];
  /** Other lines after the last segment, except ENDLIST. */
  readonly trailingLines: readonly string[];
  /** Why the playlist cannot be personalized safely (502), when it cannot. */
  readonly invalid?: string;
  readonly diagnostics: readonly string[];
  /** The segments as objects (built on first use). */
  readonly segments: readonly MediaSegment[];
}

/** Parses a media playlist; the text is known to start with #EXTM3U. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const n = text.length;
  const diagnostics: string[] = [];
  const headerLines: string[] = [];
  let invalid: string | undefined;
  const bad = (why: string): void => {
    invalid ??= why;
    diagnostics.push(why);
  };
  let version = 1;
  let targetDurationSec = 0;
  let mediaSequence = 0;
  let discontinuitySequence = 0;
  let playlistType: string | undefined;
  let endList = false;

  // Growable typed columns; a line count bounds the segment count from above.
  let cap = 64;
  let durationsSec = new Float64Array(cap);
  let preludeStart = new Int32Array(cap);
  let uriStart = new Int32Array(cap);
  let uriEnd = new Int32Array(cap);
  let pdtAt = new Int32Array(cap);
  let flags = new Uint8Array(cap);
  const grow = (): void => {
    cap *= 2;
    const f64 = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    durationsSec = f64(durationsSec);
    preludeStart = i32(preludeStart);
    uriStart = i32(uriStart);
    uriEnd = i32(uriEnd);
    pdtAt = i32(pdtAt);
    const u8 = new Uint8Array(cap);
    u8.set(flags);
    flags = u8;
  };

  let count = 0;
  let segStart = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 BOM is not part of #EXTM3U
  let pFlags = 0;
  let pPdt = -1;
  let pDuration = 0;
  let pHasExtinf = false;
  let seenSegmentTag = false;
  let lastExtinf = '';
  let lastExtinfSec = 0;
  let maxDurationSec = 0;

  let start = segStart;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const next = end + 1;
    let stop = end;
    while (stop > start && isBlank(text.charCodeAt(stop - 1))) stop--;
    if (stop === start) {
      start = next;
      continue;
    }
    if (text.charCodeAt(start) !== 0x23 /* # */) {
      if (!pHasExtinf) {
        diagnostics.push('URI line without EXTINF ignored');
        pFlags |= SEG.DROP;
        start = next;
        continue;
      }
      if (count === cap) grow();
      durationsSec[count] = pDuration;
      preludeStart[count] = segStart;
      uriStart[count] = start;
      uriEnd[count] = stop;
      pdtAt[count] = pPdt;
      flags[count] = pFlags | (count === 0 ? SEG.DROP : 0); // the first prelude may hold header tags
      count++;
      segStart = next;
      pFlags = 0;
      pPdt = -1;
      pDuration = 0;
      pHasExtinf = false;
      start = next;
      continue;
    }
    // Tag or comment line. The common tags are recognised without slicing the line.
    if (text.startsWith('#EXTINF:', start)) {
      const line = text.slice(start, stop);
      if (line === lastExtinf) {
        pDuration = lastExtinfSec;
      } else {
        const comma = line.indexOf(',');
        const raw = comma < 0 ? line.slice(8) : line.slice(8, comma);
        const d = Number(raw);
        if (!(d >= 0 && d <= MAX_SEGMENT_SEC) || raw.trim() === '') bad(`origin media playlist: EXTINF "${raw.slice(0, 32)}" is not a segment duration`);
        pDuration = Number.isFinite(d) && d >= 0 ? d : 0;
        if (pDuration > maxDurationSec) maxDurationSec = pDuration;
        lastExtinf = line;
        lastExtinfSec = pDuration;
      }
      pHasExtinf = true;
      seenSegmentTag = true;
    } else if (text.startsWith('#EXT-X-PROGRAM-DATE-TIME:', start)) {
      pFlags |= SEG.PDT;
      pPdt = start + 25;
    } else if (stop - start === 20 && text.startsWith('#EXT-X-DISCONTINUITY', start)) {
      pFlags |= SEG.DISCONTINUITY;
      seenSegmentTag = true;
    } else {
      const line = text.slice(start, stop);
      const tag = tagName(line);
      if (tag === '') {
        // A comment travels with the next segment.
      } else if (tag === 'EXT-X-KEY') pFlags |= SEG.KEY;
      else if (tag === 'EXT-X-MAP') pFlags |= SEG.MAP;
      else if (tag === 'EXT-X-DATERANGE') pFlags |= SEG.DATERANGE | (line.includes('X-ASSET-') ? SEG.ASSET_URI : 0);
      else if (MARKER_TAGS.has(tag)) pFlags |= SEG.MARKER;
      else if (LL_HLS_TAGS.has(tag)) pFlags |= SEG.DROP;
      else if (REGENERATED_HEADER_TAGS.has(tag)) {
        pFlags |= SEG.DROP;
        const v = tagValue(line).trim();
        switch (tag) {
          case 'EXT-X-VERSION':
            version = intOr(v, 1);
            break;
          case 'EXT-X-TARGETDURATION':
            targetDurationSec = checkedInt(v, 0, 'EXT-X-TARGETDURATION', bad, MAX_SEGMENT_SEC);
            break;
          case 'EXT-X-MEDIA-SEQUENCE':
            mediaSequence = checkedInt(v, 0, 'EXT-X-MEDIA-SEQUENCE', bad);
            break;
          case 'EXT-X-DISCONTINUITY-SEQUENCE':
            discontinuitySequence = checkedInt(v, 0, 'EXT-X-DISCONTINUITY-SEQUENCE', bad);
            break;
          case 'EXT-X-PLAYLIST-TYPE':
            playlistType = v;
            break;
          case 'EXT-X-ENDLIST':
            endList = true;
            break;
        }
      } else if (!seenSegmentTag && count === 0 && !SEGMENT_SCOPED_TAGS.has(tag)) {
        headerLines.push(line);
        pFlags |= SEG.DROP;
      }
    }
    start = next;
  }
  if (pHasExtinf) diagnostics.push('EXTINF without URI at end of playlist ignored');
  // RFC 8216 §4.3.3.1: every EXTINF, rounded, is at most the target duration. Origins overshoot a
  // little; twice the target is a broken playlist, and one huge segment inside a break would be
  // filled with as much slate on every reload.
  if (targetDurationSec > 0 && maxDurationSec > 2 * targetDurationSec + 1) bad(`origin media playlist: an EXTINF of ${maxDurationSec} s exceeds EXT-X-TARGETDURATION ${targetDurationSec}`);
  if (count > 0 && mediaSequence + count > Number.MAX_SAFE_INTEGER) bad('origin media playlist: EXT-X-MEDIA-SEQUENCE is too large to number its segments exactly');

  const trailingStart = segStart;
  const trailingMarkers: string[] = [];
  const trailingLines: string[] = [];
  forEachTrailingLine(text, trailingStart, (line, tag) => {
    if (MARKER_TAGS.has(tag)) trailingMarkers.push(line);
    else if (tag === '' ? line.charCodeAt(0) === 0x23 : !REGENERATED_HEADER_TAGS.has(tag) && !LL_HLS_TAGS.has(tag)) trailingLines.push(line);
  });

  let segmentsView: MediaSegment[] | undefined;
  const model: MediaPlaylist = {
    text,
    version,
    targetDurationSec,
    mediaSequence,
    discontinuitySequence,
    ...(playlistType ? { playlistType } : {}),
    endList,
    headerLines,
    count,
    durationsSec,
    preludeStart,
    uriStart,
    uriEnd,
    pdtAt,
    flags,
    trailingStart,
    trailingMarkers,
    trailingLines,
    ...(invalid ? { invalid } : {}),
    diagnostics,
    get segments(): readonly MediaSegment[] {
      segmentsView ??= materialize(model);
      return segmentsView;
    },
  };
  return model;
}

/** Origin media sequence of segment `i`. */
export function seqAt(model: MediaPlaylist, i: number): number {
  return model.mediaSequence + i;
}

/** The URI of segment `i` as written. */
export function uriOf(model: MediaPlaylist, i: number): string {
  return model.text.slice(model.uriStart[i] ?? 0, model.uriEnd[i] ?? 0);
}

/** The raw PDT value of segment `i`, if it has one. */
export function pdtOf(model: MediaPlaylist, i: number): string | undefined {
  const at = model.pdtAt[i] ?? -1;
  if (at < 0) return undefined;
  const end = lineEnd(model.text, at);
  return model.text.slice(at, end).trim();
}

/**
 * Calls `visit` for each line of segment `i`'s prelude (without terminator), with its tag name
 * ('' for comments). Used for flagged segments only.
 */
export function forEachPreludeLine(model: MediaPlaylist, i: number, visit: (line: string, tag: string) => void): void {
  const text = model.text;
  let start = model.preludeStart[i] ?? 0;
  const stop = model.uriStart[i] ?? 0;
  while (start < stop) {
    const end = lineEnd(text, start);
    let s = end;
    while (s > start && isBlank(text.charCodeAt(s - 1))) s--;
    if (s > start) {
      const line = text.slice(start, s);
      visit(line, tagName(line));
    }
    start = end + 1;
  }
}

/** The total duration of the playlist's segments. */
export function totalDurationSec(model: MediaPlaylist): number {
  let t = 0;
  for (let i = 0; i < model.count; i++) t += model.durationsSec[i] ?? 0;
  return t;
}

function forEachTrailingLine(text: string, from: number, visit: (line: string, tag: string) => void): void {
  let start = from;
  while (start < text.length) {
    const end = lineEnd(text, start);
    let s = end;
    while (s > start && isBlank(text.charCodeAt(s - 1))) s--;
    if (s > start) {
      const line = text.slice(start, s);
      visit(line, tagName(line));
    }
    start = end + 1;
  }
}

function materialize(model: MediaPlaylist): MediaSegment[] {
  const out: MediaSegment[] = [];
  for (let i = 0; i < model.count; i++) {
    const s: { -readonly [K in keyof MediaSegment]: MediaSegment[K] } = {
      seq: seqAt(model, i),
      durationSec: model.durationsSec[i] ?? 0,
      extinf: '#EXTINF:0,',
      uri: uriOf(model, i),
      discontinuity: ((model.flags[i] ?? 0) & SEG.DISCONTINUITY) !== 0,
    };
    const keyLines: string[] = [];
    const markers: string[] = [];
    const dateRanges: string[] = [];
    const otherLines: string[] = [];
    forEachPreludeLine(model, i, (line, tag) => {
      if (tag === 'EXTINF') s.extinf = line;
      else if (tag === 'EXT-X-PROGRAM-DATE-TIME') s.pdt = tagValue(line);
      else if (tag === 'EXT-X-KEY') keyLines.push(line);
      else if (tag === 'EXT-X-MAP') s.mapLine = line;
      else if (tag === 'EXT-X-DATERANGE') dateRanges.push(line);
      else if (MARKER_TAGS.has(tag)) markers.push(line);
      else if (tag === 'EXT-X-DISCONTINUITY' || LL_HLS_TAGS.has(tag) || REGENERATED_HEADER_TAGS.has(tag)) return;
      else if (i === 0 && tag !== '' && !SEGMENT_SCOPED_TAGS.has(tag) && model.headerLines.includes(line)) return;
      else if (line.charCodeAt(0) === 0x23) otherLines.push(line);
    });
    if (keyLines.length) s.keyLines = keyLines;
    if (markers.length) s.markers = markers;
    if (dateRanges.length) s.dateRanges = dateRanges;
    if (otherLines.length) s.otherLines = otherLines;
    out.push(s);
  }
  return out;
}

function lineEnd(text: string, from: number): number {
  const e = text.indexOf('\n', from);
  return e < 0 ? text.length : e;
}

function isBlank(c: number): boolean {
  return c === 0x0d || c === 0x20 || c === 0x09;
}

function intOr(text: string, fallback: number): number {
  const v = Number.parseInt(text, 10);
  return Number.isFinite(v) ? v : fallback;
}

/**
 * A decimal-integer header value (RFC 8216 §4.2) that JavaScript numbers hold exactly. A fraction
 * is ignored (`6.0` reads 6, as parseInt would); a negative value, an exponent or more than
 * `max` makes the playlist invalid; anything else not numeric keeps the default.
 */
function checkedInt(text: string, fallback: number, tag: string, bad: (why: string) => void, max = Number.MAX_SAFE_INTEGER): number {
  const m = /^(\d{1,20})(\.\d*)?$/.exec(text);
  if (!m) {
    if (/^[-+]?[\d.]/.test(text)) bad(`origin media playlist: ${tag} "${text.slice(0, 32)}" is out of range`);
    return fallback;
  }
  const v = Number(m[1]);
  if (v > max) {
    bad(`origin media playlist: ${tag} ${text.slice(0, 32)} is out of range (at most ${max})`);
    return fallback;
  }
  return v;
}
