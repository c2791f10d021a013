/**
 * @module core/dash/stitch
 * Puts ad and slate periods into an MPD at its breaks: the content period is sliced around each
 * break (slice-period), the inserted periods go between the slices, and every period gets an
 * explicit `@start`. Pure.
 *
 * - `insert` (VOD): nothing is removed; every later period moves by the inserted time and
 *   `@mediaPresentationDuration` grows by it.
 * - `replace` (live): [offset, offset + replaceDuration) of the content is cut and the inserted
 *   periods fill exactly that span, so content after the break keeps its place on the timeline
 *   (and `availabilityStartTime` stays right). Inserted periods that overrun the span are cut or
 *   dropped; a shortfall is reported (the caller fills it with slate, buildSlatePeriods). An
 *   `overrun` edit's periods may run past the end of their period (the live pre-roll): the
 *   caller cuts the content they cover in the periods after it with edits that insert nothing.
 * The open tail of a live period whose content after the break has no segment yet is left out
 * until a reload has some. Content slice ids: the first slice keeps the Period@id, a later slice is
 * `{periodId}_{offset as xs:duration}` (offset in the original period, so stable across reloads).
 * SCTE-35 EventStreams are removed from every content period unless `keepScteEventStreams`.
 */
import { withoutScteEventStreams } from './detect-breaks.ts';
import { setMediaPresentationDuration } from './mpd-level.ts';
import { withRoot, type MpdDocument, type ParsedMpd } from './mpd-parse.ts';
import { durationAttr, periodElements, type PeriodTiming } from './period-timing.ts';
import { add, cmp, min, rat, sub, toSec, type Rat } from './rational.ts';
import { formatDuration, slicePeriod, spanText } from './slice-period.ts';
import { attr, localName, withAttrs, withChildren, type XElement, type XNode } from './xml.ts';

/** One period to insert; its `@start` and `@duration` are set by the stitcher. */
export interface InsertedPeriod {
  readonly period: XElement;
  readonly duration: Rat;
}

export interface BreakEdit {
  readonly periodIndex: number;
  /** Break start from the period start. */
  readonly offset: Rat;
  readonly mode: 'insert' | 'replace';
  /** Content cut by a `replace` (the break duration); default: to the period end. */
  readonly replaceDuration?: Rat;
  /**
   * `replace` only: the inserted periods play whole even past the end of this period (the
   * content of the periods they reach is cut by edits of those periods, with no periods of their
   * own); otherwise they are cut at its end.
   */
  readonly overrun?: boolean;
  readonly periods: readonly InsertedPeriod[];
}

export interface StitchOptions {
  readonly keepScteEventStreams?: boolean;
}

/** Where an inserted period landed on the output timeline (after any cut). */
export interface PlacedPeriod {
  readonly id: string;
  readonly start: Rat;
  readonly duration: Rat;
}

export interface Stitched {
  readonly doc: MpdDocument;
  readonly diagnostics: readonly string[];
  /** Every inserted period that was written, in document order. */
  readonly placed: readonly PlacedPeriod[];
}

/** A content slice id: the period's own id at offset 0, else `{id}_{offset}`. */
export function contentSliceId(periodKey: string, offset: Rat): string {
  return offset.n === 0n ? periodKey : `${periodKey}_${formatDuration(offset)}`;
}

export function stitchBreaks(mpd: ParsedMpd, edits: readonly BreakEdit[], options: StitchOptions = {}): Stitched {
  const diagnostics: string[] = [];
  const placed: PlacedPeriod[] = [];
  const periods = periodElements(mpd.doc.root);
  const out = new Map<XElement, XElement[]>();
  let shift = rat(0n);
  for (const [i, original] of periods.entries()) {
    const timing = mpd.periods[i];
    if (!timing) continue;
    const period = options.keepScteEventStreams ? original : withoutScteEventStreams(original);
    const mine = edits.filter((e) => e.periodIndex === i).sort((a, b) => cmp(a.offset, b.offset));
    if (mine.length === 0) {
      out.set(original, [shift.n === 0n ? period : withAttrs(period, { start: formatDuration(add(timing.start, shift)) })]);
      continue;
    }
    const r = stitchPeriod(period, timing, mine, shift, diagnostics, placed);
    out.set(original, r.periods);
    shift = r.shift;
  }
  let root = withChildren(mpd.doc.root, mpd.doc.root.children.flatMap((c): XNode[] => (c.kind === 'element' && localName(c.name) === 'Period' ? (out.get(c) ?? [c]) : [c])));
  const total = durationAttr(mpd.doc.root, 'mediaPresentationDuration');
  if (shift.n !== 0n && total) root = setMediaPresentationDuration(root, add(total, shift));
  return { doc: withRoot(mpd.doc, root), diagnostics, placed };
}

function stitchPeriod(period: XElement, timing: PeriodTiming, edits: readonly BreakEdit[], shiftIn: Rat, diagnostics: string[], placed: PlacedPeriod[]): { periods: XElement[]; shift: Rat } {
  const key = timing.id ?? formatDuration(timing.start);
  const length = timing.end === undefined ? undefined : sub(timing.end, timing.start);
  const result: XElement[] = [];
  let shift = shiftIn;
  let cursor = rat(0n);
  const contentSlice = (from: Rat, to: Rat | undefined): void => {
    if (to !== undefined && cmp(to, from) <= 0) return;
    const sliced = slicePeriod(period, { id: contentSliceId(key, from), start: add(add(timing.start, shift), from), from, ...(to === undefined ? {} : { to }) });
    // The open end of a live period after a break has no segment yet: it appears on a later reload.
    if (to === undefined && sliced.representations > 0 && sliced.emptyRepresentations.length === sliced.representations) return;
    if (sliced.emptyRepresentations.length > 0) diagnostics.push(`${key} slice at ${formatDuration(from)}: no segment for ${sliced.emptyRepresentations.join(', ')}`);
    result.push(sliced.period);
  };
  for (const e of edits) {
    if (cmp(e.offset, cursor) < 0 || (length !== undefined && cmp(e.offset, length) > 0)) {
      diagnostics.push(`${key}: break at ${formatDuration(e.offset)} is outside the period or overlaps the previous break; skipped`);
      continue;
    }
    contentSlice(cursor, e.offset);
    const at = add(add(timing.start, shift), e.offset);
    if (e.mode === 'insert') {
      const inserted = place(e.periods, at, undefined, placed);
      result.push(...inserted.periods);
      shift = add(shift, inserted.total);
      cursor = e.offset;
      continue;
    }
    const span = e.replaceDuration ?? (length === undefined ? undefined : sub(length, e.offset));
    const bounded = span === undefined || length === undefined ? span : min(span, sub(length, e.offset));
    const inserted = place(e.periods, at, e.overrun ? span : bounded, placed);
    result.push(...inserted.periods);
    if (bounded !== undefined && e.periods.length > 0 && cmp(inserted.total, bounded) < 0) diagnostics.push(`${key}: the inserted periods leave ${toSec(sub(bounded, inserted.total)).toFixed(3)} s of the break unfilled`);
    if (inserted.cut) diagnostics.push(`${key}: inserted periods cut to the break's ${bounded === undefined ? '?' : toSec(bounded).toFixed(3)} s`);
    cursor = bounded === undefined ? (length ?? e.offset) : add(e.offset, bounded);
    if (bounded === undefined) return { periods: result, shift };
  }
  contentSlice(cursor, length);
  return { periods: result, shift };
}

/** Sets start/duration of the inserted periods from `at`, cut to `limit` when given; records each in `placed`. */
function place(periods: readonly InsertedPeriod[], at: Rat, limit: Rat | undefined, placed: PlacedPeriod[]): { periods: XElement[]; total: Rat; cut: boolean } {
  const out: XElement[] = [];
  let total = rat(0n);
  let cut = false;
  for (const p of periods) {
    let d = p.duration;
    if (limit !== undefined && cmp(add(total, d), limit) > 0) {
      d = sub(limit, total);
      cut = true;
      if (d.n <= 0n) break;
    }
    const start = add(at, total);
    out.push(withAttrs(p.period, { start: formatDuration(start), duration: spanText(start, d) }));
    placed.push({ id: attr(p.period, 'id') ?? '', start, duration: d });
    total = add(total, d);
  }
  return { periods: out, total, cut };
}
