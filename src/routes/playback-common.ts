/**
 * @module routes/playback-common
 * Checks shared by the playback routes: the account segment, the configuration, the raw asset
 * path, the session id and who may use it, the player's request details; and the one way a
 * route answers a session's outcome. Failures end the request with a core/errors value.
 */
import type { Context } from 'hono';
import { playableConfiguration, resolveSelfOrigin, type PlaybackConfiguration } from '../core/config/playback-configuration.ts';
import { badRequest, type Outcome } from '../core/errors.ts';
import type { SessionClaim } from '../core/session/ownership.ts';
import type { ClientInfo } from '../core/session/session-record.ts';
import { SESSION_ID_PATTERN } from '../core/session/session-record.ts';
import { validateAssetPath } from '../core/url/asset-path.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../http/errors.ts';
import { getPlaybackConfiguration } from '../platform/config-source.ts';
import { sessionClient, type SessionClient } from '../platform/session-client.ts';

type C = Context<AppEnv>;

/** The `{acct}` segment must equal ACCOUNT_ID; anything else is 404. */
export function requireAccount(c: C, acct: string | undefined): string {
  if (acct !== c.env.ACCOUNT_ID) fail({ kind: 'unknown-account' });
  return acct;
}

/**
 * The configuration, with `{{self}}` resolved against this request's origin; 404 when unknown.
 * A configuration stored without `VideoContentSourceUrl` (the API model requires only `Name`)
 * cannot be played: 400 saying so, rather than a session with no origin.
 */
export async function requireConfiguration(c: C, name: string): Promise<PlaybackConfiguration> {
  const cfg = await getPlaybackConfiguration(c.env, name);
  if (!cfg) fail({ kind: 'unknown-configuration' });
  const playable = playableConfiguration(cfg);
  if (!playable.ok) fail(badRequest(playable.error));
  return resolveSelfOrigin(playable.value, selfOrigin(c));
}

/**
 * This deployment's public origin: `PUBLIC_ORIGIN` when set, else the request's own. It fills a
 * configuration's `{{self}}` and the endpoint prefixes the control plane returns, so a deployment
 * that sets it does not let a request's Host header choose where a session's URLs point.
 */
export function selfOrigin(c: C): string {
  const pinned = c.env.PUBLIC_ORIGIN;
  if (pinned) {
    try {
      return new URL(pinned).origin;
    } catch {
      console.error(JSON.stringify({ msg: 'PUBLIC_ORIGIN is not a URL; using the request origin' }));
    }
  }
  return new URL(c.req.url).origin;
}

/**
 * The asset path: the raw (still percent-encoded) path after `/v1/{route}/{acct}/{cfg}/`. Taken
 * from the raw URL, not the router's decoded params, so encoded slashes and dot segments are seen
 * and refused.
 */
export function requireAssetPath(c: C, routeSegments = 4): string {
  const parts = new URL(c.req.url).pathname.split('/');
  // ['', 'v1', route, acct, cfg, ...asset]
  const checked = validateAssetPath(parts.slice(routeSegments + 1).join('/'));
  if (!checked.ok) fail(badRequest(checked.error));
  return checked.value;
}

export function requireSessionId(sid: string | undefined): string {
  if (!sid || !SESSION_ID_PATTERN.test(sid)) fail(badRequest('session id is not valid'));
  return sid;
}

/**
 * The session a `/v1/{route}/{acct}/{cfg}/{sid}/…` URL names, and what the URL claims about it
 * (account and configuration): the session object checks the claim (core/session/ownership).
 */
export function requireSession(c: C): { session: SessionClient; claim: SessionClaim } {
  const accountId = requireAccount(c, c.req.param('acct'));
  const sid = requireSessionId(c.req.param('sid'));
  return { session: sessionOf(c, sid), claim: { accountId, configName: c.req.param('cfg') ?? '' } };
}

/** The session object `sid`, its round trips counted for the response's Server-Timing header. */
export function sessionOf(c: C, sid: string): SessionClient {
  return sessionClient(c.env, sid, (ms) => {
    const calls = c.get('sessionCalls') ?? { count: 0, ms: 0 };
    calls.count++;
    calls.ms += ms;
    c.set('sessionCalls', calls);
  });
}

/** The value of a session call, or the end of the request with its error. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) fail(outcome.error);
  return outcome.value;
}

/** Client details forwarded to the ad server and on beacons (MediaTailor forwards them too). */
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

/** Personalized playlists must never be cached by a CDN (README "CDN in front"). */
export const NO_STORE = { 'cache-control': 'no-store' } as const;
