/**
 * @module core/session/session-record
 * What a SessionObject stores at init and never changes (docs/mediatailor-compat.md §2.1: session metadata is
 * immutable; docs/architecture.md §4). Pure types.
 */
import type { PlaybackConfiguration } from '../config/playback-configuration.ts';
import type { SessionParams } from './session-params.ts';

/** The player's request details, for ADS variables and beacon headers (docs/mediatailor-compat.md §4.4, §5). */
export interface ClientInfo {
  readonly ip?: string;
  readonly forwardedFor?: string;
  readonly userAgent?: string;
  readonly referer?: string;
  readonly acceptLanguage?: string;
}

export interface SessionRecord {
  readonly sessionId: string;
  readonly accountId: string;
  readonly configName: string;
  /** Snapshot at init: a configuration change applies to new sessions only (docs/architecture.md §4). */
  readonly config: PlaybackConfiguration;
  /** Validated, canonically encoded asset path. */
  readonly assetPath: string;
  /** Origin URL of the multivariant playlist / MPD, without the session's origin params. */
  readonly originUrl: string;
  readonly kind: 'implicit' | 'explicit';
  readonly sessionType: 'HLS' | 'DASH';
  /** Server-side beacons on `/v1/segment` (implicit sessions, or explicit with reportingMode "server"). */
  readonly serverBeacons: boolean;
  readonly params: SessionParams;
  readonly client: ClientInfo;
  readonly createdAtMs: number;
  /** This deployment's origin at init, for in-process demo calls and absolute URLs. */
  readonly selfOrigin: string;
}

/** Session ids are UUID v4 (docs/architecture.md §10). */
export const SESSION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
