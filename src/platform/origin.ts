/**
 * @module platform/origin
 * Fetches origin manifests for the playback routes. Origin problems are the only playback errors
 * (DESIGN §9): 4xx/5xx or a non-playlist body → 502, no answer within 2 s → 504 (contracts §1).
 */
import { looksLikePlaylist } from '../core/hls/lines.ts';
import type { Pair } from '../core/session/session-params.ts';
import { appendQuery } from '../core/url/query.ts';
import { allowPrivateHosts, type Env } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { fetchText } from './upstream.ts';

export const ORIGIN_TIMEOUT_MS = 2_000;

/** GETs an origin HLS playlist with the session's origin query parameters (seed 000). */
export async function fetchOriginPlaylist(env: Env, url: string, originParams: readonly Pair[], selfOrigin: string): Promise<string> {
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
        throw new ApiError(504, `origin did not answer within ${ORIGIN_TIMEOUT_MS} ms`);
      case 'http':
        throw new ApiError(502, `origin answered HTTP ${res.status}`);
      case 'disallowed':
        throw new ApiError(502, `origin address refused: ${res.message}`);
      case 'too_large':
        throw new ApiError(502, 'origin playlist is too large');
      case 'network':
        throw new ApiError(502, 'origin could not be reached');
    }
  }
  if (!looksLikePlaylist(res.body)) throw new ApiError(502, 'origin response is not an HLS playlist');
  return res.body;
}
