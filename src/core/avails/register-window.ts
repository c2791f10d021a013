/**
 * @module core/avails/register-window
 * First half of a media playlist request: record what this origin window says in the session
 * ledger. Anchors the session timeline on the first window, advances the origin-time cursor,
 * opens a ledger break for each newly seen break (pending an ad decision, or passthrough when
 * suppressed), records cue-ins and content durations of open breaks. Mutates the ledger it is
 * given; no I/O. Pure otherwise.
 */
import type { AvailSuppression } from '../config/playback-configuration.ts';
import type { MediaPlaylist } from '../hls/media-playlist.ts';
import { recordSeen } from './break-content.ts';
import type { DetectedBreak, OpenBreakHint } from './detect-hls.ts';
import type { Ledger, LedgerBreak } from './ledger.ts';
import { openPrerollBreak, prerollOverlap, type PrerollOptions } from './preroll.ts';
import { judgeBreak } from './suppression.ts';
import { indexWindow, type WindowIndex } from './window-index.ts';

export interface RegisterOptions {
  readonly vod: boolean;
  readonly suppression?: AvailSuppression;
  /** Open a live pre-roll on the session's first window (LivePreRollConfiguration). */
  readonly preroll?: PrerollOptions;
  /** What the pre-roll's plan plays, once decided: where it ends (origin breaks it overlaps start there). */
  readonly prerollFillSec?: number;
}

/** The ledger break in progress at the start of the window, for detection (DATERANGE has no CONT lines). */
export function openBreakHint(ledger: Ledger, firstSeq: number): OpenBreakHint | undefined {
  const b = ledger.breaks.find((x) => !x.insertion && !x.preroll && (x.cueOutSeq ?? x.originStartSeq) < firstSeq && (x.originEndSeq === undefined || x.originEndSeq > firstSeq));
  if (!b) return undefined;
  return {
    startSeq: b.originStartSeq,
    ...(b.eventId ? { eventId: b.eventId } : {}),
    ...(b.scte?.eventId !== undefined ? { scteEventId: String(b.scte.eventId) } : {}),
    ...(b.signalledDurationSec ? { durationSec: b.signalledDurationSec } : {}),
  };
}

/** Records the window; returns the window index and the breaks opened by this call. Linear in the window and the breaks. */
export function registerWindow(ledger: Ledger, model: MediaPlaylist, detected: readonly DetectedBreak[], opts: RegisterOptions): { index: WindowIndex; opened: LedgerBreak[] } {
  const index = indexWindow(model, model.count > 0 ? originTimeOfFirst(ledger, model) : 0);
  if (model.count === 0) return { index, opened: [] };
  const opened: LedgerBreak[] = [];
  if (ledger.anchorSeq === undefined) {
    ledger.anchorSeq = index.firstSeq;
    ledger.vod = opts.vod;
    ledger.joinEdge = { seq: index.endSeq, timeSec: index.timeSec(index.endSeq) };
    // The first break of the ledger, before the origin's: those it overlaps give way to it
    // (core/avails/preroll); the origin's are sorted in after it below.
    if (opts.preroll && !opts.vod) openPrerollBreak(ledger, index, opts.preroll);
  }
  // Origin segments before the cursor were in earlier windows, so some response may already have
  // shown them as content (a rendition lagging behind the others can still show a break start
  // that none of the windows before it contained).
  const servedBefore = ledger.cursor?.seq;
  if (!ledger.cursor || ledger.cursor.seq < index.endSeq) ledger.cursor = { seq: index.endSeq, timeSec: index.timeSec(index.endSeq) };

  // The open pre-roll's content in this window is recorded first: where it ends decides where an
  // origin break it overlaps starts, and must be computed as settleWindow will close it.
  const preroll = ledger.breaks.find((b) => b.preroll && !b.closed);
  if (preroll) recordBreakContent(preroll, index);
  const match = breakMatcher(ledger);
  for (const d of detected) {
    const existing = match(d);
    if (existing) {
      if (d.endSeq !== undefined && existing.originEndSeq === undefined && !existing.insertion) {
        existing.originEndSeq = d.endSeq;
        existing.endLines = d.endLines;
      }
      existing.signalledDurationSec ??= d.durationSec;
      continue;
    }
    const overlap = prerollOverlap(ledger, d, index, opts.prerollFillSec);
    if (overlap.kind === 'later') continue;
    const b = openBreak(ledger, index, d, opts, servedBefore, overlap.kind === 'from' ? overlap.seq : undefined);
    if (!b) continue;
    if (overlap.kind === 'cut') {
      b.originEndSeq = overlap.endSeq;
      b.endLines = [];
    } else if (overlap.kind === 'covered' && b.mode === 'pending') {
      b.mode = 'passthrough';
      b.reason = 'inside the live pre-roll';
    }
    opened.push(b);
  }
  if (opened.length > 0) {
    ledger.breaks.push(...opened);
    ledger.breaks.sort((x, y) => x.originStartSeq - y.originStartSeq || Number(y.insertion) - Number(x.insertion));
  }
  recordContentDurations(ledger, index);
  return { index, opened };
}

/**
 * The ledger break a detected break is, if any: an insertion point by its sequence; otherwise the
 * first break (in ledger order) that starts at the same segment or whose range overlaps (a partial
 * fill starts later than the cue-out). Detected breaks come in window order, so one cursor over
 * the ledger's breaks answers them all in linear time.
 */
function breakMatcher(ledger: Ledger): (d: DetectedBreak) => LedgerBreak | undefined {
  const order = new Map<LedgerBreak, number>();
  const insertions = new Map<number, LedgerBreak>();
  const byStart = new Map<number, LedgerBreak>();
  const spans: LedgerBreak[] = [];
  ledger.breaks.forEach((b, i) => {
    order.set(b, i);
    if (b.preroll) return;
    if (b.insertion) {
      if (!insertions.has(b.originStartSeq)) insertions.set(b.originStartSeq, b);
      return;
    }
    if (!byStart.has(b.originStartSeq)) byStart.set(b.originStartSeq, b);
    spans.push(b);
  });
  let j = 0;
  return (d) => {
    if (d.insertion) return d.startSeq === undefined ? undefined : insertions.get(d.startSeq);
    const from = d.startSeq ?? d.firstSeqInWindow;
    const to = d.endSeq ?? Infinity;
    while (j < spans.length && ((spans[j] as LedgerBreak).originEndSeq ?? Infinity) <= from) j++;
    const c = spans[j];
    const overlapping = c && c.originStartSeq < Math.max(to, from + 1) ? c : undefined;
    const same = d.startSeq !== undefined ? byStart.get(d.startSeq) : undefined;
    if (!overlapping) return same;
    if (!same) return overlapping;
    return (order.get(same) ?? 0) < (order.get(overlapping) ?? 0) ? same : overlapping;
  };
}

function openBreak(ledger: Ledger, index: WindowIndex, d: DetectedBreak, opts: RegisterOptions, servedBefore: number | undefined, fromSeq?: number): LedgerBreak | undefined {
  const joined = d.startSeq === undefined;
  const edge = ledger.joinEdge ?? { seq: index.endSeq, timeSec: index.timeSec(index.endSeq) };
  let startSeq = d.startSeq ?? d.firstSeqInWindow;
  let joinedElapsedSec = joined ? d.elapsedAtFirstSec : undefined;
  let cueOutSeq: number | undefined;
  let verdict = opts.vod
    ? ({ fill: true, partial: false } as const)
    : judgeBreak(opts.suppression, edge.timeSec, { startTimeSec: index.timeSec(startSeq), joined, inProgressAtJoin: startSeq < edge.seq && (d.endSeq ?? Infinity) > edge.seq });
  // PARTIAL_AVAIL for a break in progress at join: fill from the live edge at join on (the last
  // segment of the window, the edge itself is not published yet). A break that begins inside the
  // live pre-roll: fill from the pre-roll's end. The elapsed time is measured to that segment, so
  // the remaining duration ends the break where the origin does.
  const partialFrom = fromSeq ?? (verdict.fill && verdict.partial && !joined ? Math.min(edge.seq, index.endSeq - 1) : undefined);
  if (partialFrom !== undefined && partialFrom > startSeq) {
    joinedElapsedSec = (joinedElapsedSec ?? 0) + index.timeSec(partialFrom) - index.timeSec(startSeq);
    cueOutSeq = d.startSeq ?? startSeq;
    startSeq = partialFrom;
  }
  if (startSeq < index.firstSeq || startSeq >= index.endSeq) verdict = { fill: false, reason: 'break start outside the window' };
  // First seen in a window that starts behind what earlier windows showed: its start may already
  // have played as content in another rendition, and a sequence number must keep naming the same
  // segment in every rendition (DESIGN §6 invariants 1, 3). Too late to personalize.
  else if (!opts.vod && servedBefore !== undefined && startSeq < servedBefore) verdict = { fill: false, reason: 'break start already shown as content' };
  const discBefore = index.discIndex(startSeq) - (index.discontinuity(startSeq) ? 1 : 0);
  const pdtMs = index.pdtMs(startSeq);
  const b: LedgerBreak = {
    key: d.insertion ? `i${startSeq}` : String(startSeq),
    originStartSeq: startSeq,
    ...(cueOutSeq !== undefined && cueOutSeq !== startSeq ? { cueOutSeq } : {}),
    insertion: d.insertion,
    joined,
    ...(d.eventId !== undefined ? { eventId: d.eventId } : {}),
    ...(d.durationSec !== undefined ? { signalledDurationSec: Math.max(0, d.durationSec - (joinedElapsedSec ?? 0)) } : {}),
    ...(d.endSeq !== undefined && !d.insertion ? { originEndSeq: d.endSeq } : {}),
    discIndexBeforeStart: discBefore,
    ...(pdtMs !== undefined ? { pdtMs } : {}),
    mode: verdict.fill ? 'pending' : 'passthrough',
    ...(verdict.fill ? {} : { reason: verdict.reason }),
    closed: false,
    startLines: d.startLines,
    endLines: d.endLines,
    asset: d.asset,
    ...(d.scte ? { scte: d.scte } : {}),
    availIndex: ++ledger.availCount,
    originTimeSec: index.timeSec(startSeq),
    ...(joinedElapsedSec !== undefined ? { joinedElapsedSec } : {}),
  };
  return b;
}

/**
 * Keeps the durations of the origin segments inside open breaks (duration-based ends, offsets)
 * and the discontinuity indexes through the end segment (the step at the break end): for each open
 * break, only the segments of the window it covers.
 */
function recordContentDurations(ledger: Ledger, index: WindowIndex): void {
  for (const b of ledger.breaks) if (!b.closed && !b.insertion) recordBreakContent(b, index);
}

function recordBreakContent(b: LedgerBreak, index: WindowIndex): void {
  const end = b.originEndSeq ?? Infinity;
  const from = Math.max(b.originStartSeq, index.firstSeq);
  const to = Math.min(end, index.endSeq - 1);
  for (let seq = from; seq <= to; seq++) recordSeen(b, seq, seq < end ? index.durationSec(seq) : undefined, index.discIndex(seq));
}

/** Session-relative origin time of the window's first segment, from the cursor. */
function originTimeOfFirst(ledger: Ledger, model: MediaPlaylist): number {
  const c = ledger.cursor;
  const n = model.count;
  if (n === 0 || !c) return 0;
  const firstSeq = model.mediaSequence;
  const lastSeq = firstSeq + n - 1;
  const target = model.targetDurationSec || (model.durationsSec[0] as number) || 6;
  if (c.seq < firstSeq) return c.timeSec + (c.seq - firstSeq) * -target;
  let t = c.timeSec;
  if (c.seq <= lastSeq + 1) {
    for (let i = 0; i < c.seq - firstSeq; i++) t -= model.durationsSec[i] as number;
    return t;
  }
  for (let i = 0; i < n; i++) t -= model.durationsSec[i] as number;
  return t - (c.seq - lastSeq - 1) * target;
}
