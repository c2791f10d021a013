/**
 * @module core/session/master
 * The session's HLS multivariant playlist (docs/architecture.md "Session core"): every variant,
 * audio, subtitle and I-frame URI points at the session's `/v1/manifest/…/{n}.m3u8`, written
 * relative as MediaTailor writes it; the renditions are remembered so media playlist `n` knows
 * its origin URL. Pure.
 */
import { rewriteMultivariantPlaylist } from '../hls/multivariant.ts';
import { mediaPlaylistUrlFromMaster } from './urls.ts';
import type { SessionState } from './state.ts';

export function serveMultivariant(state: SessionState, originText: string): string {
  const r = state.record;
  const rewritten = rewriteMultivariantPlaylist(originText, r.originUrl, (n) => mediaPlaylistUrlFromMaster(r.assetPath, r.accountId, r.configName, r.sessionId, n, r.params.manifestParams));
  state.renditions = rewritten.renditions;
  state.changes.renditions = true;
  return rewritten.text;
}
