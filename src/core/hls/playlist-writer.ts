/**
 * @module core/hls/playlist-writer
 * Emits a media playlist: regenerated header (version, target duration, media sequence,
 * discontinuity sequence; DESIGN §6 invariants 1, 2, 5) then segments. Content segments keep
 * their tags; URIs become absolute (or CDN-prefixed). Pure.
 */
import type { MediaPlaylist, MediaSegment } from './media-playlist.ts';
import type { UriResolver } from './uri-resolver.ts';
import { replaceQuotedAttribute, parseAttributeList } from './attributes.ts';
import { tagValue } from './lines.ts';

export interface HeaderFields {
  readonly version: number;
  readonly targetDurationSec: number;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly playlistType?: string;
  readonly headerLines: readonly string[];
}

export class PlaylistWriter {
  readonly #body: string[] = [];
  #maxDurationSec = 0;

  /** Appends a content segment as the origin wrote it, with URIs made absolute. */
  content(seg: MediaSegment, resolve: UriResolver, opts: { discontinuity: boolean; markers: boolean }): void {
    const b = this.#body;
    if (seg.otherLines) for (const l of seg.otherLines) b.push(l);
    if (opts.discontinuity) b.push('#EXT-X-DISCONTINUITY');
    if (seg.keyLines) for (const l of seg.keyLines) b.push(absolutizeUriAttribute(l, resolve));
    if (seg.mapLine !== undefined) b.push(absolutizeUriAttribute(seg.mapLine, resolve));
    if (seg.pdt !== undefined) b.push(`#EXT-X-PROGRAM-DATE-TIME:${seg.pdt}`);
    if (seg.dateRanges) for (const l of seg.dateRanges) b.push(absolutizeDateRange(l, resolve));
    if (opts.markers && seg.markers) for (const l of seg.markers) b.push(l);
    b.push(seg.extinf);
    b.push(resolve(seg.uri));
    if (seg.durationSec > this.#maxDurationSec) this.#maxDurationSec = seg.durationSec;
  }

  /** Appends raw lines (ad segments, markers, keys) and records a segment duration. */
  lines(lines: readonly string[], durationSec = 0): void {
    for (const l of lines) this.#body.push(l);
    if (durationSec > this.#maxDurationSec) this.#maxDurationSec = durationSec;
  }

  /** Joins header and body. EXT-X-TARGETDURATION covers every EXTINF (RFC 8216bis §4.4.3.1, invariant 5). */
  finish(h: HeaderFields, endList: boolean, trailing: readonly string[] = []): string {
    const target = Math.max(h.targetDurationSec, Math.round(this.#maxDurationSec), Math.ceil(this.#maxDurationSec - 0.5));
    const head = [
      '#EXTM3U',
      `#EXT-X-VERSION:${h.version}`,
      `#EXT-X-TARGETDURATION:${target}`,
      `#EXT-X-MEDIA-SEQUENCE:${h.mediaSequence}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${h.discontinuitySequence}`,
    ];
    if (h.playlistType) head.push(`#EXT-X-PLAYLIST-TYPE:${h.playlistType}`);
    for (const l of h.headerLines) head.push(l);
    const tail = [...trailing];
    if (endList) tail.push('#EXT-X-ENDLIST');
    return `${head.join('\n')}\n${this.#body.join('\n')}${this.#body.length ? '\n' : ''}${tail.length ? `${tail.join('\n')}\n` : ''}`;
  }
}

/** Rewrites the URI attribute of EXT-X-KEY/EXT-X-MAP to an absolute URL (content keys stay on the origin). */
export function absolutizeUriAttribute(line: string, resolve: UriResolver): string {
  const uri = parseAttributeList(tagValue(line)).get('URI');
  if (uri === undefined || uri.startsWith('data:') || uri.startsWith('skd:')) return line;
  return replaceQuotedAttribute(line, 'URI', resolve(uri));
}

function absolutizeDateRange(line: string, resolve: UriResolver): string {
  if (!line.includes('X-ASSET-')) return line;
  const attrs = parseAttributeList(tagValue(line));
  let out = line;
  for (const name of ['X-ASSET-URI', 'X-ASSET-LIST']) {
    const v = attrs.get(name);
    if (v !== undefined) out = replaceQuotedAttribute(out, name, resolve(v));
  }
  return out;
}

/** Minimum EXT-X-VERSION for a personalized media playlist: DISCONTINUITY-SEQUENCE needs 6 (contracts §6.2). */
export function outputVersion(model: MediaPlaylist): number {
  return Math.max(model.version, 6);
}
