/**
 * @module core/dash/detect-breaks
 * Finds the ad breaks of an MPD from its SCTE-35 EventStreams (SCTE 214-1 §6.7: schemes
 * `urn:scte:scte35:2013:xml` and `urn:scte:scte35:2014:xml+bin`), format-neutral: each break is
 * a start on the MPD timeline, a duration and the decoded signal. Pure.
 *
 * Which events make avails (MediaTailor's `DashConfiguration.OriginManifestType`):
 * - `MULTI_PERIOD`: a Period whose first Event (document order, first SCTE-35 EventStream) is a
 *   cue-out is an avail, and only that Event counts. The avail id is the Period@id.
 * - `SINGLE_PERIOD`: every cue-out Event is an avail. The avail id is `{periodId}_{Event@id}`,
 *   or `{periodId}_t{presentationTime}` for an Event without id. A repeat of the same splice
 *   event (same event id, inside a break already found, e.g. signalled in both schemes) is not
 *   a new avail.
 * Ids come from the MPD only, so they are the same on every reload of a live MPD.
 *
 * Duration, first found: `Event@duration`; the splice_insert `break_duration`; the
 * segmentation_duration; the matching cue-in Event (same splice/segmentation event id, or any
 * cue-in) later in the period; the end of the period. An open live period gives none.
 * Cue-out means splice_insert with out_of_network_indicator = 1, or time_signal with a
 * break / provider-distributor advertisement / placement-opportunity start
 * segmentation_type_id (core/scte35/avail-signal).
 */
import { classifyAvailSignal, type AvailSignal, type SpliceInfoSection } from '../scte35/index.ts';
import type { ParsedMpd } from './mpd-parse.ts';
import type { PeriodTiming } from './period-timing.ts';
import { add, cmp, rat, sub, toSec, type Rat } from './rational.ts';
import { decodeEventSignal, scte35Scheme, type SignalScheme } from './scte35-xml.ts';
import { bigAttr } from './segment-info.ts';
import { eventOffset, formatDuration } from './slice-period.ts';
import { attr, childElements, localName, type XElement } from './xml.ts';

export type OriginManifestType = 'MULTI_PERIOD' | 'SINGLE_PERIOD';

export type DurationSource = 'event' | 'break-duration' | 'segmentation-duration' | 'cue-in' | 'period-end';

/** Where an Event sits: period, its index among the period's EventStreams, its index among the stream's Events. */
export interface EventRef {
  readonly periodIndex: number;
  readonly streamIndex: number;
  readonly eventIndex: number;
}

export interface DashBreak {
  /** Avail id, stable across reloads (see module header). */
  readonly id: string;
  readonly periodIndex: number;
  readonly periodId?: string;
  /** Break start from its period's start, exact seconds. */
  readonly offset: Rat;
  /** Break start on the MPD timeline, exact and in seconds. */
  readonly start: Rat;
  readonly startSec: number;
  /** The Event's presentationTime and its EventStream timescale, as written. */
  readonly eventTime: { readonly presentationTime: bigint; readonly timescale: bigint };
  readonly duration?: Rat;
  readonly durationSec?: number;
  readonly durationSource?: DurationSource;
  readonly scheme: SignalScheme;
  /** `Event@id`, when present. */
  readonly eventId?: string;
  /** The decoded SCTE-35 signal: kind, event id, `[scte.*]` ADS fields. */
  readonly signal: AvailSignal;
  readonly event: EventRef;
}

/**
 * An overlay placement opportunity (segmentation type 0x38, or the distributor's 0x3A; docs/dash.md
 * "Overlay avails"): never a linear break, whatever the origin manifest type; content stays.
 */
export interface DashOverlaySignal {
  /** `{periodKey}_{Event@id}`, or `{periodKey}_t{presentationTime}` without an id: stable across reloads. */
  readonly id: string;
  readonly periodIndex: number;
  /** Start on the MPD timeline, in seconds. */
  readonly startSec: number;
  /** `Event@duration`, else the segmentation duration; absent when neither is signalled. */
  readonly durationSec?: number;
  readonly signal: AvailSignal;
}

export interface DetectedBreaks {
  readonly breaks: readonly DashBreak[];
  /** Overlay placement opportunities, one per Event (document order within each period). */
  readonly overlays: readonly DashOverlaySignal[];
  /** Unreadable or ignored signals, for logs. */
  readonly diagnostics: readonly string[];
}

interface SignalEvent {
  readonly ref: EventRef;
  readonly offset: Rat;
  readonly presentationTime: bigint;
  readonly timescale: bigint;
  readonly eventDuration?: Rat;
  readonly eventId?: string;
  readonly scheme: SignalScheme;
  readonly signal: AvailSignal;
  readonly section: SpliceInfoSection;
}

export function detectDashBreaks(mpd: ParsedMpd, mode: OriginManifestType): DetectedBreaks {
  const diagnostics: string[] = [];
  const breaks: DashBreak[] = [];
  const overlays: DashOverlaySignal[] = [];
  const periods = childElements(mpd.doc.root, 'Period');
  for (const [pi, period] of periods.entries()) {
    const timing = mpd.periods[pi];
    if (!timing) continue;
    const events = readSignalEvents(period, pi, diagnostics);
    const periodKey = timing.id ?? formatDuration(timing.start);
    for (const ev of events.all) {
      if (ev.signal.kind !== 'overlay-start') continue;
      const o = toOverlay(`${periodKey}_${ev.eventId ?? `t${ev.presentationTime}`}`, ev, timing);
      if (!overlays.some((x) => x.id === o.id)) overlays.push(o);
    }
    if (mode === 'MULTI_PERIOD') {
      const first = events.first;
      if (first && first.signal.kind === 'cue-out') breaks.push(toBreak(periodKey, first, events.all, timing));
      continue;
    }
    for (const ev of events.all) {
      if (ev.signal.kind !== 'cue-out') continue;
      const candidate = toBreak(`${periodKey}_${ev.eventId ?? `t${ev.presentationTime}`}`, ev, events.all, timing);
      if (breaks.some((b) => b.periodIndex === pi && repeats(b, candidate))) {
        diagnostics.push(`${candidate.id}: repeat of splice event ${String(ev.signal.eventId)} inside a break already found, ignored`);
        continue;
      }
      breaks.push(candidate);
    }
  }
  return { breaks, overlays, diagnostics };
}

function toOverlay(id: string, ev: SignalEvent, timing: PeriodTiming): DashOverlaySignal {
  const start = add(timing.start, ev.offset.n < 0n ? rat(0n) : ev.offset);
  const durationSec = ev.eventDuration !== undefined ? toSec(ev.eventDuration) : ev.signal.durationSec;
  return {
    id,
    periodIndex: timing.index,
    startSec: toSec(start),
    ...(durationSec !== undefined && Number.isFinite(durationSec) ? { durationSec } : {}),
    signal: ev.signal,
  };
}

/** Same splice event id, starting inside (or at) an earlier break of the same period. */
function repeats(earlier: DashBreak, later: DashBreak): boolean {
  if (earlier.signal.eventId === undefined || earlier.signal.eventId !== later.signal.eventId) return false;
  if (cmp(later.offset, earlier.offset) < 0) return false;
  return earlier.duration === undefined || cmp(later.offset, add(earlier.offset, earlier.duration)) <= 0;
}

function readSignalEvents(period: XElement, periodIndex: number, diagnostics: string[]): { all: SignalEvent[]; first?: SignalEvent } {
  const all: SignalEvent[] = [];
  let first: SignalEvent | undefined;
  const streams = childElements(period, 'EventStream');
  for (const [si, stream] of streams.entries()) {
    const scheme = scte35Scheme(attr(stream, 'schemeIdUri'));
    if (!scheme) continue;
    const timescale = bigAttr(stream, 'timescale') || 1n;
    for (const [ei, ev] of childElements(stream, 'Event').entries()) {
      const ref = { periodIndex, streamIndex: si, eventIndex: ei };
      const decoded = decodeEventSignal(ev, scheme);
      const where = `Period ${periodIndex + 1}, EventStream ${si + 1}, Event ${ei + 1}`;
      if (!decoded.ok) {
        diagnostics.push(`${where}: SCTE-35 unreadable: ${decoded.error}`);
        continue;
      }
      const durationTicks = bigAttr(ev, 'duration');
      const eventId = attr(ev, 'id');
      const item: SignalEvent = {
        ref,
        offset: eventOffset(stream, ev),
        presentationTime: bigAttr(ev, 'presentationTime') ?? 0n,
        timescale,
        ...(durationTicks === undefined ? {} : { eventDuration: rat(durationTicks, timescale) }),
        ...(eventId === undefined ? {} : { eventId }),
        scheme,
        signal: classifyAvailSignal(decoded.section),
        section: decoded.section,
      };
      if (item.signal.kind === 'none') diagnostics.push(`${where}: ${item.signal.reason ?? 'not an avail signal'}`);
      first ??= item;
      all.push(item);
    }
  }
  all.sort((a, b) => cmp(a.offset, b.offset));
  return { all, ...(first ? { first } : {}) };
}

function toBreak(id: string, ev: SignalEvent, all: readonly SignalEvent[], timing: PeriodTiming): DashBreak {
  // An event before the period start (negative offset) starts the break at the period start.
  const offset = ev.offset.n < 0n ? rat(0n) : ev.offset;
  const start = add(timing.start, offset);
  const found = breakDuration(ev, offset, all, timing);
  return {
    id,
    periodIndex: timing.index,
    ...(timing.id === undefined ? {} : { periodId: timing.id }),
    offset,
    start,
    startSec: toSec(start),
    eventTime: { presentationTime: ev.presentationTime, timescale: ev.timescale },
    ...(found ? { duration: found.duration, durationSec: toSec(found.duration), durationSource: found.source } : {}),
    scheme: ev.scheme,
    ...(ev.eventId === undefined ? {} : { eventId: ev.eventId }),
    signal: ev.signal,
    event: ev.ref,
  };
}

function breakDuration(ev: SignalEvent, offset: Rat, all: readonly SignalEvent[], timing: PeriodTiming): { duration: Rat; source: DurationSource } | undefined {
  if (ev.eventDuration !== undefined) return { duration: ev.eventDuration, source: 'event' };
  const command = ev.section.spliceCommand;
  if (command.type === 'splice_insert' && command.breakDuration) return { duration: rat(BigInt(command.breakDuration.duration90k), 90_000n), source: 'break-duration' };
  if (ev.signal.breakDuration90k !== undefined) return { duration: rat(BigInt(ev.signal.breakDuration90k), 90_000n), source: 'segmentation-duration' };
  const cueIn = all.find(
    (o) => o.signal.kind === 'cue-in' && cmp(o.offset, offset) > 0 && (o.signal.eventId === ev.signal.eventId || o.signal.eventId === undefined || ev.signal.eventId === undefined),
  );
  if (cueIn) return { duration: sub(cueIn.offset, offset), source: 'cue-in' };
  if (timing.end !== undefined) {
    const left = sub(sub(timing.end, timing.start), offset);
    return { duration: left.n < 0n ? rat(0n) : left, source: 'period-end' };
  }
  return undefined;
}

/** The Period without its SCTE-35 EventStreams (consumed markers; kept when passing markers through). */
export function withoutScteEventStreams(period: XElement): XElement {
  const children = period.children.filter((c) => c.kind !== 'element' || localName(c.name) !== 'EventStream' || !scte35Scheme(attr(c, 'schemeIdUri')));
  return children.length === period.children.length ? period : { ...period, children };
}
