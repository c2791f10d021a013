/**
 * @module core/hls/lines
 * Line access for a single streaming pass over playlist text (docs/architecture.md §6, §11: personalization
 * must stay within 3× of a bare line scan). Pure.
 */

/** Calls `visit` for every line (without its terminator; CRLF tolerated). */
export function forEachLine(text: string, visit: (line: string) => void): void {
  const n = text.length;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 BOM is not part of #EXTM3U
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const stop = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    visit(text.slice(start, stop));
    start = end + 1;
  }
}

/** The tag name of a `#EXT…` line (`#EXT-X-KEY:METHOD=…` → `EXT-X-KEY`); '' for non-tags. */
export function tagName(line: string): string {
  if (line.charCodeAt(0) !== 0x23 || !line.startsWith('#EXT')) return '';
  const colon = line.indexOf(':');
  return colon < 0 ? line.slice(1) : line.slice(1, colon);
}

/** The text after the first ':' of a tag line ('' when none). */
export function tagValue(line: string): string {
  const colon = line.indexOf(':');
  return colon < 0 ? '' : line.slice(colon + 1);
}

/** True when the text starts like an HLS playlist (RFC 8216bis §4.4.1.1: first line #EXTM3U). */
export function looksLikePlaylist(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return text.startsWith('#EXTM3U', i);
}
