/**
 * @module core/dash
 * DASH (ISO/IEC 23009-1) MPD personalization building blocks: parse and serialize an MPD keeping
 * everything we do not change, period timing, SCTE-35 break detection (SCTE 214-1), exact period
 * slicing, ad and slate periods, MPD-level edits. Pure. Barrel only; see docs/dash.md.
 */
export { parseMpd, serializeMpd, withRoot, MAX_MPD_CHARS, type MpdDocument, type MpdError, type MpdErrorCode, type MpdParse, type ParsedMpd } from './mpd-parse.ts';
export { readMpdInfo, resolvePeriodTimings, periodElements, durationAttr, type MpdInfo, type PeriodTiming } from './period-timing.ts';
export { parseDateTimeMs, formatDateTimeMs } from './date-time.ts';
export * as rational from './rational.ts';
export type { Rat } from './rational.ts';
export { slicePeriod, sliceEventStream, eventOffset, formatDuration, spanText, type PeriodSlice, type SlicedPeriod } from './slice-period.ts';
export { sliceTiming, type SliceBounds } from './slice-timing.ts';
export { readSegmentTiming, segmentInfoElement, mergeTiming, expandTimeline, compressTimeline, type SegmentTiming, type TimelineEntry, type TimelineSegment } from './segment-info.ts';
export { decodeEventSignal, decodeXmlSection, scte35Scheme, SCTE35_BIN_SCHEME, SCTE35_XML_SCHEME, type SignalScheme } from './scte35-xml.ts';
export {
  detectDashBreaks,
  withoutScteEventStreams,
  type DashBreak,
  type DashOverlaySignal,
  type DetectedBreaks,
  type DurationSource,
  type EventRef,
  type OriginManifestType,
} from './detect-breaks.ts';
export * from './xml.ts';
export {
  buildAdPeriod,
  buildSlatePeriods,
  adaptationKind,
  type AdPeriod,
  type AdPeriodInput,
  type CreativeMediaKind,
  type CreativeSegments,
  type DashCreative,
  type DashCreativeRendition,
  type SlateInput,
} from './ad-period.ts';
export { setLocation, withoutPatchLocation, keepPublishTimeMonotonic, setMediaPresentationDuration, absolutizeBaseUrls } from './mpd-level.ts';
export { stitchBreaks, contentSliceId, type BreakEdit, type InsertedPeriod, type PlacedPeriod, type StitchOptions, type Stitched } from './stitch.ts';
export { readCreativeMpd, type CreativeFromMpd, type CreativeRead } from './creative-mpd.ts';
export { periodSegmentStarts, floorToSegmentStart, locateCreativeSegment, creativeSegmentPath, type CreativeSegmentRef } from './segment-locate.ts';
export { withPeriodEvents, type PeriodEvent } from './period-events.ts';
