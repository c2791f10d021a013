/**
 * @module core/avails/window-index
 * Per-window lookups the ledger needs: each segment's origin discontinuity index
 * (RFC 8216bis §4.4.3.3: EXT-X-DISCONTINUITY-SEQUENCE + tags so far), its duration, its
 * session-relative origin time, and its program date-time. Built once per request. Pure.
 */
import type { MediaPlaylist, MediaSegment } from '../hls/media-playlist.ts';

export interface WindowIndex {
  readonly firstSeq: number;
  /** One past the last segment. */
  readonly endSeq: number;
  readonly targetSec: number;
  segment(seq: number): MediaSegment | undefined;
  /** Origin discontinuity index of `seq` (counts a tag on `seq` itself). */
  discIndex(seq: number): number;
  /** Session-relative origin time of `seq`'s start. */
  timeSec(seq: number): number;
  /** PDT of `seq`'s start in ms, carried forward from the last PDT tag (RFC 8216bis §4.4.4.6). */
  pdtMs(seq: number): number | undefined;
}

/** @param timeOfFirstSec session-relative origin time of the window's first segment */
export function indexWindow(model: MediaPlaylist, timeOfFirstSec: number): WindowIndex {
  const segs = model.segments;
  const firstSeq = segs[0]?.seq ?? model.mediaSequence;
  const disc: number[] = new Array(segs.length);
  const time: number[] = new Array(segs.length + 1);
  let d = model.discontinuitySequence;
  let t = timeOfFirstSec;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as MediaSegment;
    if (s.discontinuity) d++;
    disc[i] = d;
    time[i] = t;
    t += s.durationSec;
  }
  time[segs.length] = t;
  const pdtAt = lazyPdt(segs);
  const at = (seq: number): number => seq - firstSeq;
  return {
    firstSeq,
    endSeq: firstSeq + segs.length,
    targetSec: model.targetDurationSec || 6,
    segment: (seq) => segs[at(seq)],
    discIndex: (seq) => disc[Math.min(Math.max(at(seq), 0), segs.length - 1)] ?? model.discontinuitySequence,
    timeSec: (seq) => time[Math.min(Math.max(at(seq), 0), segs.length)] ?? timeOfFirstSec,
    pdtMs: (seq) => pdtAt(at(seq)),
  };
}

/**
 * PDT of segment i on demand (RFC 8216bis §4.4.4.6 carry-forward, the same numbers as the eager
 * pass: a segment's own parsable PDT, else the previous value plus the previous duration; an
 * unparsable PDT keeps the previous value). Only break boundaries ask, so a window with PDT on
 * every segment no longer pays a Date.parse per segment per request. The last answer is kept:
 * increasing queries (the stitcher's) cost one pass over the window at most.
 */
function lazyPdt(segs: readonly MediaSegment[]): (i: number) => number | undefined {
  let memoI = -1;
  let memoV: number | undefined;
  return (i) => {
    if (i < 0 || i >= segs.length) return undefined;
    // Back to the kept answer or a parsable PDT, then forward in the eager pass's order.
    let j = i;
    let v: number | undefined;
    for (; j >= 0; j--) {
      if (j === memoI) {
        v = memoV;
        break;
      }
      const raw = segs[j]?.pdt;
      const p = raw === undefined ? Number.NaN : Date.parse(raw);
      if (Number.isFinite(p)) {
        v = p;
        break;
      }
    }
    if (j < 0) return undefined;
    for (let k = j + 1; k <= i; k++) {
      if (v !== undefined && segs[k]?.pdt === undefined) v += (segs[k - 1]?.durationSec ?? 0) * 1000;
    }
    memoI = i;
    memoV = v;
    return v;
  };
}

/** Sum of the window's durations from `fromSeq` (inclusive) to `toSeq` (exclusive). */
export function windowDurationSec(model: MediaPlaylist, fromSeq: number, toSeq: number): number {
  let t = 0;
  for (const s of model.segments) if (s.seq >= fromSeq && s.seq < toSeq) t += s.durationSec;
  return t;
}
