/**
 * @module platform/origin
 * Fetches origin manifests for the session. Origin problems are the only playback errors
 * (docs/architecture.md "Failure policy"): a 4xx/5xx, a refused address, a body that is not a
 * manifest → 502; no answer within 2 s → 504. Returned as values (core/errors), never thrown.
 */
import { failure, success, type Outcome } from '../core/errors.ts';
import { looksLikePlaylist } from '../core/hls/lines.ts';
import type { Pair } from '../core/session/session-params.ts';
import { appendQuery } from '../core/url/query.ts';
import { allowPrivateHosts, type Env } from '../env.ts';
import { fetchText } from './upstream.ts';

export const ORIGIN_TIMEOUT_MS = 2_000;

export interface OriginFetch {
  readonly text: string;
  readonly status: number;
  readonly durationMs: number;
}

/** GETs an origin HLS playlist with the session's origin query parameters (seed 000). */
export async function fetchOriginPlaylist(env: Env, url: string, originParams: readonly Pair[], selfOrigin: string): Promise<Outcome<OriginFetch>> {
  const res = await fetchText(appendQuery(url, originParams), {
    timeoutMs: ORIGIN_TIMEOUT_MS,
    allowPrivateHosts: allowPrivateHosts(env),
    selfOrigin,
    env,
    headers: { accept: 'application/vnd.apple.mpegurl, application/x-mpegurl, */*' },
  });
  if (!res.ok) {
    switch (res.kind) {
      case 'timeout':
        return failure({ kind: 'origin-timeout', timeoutMs: ORIGIN_TIMEOUT_MS });
      case 'http':
        return failure({ kind: 'origin-status', status: res.status ?? 0 });
      case 'disallowed':
        return failure({ kind: 'origin-refused', reason: res.message });
      case 'too_large':
        return failure({ kind: 'origin-too-large' });
      case 'network':
        return failure({ kind: 'origin-unreachable' });
    }
  }
  if (!looksLikePlaylist(res.body)) return failure({ kind: 'origin-not-manifest', format: 'HLS' });
  return success({ text: res.body, status: res.status, durationMs: res.durationMs });
}
