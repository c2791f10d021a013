/**
 * @module core/scte35/ads-fields
 * The `[scte.*]` ADS template variables of MediaTailor (docs/mediatailor-compat.md §5) read from decoded SCTE 35
 * fields: splice_insert (ANSI/SCTE 35 2023r1 §9.7.3), segmentation_descriptor (§10.3.3) and its
 * UPID (§10.3.3.3), including the two MPU conventions MediaTailor reads (podbuster JSON and
 * colon-separated private_data tokens). Pure.
 */

import { SEGMENTATION_UPID_TYPE as T } from './names.ts';
import type { SegmentationDescriptor, SpliceInsert } from './types.ts';
import type { SegmentationUpid } from './upid.ts';

/** Keys are the variable names after `scte.` exactly as docs/mediatailor-compat.md §5 spells them. */
export type ScteAdsFields = {
  readonly event_id?: number;
  readonly avail_num?: number;
  readonly avails_expected?: number;
  readonly unique_program_id?: number;
  readonly segmentation_type_id?: number;
  readonly segment_num?: number;
  readonly segments_expected?: number;
  readonly sub_segment_num?: number;
  readonly sub_segments_expected?: number;
  readonly archive_allowed_flag?: boolean;
  readonly delivery_not_restricted_flag?: boolean;
  readonly device_restrictions?: number;
  readonly no_regional_blackout_flag?: boolean;
  readonly segmentation_upid?: string;
  readonly 'segmentation_upid.assetId'?: string;
  readonly 'segmentation_upid.cueData.key'?: string;
  readonly 'segmentation_upid.cueData.value'?: string;
  /** `[scte.segmentation_upid.private_data.{i}]` is element i. */
  readonly 'segmentation_upid.private_data'?: readonly string[];
};

/** Fields from a splice_insert and/or the segmentation descriptor that describes the avail. */
export function scteAdsFields(insert: SpliceInsert | undefined, seg: SegmentationDescriptor | undefined): ScteAdsFields {
  const fields: Record<string, unknown> = {};
  const put = (key: keyof ScteAdsFields, value: unknown): void => {
    if (value !== undefined) fields[key] = value;
  };
  if (insert !== undefined) {
    // docs/mediatailor-compat.md §5: [scte.event_id] is splice_event_id when a splice_insert is present.
    put('event_id', insert.spliceEventId);
    put('avail_num', insert.availNum);
    put('avails_expected', insert.availsExpected);
    put('unique_program_id', insert.uniqueProgramId);
  }
  if (seg !== undefined) {
    if (insert === undefined) put('event_id', seg.segmentationEventId);
    put('segmentation_type_id', seg.segmentationTypeId);
    put('segment_num', seg.segmentNum);
    put('segments_expected', seg.segmentsExpected);
    put('sub_segment_num', seg.subSegmentNum);
    put('sub_segments_expected', seg.subSegmentsExpected);
    put('delivery_not_restricted_flag', seg.deliveryNotRestrictedFlag);
    put('archive_allowed_flag', seg.archiveAllowedFlag);
    put('no_regional_blackout_flag', seg.noRegionalBlackoutFlag);
    put('device_restrictions', seg.deviceRestrictions);
    const upid = seg.segmentationUpid === undefined ? undefined : primaryUpid(seg.segmentationUpid);
    if (upid !== undefined) {
      put('segmentation_upid', upid.text);
      if (upid.value.format === 'mpu' && upid.value.privateDataText !== undefined) {
        const podbuster = readPodbuster(upid.value.privateDataText);
        put('segmentation_upid.assetId', podbuster.assetId);
        put('segmentation_upid.cueData.key', podbuster.key);
        put('segmentation_upid.cueData.value', podbuster.value);
        put('segmentation_upid.private_data', privateDataTokens(upid.value.privateDataText));
      }
    }
  }
  return fields as ScteAdsFields;
}

/**
 * The UPID the ADS variables describe. For a MID, the first entry of a type MediaTailor reads
 * (0x0C MPU, 0x0E ADS information, 0x01 user defined; docs/mediatailor-compat.md §5), else the first entry.
 */
export function primaryUpid(upid: SegmentationUpid): SegmentationUpid | undefined {
  if (upid.value.format !== 'mid') return upid;
  const list = upid.value.upids;
  return list.find((u) => u.upidType === T.mpu || u.upidType === T.adsInformation || u.upidType === T.userDefined) ?? list[0];
}

/**
 * MediaTailor splits the MPU private data on ':' (knowledge-center "ADS session variables":
 * ":46175218:46175218/5" → private_data.0 = "46175218", .1 = "46175218/5"). The leading empty
 * token before a leading colon is not counted; trailing empties are dropped as Java's split does.
 */
export function privateDataTokens(privateData: string): string[] {
  if (privateData.length === 0) return [];
  const tokens = privateData.split(':');
  if (tokens[0] === '') tokens.shift();
  while (tokens.length > 0 && tokens[tokens.length - 1] === '') tokens.pop();
  return tokens;
}

/** Podbuster MPU private data: JSON {"assetId":…,"cueData":{"cueType":…,"key":…,"value":…}}. */
export function readPodbuster(privateData: string): { assetId?: string; key?: string; value?: string } {
  const trimmed = privateData.trim();
  if (!trimmed.startsWith('{')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return {}; // not JSON: the colon tokens still apply
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const obj = parsed as Record<string, unknown>;
  const cue = typeof obj['cueData'] === 'object' && obj['cueData'] !== null ? (obj['cueData'] as Record<string, unknown>) : {};
  const out: { assetId?: string; key?: string; value?: string } = {};
  const assetId = scalar(obj['assetId']);
  const key = scalar(cue['key']);
  const value = scalar(cue['value']);
  if (assetId !== undefined) out.assetId = assetId;
  if (key !== undefined) out.key = key;
  if (value !== undefined) out.value = value;
  return out;
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * Flat `{ 'scte.<name>': string }` for template substitution. Booleans render as "true"/"false"
 * (MediaTailor documents them as "Boolean"; the exact rendering is inferred, not documented).
 * `[scte.segmentation_event_id]` is an alias of `[scte.event_id]`.
 */
export function scteAdsVariables(fields: ScteAdsFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'segmentation_upid.private_data' && Array.isArray(value)) {
      value.forEach((token: unknown, i) => {
        out[`scte.segmentation_upid.private_data.${i}`] = String(token);
      });
    } else if (value !== undefined) {
      out[`scte.${name}`] = String(value);
    }
  }
  const eventId = out['scte.event_id'];
  if (eventId !== undefined) out['scte.segmentation_event_id'] = eventId;
  return out;
}
