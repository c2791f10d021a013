/**
 * @module core/session/expiry
 * Session inactivity timeout. MediaTailor expires a session inactive for 10× the manifest
 * duration (docs/mediatailor-compat.md §1 "Session expiry"). Pure.
 */

/** Before any media playlist has been served. */
export const INITIAL_TIMEOUT_MS = 10 * 60_000;
const MIN_TIMEOUT_MS = 60_000;
const MAX_TIMEOUT_MS = 24 * 60 * 60_000;

/** 10× the playlist duration, clamped to [1 min, 24 h]. */
export function inactivityTimeoutMs(playlistDurationSec: number): number {
  return Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, Math.round(playlistDurationSec * 10_000)));
}
