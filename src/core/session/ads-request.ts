/**
 * @module core/session/ads-request
 * The ADS request of one avail (docs/architecture.md "Ads"): the configuration's URL template
 * filled with the session's and the avail's variables (MediaTailor's dynamic ad variables:
 * `[session.*]`, `[player_params.*]`, `[avail.*]`, `[scte.*]`, `[asset.*]`), the player's
 * User-Agent and X-Forwarded-For forwarded, and `AdDecisionServerConfiguration.HttpRequest`:
 * the method, the headers and (POST) the body, both filled with the same variables written
 * `{{name}}` (core/ads-request/fill-text). The live pre-roll uses its own URL
 * (`LivePreRollConfiguration.AdDecisionServerUrl`) with the same request options. Pure: the
 * `[avail.random]` draw comes in.
 */
import { buildAdsRequestUrl, type AdsVariables } from '../ads-request/index.ts';
import { ADS_BODY_MAX_CHARS, ADS_HEADER_VALUE_MAX_CHARS, bodyEscape, fillTextTemplate, headerEscape, isJsonBody } from '../ads-request/fill-text.ts';
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
  const headers = adsRequestHeaders(record, vars);
  const template = avail.preroll ? record.config.LivePreRollConfiguration?.AdDecisionServerUrl : record.config.AdDecisionServerUrl;
  // The API model requires only Name: a configuration without an ad server plays content only.
  if (!template) {
    const field = avail.preroll ? 'LivePreRollConfiguration.AdDecisionServerUrl' : 'AdDecisionServerUrl';
    return { url: '', unresolved: [], headers: headers.values, method: 'GET', ok: false, error: `the playback configuration has no ${field}` };
  }
  const built = buildAdsRequestUrl(template, vars);
  const http = record.config.AdDecisionServerConfiguration?.HttpRequest;
  const post = http?.Method === 'POST';
  const body = post ? fillTextTemplate(http.Body ?? '', vars, bodyEscape(http.Body ?? '')) : undefined;
  const unresolved = [...new Set([...built.unresolved, ...headers.unresolved, ...(body?.unresolved ?? [])])];
  const gzip = post && http.CompressRequest === 'GZIP';
  const base = {
    url: built.url,
    unresolved,
    headers: headers.values,
    method: post ? ('POST' as const) : ('GET' as const),
    ...(body ? { body: body.text, bodyHeaders: bodyHeaders(headers.values, http?.Body ?? '', gzip), ...(gzip ? { gzip } : {}) } : {}),
  };
  if (!built.ok) return { ...base, ok: false, error: built.error.message };
  if (body && body.text.length > ADS_BODY_MAX_CHARS) {
    return { ...base, body: '', ok: false, error: `the ADS request body is ${body.text.length} characters with its variables filled; the limit is ${ADS_BODY_MAX_CHARS}` };
  }
  const long = Object.entries(headers.values).find(([, v]) => v.length > ADS_HEADER_VALUE_MAX_CHARS);
  if (long) return { ...base, ok: false, error: `the ADS request header ${long[0]} is ${long[1].length} characters with its variables filled; the limit is ${ADS_HEADER_VALUE_MAX_CHARS}` };
  return { ...base, ok: true };
}

/**
 * Headers of every ADS request, wrappers included: the player's User-Agent and X-Forwarded-For
 * (MediaTailor forwards both), then the configuration's headers with their variables filled,
 * which win.
 */
export function adsRequestHeaders(record: SessionRecord, vars: AdsVariables): { values: Record<string, string>; unresolved: string[] } {
  const values: Record<string, string> = {};
  const unresolved: string[] = [];
  if (record.client.userAgent) values['user-agent'] = record.client.userAgent;
  const xff = record.client.forwardedFor ?? record.client.ip;
  if (xff) values['x-forwarded-for'] = xff;
  for (const [k, v] of Object.entries(record.config.AdDecisionServerConfiguration?.HttpRequest?.Headers ?? {})) {
    const filled = fillTextTemplate(v, vars, headerEscape);
    values[k.toLowerCase()] = filled.text;
    unresolved.push(...filled.unresolved);
  }
  return { values, unresolved };
}

/**
 * Content-Type (unless configured: a JSON document is `application/json`, other text
 * `text/plain`) and, for a compressed body, `Content-Encoding: gzip` (API model `CompressRequest`).
 */
function bodyHeaders(headers: Readonly<Record<string, string>>, template: string, gzip: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers['content-type'] === undefined) out['content-type'] = isJsonBody(template) ? 'application/json' : 'text/plain; charset=utf-8';
  if (gzip) out['content-encoding'] = 'gzip';
  return out;
}
