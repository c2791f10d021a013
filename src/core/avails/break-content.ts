/**
 * @module core/avails/break-content
 * What the session has seen of an open break's content: the duration and origin discontinuity
 * index of each origin segment inside it, as runs of consecutive sequence numbers. A break's
 * content offset at a segment (how far into the break it is) sums what was seen and estimates
 * what was not at the target duration, arithmetically: the cost follows the segments seen, never
 * the sequence numbers, so an origin whose EXT-X-MEDIA-SEQUENCE jumps by 10^9 mid-break costs no
 * more than one that does not. Pure.
 */

/** Consecutive origin segments from `fromSeq`: durations (NaN when only the index was seen) and discontinuity indexes. */
export interface SeenRun {
  readonly fromSeq: number;
  readonly durationsSec: number[];
  readonly discIndex: number[];
}

/** Runs kept per break; a break whose origin jumps more often than this forgets its oldest runs. */
const MAX_RUNS = 16;

interface HasContent {
  readonly originStartSeq: number;
  seen?: SeenRun[];
}

/** Records segment `seq` of the break: its duration (undefined for the segment that ends it) and discontinuity index. */
export function recordSeen(b: HasContent, seq: number, durationSec: number | undefined, discIndex: number): void {
  const runs = (b.seen ??= []);
  let r = runs.find((x) => seq >= x.fromSeq && seq <= x.fromSeq + x.discIndex.length);
  if (!r) {
    r = { fromSeq: seq, durationsSec: [], discIndex: [] };
    runs.push(r);
    runs.sort((x, y) => x.fromSeq - y.fromSeq);
    if (runs.length > MAX_RUNS) runs.splice(0, runs.length - MAX_RUNS);
  }
  const k = seq - r.fromSeq;
  if (durationSec !== undefined) r.durationsSec[k] = durationSec;
  else if (r.durationsSec.length <= k) r.durationsSec[k] = Number.NaN;
  r.discIndex[k] = discIndex;
  for (let i = 0; i < k; i++) r.durationsSec[i] ??= Number.NaN;
  mergeAdjacent(runs);
}

/** Content offset of origin segment `seq` from the break start (unseen durations estimated). */
export function contentOffsetSec(b: HasContent, seq: number, fallbackSec: number): number {
  let t = 0;
  let cursor = b.originStartSeq;
  for (const r of b.seen ?? []) {
    if (r.fromSeq >= seq) break;
    if (r.fromSeq > cursor) {
      t += (r.fromSeq - cursor) * fallbackSec;
      cursor = r.fromSeq;
    }
    const until = Math.min(seq, r.fromSeq + r.durationsSec.length);
    for (let s = cursor; s < until; s++) t += known(r.durationsSec[s - r.fromSeq], fallbackSec);
    cursor = Math.max(cursor, until);
  }
  if (seq > cursor) t += (seq - cursor) * fallbackSec;
  return t;
}

/**
 * The first origin sequence in [fromSeq, toSeq] whose offset from the break start reaches
 * `offsetSec`; linear in the segments seen in that range, arithmetic across unseen stretches.
 */
export function firstSeqReaching(b: HasContent, fromSeq: number, toSeq: number, offsetSec: number, fallbackSec: number): number | undefined {
  if (fromSeq > toSeq) return undefined;
  let t = contentOffsetSec(b, fromSeq, fallbackSec);
  let seq = fromSeq;
  const runs = b.seen ?? [];
  while (seq <= toSeq) {
    if (t >= offsetSec) return seq;
    const r = runs.find((x) => seq >= x.fromSeq && seq < x.fromSeq + x.durationsSec.length);
    if (r) {
      t += known(r.durationsSec[seq - r.fromSeq], fallbackSec);
      seq++;
      continue;
    }
    // An unseen stretch up to the next run: jump by as many estimated segments as needed.
    const nextRun = runs.find((x) => x.fromSeq > seq)?.fromSeq ?? Infinity;
    const gapEnd = Math.min(nextRun, toSeq + 1);
    const need = fallbackSec > 0 ? Math.max(1, Math.ceil((offsetSec - t) / fallbackSec - 1e-9)) : Infinity;
    if (seq + need < gapEnd) return seq + need;
    t += (gapEnd - seq) * fallbackSec;
    seq = gapEnd;
  }
  return t >= offsetSec && seq <= toSeq ? seq : undefined;
}

/** The durations seen for origin segments [fromSeq, toSeq), in order (unseen ones left out). */
export function seenDurationsSec(b: HasContent, fromSeq: number, toSeq: number): number[] {
  const out: number[] = [];
  for (const r of b.seen ?? []) {
    for (let s = Math.max(fromSeq, r.fromSeq); s < Math.min(toSeq, r.fromSeq + r.durationsSec.length); s++) {
      const d = r.durationsSec[s - r.fromSeq];
      if (d !== undefined && !Number.isNaN(d)) out.push(d);
    }
  }
  return out;
}

/** The origin discontinuity index recorded for `seq`, if it was seen. */
export function seenDiscIndex(b: HasContent, seq: number): number | undefined {
  const r = (b.seen ?? []).find((x) => seq >= x.fromSeq && seq < x.fromSeq + x.discIndex.length);
  const v = r?.discIndex[seq - r.fromSeq];
  return typeof v === 'number' ? v : undefined;
}

function known(d: number | undefined, fallbackSec: number): number {
  return d !== undefined && !Number.isNaN(d) ? d : fallbackSec;
}

function mergeAdjacent(runs: SeenRun[]): void {
  for (let i = 0; i + 1 < runs.length; i++) {
    const a = runs[i] as SeenRun;
    const b = runs[i + 1] as SeenRun;
    if (a.fromSeq + a.discIndex.length !== b.fromSeq) continue;
    for (let k = 0; k < b.discIndex.length; k++) {
      a.durationsSec[a.discIndex.length + k] = b.durationsSec[k] ?? Number.NaN;
    }
    a.discIndex.push(...b.discIndex);
    a.durationsSec.length = a.discIndex.length;
    runs.splice(i + 1, 1);
    i--;
  }
}
