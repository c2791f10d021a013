/**
 * @module core/session/ads-request
 * The ADS request of one avail (docs/architecture.md "Ads"): the configuration's URL template
 * filled with the session's and the avail's variables (MediaTailor's dynamic ad variables:
 * `[session.*]`, `[player_params.*]`, `[avail.*]`, `[scte.*]`, `[asset.*]`), the player's
 * User-Agent and X-Forwarded-For forwarded, the configured headers, method and body. Pure: the
 * `[avail.random]` draw comes in.
 */
import { buildAdsRequestUrl, type AdsVariables } from '../ads-request/index.ts';
import type { SessionRecord } from './session-record.ts';
import type { AdsRequestSpec, AvailRequest } from './decision-types.ts';

/** `[session.avail_duration_ms]` when nothing is signalled (MediaTailor's default avail, 300 s). */
const DEFAULT_AVAIL_MS = 300_000;

/** The request for `avail`; `random` is a draw in [0, 1) for `[avail.random]`. */
export function adsRequestFor(record: SessionRecord, avail: AvailRequest, random: number): AdsRequestSpec {
  const durationMs = avail.insertion ? null : avail.signalledDurationSec !== undefined ? Math.round(avail.signalledDurationSec * 1000) : DEFAULT_AVAIL_MS;
  const c = record.client;
  const vars: AdsVariables = {
    sessionId: record.sessionId,
    sessionUuid: record.sessionId,
    clientIp: c.forwardedFor ?? c.ip,
    userAgent: c.userAgent ?? null,
    referer: c.referer ?? null,
    acceptLanguage: c.acceptLanguage ?? null,
    availDurationMs: durationMs,
    availIndex: avail.availIndex,
    availRandom: Math.floor(random * 10_000_000_000),
    availSourceContentTimeEpochMs: avail.pdtMs ?? null,
    ...(avail.scte ? { scte: avail.scte.ads } : {}),
    playerParams: record.params.playerParams,
    assetParams: avail.asset,
  };
  const template = record.config.AdDecisionServerUrl;
  // The API model requires only Name: a configuration without an ad server plays content only.
  if (!template) return { url: '', unresolved: [], headers: adsRequestHeaders(record), method: 'GET', ok: false, error: 'the playback configuration has no AdDecisionServerUrl' };
  const built = buildAdsRequestUrl(template, vars);
  const http = record.config.AdDecisionServerConfiguration?.HttpRequest;
  const base = {
    url: built.url,
    unresolved: built.unresolved,
    headers: adsRequestHeaders(record),
    method: http?.Method === 'POST' ? ('POST' as const) : ('GET' as const),
    ...(http?.Method === 'POST' ? { body: http.Body ?? '' } : {}),
  };
  return built.ok ? { ...base, ok: true } : { ...base, ok: false, error: built.error.message };
}

/**
 * Headers of every ADS request, wrappers included: the player's User-Agent and X-Forwarded-For
 * (MediaTailor forwards both), then the configuration's headers, which win.
 */
export function adsRequestHeaders(record: SessionRecord): Record<string, string> {
  const headers: Record<string, string> = {};
  if (record.client.userAgent) headers['user-agent'] = record.client.userAgent;
  const xff = record.client.forwardedFor ?? record.client.ip;
  if (xff) headers['x-forwarded-for'] = xff;
  for (const [k, v] of Object.entries(record.config.AdDecisionServerConfiguration?.HttpRequest?.Headers ?? {})) headers[k.toLowerCase()] = v;
  return headers;
}
