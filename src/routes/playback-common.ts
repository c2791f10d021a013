/**
 * @module routes/playback-common
 * Checks shared by the playback routes: the account segment, the configuration, the raw asset
 * path, the session id, and the player's request details.
 */
import type { Context } from 'hono';
import { playableConfiguration, resolveSelfOrigin, type PlaybackConfiguration } from '../core/config/playback-configuration.ts';
import type { ClientInfo } from '../core/session/session-record.ts';
import { SESSION_ID_PATTERN } from '../core/session/session-record.ts';
import { validateAssetPath } from '../core/url/asset-path.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { getPlaybackConfiguration } from '../platform/config-source.ts';

type C = Context<AppEnv>;

/** Issue 2 §3: the `{acct}` segment must equal ACCOUNT_ID; anything else is 404. */
export function requireAccount(c: C, acct: string): string {
  if (acct !== c.env.ACCOUNT_ID) throw new ApiError(404, 'unknown account');
  return acct;
}

/**
 * The configuration, with `{{self}}` resolved against this request's origin; 404 when unknown.
 * A configuration stored without `VideoContentSourceUrl` (the API model requires only `Name`)
 * cannot be played: 400 saying so, rather than a session with no origin.
 */
export async function requireConfiguration(c: C, name: string): Promise<PlaybackConfiguration> {
  const cfg = await getPlaybackConfiguration(c.env, name);
  if (!cfg) throw new ApiError(404, 'playback configuration not found');
  const playable = playableConfiguration(cfg);
  if (!playable.ok) throw new ApiError(400, playable.error);
  return resolveSelfOrigin(playable.value, selfOrigin(c));
}

export function selfOrigin(c: C): string {
  return new URL(c.req.url).origin;
}

/**
 * The asset path: the raw (still percent-encoded) path after `/v1/{route}/{acct}/{cfg}/`. Taken
 * from the raw URL, not the router's decoded params, so encoded slashes and dot segments are seen
 * and refused (DESIGN §10).
 */
export function requireAssetPath(c: C, routeSegments = 4): string {
  const path = new URL(c.req.url).pathname;
  const parts = path.split('/');
  // ['', 'v1', route, acct, cfg, ...asset]
  const raw = parts.slice(routeSegments + 1).join('/');
  const checked = validateAssetPath(raw);
  if (!checked.ok) throw new ApiError(400, checked.error);
  return checked.value;
}

export function requireSessionId(sid: string | undefined): string {
  if (!sid || !SESSION_ID_PATTERN.test(sid)) throw new ApiError(400, 'session id is not valid');
  return sid;
}

/** Client details forwarded to the ad server and on beacons (contracts §4.4, §5 `[session.*]`). */
export function clientInfo(c: C): ClientInfo {
  const h = c.req.raw.headers;
  const forwardedFor = h.get('x-forwarded-for') ?? undefined;
  const ip = forwardedFor?.split(',')[0]?.trim() || h.get('cf-connecting-ip') || undefined;
  const info: Record<string, string> = {};
  if (ip) info['ip'] = ip;
  if (forwardedFor) info['forwardedFor'] = forwardedFor;
  for (const [key, header] of [['userAgent', 'user-agent'], ['referer', 'referer'], ['acceptLanguage', 'accept-language']] as const) {
    const v = h.get(header);
    if (v) info[key] = v.slice(0, 2048);
  }
  return info;
}

export const HLS_CONTENT_TYPE = 'application/vnd.apple.mpegurl';

/** Personalized playlists must never be cached by a CDN (contracts §1 "CDN guidance"). */
export const NO_STORE = { 'cache-control': 'no-store' } as const;
