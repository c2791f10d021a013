/**
 * @module core/ads-request/build-url
 * `buildAdsRequestUrl(template, vars)`: fills MediaTailor's `[namespace.name]` variables in an
 * ADS URL template (contracts §5) and enforces the URL limits of contracts §2.2. Pure, never
 * throws.
 *
 * - A variable is `[` + `session.`, `avail.`, `scte.`, `player_params.` or `asset.` + a name
 *   without blanks or brackets + `]`. Any other bracketed text (`a[]=1`, `[CACHEBUSTING]`) is
 *   not a variable and stays as written, as does all text outside variables.
 * - Values are URL-encoded with encodeURIComponent (MediaTailor decodes `ads.*` values once
 *   on the way in, DESIGN §5).
 * - A variable that is unknown, or whose value the caller does not have (`undefined`, see
 *   `variables.ts`), becomes empty and is listed in `unresolved` so the caller can log
 *   WARNING_URL_VARIABLE_SUBSTITUTION_FAILED.
 */
import { scteValue } from './scte-variables.ts';
import type { AdsVariables, VariableValue } from './variables.ts';

/** Contracts §2.2: whole ADS URL ≤ 25,000 characters. */
export const ADS_URL_MAX_CHARS = 25_000;
/** Contracts §2.2: player parameter name ≤ 10,000 characters, value ≤ 25,000. */
export const PLAYER_PARAM_NAME_MAX_CHARS = 10_000;
export const PLAYER_PARAM_VALUE_MAX_CHARS = 25_000;

export type AdsRequestUrlError =
  | { readonly kind: 'url_too_long'; readonly lengthChars: number; readonly maxChars: number; readonly message: string }
  | { readonly kind: 'invalid_url'; readonly message: string };

export type AdsRequestUrl =
  | { readonly ok: true; readonly url: string; readonly unresolved: readonly string[] }
  | { readonly ok: false; readonly url: string; readonly unresolved: readonly string[]; readonly error: AdsRequestUrlError };

const VARIABLE = /^(session|avail|scte|player_params|asset)\.([^\s[\]]+)$/i;

export function buildAdsRequestUrl(template: string, vars: AdsVariables): AdsRequestUrl {
  const unresolved: string[] = [];
  let url = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('[', i);
    if (open < 0) {
      url += template.slice(i);
      break;
    }
    url += template.slice(i, open);
    const close = template.indexOf(']', open + 1);
    const nextOpen = template.indexOf('[', open + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      // No variable starts here; keep the bracket and look again from the next character.
      url += '[';
      i = open + 1;
      continue;
    }
    const name = template.slice(open + 1, close);
    const m = VARIABLE.exec(name);
    if (!m) {
      url += template.slice(open, close + 1);
      i = close + 1;
      continue;
    }
    const written = variableText(m, vars);
    if (written === undefined) {
      if (!unresolved.includes(name)) unresolved.push(name);
    } else url += encode(written);
    i = close + 1;
  }
  return check(url, unresolved);
}

/** A variable name as written (`session.id`, `player_params.deviceType`); null for other text. */
export function matchVariable(name: string): RegExpExecArray | null {
  return VARIABLE.exec(name);
}

/** The text of a matched variable, or undefined when it is unknown or has no value (unresolved). */
export function variableText(m: RegExpExecArray, vars: AdsVariables): string | undefined {
  const value = lookup((m[1] ?? '').toLowerCase(), m[2] ?? '', vars);
  return value.known ? format(value.value) : undefined;
}

function check(url: string, unresolved: readonly string[]): AdsRequestUrl {
  if (url.length > ADS_URL_MAX_CHARS) {
    const message = `the ADS URL is ${url.length} characters; the limit is ${ADS_URL_MAX_CHARS}`;
    return { ok: false, url, unresolved, error: { kind: 'url_too_long', lengthChars: url.length, maxChars: ADS_URL_MAX_CHARS, message } };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, url, unresolved, error: { kind: 'invalid_url', message: 'the ADS URL is not an absolute URL' } };
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    // Contracts §5: the ADS host name must be present.
    return { ok: false, url, unresolved, error: { kind: 'invalid_url', message: 'the ADS URL needs an http(s) scheme and a host' } };
  }
  return { ok: true, url, unresolved };
}

type Lookup = { readonly known: true; readonly value: VariableValue } | { readonly known: false };

function lookup(namespace: string, name: string, vars: AdsVariables): Lookup {
  switch (namespace) {
    case 'session':
      return sessionValue(name, vars);
    case 'avail':
      return availValue(name, vars);
    case 'scte':
      return scteValue(name, vars.scte);
    case 'player_params':
      return playerParam(name, vars.playerParams);
    case 'asset':
      return assetParam(name, vars.assetParams);
    default:
      return { known: false };
  }
}

function sessionValue(name: string, vars: AdsVariables): Lookup {
  switch (name.toLowerCase()) {
    case 'id':
      return { known: true, value: vars.sessionId };
    case 'uuid':
      return { known: true, value: vars.sessionUuid };
    case 'client_ip':
      return { known: true, value: vars.clientIp };
    case 'user_agent':
      return { known: true, value: vars.userAgent };
    case 'referer':
      return { known: true, value: vars.referer };
    case 'accept_language':
      return { known: true, value: vars.acceptLanguage };
    case 'avail_duration_ms':
      return { known: true, value: vars.availDurationMs };
    case 'avail_duration_secs': {
      const ms = vars.availDurationMs;
      // MediaTailor: "rounded to the nearest second".
      return { known: true, value: typeof ms === 'number' && Number.isFinite(ms) ? Math.round(ms / 1000) : ms };
    }
    default:
      return { known: false };
  }
}

function availValue(name: string, vars: AdsVariables): Lookup {
  switch (name.toLowerCase()) {
    case 'index':
      return { known: true, value: vars.availIndex };
    case 'random':
      return { known: true, value: vars.availRandom };
    case 'source_content_time_epoch_ms':
      return { known: true, value: vars.availSourceContentTimeEpochMs };
    default:
      return { known: false };
  }
}

/**
 * Seed 000: player parameter keys are not case-sensitive. A key or value beyond the §2.2
 * limits is treated as not supplied.
 */
function playerParam(key: string, params: Readonly<Record<string, string>> | undefined): Lookup {
  if (!params) return { known: true, value: undefined };
  const wanted = key.toLowerCase();
  let value: string | undefined;
  for (const [k, v] of Object.entries(params)) {
    if (k.toLowerCase() === wanted && k.length <= PLAYER_PARAM_NAME_MAX_CHARS) value = v;
  }
  if (value !== undefined && value.length > PLAYER_PARAM_VALUE_MAX_CHARS) value = undefined;
  return { known: true, value };
}

/** `#EXT-X-ASSET` keys are upper case by convention; exact match first, then any case. */
function assetParam(key: string, params: Readonly<Record<string, string>> | undefined): Lookup {
  if (!params) return { known: true, value: undefined };
  if (Object.hasOwn(params, key)) return { known: true, value: params[key] };
  const wanted = key.toLowerCase();
  const found = Object.entries(params).find(([k]) => k.toLowerCase() === wanted);
  return { known: true, value: found?.[1] };
}

/** The text written for a value, or undefined when it cannot be filled. */
function format(value: VariableValue): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return value;
}

/** encodeURIComponent that cannot throw: lone surrogates become U+FFFD first. */
function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}
