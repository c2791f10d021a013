/**
 * @module core/dash/period-timing
 * Where each Period sits on the MPD timeline (ISO/IEC 23009-1 §5.3.2.1) and the MPD-level timing
 * attributes (§5.3.1.2). Pure; a period whose start cannot be derived is an error value.
 *
 * PeriodStart: `@start` if present; else the previous period's start + its `@duration`; else 0
 * for the first period of a static MPD. Anything else (the first period of a dynamic MPD without
 * `@start`, a period after one without `@duration`) is an early-available or underivable period,
 * which we do not serve. A period ends where the next one starts; the last one at
 * start + `@duration`, else at `@mediaPresentationDuration` (static), else it is open (live).
 */
import { parseIsoDurationNs } from '../time/iso-duration.ts';
import { parseDateTimeMs } from './date-time.ts';
import { add, cmp, rat, sub, toSec, type Rat } from './rational.ts';
import { attr, childElements, type XElement } from './xml.ts';

export interface MpdInfo {
  readonly type: 'static' | 'dynamic';
  readonly availabilityStartTimeMs?: number;
  readonly publishTimeMs?: number;
  readonly mediaPresentationDuration?: Rat;
  readonly minimumUpdatePeriod?: Rat;
  readonly timeShiftBufferDepth?: Rat;
}

export interface PeriodTiming {
  /** Position among the MPD's Period elements. */
  readonly index: number;
  readonly id?: string;
  /** PeriodStart, seconds on the MPD timeline, exact. */
  readonly start: Rat;
  /** Exclusive end, when known. */
  readonly end?: Rat;
  /** `@start` was written on the element (not derived). */
  readonly explicitStart: boolean;
  readonly startSec: number;
  readonly durationSec?: number;
}

export type TimingError = { readonly code: 'period-timing'; readonly message: string };

/** xs:duration attribute → exact seconds. */
export function durationAttr(el: XElement, name: string): Rat | undefined {
  const v = attr(el, name);
  if (v === undefined) return undefined;
  const ns = parseIsoDurationNs(v, { calendar: 'dash' });
  return ns === undefined ? undefined : rat(ns, 1_000_000_000n);
}

export function readMpdInfo(mpd: XElement): MpdInfo {
  const type = attr(mpd, 'type') === 'dynamic' ? 'dynamic' : 'static';
  const ast = parseDateTimeMs(attr(mpd, 'availabilityStartTime'));
  const pub = parseDateTimeMs(attr(mpd, 'publishTime'));
  const mpdDuration = durationAttr(mpd, 'mediaPresentationDuration');
  const mup = durationAttr(mpd, 'minimumUpdatePeriod');
  const tsb = durationAttr(mpd, 'timeShiftBufferDepth');
  return {
    type,
    ...(ast === undefined ? {} : { availabilityStartTimeMs: ast }),
    ...(pub === undefined ? {} : { publishTimeMs: pub }),
    ...(mpdDuration === undefined ? {} : { mediaPresentationDuration: mpdDuration }),
    ...(mup === undefined ? {} : { minimumUpdatePeriod: mup }),
    ...(tsb === undefined ? {} : { timeShiftBufferDepth: tsb }),
  };
}

export function periodElements(mpd: XElement): XElement[] {
  return childElements(mpd, 'Period');
}

/** Start and end of every Period, in document order. */
export function resolvePeriodTimings(mpd: XElement, info: MpdInfo = readMpdInfo(mpd)): { ok: true; value: PeriodTiming[] } | { ok: false; error: TimingError } {
  const periods = periodElements(mpd);
  const starts: Rat[] = [];
  const fail = (message: string): { ok: false; error: TimingError } => ({ ok: false, error: { code: 'period-timing', message } });
  for (const [i, p] of periods.entries()) {
    const label = describePeriod(p, i);
    const startText = attr(p, 'start');
    const explicit = startText === undefined ? undefined : durationAttr(p, 'start');
    if (startText !== undefined && explicit === undefined) return fail(`${label} has an unreadable @start "${startText}"`);
    let start = explicit;
    if (start === undefined) {
      const prev = periods[i - 1];
      const prevStart = starts[i - 1];
      const prevDuration = prev ? durationAttr(prev, 'duration') : undefined;
      if (prev && prevStart && prevDuration) start = add(prevStart, prevDuration);
      else if (i === 0 && info.type === 'static') start = rat(0n);
      else return fail(`${label} has no @start and none can be derived (the previous period has no @duration)`);
    }
    const prevStart = starts[i - 1];
    if (prevStart && cmp(start, prevStart) < 0) return fail(`${label} starts before the period it follows`);
    starts.push(start);
  }
  const out: PeriodTiming[] = [];
  for (const [i, p] of periods.entries()) {
    const start = starts[i] ?? rat(0n);
    const next = starts[i + 1];
    const duration = durationAttr(p, 'duration');
    let end: Rat | undefined = next ?? (duration ? add(start, duration) : undefined);
    if (end === undefined && i === periods.length - 1 && info.mediaPresentationDuration && info.type === 'static') end = info.mediaPresentationDuration;
    if (end !== undefined && cmp(end, start) < 0) return fail(`${describePeriod(p, i)} ends before it starts`);
    const id = attr(p, 'id');
    out.push({
      index: i,
      ...(id === undefined ? {} : { id }),
      start,
      ...(end === undefined ? {} : { end }),
      explicitStart: attr(p, 'start') !== undefined,
      startSec: toSec(start),
      ...(end === undefined ? {} : { durationSec: toSec(sub(end, start)) }),
    });
  }
  return { ok: true, value: out };
}

export function describePeriod(p: XElement, index: number): string {
  const id = attr(p, 'id');
  return id === undefined ? `Period ${index + 1}` : `Period ${index + 1} (id "${id}")`;
}
