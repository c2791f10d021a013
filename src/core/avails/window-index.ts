/**
 * @module core/avails/window-index
 * Per-window lookups the ledger and the stitcher need, by origin sequence number: each segment's
 * origin discontinuity index (RFC 8216 §4.3.3.3: EXT-X-DISCONTINUITY-SEQUENCE + tags so far), its
 * duration, its session-relative origin time and its program date-time. Built once per request in
 * one pass over the compact model. Pure.
 */
import { forEachPreludeLine, pdtOf, SEG, type MediaPlaylist } from '../hls/media-playlist.ts';

export interface WindowIndex {
  readonly model: MediaPlaylist;
  readonly firstSeq: number;
  /** One past the last segment. */
  readonly endSeq: number;
  readonly targetSec: number;
  /** Whether the window has segment `seq`. */
  has(seq: number): boolean;
  durationSec(seq: number): number;
  /** The segment carries EXT-X-DISCONTINUITY. */
  discontinuity(seq: number): boolean;
  /** Origin discontinuity index of `seq` (counts a tag on `seq` itself). */
  discIndex(seq: number): number;
  /** Session-relative origin time of `seq`'s start. */
  timeSec(seq: number): number;
  /** PDT of `seq`'s start in ms, carried forward from the last PDT tag (RFC 8216 §4.3.2.6). */
  pdtMs(seq: number): number | undefined;
  /** The EXT-X-DATERANGE lines before segment `seq`. */
  dateRanges(seq: number): string[];
}

/** @param timeOfFirstSec session-relative origin time of the window's first segment */
export function indexWindow(model: MediaPlaylist, timeOfFirstSec: number): WindowIndex {
  const n = model.count;
  const firstSeq = model.mediaSequence;
  const flags = model.flags;
  const durations = model.durationsSec;
  // Built on first use: a warm reload asks only for the window's end time and, at break
  // boundaries, a few discontinuity indexes; the stitcher counts discontinuities itself.
  let disc: number[] | undefined;
  let time: number[] | undefined;
  let totalSec = 0;
  for (let i = 0; i < n; i++) totalSec += durations[i] as number;
  const discs = (): number[] => {
    if (disc) return disc;
    disc = [];
    let d = model.discontinuitySequence;
    for (let i = 0; i < n; i++) {
      if (((flags[i] as number) & SEG.DISCONTINUITY) !== 0) d++;
      disc.push(d);
    }
    return disc;
  };
  const times = (): number[] => {
    if (time) return time;
    time = [];
    let t = timeOfFirstSec;
    for (let i = 0; i < n; i++) {
      time.push(t);
      t += durations[i] as number;
    }
    time.push(t);
    return time;
  };
  const pdtAt = lazyPdt(model);
  const at = (seq: number): number => seq - firstSeq;
  const clamp = (i: number, max: number): number => (i < 0 ? 0 : Math.min(i, max));
  return {
    model,
    firstSeq,
    endSeq: firstSeq + n,
    targetSec: model.targetDurationSec || 6,
    has: (seq) => seq >= firstSeq && seq < firstSeq + n,
    durationSec: (seq) => durations[at(seq)] ?? 0,
    discontinuity: (seq) => ((flags[at(seq)] ?? 0) & SEG.DISCONTINUITY) !== 0,
    discIndex: (seq) => (n === 0 ? model.discontinuitySequence : (discs()[clamp(at(seq), n - 1)] as number)),
    timeSec: (seq) => (at(seq) >= n ? timeOfFirstSec + totalSec : (times()[clamp(at(seq), n)] as number)),
    pdtMs: (seq) => pdtAt(at(seq)),
    dateRanges: (seq) => {
      const i = at(seq);
      const out: string[] = [];
      if (i < 0 || i >= n || ((flags[i] as number) & SEG.DATERANGE) === 0) return out;
      forEachPreludeLine(model, i, (line, tag) => {
        if (tag === 'EXT-X-DATERANGE') out.push(line);
      });
      return out;
    },
  };
}

/**
 * PDT of segment i on demand (RFC 8216 §4.3.2.6 carry-forward: a segment's own parsable PDT,
 * else the previous value plus the previous duration; an unparsable PDT keeps the previous
 * value). Only break boundaries ask, so a window with PDT on every segment does not pay a
 * Date.parse per segment per request. The last answer is kept: increasing queries (the
 * stitcher's) cost one pass over the window at most. Values outside the range a Date can hold
 * count as unparsable.
 */
function lazyPdt(model: MediaPlaylist): (i: number) => number | undefined {
  let memoI = -1;
  let memoV: number | undefined;
  const parsed = (j: number): number => {
    if (((model.flags[j] ?? 0) & SEG.PDT) === 0) return Number.NaN;
    const raw = pdtOf(model, j);
    const p = raw === undefined ? Number.NaN : Date.parse(raw);
    return Math.abs(p) <= 8.64e15 ? p : Number.NaN;
  };
  return (i) => {
    if (i < 0 || i >= model.count) return undefined;
    let j = i;
    let v: number | undefined;
    for (; j >= 0; j--) {
      if (j === memoI) {
        v = memoV;
        break;
      }
      const p = parsed(j);
      if (Number.isFinite(p)) {
        v = p;
        break;
      }
    }
    if (j < 0) {
      // No PDT at or before i: remembered too, so the next query does not scan back again.
      memoI = i;
      memoV = undefined;
      return undefined;
    }
    for (let k = j + 1; k <= i; k++) {
      if (v !== undefined && ((model.flags[k] ?? 0) & SEG.PDT) === 0) v += (model.durationsSec[k - 1] ?? 0) * 1000;
    }
    memoI = i;
    memoV = v;
    return v;
  };
}
