/**
 * @module platform/origin
 * Fetches origin manifests (HLS playlists, DASH MPDs) for the session. Origin problems are the only playback errors
 * (docs/architecture.md "Failure policy"): a 4xx/5xx, a refused address, a body that is not a
 * manifest → 502; no answer within 2 s → 504. Returned as values (core/errors), never thrown.
 */
import { failure, success, type Outcome } from '../core/errors.ts';
import { MAX_MPD_CHARS } from '../core/dash/index.ts';
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
export function fetchOriginPlaylist(env: Env, url: string, originParams: readonly Pair[], selfOrigin: string): Promise<Outcome<OriginFetch>> {
  return fetchManifest(env, appendQuery(url, originParams), selfOrigin, {
    format: 'HLS',
    accept: 'application/vnd.apple.mpegurl, application/x-mpegurl, */*',
    looksRight: looksLikePlaylist,
  });
}

/**
 * GETs an origin DASH MPD with the session's origin query parameters, at most `MAX_MPD_CHARS`
 * bytes (a larger MPD is refused by the parser anyway, so it is not read whole). A body that is
 * not XML at all is not an MPD; one that is XML but not a usable MPD is core/dash's to say.
 */
export function fetchOriginMpd(env: Env, url: string, originParams: readonly Pair[], selfOrigin: string): Promise<Outcome<OriginFetch>> {
  return fetchManifest(env, appendQuery(url, originParams), selfOrigin, {
    format: 'DASH',
    accept: 'application/dash+xml, application/xml, */*',
    maxBytes: MAX_MPD_CHARS,
    looksRight: (text) => /^\uFEFF?\s*</.test(text),
  });
}

interface ManifestKind {
  readonly format: 'HLS' | 'DASH';
  readonly accept: string;
  readonly maxBytes?: number;
  readonly looksRight: (text: string) => boolean;
}

async function fetchManifest(env: Env, url: string, selfOrigin: string, kind: ManifestKind): Promise<Outcome<OriginFetch>> {
  const res = await fetchText(url, {
    timeoutMs: ORIGIN_TIMEOUT_MS,
    allowPrivateHosts: allowPrivateHosts(env),
    selfOrigin,
    env,
    headers: { accept: kind.accept },
    ...(kind.maxBytes !== undefined ? { maxBytes: kind.maxBytes } : {}),
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
        return failure({ kind: 'origin-too-large', format: kind.format, ...(kind.maxBytes !== undefined ? { limitBytes: kind.maxBytes } : {}) });
      case 'network':
        return failure({ kind: 'origin-unreachable' });
    }
  }
  if (!kind.looksRight(res.body)) return failure({ kind: 'origin-not-manifest', format: kind.format });
  return success({ text: res.body, status: res.status, durationMs: res.durationMs });
}
