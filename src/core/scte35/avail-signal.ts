/**
 * @module core/scte35/avail-signal
 * What a decoded splice_info_section means for ad insertion: a break start (cue-out), a break
 * end (cue-in), an overlay opportunity, or nothing; with the break duration, the event id and the
 * `[scte.*]` ADS fields. Pure. Rules follow docs/mediatailor-compat.md §6.1/§6.3 (MediaTailor's accepted signals)
 * over ANSI/SCTE 35 2023r1 §9.7.3 (splice_insert) and §10.3.3.1 (segmentation_type_id).
 */

import { scteAdsFields, type ScteAdsFields } from './ads-fields.ts';
import type { SegmentationDescriptor, SpliceInfoSection, SpliceInsert, SpliceTime } from './types.ts';

export type AvailSignalKind = 'cue-out' | 'cue-in' | 'overlay-start' | 'overlay-end' | 'none';

export type AvailSignal = {
  readonly kind: AvailSignalKind;
  /** What decided `kind`. */
  readonly source: 'splice_insert' | 'segmentation_descriptor' | 'none';
  /** splice_event_id, or segmentation_event_id for time_signal. */
  readonly eventId?: number;
  readonly breakDuration90k?: number;
  readonly durationSec?: number;
  /** break_duration auto_return (splice_insert only). */
  readonly autoReturn?: boolean;
  /** True when the splice is "now" (splice_immediate_flag, or no time in the command). */
  readonly spliceImmediate: boolean;
  /** pts_time + pts_adjustment, mod 2^33 (§9.6.1), when the command carries a time. */
  readonly splicePts90k?: number;
  readonly segmentationTypeId?: number;
  /** Index in spliceDescriptors of the descriptor that decided or described the avail. */
  readonly descriptorIndex?: number;
  /** Why kind is 'none'. */
  readonly reason?: string;
  readonly ads: ScteAdsFields;
};

/** docs/mediatailor-compat.md §6.3: break / ad / placement-opportunity starts and their ends. */
const CUE_OUT_TYPES: ReadonlySet<number> = new Set([0x22, 0x30, 0x32, 0x34, 0x36]);
const CUE_IN_TYPES: ReadonlySet<number> = new Set([0x23, 0x31, 0x33, 0x35, 0x37]);
/**
 * Overlay placement opportunities (provider 0x38/0x39, distributor 0x3A/0x3B) are non-linear:
 * kept apart so an overlay end never ends a linear break.
 */
const OVERLAY_START_TYPES: ReadonlySet<number> = new Set([0x38, 0x3a]);
const OVERLAY_END_TYPES: ReadonlySet<number> = new Set([0x39, 0x3b]);

const PTS_MODULUS = 2 ** 33;
const TICKS_PER_SECOND = 90_000;

export function classifyAvailSignal(section: SpliceInfoSection): AvailSignal {
  const command = section.spliceCommand;
  const segs = section.spliceDescriptors.map((d, index) => ({ d, index })).filter((x): x is { d: SegmentationDescriptor; index: number } => x.d.type === 'segmentation_descriptor');
  const live = segs.filter((x) => !x.d.segmentationEventCancelIndicator);

  if (command.type === 'splice_insert') return fromSpliceInsert(section, command, live);
  if (command.type === 'time_signal') return fromTimeSignal(section, command.spliceTime, segs, live);
  return none(`splice command ${command.type} does not signal an avail`, true, scteAdsFields(undefined, live[0]?.d));
}

function fromSpliceInsert(section: SpliceInfoSection, insert: SpliceInsert, live: readonly { d: SegmentationDescriptor; index: number }[]): AvailSignal {
  const describing = live.find((x) => kindOfType(x.d.segmentationTypeId) !== 'none') ?? live[0];
  const ads = scteAdsFields(insert, describing?.d);
  if (insert.spliceEventCancelIndicator) return none('splice_insert cancels event', true, ads, insert.spliceEventId);

  const time = insert.spliceTime ?? insert.components?.[0]?.spliceTime;
  const withDuration = insert.breakDuration === undefined ? live.find((x) => x.d.segmentationDuration90k !== undefined) : undefined;
  const duration90k = insert.breakDuration?.duration90k ?? withDuration?.d.segmentationDuration90k;
  return {
    kind: insert.outOfNetworkIndicator === true ? 'cue-out' : 'cue-in',
    source: 'splice_insert',
    eventId: insert.spliceEventId,
    ...durationFields(duration90k),
    ...(insert.breakDuration === undefined ? {} : { autoReturn: insert.breakDuration.autoReturn }),
    spliceImmediate: insert.spliceImmediateFlag === true || time?.ptsTime90k === undefined,
    ...ptsFields(section, time),
    ...(describing?.d.segmentationTypeId === undefined ? {} : { segmentationTypeId: describing.d.segmentationTypeId }),
    ...(describing === undefined ? {} : { descriptorIndex: describing.index }),
    ads,
  };
}

function fromTimeSignal(
  section: SpliceInfoSection,
  time: SpliceTime,
  all: readonly { d: SegmentationDescriptor; index: number }[],
  live: readonly { d: SegmentationDescriptor; index: number }[],
): AvailSignal {
  const immediate = time.ptsTime90k === undefined;
  // A start outranks an end in the same message: back-to-back breaks are sent as "end of the
  // previous + start of the next", and the start is what needs action.
  const order: AvailSignalKind[] = ['cue-out', 'cue-in', 'overlay-start', 'overlay-end'];
  for (const kind of order) {
    const chosen = live.find((x) => kindOfType(x.d.segmentationTypeId) === kind);
    if (chosen === undefined) continue;
    const duration90k = chosen.d.segmentationDuration90k ?? live.find((x) => kindOfType(x.d.segmentationTypeId) === kind && x.d.segmentationDuration90k !== undefined)?.d.segmentationDuration90k;
    return {
      kind,
      source: 'segmentation_descriptor',
      eventId: chosen.d.segmentationEventId,
      ...durationFields(duration90k),
      spliceImmediate: immediate,
      ...ptsFields(section, time),
      ...(chosen.d.segmentationTypeId === undefined ? {} : { segmentationTypeId: chosen.d.segmentationTypeId }),
      descriptorIndex: chosen.index,
      ads: scteAdsFields(undefined, chosen.d),
    };
  }
  const ads = scteAdsFields(undefined, live[0]?.d);
  if (all.length === 0) return none('time_signal without a segmentation_descriptor', immediate, ads);
  if (live.length === 0) return none('time_signal only cancels segmentation events', immediate, ads, all[0]?.d.segmentationEventId);
  return none('no segmentation_type_id in the time_signal starts or ends an avail', immediate, ads, live[0]?.d.segmentationEventId);
}

function kindOfType(typeId: number | undefined): AvailSignalKind {
  if (typeId === undefined) return 'none';
  if (CUE_OUT_TYPES.has(typeId)) return 'cue-out';
  if (CUE_IN_TYPES.has(typeId)) return 'cue-in';
  if (OVERLAY_START_TYPES.has(typeId)) return 'overlay-start';
  if (OVERLAY_END_TYPES.has(typeId)) return 'overlay-end';
  return 'none';
}

function none(reason: string, spliceImmediate: boolean, ads: ScteAdsFields, eventId?: number): AvailSignal {
  return { kind: 'none', source: 'none', ...(eventId === undefined ? {} : { eventId }), spliceImmediate, reason, ads };
}

function durationFields(duration90k: number | undefined): { breakDuration90k?: number; durationSec?: number } {
  return duration90k === undefined ? {} : { breakDuration90k: duration90k, durationSec: duration90k / TICKS_PER_SECOND };
}

function ptsFields(section: SpliceInfoSection, time: SpliceTime | undefined): { splicePts90k?: number } {
  if (time?.ptsTime90k === undefined) return {};
  return { splicePts90k: (time.ptsTime90k + section.ptsAdjustment90k) % PTS_MODULUS };
}
