/**
 * @module core/scte35/types
 * Decoded shape of an SCTE 35 splice_info_section (ANSI/SCTE 35 2023r1 §9.6), its splice
 * commands (§9.7), splice_time / break_duration (§9.8) and splice descriptors (§10). Pure types.
 *
 * Names are the spec's field names in camelCase; quantities in 90 kHz ticks end in `90k`
 * (seconds = ticks / 90000). Fields that the syntax only carries under a flag (for example
 * everything after splice_event_cancel_indicator = 1) are optional and absent when not carried,
 * so "not signalled" is never confused with 0/false. Every value is JSON-safe (no bigint).
 */

import type { SegmentationUpid } from './upid.ts';

/** splice_time() (§9.8.1). */
export type SpliceTime = {
  readonly timeSpecifiedFlag: boolean;
  /** pts_time: 33-bit, *before* pts_adjustment is added; present iff timeSpecifiedFlag. */
  readonly ptsTime90k?: number;
};

/** break_duration() (§9.8.2). */
export type BreakDuration = {
  readonly autoReturn: boolean;
  /** duration: 33-bit 90 kHz ticks. */
  readonly duration90k: number;
};

export type SpliceNull = { readonly type: 'splice_null' };

export type SpliceScheduleComponent = { readonly componentTag: number; readonly utcSpliceTime: number };

/** One event of splice_schedule() (§9.7.2); utc_splice_time is seconds since the GPS epoch. */
export type SpliceScheduleEvent = {
  readonly spliceEventId: number;
  readonly spliceEventCancelIndicator: boolean;
  readonly eventIdComplianceFlag: boolean;
  readonly outOfNetworkIndicator?: boolean;
  readonly programSpliceFlag?: boolean;
  readonly durationFlag?: boolean;
  readonly utcSpliceTime?: number;
  readonly components?: readonly SpliceScheduleComponent[];
  readonly breakDuration?: BreakDuration;
  readonly uniqueProgramId?: number;
  readonly availNum?: number;
  readonly availsExpected?: number;
};

export type SpliceSchedule = { readonly type: 'splice_schedule'; readonly events: readonly SpliceScheduleEvent[] };

/** Component Splice Mode entry of splice_insert() (§9.7.3); spliceTime absent when immediate. */
export type SpliceInsertComponent = { readonly componentTag: number; readonly spliceTime?: SpliceTime };

/** splice_insert() (§9.7.3). */
export type SpliceInsert = {
  readonly type: 'splice_insert';
  readonly spliceEventId: number;
  readonly spliceEventCancelIndicator: boolean;
  readonly outOfNetworkIndicator?: boolean;
  readonly programSpliceFlag?: boolean;
  readonly durationFlag?: boolean;
  readonly spliceImmediateFlag?: boolean;
  readonly eventIdComplianceFlag?: boolean;
  /** Program Splice Mode, not immediate. */
  readonly spliceTime?: SpliceTime;
  /** Component Splice Mode (program_splice_flag = 0). */
  readonly components?: readonly SpliceInsertComponent[];
  readonly breakDuration?: BreakDuration;
  readonly uniqueProgramId?: number;
  readonly availNum?: number;
  readonly availsExpected?: number;
};

/** time_signal() (§9.7.4). */
export type TimeSignal = { readonly type: 'time_signal'; readonly spliceTime: SpliceTime };

/** bandwidth_reservation() (§9.7.5): no fields. */
export type BandwidthReservation = { readonly type: 'bandwidth_reservation' };

/** private_command() (§9.7.6). */
export type PrivateCommand = {
  readonly type: 'private_command';
  readonly identifier: number;
  /** The identifier's 4 bytes as Latin-1 text (registered identifiers are ASCII). */
  readonly identifierText: string;
  readonly privateBytesHex: string;
};

/** A reserved splice_command_type: kept as raw bytes. */
export type UnknownSpliceCommand = { readonly type: 'unknown'; readonly bytesHex: string };

/** encrypted_packet = 1: the command, descriptors and E_CRC_32 are ciphertext (§9.6.1). */
export type EncryptedSpliceCommand = { readonly type: 'encrypted'; readonly bytesHex: string };

export type SpliceCommand = SpliceNull | SpliceSchedule | SpliceInsert | TimeSignal | BandwidthReservation | PrivateCommand | UnknownSpliceCommand | EncryptedSpliceCommand;

/** Fields every splice_descriptor() carries (§10.2). */
type DescriptorHeader = {
  readonly spliceDescriptorTag: number;
  readonly descriptorLength: number;
  readonly identifier: number;
  readonly identifierText: string;
};

/** avail_descriptor() (§10.3.1). */
export type AvailDescriptor = DescriptorHeader & { readonly type: 'avail_descriptor'; readonly providerAvailId: number };

/** DTMF_descriptor() (§10.3.2); preroll is in tenths of a second. */
export type DtmfDescriptor = DescriptorHeader & {
  readonly type: 'DTMF_descriptor';
  readonly prerollTenthsSec: number;
  readonly dtmfChars: string;
};

export type SegmentationComponent = { readonly componentTag: number; readonly ptsOffset90k: number };

/** segmentation_descriptor() (§10.3.3). */
export type SegmentationDescriptor = DescriptorHeader & {
  readonly type: 'segmentation_descriptor';
  readonly segmentationEventId: number;
  readonly segmentationEventCancelIndicator: boolean;
  readonly segmentationEventIdComplianceIndicator: boolean;
  readonly programSegmentationFlag?: boolean;
  readonly segmentationDurationFlag?: boolean;
  readonly deliveryNotRestrictedFlag?: boolean;
  /** The next four are carried only when deliveryNotRestrictedFlag is false. */
  readonly webDeliveryAllowedFlag?: boolean;
  readonly noRegionalBlackoutFlag?: boolean;
  readonly archiveAllowedFlag?: boolean;
  /** 0–2: restricted to that device group; 3: no restriction. */
  readonly deviceRestrictions?: number;
  readonly components?: readonly SegmentationComponent[];
  /** 40-bit 90 kHz ticks. */
  readonly segmentationDuration90k?: number;
  readonly segmentationUpidType?: number;
  readonly segmentationUpidLength?: number;
  readonly segmentationUpid?: SegmentationUpid;
  readonly segmentationTypeId?: number;
  readonly segmentNum?: number;
  readonly segmentsExpected?: number;
  readonly subSegmentNum?: number;
  readonly subSegmentsExpected?: number;
};

/** time_descriptor() (§10.3.4): TAI time of the splice. */
export type TimeDescriptor = DescriptorHeader & {
  readonly type: 'time_descriptor';
  readonly taiSeconds: number;
  readonly taiNs: number;
  readonly utcOffset: number;
};

export type AudioComponent = {
  readonly componentTag: number;
  /** ISO 639-2 language code, 3 letters. */
  readonly isoCode: string;
  readonly bitStreamMode: number;
  readonly numChannels: number;
  readonly fullSrvcAudio: boolean;
};

/** audio_descriptor() (§10.3.5). */
export type AudioDescriptor = DescriptorHeader & {
  readonly type: 'audio_descriptor';
  readonly components: readonly AudioComponent[];
};

/**
 * A descriptor whose identifier is not 'CUEI' (private per §10.2), or a CUEI descriptor with a
 * reserved tag: kept as raw bytes after the identifier.
 */
export type PrivateDescriptor = DescriptorHeader & { readonly type: 'private_descriptor'; readonly privateBytesHex: string };

/** A descriptor too short for its own syntax; `bytesHex` is everything after descriptor_length. */
export type MalformedDescriptor = {
  readonly type: 'malformed_descriptor';
  readonly spliceDescriptorTag: number;
  readonly descriptorLength: number;
  readonly bytesHex: string;
  readonly reason: string;
};

export type SpliceDescriptor = AvailDescriptor | DtmfDescriptor | SegmentationDescriptor | TimeDescriptor | AudioDescriptor | PrivateDescriptor | MalformedDescriptor;

/** splice_info_section() (§9.6). */
export type SpliceInfoSection = {
  readonly tableId: number;
  readonly sectionSyntaxIndicator: boolean;
  readonly privateIndicator: boolean;
  /** 0–3 (§9.6.1 SAP types 1, 2, 3, unspecified). */
  readonly sapType: number;
  readonly sectionLength: number;
  readonly protocolVersion: number;
  readonly encryptedPacket: boolean;
  readonly encryptionAlgorithm: number;
  /** 33-bit ticks to add (mod 2^33) to every pts_time in the section (§9.6.1). */
  readonly ptsAdjustment90k: number;
  readonly cwIndex: number;
  readonly tier: number;
  /** The field as sent; 0xFFF is the legacy "length not given" value. */
  readonly spliceCommandLength: number;
  /** The command's real size in bytes (differs from spliceCommandLength only for 0xFFF). */
  readonly spliceCommandByteLength: number;
  readonly spliceCommandType: number;
  readonly spliceCommand: SpliceCommand;
  readonly descriptorLoopLength: number;
  readonly spliceDescriptors: readonly SpliceDescriptor[];
  /** Bytes of alignment_stuffing between the descriptor loop and (E_)CRC_32. */
  readonly alignmentStuffingLength: number;
  /** E_CRC_32, present only for encrypted packets. */
  readonly eCrc32?: number;
  /** CRC_32 as sent (last 4 bytes of the section). */
  readonly crc32: number;
  /** Whether CRC_32 matches the section; a mismatch is reported, not fatal. */
  readonly crcValid: boolean;
};

/** Outcome of decoding third-party SCTE 35 input: never thrown, always a value (docs/architecture.md §3). */
export type Scte35Decode =
  | { readonly ok: true; readonly section: SpliceInfoSection; readonly diagnostics: readonly string[] }
  | { readonly ok: false; readonly error: string; readonly diagnostics: readonly string[] };
