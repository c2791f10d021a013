/**
 * @module core/ads-request/variables
 * The values the caller collects for the ADS URL template (docs/mediatailor-compat.md §5, MediaTailor session
 * variables). Types only: a plain object the caller fills; nothing here is generated (ids and
 * `availRandom` come from the caller, docs/architecture.md §3).
 *
 * Value convention, per field:
 * - `undefined`: unknown → the variable is left empty and reported as unresolved
 *   (`WARNING_URL_VARIABLE_SUBSTITUTION_FAILED`);
 * - `null`: known to be empty (no Referer header, VOD pre-roll without a signalled duration)
 *   → empty, not reported;
 * - anything else is written: numbers in plain decimal, booleans as `true`/`false` (as
 *   `scteAdsVariables` of core/scte35 renders the SCTE flags; MediaTailor calls them "Boolean"
 *   without showing the wire form), strings as given. All values are URL-encoded
 *   (encodeURIComponent) when substituted.
 *
 * `[scte.*]` values come from core/scte35's `ScteAdsFields` (`scteAdsFields(insert, seg)`), so
 * the podbuster JSON and the colon-split MPU tokens are derived in one place; a field absent
 * there is unresolved here.
 */
import type { ScteAdsFields } from '../scte35/ads-fields.ts';

export type VariableValue = string | number | boolean | null | undefined;

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
  /** Fields of the SCTE-35 message that opened the avail. */
  readonly scte?: ScteAdsFields;
  /** `ads.*` query params / `adsParams`; keys match case-insensitively (docs/mediatailor-compat.md §2.1). */
  readonly playerParams?: Readonly<Record<string, string>>;
  /** `#EXT-X-ASSET` attributes (`[asset.CAID]`); exact key first, then case-insensitive. */
  readonly assetParams?: Readonly<Record<string, string>>;
}
