/**
 * @module core/avails/settle-window
 * Second half of the ledger update, once ad decisions are known: closes breaks whose end is
 * known and records the numbering step each personalized break leaves behind
 * (core/avails/ledger). Breaks close strictly in order; a break still waiting for its decision
 * stops the pass (the playlist is held at that break). Mutates the ledger; no I/O.
 */
import { contentOffsetSec, firstSeqReaching, seenDiscIndex } from './break-content.ts';
import { placement, stepAt, type Ledger, type LedgerBreak } from './ledger.ts';
import { boundariesBefore, plannedDurationSec, slotsUntil, type Occurrence } from './slots.ts';
import type { WindowIndex } from './window-index.ts';

/** Tolerance when a signalled duration meets segment boundaries (6.006 × 5 vs 30). */
export const END_TOLERANCE_SEC = 0.5;

export function settleWindow(ledger: Ledger, index: WindowIndex, occurrencesOf: (key: string) => readonly Occurrence[] | undefined): void {
  const breaks = ledger.breaks;
  for (let i = 0; i < breaks.length; i++) {
    const b = breaks[i] as LedgerBreak;
    if (b.closed) continue;
    if (b.mode === 'pending') {
      if (!b.insertion) deriveEndFromDuration(b, index);
      // Still undecided when the window has passed the break's end: this response shows the
      // content after it without a numbering step, so a decision arriving later must not add one
      // (invariant 1: a sequence number always names the same segment). Too late: content.
      if (b.insertion || b.originEndSeq === undefined || b.originEndSeq > index.firstSeq) return;
      passthrough(b, 'no ad decision before the break left the window');
      continue;
    }
    place(ledger, i, occurrencesOf);
    if (!b.insertion) deriveEndFromDuration(b, index);
    if (b.mode === 'passthrough') {
      if (b.insertion || b.originEndSeq !== undefined) b.closed = true;
      else return;
      continue;
    }
    const occ = occurrencesOf(b.key) ?? [];
    if (b.insertion ? closeInsertion(ledger, b, index, occ) : closeReplacement(ledger, b, index, occ)) continue;
    return;
  }
}

/** Every earlier break is closed, so the step in effect at the break start is final. */
function place(ledger: Ledger, i: number, occurrencesOf: (key: string) => readonly Occurrence[] | undefined): void {
  const b = ledger.breaks[i] as LedgerBreak;
  if (b.outStartSeq !== undefined) return;
  const step = stepAt(ledger, b.originStartSeq);
  b.outStartSeq = b.originStartSeq + step.seqDelta;
  b.outDiscBefore = b.discIndexBeforeStart + step.discDelta;
  b.outTimeSec = b.originTimeSec + step.timeDeltaSec;
  // Back-to-back (CUE-IN and CUE-OUT on one segment, or an insertion where a replacement ends): no
  // content comes between the two outputs, so the stitcher writes one EXT-X-DISCONTINUITY (ad→ad)
  // where the step counted an ad→content one and the next break a content→ad one. The item just
  // before this break is the previous break's last slot (invariant 2: one number per segment).
  const prev = i > 0 ? adjacentBefore(ledger.breaks[i - 1] as LedgerBreak, b) : undefined;
  if (prev && b.mode === 'personalize') {
    const at = placement(prev);
    const slots = slotsUntil(occurrencesOf(prev.key) ?? [], Infinity, prev.outputCount ?? 0);
    if (slots.length > 0) b.outDiscBefore = at.outDiscBefore + 1 + boundariesBefore(slots, slots.length - 1);
  }
}

/** `prev` when it is the personalized, closed break whose output ends exactly where `b` starts. */
function adjacentBefore(prev: LedgerBreak, b: LedgerBreak): LedgerBreak | undefined {
  if (prev.mode !== 'personalize' || !prev.closed || (prev.outputCount ?? 0) === 0) return undefined;
  return prev.replacedEndSeq === b.originStartSeq ? prev : undefined;
}

/** A signalled duration ends the break at the first segment whose offset reaches it. */
function deriveEndFromDuration(b: LedgerBreak, index: WindowIndex): void {
  const d = b.signalledDurationSec;
  if (!d || d <= 0) return;
  const limit = b.originEndSeq ?? index.endSeq;
  const seq = firstSeqReaching(b, Math.max(b.originStartSeq + 1, index.firstSeq), Math.min(limit, index.endSeq - 1), d - END_TOLERANCE_SEC, index.targetSec);
  if (seq !== undefined && (b.originEndSeq === undefined || seq < b.originEndSeq)) b.originEndSeq = seq;
}

function closeInsertion(ledger: Ledger, b: LedgerBreak, index: WindowIndex, occ: readonly Occurrence[]): boolean {
  const total = plannedDurationSec(occ);
  const slots = Number.isFinite(total) ? slotsUntil(occ, total + 1) : [];
  if (slots.length === 0) return passthrough(b, 'no ads to insert');
  const p = b.originStartSeq;
  const at = placement(b);
  const before = stepAt(ledger, p);
  const inserted = 2 + boundariesBefore(slots, slots.length - 1);
  addStep(ledger, {
    fromSeq: p,
    seqDelta: before.seqDelta + slots.length,
    discDelta: at.outDiscBefore + inserted - discAt(index, p),
    timeDeltaSec: before.timeDeltaSec + slots.reduce((s, x) => s + x.durationSec, 0),
  });
  b.outputCount = slots.length;
  b.replacedEndSeq = p;
  b.closed = true;
  return true;
}

function closeReplacement(ledger: Ledger, b: LedgerBreak, index: WindowIndex, occ: readonly Occurrence[]): boolean {
  const fill = plannedDurationSec(occ);
  // Without slate the replaced region ends where the ads end; the rest of the break is content.
  let r = b.originEndSeq;
  if (Number.isFinite(fill)) {
    const upTo = Math.min(r ?? Infinity, index.endSeq - 1);
    r = firstSeqReaching(b, b.originStartSeq + 1, upTo, fill - END_TOLERANCE_SEC, index.targetSec) ?? r;
  }
  // The end must be a segment this window shows (its discontinuity index is needed), or behind it.
  if (r === undefined || r >= index.endSeq) return false;
  const slots = slotsUntil(occ, contentOffsetSec(b, r, index.targetSec));
  if (slots.length === 0) return passthrough(b, 'plan has no segment to play');
  const at = placement(b);
  const inserted = 2 + boundariesBefore(slots, slots.length - 1);
  const outEnd = at.outStartSeq + slots.length;
  addStep(ledger, {
    fromSeq: r,
    seqDelta: outEnd - r,
    discDelta: at.outDiscBefore + inserted - discAt(index, r, b),
    timeDeltaSec: at.outTimeSec + slots.reduce((s, x) => s + x.durationSec, 0) - (b.originTimeSec + contentOffsetSec(b, r, index.targetSec)),
  });
  b.replacedEndSeq = r;
  b.outputCount = slots.length;
  b.closed = true;
  return true;
}

/**
 * Origin discontinuity index at `seq`. A segment behind the window (the break closes late, after
 * a decision that took several reloads) has the index recorded while the break was open: origin
 * discontinuities between it and the window must not shift the content after the break.
 */
function discAt(index: WindowIndex, seq: number, b?: LedgerBreak): number {
  if (seq >= index.firstSeq) return index.discIndex(seq);
  const recorded = b ? seenDiscIndex(b, seq) : undefined;
  if (recorded !== undefined) return recorded;
  return index.discIndex(index.firstSeq) - (index.discontinuity(index.firstSeq) ? 1 : 0);
}

function passthrough(b: LedgerBreak, reason: string): boolean {
  b.mode = 'passthrough';
  b.reason = reason;
  b.closed = true;
  return true;
}

function addStep(ledger: Ledger, step: Ledger['steps'][number]): void {
  const steps = ledger.steps;
  while (steps.length > 0 && (steps[steps.length - 1]?.fromSeq ?? -Infinity) >= step.fromSeq) steps.pop();
  steps.push(step);
}
