/**
 * @module core/ads-request/variables
 * The values the caller collects for the ADS URL template (contracts §5, MediaTailor session
 * variables). Types only: a plain object the caller fills; nothing here is generated (ids and
 * `availRandom` come from the caller, DESIGN §3).
 *
 * Value convention, per field:
 * - `undefined`: unknown → the variable is left empty and reported as unresolved
 *   (`WARNING_URL_VARIABLE_SUBSTITUTION_FAILED`);
 * - `null`: known to be empty (no Referer header, VOD pre-roll without a signalled duration)
 *   → empty, not reported;
 * - anything else is written: numbers in plain decimal, booleans as `1`/`0` (the SCTE-35 bit,
 *   which is how MediaTailor describes its flag variables), strings as given. All values are
 *   URL-encoded (encodeURIComponent) when substituted.
 */

export type VariableValue = string | number | boolean | null | undefined;

/** SCTE-35 fields for `[scte.*]` (SCTE 35 2019a §9.7.2.1 splice_insert, §10.3.3.1 segmentation_descriptor). */
export interface ScteVariables {
  /** `splice_event_id` or `segmentation_event_id` (`[scte.event_id]`, `[scte.segmentation_event_id]`). */
  readonly eventId?: VariableValue;
  readonly availNum?: VariableValue;
  readonly availsExpected?: VariableValue;
  /** splice_insert `unique_program_id`; pass `null` for other commands (MediaTailor leaves it empty). */
  readonly uniqueProgramId?: VariableValue;
  readonly segmentationTypeId?: VariableValue;
  readonly segmentNum?: VariableValue;
  readonly segmentsExpected?: VariableValue;
  readonly subSegmentNum?: VariableValue;
  readonly subSegmentsExpected?: VariableValue;
  readonly archiveAllowedFlag?: VariableValue;
  readonly deliveryNotRestrictedFlag?: VariableValue;
  readonly deviceRestrictions?: VariableValue;
  readonly noRegionalBlackoutFlag?: VariableValue;
  /** `[scte.segmentation_upid]`: the UPID as the caller renders it (text, or hex for binary types). */
  readonly segmentationUpid?: VariableValue;
  /**
   * For a Managed Private UPID (type 0x0C): `private_data` after the 4-byte format_identifier,
   * decoded as text. Source of `[scte.segmentation_upid.private_data.{i}]` (colon-separated
   * tokens) and of the podbuster JSON fields `assetId`, `cueData.key`, `cueData.value`.
   */
  readonly segmentationUpidPrivateData?: string | null;
}

export interface AdsVariables {
  readonly sessionId?: VariableValue;
  readonly sessionUuid?: VariableValue;
  /** Remote IP, or the X-Forwarded-For value when present. */
  readonly clientIp?: VariableValue;
  readonly userAgent?: VariableValue;
  readonly referer?: VariableValue;
  readonly acceptLanguage?: VariableValue;
  /** Avail duration in ms; `[session.avail_duration_secs]` is derived (rounded to the nearest second). */
  readonly availDurationMs?: number | null;
  readonly availIndex?: VariableValue;
  /** The per-request cache-buster, 0…10,000,000,000 (`[avail.random]`), drawn by the caller. */
  readonly availRandom?: VariableValue;
  readonly availSourceContentTimeEpochMs?: VariableValue;
  readonly scte?: ScteVariables;
  /** `ads.*` query params / `adsParams`; keys match case-insensitively (seed 000). */
  readonly playerParams?: Readonly<Record<string, string>>;
  /** `#EXT-X-ASSET` attributes (`[asset.CAID]`); exact key first, then case-insensitive. */
  readonly assetParams?: Readonly<Record<string, string>>;
}
