/**
 * @module bench/hls/baselines
 * What personalization is compared with, on the same text (docs/architecture.md §11):
 *   lineScan  — the floor: one pass of `indexOf('\n')`, looking at each line's first character
 *               and counting segments and tags; no line is materialized.
 *   minRewrite — informational: the same text with every segment URI made absolute, emitted as
 *               slices of the original around the inserted prefix (no model, no ads): the
 *               least work any personalization that outputs the playlist must do.
 *   hlsParser — a widely used HLS library's full round trip, `parse` + `stringify` (kuu/hls-parser;
 *               its stringify is quadratic when every segment has PDT, docs/architecture.md §6).
 */
import { parse, stringify } from 'hls-parser';

export interface ScanCount {
  readonly segments: number;
  readonly tags: number;
}

export function lineScan(text: string): ScanCount {
  const n = text.length;
  let segments = 0;
  let tags = 0;
  let start = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    if (end > start) {
      if (text.charCodeAt(start) === 0x23 /* # */) tags++;
      else segments++;
    }
    start = end + 1;
  }
  return { segments, tags };
}

export function minRewrite(text: string, uriPrefix: string): string {
  const out: string[] = [];
  const n = text.length;
  let start = 0;
  let run = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    if (end > start && text.charCodeAt(start) !== 0x23 /* # */) {
      out.push(text.slice(run, start), uriPrefix, text.slice(start, end + 1));
      run = end + 1;
    }
    start = end + 1;
  }
  out.push(text.slice(run));
  return out.join('');
}

export function hlsParserRoundTrip(text: string): string {
  return stringify(parse(text));
}

/** Segment count as hls-parser reads a media playlist (throws on a master playlist or bad input). */
export function hlsParserSegments(text: string): number {
  const p = parse(text);
  if (p.isMasterPlaylist) throw new Error('hls-parser read a multivariant playlist');
  return p.segments.length;
}
