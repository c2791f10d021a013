/**
 * @module core/scte35/encode
 * Small SCTE 35 encoder: splice_insert (Program Splice Mode) and time_signal, each with optional
 * segmentation descriptors, wrapped in a splice_info_section with a correct CRC_32 (ANSI/SCTE 35
 * 2023r1 §9.6, §9.7.3, §9.7.4, §10.3.3). Pure. For the demo origin and tests, which need real
 * binary markers; an invalid request is an error value, not an exception.
 */

import { err, ok, type Result } from '../result.ts';
import { BitWriter } from './bit-writer.ts';
import { asciiBytes, bytesToBase64, bytesToHex } from './byte-encoding.ts';
import { crc32Mpeg2 } from './crc32.ts';
import { CUEI_IDENTIFIER, SEGMENTATION_UPID_TYPE, SPLICE_COMMAND_TYPE, SPLICE_DESCRIPTOR_TAG, SUB_SEGMENT_TYPE_IDS } from './names.ts';

export type SectionInit = {
  readonly ptsAdjustment90k?: number;
  /** Default 0xFF (no control word), as the §14 samples. */
  readonly cwIndex?: number;
  /** Default 0xFFF (all tiers). */
  readonly tier?: number;
  /** Default 3 (SAP type not specified). */
  readonly sapType?: number;
};

export type UpidInit = { readonly upidType: number; readonly bytes: Uint8Array };

export type SegmentationDescriptorInit = {
  readonly segmentationEventId: number;
  readonly segmentationEventCancelIndicator?: boolean;
  readonly segmentationTypeId: number;
  readonly segmentationDuration90k?: number;
  /** Default: type 0x00, empty. */
  readonly upid?: UpidInit;
  readonly segmentNum?: number;
  readonly segmentsExpected?: number;
  /** Written only for the types that carry them (§10.3.3); default 0. */
  readonly subSegmentNum?: number;
  readonly subSegmentsExpected?: number;
  /** Absent → delivery_not_restricted_flag = 1. */
  readonly deliveryRestrictions?: {
    readonly webDeliveryAllowedFlag: boolean;
    readonly noRegionalBlackoutFlag: boolean;
    readonly archiveAllowedFlag: boolean;
    readonly deviceRestrictions: number;
  };
};

export type SpliceInsertInit = {
  readonly spliceEventId: number;
  readonly spliceEventCancelIndicator?: boolean;
  readonly outOfNetworkIndicator: boolean;
  /** Absent → splice_immediate_flag = 1. */
  readonly ptsTime90k?: number;
  readonly breakDuration?: { readonly autoReturn: boolean; readonly duration90k: number };
  readonly uniqueProgramId?: number;
  readonly availNum?: number;
  readonly availsExpected?: number;
  readonly segmentationDescriptors?: readonly SegmentationDescriptorInit[];
};

export type TimeSignalInit = {
  /** Absent → time_specified_flag = 0 (immediate). */
  readonly ptsTime90k?: number;
  readonly segmentationDescriptors?: readonly SegmentationDescriptorInit[];
};

export type EncodedSection = { readonly bytes: Uint8Array; readonly base64: string; readonly hex: string };

export function encodeSpliceInsert(init: SpliceInsertInit, section: SectionInit = {}): Result<EncodedSection, string> {
  const problem =
    checkUint('spliceEventId', init.spliceEventId, 32) ??
    checkUint('ptsTime90k', init.ptsTime90k, 33) ??
    checkUint('breakDuration.duration90k', init.breakDuration?.duration90k, 33) ??
    checkUint('uniqueProgramId', init.uniqueProgramId, 16) ??
    checkUint('availNum', init.availNum, 8) ??
    checkUint('availsExpected', init.availsExpected, 8);
  if (problem !== undefined) return err(problem);

  const w = new BitWriter()
    .bits(32, init.spliceEventId)
    .flag(init.spliceEventCancelIndicator === true)
    .reserved(7);
  if (init.spliceEventCancelIndicator !== true) {
    const immediate = init.ptsTime90k === undefined;
    w.flag(init.outOfNetworkIndicator)
      .flag(true)
      .flag(init.breakDuration !== undefined)
      .flag(immediate);
    // event_id_compliance_flag sits in formerly reserved bits: written as 1, as pre-2022 encoders
    // and the §14 samples send it.
    w.flag(true).reserved(3);
    if (init.ptsTime90k !== undefined) w.flag(true).reserved(6).bits(33, init.ptsTime90k);
    if (init.breakDuration !== undefined) w.flag(init.breakDuration.autoReturn).reserved(6).bits(33, init.breakDuration.duration90k);
    w.bits(16, init.uniqueProgramId ?? 0)
      .bits(8, init.availNum ?? 0)
      .bits(8, init.availsExpected ?? 0);
  }
  return encodeSection(SPLICE_COMMAND_TYPE.splice_insert, w.toBytes(), init.segmentationDescriptors ?? [], section);
}

export function encodeTimeSignal(init: TimeSignalInit, section: SectionInit = {}): Result<EncodedSection, string> {
  const problem = checkUint('ptsTime90k', init.ptsTime90k, 33);
  if (problem !== undefined) return err(problem);
  const w = new BitWriter();
  if (init.ptsTime90k === undefined) w.flag(false).reserved(7);
  else w.flag(true).reserved(6).bits(33, init.ptsTime90k);
  return encodeSection(SPLICE_COMMAND_TYPE.time_signal, w.toBytes(), init.segmentationDescriptors ?? [], section);
}

function encodeSection(spliceCommandType: number, command: Uint8Array, segmentation: readonly SegmentationDescriptorInit[], section: SectionInit): Result<EncodedSection, string> {
  const loop = new BitWriter();
  for (const [i, d] of segmentation.entries()) {
    const body = encodeSegmentationDescriptorBody(d);
    if (!body.ok) return err(`segmentationDescriptors[${i}]: ${body.error}`);
    loop.bits(8, SPLICE_DESCRIPTOR_TAG.segmentation_descriptor).bits(8, body.value.length).bytes(body.value);
  }
  return encodeSpliceInfoSection({ spliceCommandType, commandBytes: command, descriptorLoopBytes: loop.toBytes(), ...section });
}

/**
 * Wraps an already-encoded command and descriptor loop in a splice_info_section with CRC_32.
 * Exposed so tests and the demo can emit any command (splice_schedule, private_command…).
 */
export function encodeSpliceInfoSection(
  init: SectionInit & { readonly spliceCommandType: number; readonly commandBytes: Uint8Array; readonly descriptorLoopBytes?: Uint8Array },
): Result<EncodedSection, string> {
  const loop = init.descriptorLoopBytes ?? new Uint8Array(0);
  const problem =
    checkUint('spliceCommandType', init.spliceCommandType, 8) ??
    checkUint('ptsAdjustment90k', init.ptsAdjustment90k, 33) ??
    checkUint('cwIndex', init.cwIndex, 8) ??
    checkUint('tier', init.tier, 12) ??
    checkUint('sapType', init.sapType, 2) ??
    (init.commandBytes.length >= 0xfff ? `command is ${init.commandBytes.length} bytes; at most 4094` : undefined) ??
    (loop.length > 0xffff ? 'descriptor loop over 65535 bytes' : undefined);
  if (problem !== undefined) return err(problem);
  // section_length counts from protocol_version to CRC_32: 11 + command + 2 + loop + 4.
  const sectionLength = 11 + init.commandBytes.length + 2 + loop.length + 4;
  if (sectionLength > 4093) return err(`section_length ${sectionLength} exceeds 4093`);

  const w = new BitWriter()
    .bits(8, 0xfc)
    .flag(false) // section_syntax_indicator
    .flag(false) // private_indicator
    .bits(2, init.sapType ?? 3)
    .bits(12, sectionLength)
    .bits(8, 0) // protocol_version
    .flag(false) // encrypted_packet
    .bits(6, 0) // encryption_algorithm
    .bits(33, init.ptsAdjustment90k ?? 0)
    .bits(8, init.cwIndex ?? 0xff)
    .bits(12, init.tier ?? 0xfff)
    .bits(12, init.commandBytes.length)
    .bits(8, init.spliceCommandType)
    .bytes(init.commandBytes)
    .bits(16, loop.length)
    .bytes(loop);
  const body = w.toBytes();
  const bytes = new Uint8Array(body.length + 4);
  bytes.set(body);
  const crc = crc32Mpeg2(body);
  bytes.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], body.length);
  return ok({ bytes, base64: bytesToBase64(bytes), hex: `0x${bytesToHex(bytes).toUpperCase()}` });
}

/** segmentation_descriptor() after splice_descriptor_tag and descriptor_length (§10.3.3). */
function encodeSegmentationDescriptorBody(d: SegmentationDescriptorInit): Result<Uint8Array, string> {
  const upid = d.upid ?? { upidType: SEGMENTATION_UPID_TYPE.notUsed, bytes: new Uint8Array(0) };
  const problem =
    checkUint('segmentationEventId', d.segmentationEventId, 32) ??
    checkUint('segmentationTypeId', d.segmentationTypeId, 8) ??
    checkUint('segmentationDuration90k', d.segmentationDuration90k, 40) ??
    checkUint('upid.upidType', upid.upidType, 8) ??
    checkUint('segmentNum', d.segmentNum, 8) ??
    checkUint('segmentsExpected', d.segmentsExpected, 8) ??
    checkUint('subSegmentNum', d.subSegmentNum, 8) ??
    checkUint('subSegmentsExpected', d.subSegmentsExpected, 8) ??
    checkUint('deviceRestrictions', d.deliveryRestrictions?.deviceRestrictions, 2) ??
    (upid.bytes.length > 255 ? `UPID is ${upid.bytes.length} bytes; segmentation_upid_length allows 255` : undefined);
  if (problem !== undefined) return err(problem);

  const w = new BitWriter().bits(32, CUEI_IDENTIFIER).bits(32, d.segmentationEventId);
  // segmentation_event_id_compliance_indicator: 1, as for event_id_compliance_flag above.
  w.flag(d.segmentationEventCancelIndicator === true)
    .flag(true)
    .reserved(6);
  if (d.segmentationEventCancelIndicator !== true) {
    w.flag(true).flag(d.segmentationDuration90k !== undefined); // program_segmentation_flag, duration flag
    const r = d.deliveryRestrictions;
    if (r === undefined) w.flag(true).reserved(5);
    else w.flag(false).flag(r.webDeliveryAllowedFlag).flag(r.noRegionalBlackoutFlag).flag(r.archiveAllowedFlag).bits(2, r.deviceRestrictions);
    if (d.segmentationDuration90k !== undefined) w.bits(40, d.segmentationDuration90k);
    w.bits(8, upid.upidType).bits(8, upid.bytes.length).bytes(upid.bytes);
    w.bits(8, d.segmentationTypeId)
      .bits(8, d.segmentNum ?? 0)
      .bits(8, d.segmentsExpected ?? 0);
    if (SUB_SEGMENT_TYPE_IDS.has(d.segmentationTypeId)) w.bits(8, d.subSegmentNum ?? 0).bits(8, d.subSegmentsExpected ?? 0);
  }
  const bytes = w.toBytes();
  if (bytes.length > 255) return err(`segmentation_descriptor is ${bytes.length} bytes; descriptor_length allows 255`);
  return ok(bytes);
}

/** A text UPID (Ad-ID, ADI, ADS information, URI…): the string's ASCII bytes. */
export function textUpid(upidType: number, text: string): UpidInit {
  return { upidType, bytes: asciiBytes(text) };
}

/** An MPU() UPID (§10.3.3.3): 4-character format_identifier then private data text. */
export function mpuUpid(formatIdentifier: string, privateData: string): UpidInit {
  const id = asciiBytes(formatIdentifier.padEnd(4, ' ').slice(0, 4));
  const data = asciiBytes(privateData);
  const bytes = new Uint8Array(4 + data.length);
  bytes.set(id);
  bytes.set(data, 4);
  return { upidType: SEGMENTATION_UPID_TYPE.mpu, bytes };
}

function checkUint(name: string, value: number | undefined, bits: number): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) return `${name} ${value} is not an integer in [0, 2^${bits})`;
  return undefined;
}
