/**
 * @module core/session/session-params
 * The immutable data a session is created with (docs/mediatailor-compat.md §2.1, §4, §2). Pure types.
 */
import type { AvailSuppression } from '../config/playback-configuration.ts';

export type ReportingMode = 'client' | 'server';
export type Pair = readonly [string, string];

/** Session-level feature overrides; each one overrides the configuration (docs/mediatailor-compat.md §2.1 "Session-configured features"). */
export interface SessionFeatures {
  readonly availSuppression?: AvailSuppression;
  readonly overlayAvails?: boolean;
  readonly adSignaling?: boolean;
  readonly insertionMode?: 'GUIDED' | 'STITCHED';
  readonly logMode?: 'DEBUG' | 'DISABLED';
  readonly streamId?: string;
  readonly startTime?: string;
  readonly preroll?: boolean;
}

export interface SessionParams {
  /** `[player_params.*]` values: `playerParams` then `adsParams`/`ads.*`; keys lower-cased (docs/mediatailor-compat.md §2.1: keys are not case sensitive). */
  readonly playerParams: Readonly<Record<string, string>>;
  /** Appended (without prefix) to every URL we generate for the session (docs/mediatailor-compat.md §2.1 `manifestParams`). */
  readonly manifestParams: readonly Pair[];
  /** Every other top-level key: sent to the origin on every manifest request (docs/mediatailor-compat.md §2.1). */
  readonly originParams: readonly Pair[];
  /** `reportingMode` as asked; undefined means the default of the init kind. */
  readonly reportingMode?: ReportingMode;
  readonly features: SessionFeatures;
  /** Invalid optional values that were defaulted (docs/mediatailor-compat.md §2.2), for the session's log. */
  readonly warnings: readonly string[];
}

/** Bounds on request parameters (docs/mediatailor-compat.md §2.2, "ADS param limits"; docs/architecture.md §10). */
export const LIMITS = {
  maxBodyBytes: 64 * 1024,
  maxParamsPerKind: 100,
  maxNameChars: 10_000,
  maxValueChars: 25_000,
  maxManifestParamsChars: 2_000,
  maxOriginParamChars: 4_000,
} as const;
