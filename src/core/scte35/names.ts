/**
 * @module core/scte35/names
 * Human-readable names and numeric code points from ANSI/SCTE 35 2023r1 tables: splice_command_type
 * (§9.7), splice_descriptor_tag (§10.1), segmentation_upid_type (§10.3.3.3) and
 * segmentation_type_id (§10.3.3.1). Pure data; names are for diagnostics and
 * logs, code should compare numbers.
 */

export const SPLICE_COMMAND_TYPE = {
  splice_null: 0x00,
  splice_schedule: 0x04,
  splice_insert: 0x05,
  time_signal: 0x06,
  bandwidth_reservation: 0x07,
  private_command: 0xff,
} as const;

export const SPLICE_DESCRIPTOR_TAG = {
  avail_descriptor: 0x00,
  DTMF_descriptor: 0x01,
  segmentation_descriptor: 0x02,
  time_descriptor: 0x03,
  audio_descriptor: 0x04,
} as const;

/** 'CUEI' as a 32-bit identifier (§10.2): descriptors with any other identifier are private. */
export const CUEI_IDENTIFIER = 0x43554549;

export const SEGMENTATION_UPID_TYPE = {
  notUsed: 0x00,
  userDefined: 0x01,
  isci: 0x02,
  adId: 0x03,
  umid: 0x04,
  isanDeprecated: 0x05,
  isan: 0x06,
  tid: 0x07,
  airingId: 0x08,
  adi: 0x09,
  eidr: 0x0a,
  atscContentIdentifier: 0x0b,
  mpu: 0x0c,
  mid: 0x0d,
  adsInformation: 0x0e,
  uri: 0x0f,
  uuid: 0x10,
  scr: 0x11,
} as const;

const UPID_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x00: 'Not Used',
  0x01: 'User Defined (deprecated)',
  0x02: 'ISCI (deprecated)',
  0x03: 'Ad-ID',
  0x04: 'UMID',
  0x05: 'ISAN (deprecated)',
  0x06: 'ISAN',
  0x07: 'TID',
  0x08: 'AiringID',
  0x09: 'ADI',
  0x0a: 'EIDR',
  0x0b: 'ATSC Content Identifier',
  0x0c: 'MPU',
  0x0d: 'MID',
  0x0e: 'ADS Information',
  0x0f: 'URI',
  0x10: 'UUID',
  0x11: 'SCR',
};

export function upidTypeName(type: number): string {
  return UPID_TYPE_NAMES[type] ?? 'Reserved';
}

const SEGMENTATION_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x00: 'Not Indicated',
  0x01: 'Content Identification',
  0x02: 'Call Ad Server',
  0x10: 'Program Start',
  0x11: 'Program End',
  0x12: 'Program Early Termination',
  0x13: 'Program Breakaway',
  0x14: 'Program Resumption',
  0x15: 'Program Runover Planned',
  0x16: 'Program Runover Unplanned',
  0x17: 'Program Overlap Start',
  0x18: 'Program Blackout Override',
  0x19: 'Program Start - In Progress',
  0x20: 'Chapter Start',
  0x21: 'Chapter End',
  0x22: 'Break Start',
  0x23: 'Break End',
  0x24: 'Opening Credit Start',
  0x25: 'Opening Credit End',
  0x26: 'Closing Credit Start',
  0x27: 'Closing Credit End',
  0x30: 'Provider Advertisement Start',
  0x31: 'Provider Advertisement End',
  0x32: 'Distributor Advertisement Start',
  0x33: 'Distributor Advertisement End',
  0x34: 'Provider Placement Opportunity Start',
  0x35: 'Provider Placement Opportunity End',
  0x36: 'Distributor Placement Opportunity Start',
  0x37: 'Distributor Placement Opportunity End',
  0x38: 'Provider Overlay Placement Opportunity Start',
  0x39: 'Provider Overlay Placement Opportunity End',
  0x3a: 'Distributor Overlay Placement Opportunity Start',
  0x3b: 'Distributor Overlay Placement Opportunity End',
  0x3c: 'Provider Promo Start',
  0x3d: 'Provider Promo End',
  0x3e: 'Distributor Promo Start',
  0x3f: 'Distributor Promo End',
  0x40: 'Unscheduled Event Start',
  0x41: 'Unscheduled Event End',
  0x42: 'Alternate Content Opportunity Start',
  0x43: 'Alternate Content Opportunity End',
  0x44: 'Provider Ad Block Start',
  0x45: 'Provider Ad Block End',
  0x46: 'Distributor Ad Block Start',
  0x47: 'Distributor Ad Block End',
  0x50: 'Network Start',
  0x51: 'Network End',
};

export function segmentationTypeName(typeId: number): string {
  return SEGMENTATION_TYPE_NAMES[typeId] ?? 'Reserved';
}

/**
 * segmentation_type_id values whose descriptor carries sub_segment_num and sub_segments_expected
 * (§10.3.3 syntax: the placement-opportunity, overlay and ad-block *start* types).
 */
export const SUB_SEGMENT_TYPE_IDS: ReadonlySet<number> = new Set([0x34, 0x36, 0x38, 0x3a, 0x44, 0x46]);

const DEVICE_RESTRICTIONS_NAMES = ['Restrict Group 0', 'Restrict Group 1', 'Restrict Group 2', 'None'] as const;

/** device_restrictions (§10.3.3.1): 0–2 restrict to a device group, 3 = none. */
export function deviceRestrictionsName(value: number): string {
  return DEVICE_RESTRICTIONS_NAMES[value] ?? 'Invalid';
}
