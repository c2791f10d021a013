/**
 * @module core/session/urls
 * The playback URLs we hand to players (docs/mediatailor-compat.md §1, §2.1). Pure.
 */
import { appendQuery } from '../url/query.ts';
import type { Pair } from './session-params.ts';

const enc = encodeURIComponent;

export function masterPath(acct: string, cfg: string, assetPath: string): string {
  return `/v1/master/${enc(acct)}/${enc(cfg)}/${assetPath}`;
}

export function dashPath(acct: string, cfg: string, assetPath: string): string {
  return `/v1/dash/${enc(acct)}/${enc(cfg)}/${assetPath}`;
}

export function trackingPath(acct: string, cfg: string, sessionId: string, manifestParams: readonly Pair[]): string {
  return appendQuery(`/v1/tracking/${enc(acct)}/${enc(cfg)}/${sessionId}`, manifestParams);
}

/**
 * Media playlist `n`, relative to the multivariant playlist as MediaTailor writes it
 * (`../../../manifest/...`), so the playlists keep working behind a CDN that maps a path prefix.
 * The master lives at /v1/master/{acct}/{cfg}/{asset}: its directory is 3 + (asset depth - 1)
 * levels below /v1/.
 */
export function mediaPlaylistUrlFromMaster(assetPath: string, acct: string, cfg: string, sessionId: string, index: number, manifestParams: readonly Pair[]): string {
  const up = 3 + assetPath.split('/').length - 1;
  return appendQuery(`${'../'.repeat(up)}manifest/${enc(acct)}/${enc(cfg)}/${sessionId}/${index}.m3u8`, manifestParams);
}
