/**
 * @module core/hls/writer
 * The one media playlist writer (docs/architecture.md "Stitching"): pass-through and stitched
 * playlists are both written here. Content segments are written as the origin wrote them, lines
 * in their order, with URIs made absolute (or re-rooted under the content CDN prefix), ad-marker
 * tags consumed unless marker passthrough, low-latency and regenerated header tags dropped; a
 * segment whose lines need none of that is copied as one slice of the origin text. Ad slots,
 * injected tags (discontinuities, keys and maps re-emitted after ads, program date-times) and the
 * regenerated header (RFC 8216 §4.3.3: version, target duration covering every EXTINF, media
 * sequence, discontinuity sequence) come from the stitcher. Pure.
 */
import { replaceQuotedAttribute, parseAttributeList } from './attributes.ts';
import { tagValue } from './lines.ts';
import { forEachPreludeLine, LL_HLS_TAGS, MARKER_TAGS, REGENERATED_HEADER_TAGS, SEG, SEG_REWRITE, type MediaPlaylist } from './media-playlist.ts';
import { isPlainRelative, isPlainRelativeAt, type UriResolver } from './uri-resolver.ts';

/** Tags that belong to the next segment even before the first EXTINF (everything else there is header). */
const SEGMENT_LEVEL_TAGS: ReadonlySet<string> = new Set([
  'EXTINF', 'EXT-X-DISCONTINUITY', 'EXT-X-KEY', 'EXT-X-MAP', 'EXT-X-PROGRAM-DATE-TIME', 'EXT-X-DATERANGE', 'EXT-X-BYTERANGE', 'EXT-X-GAP', 'EXT-X-BITRATE',
]);

/** What is written again before the first content segment after ads. */
export interface ReturnFromAds {
  /** Lines written right after the discontinuity, before the origin's lines (keys, map, PDT after ads). */
  readonly inject?: readonly string[];
  /** The origin's own KEY / MAP lines are replaced by `inject` (they were re-emitted there). */
  readonly skipKeys?: boolean;
  readonly skipMap?: boolean;
}

export interface HeaderFields {
  readonly version: number;
  readonly targetDurationSec: number;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly playlistType?: string;
  readonly headerLines: readonly string[];
}

export class PlaylistWriter {
  readonly #chunks = new TextSink();
  #maxDurationSec = 0;
  #totalSec = 0;
  /**
   * A run of plain segments is written as slices of the origin text from one URI to the next
   * (its line, then the next prelude) with the resolver's prefix between them: two pieces per
   * segment, as little as a bare rewrite. `#runIndex` is the last segment of the open run.
   */
  #runIndex = -2;
  #runFrom = 0;
  #runUriEnd = 0;
  /** The origin text has no `./` anywhere, so no URI has dot segments. */
  readonly #dotSegmentsFree: boolean;

  constructor(
    private readonly model: MediaPlaylist,
    private readonly resolve: UriResolver,
    private readonly keepMarkers: boolean,
  ) {
    this.#dotSegmentsFree = model.text.indexOf('./') < 0;
  }

  /**
   * Writes content segment `i` of the model; `discontinuity`: write an EXT-X-DISCONTINUITY before it
   * (at the origin's own tag when it has one). Positional arguments: this runs once per segment.
   */
  content(i: number, discontinuity: boolean, back?: ReturnFromAds): void {
    const m = this.model;
    const flags = m.flags[i] as number;
    const d = m.durationsSec[i] as number;
    if (d > this.#maxDurationSec) this.#maxDurationSec = d;
    this.#totalSec += d;
    const c = this.#chunks;
    const uriStart = m.uriStart[i] as number;
    const uriEnd = m.uriEnd[i] as number;
    if ((flags & SEG_REWRITE) === 0 && !discontinuity && !back) {
      // Nothing to rewrite but the URI: the prelude as the origin wrote it.
      const prefix = this.resolve.relativePrefix;
      if (prefix !== undefined && isPlainRelativeAt(m.text, uriStart, uriEnd, this.#dotSegmentsFree)) {
        if (this.#runIndex === i - 1) c.push(m.text.slice(this.#runFrom, uriStart), prefix);
        else {
          this.#flush();
          c.push(m.text.slice(m.preludeStart[i] as number, uriStart), prefix);
        }
        this.#runIndex = i;
        this.#runFrom = uriStart;
        this.#runUriEnd = uriEnd;
        return;
      }
      this.#flush();
      c.push(m.text.slice(m.preludeStart[i] as number, uriStart));
      this.#uri(m.text.slice(uriStart, uriEnd));
      return;
    }
    this.#flush();
    let headDone = false;
    const head = (): void => {
      if (headDone) return;
      headDone = true;
      if (discontinuity) c.push('#EXT-X-DISCONTINUITY\n');
      for (const l of back?.inject ?? []) c.push(l, '\n');
    };
    // The discontinuity goes where the origin wrote its own, else first; injected lines follow it.
    if ((flags & SEG.DISCONTINUITY) === 0 || !discontinuity) head();
    // Before the first EXTINF (or DISCONTINUITY) of the playlist, a tag that is not segment-level is
    // a header tag the header already carries (as the parser decided).
    let headerZone = i === 0;
    forEachPreludeLine(m, i, (line, tag) => {
      if (tag === 'EXT-X-DISCONTINUITY') {
        headerZone = false;
        head();
        return;
      }
      if (headerZone) {
        if (tag === 'EXTINF') headerZone = false;
        else if (tag !== '' && !SEGMENT_LEVEL_TAGS.has(tag) && !MARKER_TAGS.has(tag)) return;
      }
      if (line.charCodeAt(0) !== 0x23) return; // a stray URI line without EXTINF
      if (tag === 'EXT-X-KEY') {
        if (!back?.skipKeys) c.push(absolutizeUriAttribute(line, this.resolve), '\n');
      } else if (tag === 'EXT-X-MAP') {
        if (!back?.skipMap) c.push(absolutizeUriAttribute(line, this.resolve), '\n');
      } else if (tag === 'EXT-X-DATERANGE') c.push(absolutizeDateRange(line, this.resolve), '\n');
      else if (MARKER_TAGS.has(tag)) {
        if (this.keepMarkers) c.push(line, '\n');
      } else if (!LL_HLS_TAGS.has(tag) && !REGENERATED_HEADER_TAGS.has(tag)) c.push(line, '\n');
    });
    head();
    this.#uri(m.text.slice(uriStart, uriEnd));
  }

  /** Ends an open run of plain segments with its last URI line. */
  #flush(): void {
    if (this.#runIndex < -1) return;
    this.#chunks.push(this.model.text.slice(this.#runFrom, this.#runUriEnd), '\n');
    this.#runIndex = -2;
  }

  /** A content URI line: prefix and reference side by side when the reference is plain relative. */
  #uri(ref: string): void {
    const prefix = this.resolve.relativePrefix;
    if (prefix !== undefined && isPlainRelative(ref)) this.#chunks.push(prefix, ref, '\n');
    else this.#chunks.push(this.resolve(ref), '\n');
  }

  /** Writes an ad (or slate, or blank subtitle) slot: its tags, EXTINF and URI. */
  slot(tags: readonly string[], durationSec: number, uri: string): void {
    this.#flush();
    const c = this.#chunks;
    for (const l of tags) c.push(l, '\n');
    const extinf = durationSec.toFixed(3);
    c.push('#EXTINF:', extinf, ',\n', uri, '\n');
    // The target duration must cover the EXTINF as written (6.4996 is written 6.500, which rounds to 7).
    const written = Number(extinf);
    if (written > this.#maxDurationSec) this.#maxDurationSec = written;
    this.#totalSec += durationSec;
  }

  /** Writes tag lines that belong to no segment (markers, trailing lines). */
  lines(lines: readonly string[]): void {
    this.#flush();
    for (const l of lines) this.#chunks.push(l, '\n');
  }

  get totalSec(): number {
    return this.#totalSec;
  }

  /** Header, body and tail. EXT-X-TARGETDURATION covers every EXTINF (RFC 8216 §4.3.3.1). */
  finish(h: HeaderFields, tail: readonly string[]): string {
    this.#flush();
    const head = [
      '#EXTM3U',
      `#EXT-X-VERSION:${h.version}`,
      `#EXT-X-TARGETDURATION:${Math.max(h.targetDurationSec, Math.round(this.#maxDurationSec))}`,
      `#EXT-X-MEDIA-SEQUENCE:${h.mediaSequence}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${h.discontinuitySequence}`,
      ...(h.playlistType ? [`#EXT-X-PLAYLIST-TYPE:${h.playlistType}`] : []),
      ...h.headerLines,
    ];
    return `${head.join('\n')}\n${this.#chunks.text}${tail.length ? `${tail.join('\n')}\n` : ''}`;
  }
}

const NO_KEYS: { keys?: string[]; map?: string } = Object.freeze({});

/** The EXT-X-KEY / EXT-X-MAP lines of segment `i`, as written (for re-emitting after ads). */
export function keyAndMapLines(model: MediaPlaylist, i: number): { keys?: string[]; map?: string } {
  const flags = model.flags[i] as number;
  if ((flags & (SEG.KEY | SEG.MAP)) === 0) return NO_KEYS;
  const keys: string[] = [];
  let map: string | undefined;
  forEachPreludeLine(model, i, (line, tag) => {
    if (tag === 'EXT-X-KEY') keys.push(line);
    else if (tag === 'EXT-X-MAP') map = line;
  });
  return { ...(keys.length ? { keys } : {}), ...(map !== undefined ? { map } : {}) };
}

/** Rewrites the URI attribute of EXT-X-KEY/EXT-X-MAP to an absolute URL (content keys stay on the origin). */
export function absolutizeUriAttribute(line: string, resolve: UriResolver): string {
  // The same key and map lines come back on every reload: rewritten once per resolver.
  let memo = rewritten.get(resolve);
  const hit = memo?.get(line);
  if (hit !== undefined) return hit;
  const uri = parseAttributeList(tagValue(line)).get('URI');
  const out = uri === undefined || uri.startsWith('data:') || uri.startsWith('skd:') ? line : replaceQuotedAttribute(line, 'URI', resolve(uri));
  if (!memo) rewritten.set(resolve, (memo = new Map()));
  if (memo.size >= 64) memo.clear();
  memo.set(line, out);
  return out;
}

const rewritten = new WeakMap<UriResolver, Map<string, string>>();

/** EXT-X-DATERANGE `X-ASSET-URI` / `X-ASSET-LIST` made absolute: the player resolves them against our URL otherwise. */
export function absolutizeDateRange(line: string, resolve: UriResolver): string {
  if (!line.includes('X-ASSET-')) return line;
  const attrs = parseAttributeList(tagValue(line));
  let out = line;
  for (const name of ['X-ASSET-URI', 'X-ASSET-LIST']) {
    const v = attrs.get(name);
    if (v !== undefined) out = replaceQuotedAttribute(out, name, resolve(v));
  }
  return out;
}

/** Minimum EXT-X-VERSION of a personalized media playlist: DISCONTINUITY-SEQUENCE needs 6. */
export function outputVersion(model: MediaPlaylist): number {
  return Math.max(model.version, 6);
}

/**
 * Appends to one growing string instead of an array joined at the end: V8 keeps the pieces as a
 * rope and flattens it once, when the answer is written (measured: 20–35 % less than the join for
 * a large playlist, bench/hls-personalize.ts).
 */
class TextSink {
  text = '';
  push(a: string, b?: string, c?: string, d?: string, e?: string): void {
    this.text += a;
    if (b !== undefined) this.text += b;
    if (c !== undefined) this.text += c;
    if (d !== undefined) this.text += d;
    if (e !== undefined) this.text += e;
  }
}
