/**
 * @module core/ads-request/scte-variables
 * Values of the `[scte.*]` template variables (docs/mediatailor-compat.md §5) from core/scte35's
 * `ScteAdsFields`, whose keys are the variable names after `scte.`. Pure.
 *
 * Two names are not plain keys: `[scte.segmentation_event_id]` is MediaTailor's alias of
 * `[scte.event_id]`, and `[scte.segmentation_upid.private_data.{i}]` is element `i` of the
 * colon-split Managed Private UPID tokens (SCTE 35 §10.3.3.3).
 */
import type { ScteAdsFields } from '../scte35/ads-fields.ts';
import type { VariableValue } from './variables.ts';

const PLAIN_NAMES: ReadonlySet<string> = new Set([
  'event_id',
  'avail_num',
  'avails_expected',
  'unique_program_id',
  'segmentation_type_id',
  'segment_num',
  'segments_expected',
  'sub_segment_num',
  'sub_segments_expected',
  'archive_allowed_flag',
  'delivery_not_restricted_flag',
  'device_restrictions',
  'no_regional_blackout_flag',
  'segmentation_upid',
  'segmentation_upid.assetId',
  'segmentation_upid.cueData.key',
  'segmentation_upid.cueData.value',
]);

/** `{ known: false }` for a name that is no MediaTailor scte variable. */
export type ScteLookup = { readonly known: true; readonly value: VariableValue } | { readonly known: false };

/** Looks up `name` (the part after `scte.`). */
export function scteValue(name: string, fields: ScteAdsFields | undefined): ScteLookup {
  const key = name === 'segmentation_event_id' ? 'event_id' : name;
  if (PLAIN_NAMES.has(key)) {
    const value = fields?.[key as keyof ScteAdsFields];
    // MediaTailor: "If the SCTE-35 command is not splice insert, MediaTailor sets this to an
    // empty value" — an expected empty, not a substitution failure.
    if (key === 'unique_program_id' && fields !== undefined && value === undefined) return { known: true, value: null };
    return { known: true, value: typeof value === 'object' ? undefined : value };
  }
  const token = /^segmentation_upid\.private_data\.(\d{1,4})$/.exec(name);
  if (token) return { known: true, value: fields?.['segmentation_upid.private_data']?.[Number(token[1])] };
  return { known: false };
}
