/**
 * @module core/avails/detect-hls
 * Finds the ad breaks of one HLS media playlist window (docs/architecture.md §6; docs/mediatailor-compat.md §6.1, §6.4).
 * Repeated signals for one break (OATCLS + CUE-OUT on one segment, DATERANGE + CUE-OUT, a CUE-OUT
 * repeated with the same event id) make one break (docs/architecture.md §6; cf-ssai HOTFIX_DUPLICATE_ADS).
 * `CUE-OUT:0` followed by `CUE-IN` on one segment is a VOD insertion point. Pure.
 */
import type { AvailSignal } from '../scte35/index.ts';
import { forEachPreludeLine, MARKER_TAGS, SEG, seqAt, type MediaPlaylist } from '../hls/media-playlist.ts';
import { readDateRangeLine, readMarkerLine, type MarkerSignal } from '../hls/markers.ts';

export interface DetectedBreak {
  /** Origin media sequence of the break's first segment; undefined when it began before the window. */
  readonly startSeq?: number;
  /** First segment of the break inside this window. */
  readonly firstSeqInWindow: number;
  /** Exclusive end, when a cue-in is seen in this window (the segment the cue-in precedes). */
  readonly endSeq?: number;
  readonly durationSec?: number;
  /** Elapsed break time at `firstSeqInWindow`, from CUE-OUT-CONT (joins mid-break). */
  readonly elapsedAtFirstSec?: number;
  readonly eventId?: string;
  readonly scte?: AvailSignal;
  /** Marker lines at the break start and at its end, as written (marker passthrough, `adMarkers` log). */
  readonly startLines: readonly string[];
  readonly endLines: readonly string[];
  /** `EXT-X-ASSET` attributes in effect at the break start (`[asset.*]`). */
  readonly asset: Readonly<Record<string, string>>;
  /** VOD insertion point (`CUE-OUT:0` + `CUE-IN`): ads are inserted before `startSeq`, nothing replaced. */
  readonly insertion: boolean;
}

/** An overlay placement opportunity (core/avails/overlays): the segment it precedes; content stays. */
export interface DetectedOverlay {
  readonly seq: number;
  readonly eventId?: string;
  readonly durationSec?: number;
  readonly scte: AvailSignal;
}

/** A break the session already knows is in progress when this window starts. */
export interface OpenBreakHint {
  readonly startSeq: number;
  readonly eventId?: string;
  /** Event id of the break's SCTE-35 signal (pairs a SCTE35-CMD end with its start). */
  readonly scteEventId?: string;
  readonly durationSec?: number;
}

interface Open {
  startSeq?: number;
  firstSeqInWindow: number;
  durationSec?: number;
  elapsedAtFirstSec?: number;
  eventId?: string;
  scteEventId?: string;
  scte?: AvailSignal;
  startLines: string[];
  asset: Record<string, string>;
}

/** The window's breaks; its overlay opportunities go to `overlays`, when given (one per segment and event). */
export function detectHlsBreaks(model: MediaPlaylist, openAtStart?: OpenBreakHint, overlays?: DetectedOverlay[]): DetectedBreak[] {
  const found: DetectedBreak[] = [];
  let asset: Record<string, string> = {};
  let open: Open | undefined =
    openAtStart && model.count > 0
      ? {
          startSeq: openAtStart.startSeq,
          firstSeqInWindow: model.mediaSequence,
          ...maybe('durationSec', openAtStart.durationSec),
          ...maybe('eventId', openAtStart.eventId),
          ...maybe('scteEventId', openAtStart.scteEventId),
          startLines: [],
          asset: {},
        }
      : undefined;

  const close = (endSeq: number | undefined, endLines: string[]): void => {
    if (!open) return;
    const b: { -readonly [K in keyof DetectedBreak]: DetectedBreak[K] } = { firstSeqInWindow: open.firstSeqInWindow, startLines: open.startLines, endLines, asset: open.asset, insertion: false };
    if (open.startSeq !== undefined) b.startSeq = open.startSeq;
    if (endSeq !== undefined) b.endSeq = endSeq;
    if (open.durationSec !== undefined) b.durationSec = open.durationSec;
    if (open.elapsedAtFirstSec !== undefined) b.elapsedAtFirstSec = open.elapsedAtFirstSec;
    if (open.eventId !== undefined) b.eventId = open.eventId;
    if (open.scte !== undefined) b.scte = open.scte;
    found.push(b);
    open = undefined;
  };

  // Only segments with marker or DATERANGE lines can carry a signal.
  for (let i = 0; i < model.count; i++) {
    if (((model.flags[i] as number) & (SEG.MARKER | SEG.DATERANGE)) === 0) continue;
    const seg = { seq: seqAt(model, i) };
    // Marker tags first, then DATERANGE tags, each in the order written.
    const signals: MarkerSignal[] = [];
    const ranges: MarkerSignal[] = [];
    forEachPreludeLine(
      model,
      i,
      (line, tag) => {
        if (tag === 'EXT-X-DATERANGE') ranges.push(...dateRangeSignals(line));
        else signals.push(...markerSignals(line));
      },
      // Inside a break whose duration is known, a CUE-OUT-CONT says nothing new: not even read.
      open?.durationSec !== undefined ? SIGNAL_TAGS_BUT_CONT : SIGNAL_TAGS,
    );
    signals.push(...ranges);
    if (signals.length === 0) continue;
    for (const s of signals) {
      if (s.kind === 'asset') asset = { ...s.attrs };
      else if (s.kind === 'overlay' && overlays && !overlays.some((o) => o.seq === seg.seq && o.eventId === s.eventId)) {
        overlays.push({ seq: seg.seq, scte: s.scte, ...maybe('eventId', s.eventId), ...maybe('durationSec', s.durationSec) });
      }
    }
    const outs = signals.filter((s): s is Extract<MarkerSignal, { kind: 'out' }> => s.kind === 'out');
    const ins = signals.filter((s): s is InSignal => s.kind === 'in');
    const conts = signals.filter((s): s is Extract<MarkerSignal, { kind: 'cont' }> => s.kind === 'cont');

    // docs/mediatailor-compat.md §6.4: CUE-OUT:0 immediately followed by CUE-IN is an insertion point (VOD).
    if (outs.length > 0 && ins.length > 0 && outs.every((o) => o.durationSec === 0)) {
      close(seg.seq, []);
      found.push({ startSeq: seg.seq, firstSeqInWindow: seg.seq, endSeq: seg.seq, durationSec: 0, startLines: [...outs, ...ins].map((s) => s.line), endLines: [], asset, insertion: true });
      continue;
    }
    if (ins.length > 0 && open) {
      const o: Open = open;
      if (ins.some((s) => endsBreak(s, o)))
        close(
          seg.seq,
          ins.map((s) => s.line),
        );
    }
    if (outs.length > 0) {
      const id = outs.find((o) => o.eventId !== undefined)?.eventId;
      // The duration written in a tag (CUE-OUT:20.020, DATERANGE DURATION) outranks one decoded from
      // a binary on another line of the same segment (OATCLS): MediaTailor reads the CUE-OUT duration
      // (docs/mediatailor-compat.md §6.1), and MediaPackage's OATCLS break_duration is a rounded 20.0 for CUE-OUT:20.020.
      const duration = outs.find((o) => (o.tagDurationSec ?? 0) > 0)?.tagDurationSec ?? outs.find((o) => (o.durationSec ?? 0) > 0)?.durationSec;
      const scte = outs.find((o) => o.scte)?.scte;
      const scteId = eventIdOf(scte);
      const sameEvent = open !== undefined && ((id !== undefined && id === open.eventId) || (scteId !== undefined && scteId === open.scteEventId));
      if (open && (open.startSeq === seg.seq || sameEvent)) {
        // The same break signalled again (another dialect on the same segment, or a repeat).
        open.durationSec ??= duration;
        open.eventId ??= id;
        open.scteEventId ??= scteId;
        open.scte ??= scte;
        if (open.startSeq === seg.seq) open.startLines.push(...outs.map((o) => o.line));
      } else {
        close(seg.seq, []);
        open = {
          startSeq: seg.seq,
          firstSeqInWindow: seg.seq,
          ...maybe('durationSec', duration),
          ...maybe('eventId', id),
          ...maybe('scteEventId', scteId),
          ...maybe('scte', scte),
          startLines: outs.map((o) => o.line),
          asset,
        };
      }
    }
    if (conts.length > 0) {
      const c = conts[0];
      if (!open && c) {
        // Joined mid-break: the CUE-OUT slid out before this session saw it.
        open = {
          firstSeqInWindow: seg.seq,
          ...maybe('durationSec', c.durationSec),
          ...maybe('elapsedAtFirstSec', c.elapsedSec),
          ...maybe('scte', c.scte),
          ...maybe('eventId', eventIdOf(c.scte)),
          ...maybe('scteEventId', eventIdOf(c.scte)),
          startLines: [],
          asset,
        };
      } else if (open && c) {
        open.durationSec ??= c.durationSec;
      }
    }
  }

  const trailingIn = model.trailingMarkers.flatMap(markerSignals).filter((s): s is InSignal => s.kind === 'in');
  const stillOpen: Open | undefined = open;
  if (stillOpen && model.count > 0 && trailingIn.some((s) => endsBreak(s, stillOpen)))
    close(
      model.mediaSequence + model.count,
      trailingIn.map((s) => s.line),
    );
  close(undefined, []);
  return found;
}

type InSignal = Extract<MarkerSignal, { kind: 'in' }>;

const SIGNAL_TAGS: ReadonlySet<string> = new Set([...MARKER_TAGS, 'EXT-X-DATERANGE']);
const SIGNAL_TAGS_BUT_CONT: ReadonlySet<string> = new Set([...SIGNAL_TAGS].filter((t) => t !== 'EXT-X-CUE-OUT-CONT'));

/**
 * Marker lines repeat on every reload of a live window (a CUE-OUT-CONT per segment, the same
 * OATCLS binary): their signals are read once and kept, in a bounded memo, by line text. Bounded
 * in entries and in line length: real marker lines are well under 4 KiB (a SCTE-35 section is at
 * most 4,096 bytes, its base64 in a DATERANGE under 5.5 KiB), and a hostile origin's megabyte
 * lines, memoized 512 at a time (key and signals), would hold hundreds of megabytes for the
 * isolate's life. Longer lines are read every time.
 */
const MEMO_MAX = 512;
export const MEMO_MAX_LINE_CHARS = 8_192;
const markerMemo = new Map<string, readonly MarkerSignal[]>();
const dateRangeMemo = new Map<string, readonly MarkerSignal[]>();

/** Characters of the lines the memos hold (tests, operations). */
export function memoizedLineChars(): number {
  let n = 0;
  for (const memo of [markerMemo, dateRangeMemo]) for (const line of memo.keys()) n += line.length;
  return n;
}

function memoized(memo: Map<string, readonly MarkerSignal[]>, line: string, read: (line: string) => MarkerSignal[]): readonly MarkerSignal[] {
  let v = memo.get(line);
  if (v === undefined) {
    v = read(line);
    if (line.length > MEMO_MAX_LINE_CHARS) return v;
    if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value as string);
    memo.set(line, v);
  }
  return v;
}

const markerSignals = (line: string): readonly MarkerSignal[] => memoized(markerMemo, line, readMarkerLine);
const dateRangeSignals = (line: string): readonly MarkerSignal[] => memoized(dateRangeMemo, line, readDateRangeLine);

/**
 * Whether a cue-in ends the open break: a plain CUE-IN or an unidentified signal always does; an
 * identified one only for the same break. A DATERANGE SCTE35-IN for another ID does not
 * (RFC 8216bis §4.4.5.1), nor a segmentation end (0x31 ad end) of another event inside a 0x34
 * placement opportunity; a 0x35 with the start's segmentation_event_id does, whatever its
 * DATERANGE ID (SCTE 35 §10.3.3).
 */
function endsBreak(s: InSignal, open: Open): boolean {
  if (s.line.startsWith('#EXT-X-CUE-IN') || s.eventId === undefined || open.eventId === undefined) return true;
  if (s.eventId === open.eventId) return true;
  const scteId = s.scteEventId ?? s.eventId;
  return open.scteEventId !== undefined && scteId === open.scteEventId;
}

function eventIdOf(scte: AvailSignal | undefined): string | undefined {
  return scte?.eventId === undefined ? undefined : String(scte.eventId);
}

function maybe<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
