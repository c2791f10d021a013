/**
 * @module bench/hls/cases
 * The playlists the HLS personalization benchmark measures (issue 3 §8, DESIGN §11): a short
 * live window caught mid-break, a 24-minute window with `EXT-X-PROGRAM-DATE-TIME` on every
 * segment (the shape that makes hls-parser's stringify quadratic, pitfalls #10), a 22-hour DVR
 * window, and a size series of one shape for the linearity check.
 */
import type { OriginShape } from './origin-playlist.ts';

export interface CaseDef {
  readonly id: string;
  readonly label: string;
  readonly shape: OriginShape;
}

/** One shape at every size: 2 s segments, PDT only after discontinuities, a break every 5–9 min. */
const DVR = (segments: number): OriginShape => ({ segments, segmentSec: 2, pdtEverySegment: false, firstBreakAtSec: 20, breaksSec: [30, 90, 60, 120] });

export const MAIN_CASES: readonly CaseDef[] = [
  {
    id: '10',
    label: '10 × 6 s live window, mid-break',
    shape: { segments: 10, segmentSec: 6, pdtEverySegment: false, firstBreakAtSec: 18, breaksSec: [30] },
  },
  {
    id: '720-pdt',
    label: '720 × 2 s (24 min), PDT on every segment',
    shape: { segments: 720, segmentSec: 2, pdtEverySegment: true, firstBreakAtSec: 120 },
  },
  { id: '40000', label: '40,000 × 2 s (22 h DVR window)', shape: DVR(40_000) },
];

export const LINEARITY_SIZES: readonly number[] = [40, 400, 4_000, 40_000];

export const LINEARITY_CASES: readonly CaseDef[] = LINEARITY_SIZES.map((n) => ({ id: `lin-${n}`, label: `${n.toLocaleString('en-US')} × 2 s`, shape: DVR(n) }));

/** DESIGN §11: a 40,000-segment playlist costs ~1000× a 40-segment one, "not more". Noise margin 20 %. */
export const LINEAR_TOLERANCE = 1.2;
/** DESIGN §11: within 3× of a bare single-pass line scan of the same text. */
export const MIN_REWRITE_BUDGET = 3;
