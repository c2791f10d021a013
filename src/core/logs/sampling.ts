/**
 * @module core/logs/sampling
 * `LogConfiguration.PercentEnabled` sampling (docs/mediatailor-compat.md §7: MediaTailor picks sessions at random;
 * Brightcove format of docs/ad-logs.md `ad_tracking_sample_percentage`). Pure and deterministic: the decision is a function of
 * the session id, so it is made once per session and every isolate, shard and retry agrees.
 * The hash is seeded differently from the shard choice so sampled sessions spread over all shards.
 */
import { fnv1a64 } from './ids.ts';

/** 0..9999: the session's position in ten-thousandths. */
export function samplingBucket(sessionId: string): number {
  return Number(fnv1a64(sessionId, 'ad-log-sampling') % 10_000n);
}

/** True when the session's ad events are logged at `percentEnabled` (0–100, fractions allowed). */
export function isSessionSampled(sessionId: string, percentEnabled: number): boolean {
  if (!(percentEnabled > 0)) return false;
  if (percentEnabled >= 100) return true;
  return samplingBucket(sessionId) < Math.round(percentEnabled * 100);
}

/** Shard index of a session: FNV-1a over the session id, modulo the shard count. */
export function shardIndexOf(sessionId: string, shardCount: number): number {
  const n = Math.max(1, Math.floor(shardCount));
  return Number(fnv1a64(sessionId, 'ad-log-shard') % BigInt(n));
}
