/**
 * Parses a playlist with an independent HLS parser (m3u8-parser, video.js) and returns its
 * warnings: docs/architecture.md §6 invariant 5, "the result parses cleanly in independent parsers".
 */
import { Parser } from 'm3u8-parser';

export function independentParse(text: string): { warnings: string[]; segments: number; mediaSequence?: number; discontinuitySequence?: number } {
  const parser = new Parser();
  const warnings: string[] = [];
  parser.on('warn', (w) => warnings.push(w.message));
  parser.push(text);
  parser.end();
  const m = parser.manifest;
  return {
    warnings,
    segments: m.segments?.length ?? 0,
    ...(m.mediaSequence !== undefined ? { mediaSequence: m.mediaSequence } : {}),
    ...(m.discontinuitySequence !== undefined ? { discontinuitySequence: m.discontinuitySequence } : {}),
  };
}
