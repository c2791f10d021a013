/**
 * @module core/scte35/segmentation-descriptor
 * segmentation_descriptor() decoding (ANSI/SCTE 35 2023r1 §10.3.3, semantics §10.3.3.1, UPIDs
 * §10.3.3.3). Pure. The descriptor that time_signal() relies on to say what a splice point is
 * (break start/end, placement opportunity, program boundary…).
 */

import type { BitReader } from './bit-reader.ts';
import { segmentationTypeName, SUB_SEGMENT_TYPE_IDS } from './names.ts';
import type { SegmentationComponent, SegmentationDescriptor } from './types.ts';
import { decodeUpid } from './upid.ts';

type Header = {
  readonly spliceDescriptorTag: number;
  readonly descriptorLength: number;
  readonly identifier: number;
  readonly identifierText: string;
};

/**
 * Reads the fields after `identifier` from `r` (bounded to the descriptor). Returns undefined
 * when the descriptor is shorter than its own syntax says (the caller keeps it as malformed).
 */
export function readSegmentationDescriptor(header: Header, r: BitReader, diagnostics: string[], where: string): SegmentationDescriptor | undefined {
  const segmentationEventId = r.bits(32);
  const segmentationEventCancelIndicator = r.flag();
  // segmentation_event_id_compliance_indicator: first of the 7 formerly reserved bits (2022).
  const segmentationEventIdComplianceIndicator = r.flag();
  r.skip(6);
  const common = {
    ...header,
    type: 'segmentation_descriptor' as const,
    segmentationEventId,
    segmentationEventCancelIndicator,
    segmentationEventIdComplianceIndicator,
  };
  if (segmentationEventCancelIndicator) {
    if (r.overrun) return undefined;
    if (r.bytesLeft > 0) diagnostics.push(`${where}: ${r.bytesLeft} bytes after a cancelled segmentation_descriptor ignored`);
    return common;
  }

  const programSegmentationFlag = r.flag();
  const segmentationDurationFlag = r.flag();
  const deliveryNotRestrictedFlag = r.flag();
  let restrictions:
    | {
        webDeliveryAllowedFlag: boolean;
        noRegionalBlackoutFlag: boolean;
        archiveAllowedFlag: boolean;
        deviceRestrictions: number;
      }
    | undefined;
  if (deliveryNotRestrictedFlag) {
    r.skip(5);
  } else {
    restrictions = {
      webDeliveryAllowedFlag: r.flag(),
      noRegionalBlackoutFlag: r.flag(),
      archiveAllowedFlag: r.flag(),
      deviceRestrictions: r.bits(2),
    };
  }

  let components: SegmentationComponent[] | undefined;
  if (!programSegmentationFlag) {
    const componentCount = r.bits(8);
    components = [];
    for (let i = 0; i < componentCount && !r.overrun; i++) {
      const componentTag = r.bits(8);
      r.skip(7);
      components.push({ componentTag, ptsOffset90k: r.bits(33) });
    }
  }
  const segmentationDuration90k = segmentationDurationFlag ? r.bits(40) : undefined;

  const segmentationUpidType = r.bits(8);
  const segmentationUpidLength = r.bits(8);
  const upidBytes = r.bytes(segmentationUpidLength);
  if (r.overrun) return undefined;
  const segmentationUpid = decodeUpid(segmentationUpidType, upidBytes, diagnostics, `${where} segmentation_upid`);

  const segmentationTypeId = r.bits(8);
  const segmentNum = r.bits(8);
  const segmentsExpected = r.bits(8);
  if (r.overrun) return undefined;

  // sub_segment_num / sub_segments_expected exist only for the start types in
  // SUB_SEGMENT_TYPE_IDS, and only since SCTE 35 2016, so older encoders omit them. Some encoders
  // also send them for other types ("unused sub-segments"): when exactly those two bytes are there
  // we read them rather than drop data, and say so.
  let sub: { subSegmentNum: number; subSegmentsExpected: number } | undefined;
  const carries = SUB_SEGMENT_TYPE_IDS.has(segmentationTypeId);
  if (r.bytesLeft >= 2) {
    sub = { subSegmentNum: r.bits(8), subSegmentsExpected: r.bits(8) };
    if (!carries) {
      diagnostics.push(
        `${where}: sub_segment fields present for segmentation_type_id 0x${hex2(segmentationTypeId)} (${segmentationTypeName(segmentationTypeId)}), which does not define them; read anyway`,
      );
    }
  } else if (carries) {
    diagnostics.push(`${where}: sub_segment_num/sub_segments_expected absent for segmentation_type_id 0x${hex2(segmentationTypeId)} (pre-2016 encoder)`);
  }
  if (r.bytesLeft > 0) diagnostics.push(`${where}: ${r.bytesLeft} unused bytes at the end of segmentation_descriptor`);

  return {
    ...common,
    programSegmentationFlag,
    segmentationDurationFlag,
    deliveryNotRestrictedFlag,
    ...(restrictions ?? {}),
    ...(components === undefined ? {} : { components }),
    ...(segmentationDuration90k === undefined ? {} : { segmentationDuration90k }),
    segmentationUpidType,
    segmentationUpidLength,
    segmentationUpid,
    segmentationTypeId,
    segmentNum,
    segmentsExpected,
    ...(sub ?? {}),
  };
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
