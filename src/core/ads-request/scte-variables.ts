/**
 * @module core/ads-request/scte-variables
 * Values of the `[scte.*]` template variables (contracts §5). Pure.
 *
 * Managed Private UPID (SCTE 35 2019a §10.3.3.3): `private_data` follows a 4-byte
 * format_identifier. MediaTailor reads two things from it:
 * - colon-separated tokens → `[scte.segmentation_upid.private_data.{i}]`; a leading colon
 *   does not start a token (`":3213214:2313321/5:3943"` → `3213214`, `2313321/5`, `3943`);
 * - a podbuster JSON object `{"assetId":…,"cueData":{"cueType":…,"key":…,"value":…}}` →
 *   `[scte.segmentation_upid.assetId]`, `.cueData.key`, `.cueData.value`.
 */
import type { ScteVariables, VariableValue } from './variables.ts';

/** Field per plain `scte.<name>` variable. */
const SCTE_FIELDS: Readonly<Record<string, keyof ScteVariables>> = {
  event_id: 'eventId',
  segmentation_event_id: 'eventId',
  avail_num: 'availNum',
  avails_expected: 'availsExpected',
  unique_program_id: 'uniqueProgramId',
  segmentation_type_id: 'segmentationTypeId',
  segment_num: 'segmentNum',
  segments_expected: 'segmentsExpected',
  sub_segment_num: 'subSegmentNum',
  sub_segments_expected: 'subSegmentsExpected',
  archive_allowed_flag: 'archiveAllowedFlag',
  delivery_not_restricted_flag: 'deliveryNotRestrictedFlag',
  device_restrictions: 'deviceRestrictions',
  no_regional_blackout_flag: 'noRegionalBlackoutFlag',
  segmentation_upid: 'segmentationUpid',
};

/** `{ known: false }` for a name that is no MediaTailor scte variable. */
export type ScteLookup = { readonly known: true; readonly value: VariableValue } | { readonly known: false };

/** Looks up `name` (the part after `scte.`). */
export function scteValue(name: string, scte: ScteVariables | undefined): ScteLookup {
  const field = Object.hasOwn(SCTE_FIELDS, name) ? SCTE_FIELDS[name] : undefined;
  if (field !== undefined) return { known: true, value: scte?.[field] };

  const privateData = scte?.segmentationUpidPrivateData;
  const token = /^segmentation_upid\.private_data\.(\d{1,4})$/.exec(name);
  if (token) {
    if (privateData === undefined || privateData === null) return { known: true, value: privateData };
    return { known: true, value: privateDataTokens(privateData)[Number(token[1])] };
  }
  const podbuster = Object.hasOwn(PODBUSTER_FIELDS, name) ? PODBUSTER_FIELDS[name] : undefined;
  if (podbuster) {
    if (privateData === undefined || privateData === null) return { known: true, value: privateData };
    return { known: true, value: podbuster(parsePodbuster(privateData)) };
  }
  return { known: false };
}

/** Colon-split tokens; a leading colon does not open an empty first token. */
export function privateDataTokens(privateData: string): string[] {
  const tokens = privateData.split(':');
  if (tokens.length > 1 && tokens[0]?.trim() === '') tokens.shift();
  return tokens;
}

type Podbuster = { assetId?: unknown; cueData?: { key?: unknown; value?: unknown } };

const PODBUSTER_FIELDS: Readonly<Record<string, ((p: Podbuster | undefined) => VariableValue) | undefined>> = {
  'segmentation_upid.assetId': (p) => scalar(p?.assetId),
  'segmentation_upid.cueData.key': (p) => scalar(p?.cueData?.key),
  'segmentation_upid.cueData.value': (p) => scalar(p?.cueData?.value),
};

/** The JSON object in the private data; tolerant of bytes before the `{` (a format id left in). */
function parsePodbuster(privateData: string): Podbuster | undefined {
  const start = privateData.indexOf('{');
  if (start < 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(privateData.slice(start));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Podbuster) : undefined;
  } catch {
    return undefined;
  }
}

function scalar(v: unknown): VariableValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}
