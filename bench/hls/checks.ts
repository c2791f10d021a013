/**
 * @module bench/hls/checks
 * Before anything is timed, proves that each candidate does the work it is credited with, so the
 * benchmark cannot report a fast number for a path that silently stopped personalizing: the line
 * scan sees every origin segment; a warm reload returns exactly what the first request returned
 * (the steady state is real); the output replaces every break with ad segments, consumes the cue
 * tags, makes every content URI absolute, and parses in hls-parser with the expected segment
 * count (docs/architecture.md §6 invariant 5); hls-parser's round trip keeps every origin segment; the minimal
 * rewrite makes every origin URI absolute. Any failure
 * throws, and the benchmark exits non-zero.
 */
import { hlsParserSegments, lineScan } from './baselines.ts';
import type { OriginPlaylist } from './origin-playlist.ts';
import { AD_SEGMENT_MARK } from './session.ts';

export interface OutputFacts {
  readonly segments: number;
  readonly adSegments: number;
  readonly contentSegments: number;
  readonly bytes: number;
}

function fail(caseId: string, what: string): never {
  throw new Error(`check failed (${caseId}): ${what}`);
}

export function checkCase(caseId: string, origin: OriginPlaylist, cold: string, warm: string, warmAgain: string, hlsParserOut: string, minRewriteOut: string): OutputFacts {
  const scan = lineScan(origin.text);
  if (scan.segments !== origin.segments) fail(caseId, `line scan counted ${scan.segments} segments, origin has ${origin.segments}`);
  if (warm !== cold) fail(caseId, 'a warm reload of the same window differs from the first response');
  if (warmAgain !== warm) fail(caseId, 'two warm reloads of the same window differ (the ledger is not in a steady state)');

  const lines = warm.split('\n');
  const uris = lines.filter((l) => l !== '' && !l.startsWith('#'));
  const adSegments = uris.filter((l) => l.includes(AD_SEGMENT_MARK)).length;
  const replaced = origin.breaks.reduce((n, b) => n + b.segments, 0);
  const contentSegments = uris.length - adSegments;
  if (origin.breaks.length > 0 && adSegments === 0) fail(caseId, 'no ad segment in the output');
  if (contentSegments !== origin.segments - replaced) fail(caseId, `${contentSegments} content segments out, expected ${origin.segments - replaced}`);
  if (uris.some((u) => !u.includes(AD_SEGMENT_MARK) && !u.startsWith('https://'))) fail(caseId, 'a content segment URI is not absolute');
  if (lines.some((l) => l.startsWith('#EXT-X-CUE') || l.startsWith('#EXT-OATCLS'))) fail(caseId, 'cue tags left in the output');
  const discontinuities = lines.filter((l) => l === '#EXT-X-DISCONTINUITY').length;
  if (discontinuities < 2 * origin.breaks.length) fail(caseId, `${discontinuities} discontinuities for ${origin.breaks.length} breaks`);
  const parsed = hlsParserSegments(warm);
  if (parsed !== uris.length) fail(caseId, `hls-parser reads ${parsed} segments in the output, it has ${uris.length}`);
  if (hlsParserSegments(hlsParserOut) !== origin.segments) fail(caseId, 'hls-parser round trip lost segments');
  const rewritten = minRewriteOut.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  if (rewritten.length !== origin.segments || rewritten.some((u) => !u.startsWith('https://'))) fail(caseId, 'the minimal rewrite did not make every URI absolute');
  return { segments: uris.length, adSegments, contentSegments, bytes: warm.length };
}
