/**
 * @module core/hls/media-playlist
 * A compact model of an HLS media playlist (RFC 8216 §4.3.2–§4.3.4) built in one pass over the
 * text, shared by every reader and by the one playlist writer (core/hls/writer). Each segment is a
 * range of the original text (the tags before its URI, its "prelude", then the URI line) plus its
 * duration and a few flags saying which of its lines need rewriting, in number columns; nothing
 * per line is allocated, so a 40,000-segment DVR window costs little more than reading it. The writer copies
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
 * `MARKER_TAGS.has(tag)` by comparison: a tag name sliced from the line is a new string, and a set
 * lookup hashes it first, which costs more than comparing it with the few marker names.
 */
export function isMarkerTag(tag: string): boolean {
  switch (tag) {
    case 'EXT-X-CUE-OUT-CONT':
    case 'EXT-X-CUE-OUT':
    case 'EXT-X-CUE-IN':
    case 'EXT-OATCLS-SCTE35':
    case 'EXT-X-SPLICEPOINT-SCTE35':
    case 'EXT-X-ASSET':
    case 'EXT-X-SCTE35':
    case 'EXT-X-CUE':
    case 'EXT-X-CUE-SPAN':
      return true;
    default:
      return false;
  }
}

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
  readonly durationsSec: readonly number[];
  /** Offset of the first line of segment i's prelude (the lines between the previous URI and its own). */
  readonly preludeStart: readonly number[];
  /** Offset of segment i's URI line, and of its end (before CR/LF and trailing blanks). */
  readonly uriStart: readonly number[];
  readonly uriEnd: readonly number[];
  /** Offset of the value of segment i's EXT-X-PROGRAM-DATE-TIME, or -1. */
  readonly pdtAt: readonly number[];
  readonly flags: readonly number[];
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

  // Columns of plain number arrays: V8 keeps them packed on the heap, cheap for a 10-segment
  // live window and for a 40,000-segment DVR window alike (typed arrays this size are allocated
  // off-heap, which costs more than the parse of a short playlist).
  // Number columns sized up front from the text's length (a segment takes some 32 characters at
  // least) and cut to the count at the end: six arrays grown by push cost more than the parse.
  const guess = (n >> 5) + 8;
  const col = (): number[] => new Array<number>(guess);
  const durationsSec: number[] = col();
  const preludeStart: number[] = col();
  const uriStart: number[] = col();
  const uriEnd: number[] = col();
  const pdtAt: number[] = col();
  const flags: number[] = col();

  let count = 0;
  let segStart = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 BOM is not part of #EXTM3U
  let pFlags = 0;
  let pPdt = -1;
  let pDuration = 0;
  let pHasExtinf = false;
  let seenSegmentTag = false;
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
    // Tag or comment line. The common tags are told apart by a few characters (a full prefix
    // compare per line costs more than the rest of the parse), and nothing is sliced for them.
    if (isExtinfAt(text, start)) {
      let d = decimalAt(text, start + 8, stop);
      if (d < 0) {
        // Not a plain decimal: the general path (and its checks).
        const line = text.slice(start, stop);
        const comma = line.indexOf(',');
        const raw = comma < 0 ? line.slice(8) : line.slice(8, comma);
        const n = Number(raw);
        if (!(n >= 0 && n <= MAX_SEGMENT_SEC) || raw.trim() === '') bad(`origin media playlist: EXTINF "${raw.slice(0, 32)}" is not a segment duration`);
        d = Number.isFinite(n) && n >= 0 ? n : 0;
      } else if (d > MAX_SEGMENT_SEC) bad(`origin media playlist: EXTINF "${d}" is not a segment duration`);
      pDuration = d;
      if (d > maxDurationSec) maxDurationSec = d;
      pHasExtinf = true;
      seenSegmentTag = true;
    } else if (isPdtAt(text, start)) {
      pFlags |= SEG.PDT;
      pPdt = start + 25;
    } else if (stop - start === 20 && isDiscontinuityAt(text, start)) {
      pFlags |= SEG.DISCONTINUITY;
      seenSegmentTag = true;
    } else {
      const tag = tagAt(text, start, stop);
      if (tag === '') {
        // A comment travels with the next segment.
      } else if (tag === 'EXT-X-KEY') pFlags |= SEG.KEY;
      else if (tag === 'EXT-X-MAP') pFlags |= SEG.MAP;
      else if (tag === 'EXT-X-DATERANGE') {
        // Searched within the line: a search from here to the text's end, per line, is quadratic.
        pFlags |= SEG.DATERANGE | (text.slice(start, stop).includes('X-ASSET-') ? SEG.ASSET_URI : 0);
      } else if (isMarkerTag(tag)) pFlags |= SEG.MARKER;
      else if (LL_HLS_TAGS.has(tag)) pFlags |= SEG.DROP;
      else if (REGENERATED_HEADER_TAGS.has(tag)) {
        pFlags |= SEG.DROP;
        const v = tagValue(text.slice(start, stop)).trim();
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
        headerLines.push(text.slice(start, stop));
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

  for (const c of [durationsSec, preludeStart, uriStart, uriEnd, pdtAt, flags]) c.length = count;
  const trailingStart = segStart;
  const trailingMarkers: string[] = [];
  const trailingLines: string[] = [];
  forEachTrailingLine(text, trailingStart, (line, tag) => {
    if (MARKER_TAGS.has(tag)) trailingMarkers.push(line);
    else if (tag === '' ? line.charCodeAt(0) === 0x23 : !REGENERATED_HEADER_TAGS.has(tag) && !LL_HLS_TAGS.has(tag)) trailingLines.push(line);
  });

  return new ParsedMediaPlaylist(text, version, targetDurationSec, mediaSequence, discontinuitySequence, playlistType, endList, headerLines, count,
    durationsSec, preludeStart, uriStart, uriEnd, pdtAt, flags, trailingStart, trailingMarkers, trailingLines, invalid, diagnostics);
}

/**
 * A class, not an object literal: every playlist has the same shape (V8 keeps property access
 * fast on the hot path), and the segment objects are built on first use only.
 */
class ParsedMediaPlaylist implements MediaPlaylist {
  #segments: MediaSegment[] | undefined;
  readonly playlistType?: string;
  readonly invalid?: string;

  constructor(
    readonly text: string,
    readonly version: number,
    readonly targetDurationSec: number,
    readonly mediaSequence: number,
    readonly discontinuitySequence: number,
    playlistType: string | undefined,
    readonly endList: boolean,
    readonly headerLines: readonly string[],
    readonly count: number,
    readonly durationsSec: readonly number[],
    readonly preludeStart: readonly number[],
    readonly uriStart: readonly number[],
    readonly uriEnd: readonly number[],
    readonly pdtAt: readonly number[],
    readonly flags: readonly number[],
    readonly trailingStart: number,
    readonly trailingMarkers: readonly string[],
    readonly trailingLines: readonly string[],
    invalid: string | undefined,
    readonly diagnostics: readonly string[],
  ) {
    if (playlistType) this.playlistType = playlistType;
    if (invalid) this.invalid = invalid;
  }

  get segments(): readonly MediaSegment[] {
    this.#segments ??= materialize(this);
    return this.#segments;
  }
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
export function forEachPreludeLine(model: MediaPlaylist, i: number, visit: (line: string, tag: string) => void, only?: ReadonlySet<string>): void {
  const text = model.text;
  let start = model.preludeStart[i] ?? 0;
  const stop = model.uriStart[i] ?? 0;
  while (start < stop) {
    const end = lineEnd(text, start);
    let s = end;
    while (s > start && isBlank(text.charCodeAt(s - 1))) s--;
    // `only`: the caller wants these tags; the common others are passed over without a slice.
    if (s > start && !(only && (isExtinfAt(text, start) || isPdtAt(text, start)))) {
      const tag = tagAt(text, start, s);
      if (!only || only.has(tag)) visit(text.slice(start, s), tag);
    }
    start = end + 1;
  }
}

/** The tag name of the line `text[start, stop)` (`tagName` without slicing the line); '' for non-tags. */
export function tagAt(text: string, start: number, stop: number): string {
  if (text.charCodeAt(start) !== 0x23 || text.charCodeAt(start + 1) !== 0x45 || text.charCodeAt(start + 2) !== 0x58 || text.charCodeAt(start + 3) !== 0x54) return ''; // #EXT
  // The colon is looked for within the line only (a tag without one must not search the rest of the text).
  let end = start + 4;
  while (end < stop && text.charCodeAt(end) !== 0x3a) end++;
  return text.slice(start + 1, end);
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

/** `#EXTINF:` at `i` (the 5th character tells it from every `#EXT-X-` tag). */
function isExtinfAt(text: string, i: number): boolean {
  return text.charCodeAt(i + 4) === 0x49 /* I */ && text.charCodeAt(i + 7) === 0x3a /* : */ && text.charCodeAt(i) === 0x23 && text.charCodeAt(i + 5) === 0x4e /* N */ && text.charCodeAt(i + 3) === 0x54 /* T */;
}

/**
 * `#EXT-X-PROGRAM-DATE-TIME:` at `i`, told by its separators and initials (no other tag has them
 * at these places). `startsWith(prefix, i)` costs V8 more than the whole rest of a line's parse.
 */
function isPdtAt(text: string, i: number): boolean {
  return (
    text.charCodeAt(i + 24) === 0x3a /* : */ && text.charCodeAt(i + 7) === 0x50 /* P */ && text.charCodeAt(i + 14) === 0x2d /* - */ &&
    text.charCodeAt(i + 15) === 0x44 /* D */ && text.charCodeAt(i + 19) === 0x2d /* - */ && text.charCodeAt(i + 20) === 0x54 /* T */ &&
    text.charCodeAt(i + 4) === 0x2d /* - */ && text.charCodeAt(i) === 0x23 /* # */ && text.charCodeAt(i + 9) === 0x4f /* O */
  );
}

/** `#EXT-X-DISCONTINUITY` at `i` (the caller knows the line is 20 characters long). */
function isDiscontinuityAt(text: string, i: number): boolean {
  return (
    text.charCodeAt(i + 7) === 0x44 /* D */ && text.charCodeAt(i + 19) === 0x59 /* Y */ && text.charCodeAt(i + 11) === 0x4f /* O */ &&
    text.charCodeAt(i + 4) === 0x2d /* - */ && text.charCodeAt(i) === 0x23 /* # */ && text.charCodeAt(i + 14) === 0x49 /* I */
  );
}

/**
 * The decimal `digits[.digits]` at `from`, ended by `,` or `until`; -1 when it is anything else
 * (the caller then parses it the general way). Computed as integer / 10^k: one correctly rounded
 * division of exact values, the same number `Number()` gives.
 */
function decimalAt(text: string, from: number, until: number): number {
  let int = 0;
  let scale = 1;
  let digits = 0;
  let dot = false;
  let i = from;
  for (; i < until; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      int = int * 10 + (c - 0x30);
      if (dot) scale *= 10;
      if (++digits > 15) return -1;
    } else if (c === 0x2e && !dot) dot = true;
    else if (c === 0x2c /* , */) break;
    else return -1;
  }
  return digits === 0 ? -1 : int / scale;
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
