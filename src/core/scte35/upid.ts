/**
 * @module core/scte35/upid
 * segmentation_upid() decoding by segmentation_upid_type (ANSI/SCTE 35 2023r1 §10.3.3.3), including
 * MPU() (§10.3.3.3, format_identifier + private_data) and MID() (a list of typed UPIDs). Pure.
 *
 * Every UPID keeps its raw bytes as hex; `value` adds the typed reading and `text` one string form
 * (ASCII for the text types, the registry's canonical form for EIDR/ISAN/UUID/UMID, hex otherwise)
 * that downstream code can use for `[scte.segmentation_upid]` (docs/mediatailor-compat.md §5).
 */

import { bytesToHex, bytesToLatin1, isPrintableAscii } from './byte-encoding.ts';
import { SEGMENTATION_UPID_TYPE as T, upidTypeName } from './names.ts';

export type UpidValue =
  | { readonly format: 'none' }
  | { readonly format: 'text'; readonly text: string }
  | { readonly format: 'hex' }
  | { readonly format: 'airing-id'; readonly airingIdHex: string }
  | { readonly format: 'isan'; readonly isan: string }
  | { readonly format: 'eidr'; readonly eidr: string }
  | { readonly format: 'umid'; readonly umid: string }
  | { readonly format: 'uuid'; readonly uuid: string }
  | {
      readonly format: 'atsc';
      readonly tsid: number;
      readonly endOfDay: number;
      readonly uniqueFor: number;
      readonly contentIdHex: string;
      readonly contentIdText?: string;
    }
  | {
      readonly format: 'mpu';
      readonly formatIdentifier: number;
      readonly formatIdentifierText: string;
      readonly privateDataHex: string;
      /** private_data as text, when every byte is printable ASCII. */
      readonly privateDataText?: string;
    }
  | { readonly format: 'mid'; readonly upids: readonly SegmentationUpid[] };

export type SegmentationUpid = {
  readonly upidType: number;
  readonly upidTypeName: string;
  /** The UPID's bytes (for MID: the whole list, types and lengths included). */
  readonly hex: string;
  /** One string form; see the module header. */
  readonly text: string;
  readonly value: UpidValue;
};

/** Fixed sizes from the segmentation_upid_type table; other types are variable. */
const FIXED_LENGTH: Readonly<Record<number, number>> = {
  [T.isci]: 8,
  [T.adId]: 12,
  [T.umid]: 32,
  [T.isanDeprecated]: 8,
  [T.isan]: 12,
  [T.tid]: 12,
  [T.airingId]: 8,
  [T.eidr]: 12,
  [T.uuid]: 16,
};

/** Types the standard defines as ASCII text. */
const TEXT_TYPES: ReadonlySet<number> = new Set([T.isci, T.adId, T.tid, T.adi, T.adsInformation, T.uri, T.scr]);

export function decodeUpid(upidType: number, bytes: Uint8Array, diagnostics: string[], where: string, insideMid = false): SegmentationUpid {
  const hex = bytesToHex(bytes);
  const base = { upidType, upidTypeName: upidTypeName(upidType), hex };
  const asHex = (): SegmentationUpid => ({ ...base, text: hex, value: { format: 'hex' } });

  const expected = FIXED_LENGTH[upidType];
  if (expected !== undefined && bytes.length !== expected) {
    diagnostics.push(`${where}: ${base.upidTypeName} UPID should be ${expected} bytes, got ${bytes.length}`);
    return TEXT_TYPES.has(upidType) ? asText(base, bytes, diagnostics, where) : asHex();
  }

  if (upidType === T.notUsed) {
    if (bytes.length > 0) diagnostics.push(`${where}: UPID type 0x00 (not used) with ${bytes.length} bytes`);
    return bytes.length > 0 ? asHex() : { ...base, text: '', value: { format: 'none' } };
  }
  if (TEXT_TYPES.has(upidType)) return asText(base, bytes, diagnostics, where);

  switch (upidType) {
    case T.userDefined:
      // Deprecated "user defined" has no format; printable bytes are shown as text because
      // that is how encoders in the field use it (and what [scte.segmentation_upid] wants).
      return { ...base, text: isPrintableAscii(bytes) && bytes.length > 0 ? bytesToLatin1(bytes) : hex, value: { format: 'hex' } };
    case T.airingId:
      return { ...base, text: `0x${hex}`, value: { format: 'airing-id', airingIdHex: hex } };
    case T.isanDeprecated:
    case T.isan: {
      const isan = groups(hex.toUpperCase(), 4).join('-');
      return { ...base, text: isan, value: { format: 'isan', isan } };
    }
    case T.eidr: {
      const eidr = formatEidr(bytes);
      return { ...base, text: eidr, value: { format: 'eidr', eidr } };
    }
    case T.umid: {
      const umid = groups(hex.toUpperCase(), 8).join('.');
      return { ...base, text: umid, value: { format: 'umid', umid } };
    }
    case T.uuid: {
      const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      return { ...base, text: uuid, value: { format: 'uuid', uuid } };
    }
    case T.atscContentIdentifier:
      return decodeAtsc(base, bytes, diagnostics, where);
    case T.mpu:
      return decodeMpu(base, bytes, diagnostics, where);
    case T.mid:
      if (insideMid) {
        diagnostics.push(`${where}: MID nested inside MID; kept as hex`);
        return asHex();
      }
      return decodeMid(base, bytes, diagnostics, where);
    default:
      return asHex();
  }
}

type Base = { readonly upidType: number; readonly upidTypeName: string; readonly hex: string };

function asText(base: Base, bytes: Uint8Array, diagnostics: string[], where: string): SegmentationUpid {
  // Byte-per-char (Latin-1) never fails, so a stray non-ASCII byte cannot sink the whole section.
  const text = bytesToLatin1(bytes);
  if (!isPrintableAscii(bytes)) diagnostics.push(`${where}: ${base.upidTypeName} UPID has bytes outside printable ASCII`);
  return { ...base, text, value: { format: 'text', text } };
}

function groups(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

const MOD37_36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * EIDR compact binary (16-bit DOI sub-prefix + 80-bit suffix) → canonical
 * "10.<prefix>/XXXX-XXXX-XXXX-XXXX-XXXX-C"; C is the ISO 7064 Mod 37,36 check character over the
 * 20 suffix hex digits, as EIDR's ID format specifies.
 */
function formatEidr(bytes: Uint8Array): string {
  const prefix = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
  const suffix = bytesToHex(bytes.subarray(2)).toUpperCase();
  let p = 36;
  for (const ch of suffix) {
    p = (p + MOD37_36.indexOf(ch)) % 36;
    if (p === 0) p = 36;
    p = (p * 2) % 37;
  }
  const check = MOD37_36[(37 - p) % 36] ?? '0';
  return `10.${prefix}/${groups(suffix, 4).join('-')}-${check}`;
}

/** ATSC A/57B content_identifier: TSID 16, reserved 2, end_of_day 5, unique_for 9, content_id. */
function decodeAtsc(base: Base, bytes: Uint8Array, diagnostics: string[], where: string): SegmentationUpid {
  if (bytes.length < 4) {
    diagnostics.push(`${where}: ATSC Content Identifier UPID needs at least 4 bytes, got ${bytes.length}`);
    return { ...base, text: base.hex, value: { format: 'hex' } };
  }
  const b2 = bytes[2] ?? 0;
  const b3 = bytes[3] ?? 0;
  const contentId = bytes.subarray(4);
  const contentIdText = isPrintableAscii(contentId) && contentId.length > 0 ? bytesToLatin1(contentId) : undefined;
  return {
    ...base,
    text: contentIdText ?? base.hex,
    value: {
      format: 'atsc',
      tsid: ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0),
      endOfDay: (b2 >> 1) & 0x1f,
      uniqueFor: ((b2 & 1) << 8) | b3,
      contentIdHex: bytesToHex(contentId),
      ...(contentIdText === undefined ? {} : { contentIdText }),
    },
  };
}

/** MPU(): 32-bit format_identifier (SMPTE-registered) then private_data to the end. */
function decodeMpu(base: Base, bytes: Uint8Array, diagnostics: string[], where: string): SegmentationUpid {
  if (bytes.length < 4) {
    diagnostics.push(`${where}: MPU UPID needs a 4-byte format_identifier, got ${bytes.length} bytes`);
    return { ...base, text: base.hex, value: { format: 'hex' } };
  }
  const id = bytes.subarray(0, 4);
  const data = bytes.subarray(4);
  const privateDataHex = bytesToHex(data);
  const privateDataText = isPrintableAscii(data) ? bytesToLatin1(data) : undefined;
  return {
    ...base,
    text: privateDataText ?? privateDataHex,
    value: {
      format: 'mpu',
      formatIdentifier: (((id[0] ?? 0) << 24) | ((id[1] ?? 0) << 16) | ((id[2] ?? 0) << 8) | (id[3] ?? 0)) >>> 0,
      formatIdentifierText: bytesToLatin1(id),
      privateDataHex,
      ...(privateDataText === undefined ? {} : { privateDataText }),
    },
  };
}

/** MID(): repeated { segmentation_upid_type 8, segmentation_upid_length 8, segmentation_upid }. */
function decodeMid(base: Base, bytes: Uint8Array, diagnostics: string[], where: string): SegmentationUpid {
  const upids: SegmentationUpid[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes.length - pos < 2) {
      diagnostics.push(`${where}: MID has 1 stray byte at the end`);
      break;
    }
    const type = bytes[pos] ?? 0;
    const length = bytes[pos + 1] ?? 0;
    if (pos + 2 + length > bytes.length) {
      diagnostics.push(`${where}: MID entry ${upids.length} length ${length} overruns the MID by ${pos + 2 + length - bytes.length} bytes`);
      break;
    }
    upids.push(decodeUpid(type, bytes.subarray(pos + 2, pos + 2 + length), diagnostics, `${where} MID[${upids.length}]`, true));
    pos += 2 + length;
  }
  return { ...base, text: upids.map((u) => u.text).join(','), value: { format: 'mid', upids } };
}
