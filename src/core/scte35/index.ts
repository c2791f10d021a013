/**
 * @module core/scte35
 * SCTE 35 (ANSI/SCTE 35 2023r1) splice_info_section decoder, avail classification, `[scte.*]` ADS
 * fields and a small encoder. Pure: runs unchanged in Workers and Node. Barrel only.
 */

export { decodeScte35, decodeSpliceInfoSection } from './splice-info-section.ts';
export { classifyAvailSignal, type AvailSignal, type AvailSignalKind } from './avail-signal.ts';
export { scteAdsFields, scteAdsVariables, privateDataTokens, readPodbuster, primaryUpid, type ScteAdsFields } from './ads-fields.ts';
export {
  encodeSpliceInsert,
  encodeTimeSignal,
  encodeSpliceInfoSection,
  textUpid,
  mpuUpid,
  type EncodedSection,
  type SectionInit,
  type SegmentationDescriptorInit,
  type SpliceInsertInit,
  type TimeSignalInit,
  type UpidInit,
} from './encode.ts';
export { bytesToBase64, bytesToHex, base64ToBytes, hexToBytes } from './byte-encoding.ts';
export { crc32Mpeg2 } from './crc32.ts';
export { decodeUpid, type SegmentationUpid, type UpidValue } from './upid.ts';
export {
  SPLICE_COMMAND_TYPE,
  SPLICE_DESCRIPTOR_TAG,
  SEGMENTATION_UPID_TYPE,
  segmentationTypeName,
  upidTypeName,
  deviceRestrictionsName,
} from './names.ts';
export type * from './types.ts';
