/**
 * @module core/logs/events-debug
 * Debug log events of a session in debug log mode (`aws.logMode=DEBUG` / `"logMode": "DEBUG"`):
 * MediaTailor's manifest-service debug events (docs/ad-logs.md "Debug log mode"), `SESSION_INITIALIZED`,
 * `ORIGIN_MANIFEST`, `GENERATED_MANIFEST` and `TRACKING_RESPONSE`, with the debug fields
 * `originRequestUrl`, `mediaTailorPath` and `responseBody`. Written to the `mediatailor` stream
 * only (docs/ad-logs.md "Debug log mode"). Pure types.
 */
import type { AdLogEventBase } from './events.ts';

export type ManifestDebugType = 'SESSION_INITIALIZED' | 'ORIGIN_MANIFEST' | 'GENERATED_MANIFEST' | 'TRACKING_RESPONSE';

export interface ManifestDebugEvent extends AdLogEventBase {
  readonly kind: 'manifest-debug';
  readonly debugType: ManifestDebugType;
  readonly description: string;
  /** The origin URL requested (ORIGIN_MANIFEST, and GENERATED_MANIFEST of a manifest built from it). */
  readonly originRequestUrl?: string;
  /** The playback path the player asked for. */
  readonly mediaTailorPath?: string;
  /** The origin's manifest, the generated one or the tracking JSON, cut at a bound (`responseBodyTruncated`). */
  readonly responseBody?: string;
  readonly responseBodyTruncated?: boolean;
}
