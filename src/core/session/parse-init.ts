/**
 * @module core/session/parse-init
 * Turns a session-init request into `SessionParams`: the JSON body of `POST /v1/session` (seed
 * 000) or the query of `GET /v1/session` / implicit `GET /v1/master|dash` (seed 001, contracts
 * §2.2). Pure. Bad input is a value (`err(message)`), answered as 400 by the route.
 */
import type { AvailSuppressionMode, FillPolicy } from '../config/playback-configuration.ts';
import { isPlainObject } from '../config/shape.ts';
import { err, ok, type Result } from '../result.ts';
import { LIMITS, type Pair, type ReportingMode, type SessionFeatures, type SessionParams } from './session-params.ts';

/** Top-level keys of the init body that are features, never origin parameters (seed 000). Case-sensitive. */
const RESERVED_BODY_KEYS = new Set([
  'adsParams', 'playerParams', 'manifestParams', 'availSuppression', 'overlayAvails', 'adSignaling',
  'reportingMode', 'insertionMode', 'logMode', 'streamId', 'startTime', 'preroll',
]);

const SUPPRESSION_MODES: readonly AvailSuppressionMode[] = ['OFF', 'BEHIND_LIVE_EDGE', 'AFTER_LIVE_EDGE'];
const FILL_POLICIES: readonly FillPolicy[] = ['FULL_AVAIL_ONLY', 'PARTIAL_AVAIL'];

/** Parses the POST body; any Content-Type, possibly empty (DESIGN §2: Shaka sends none). */
export function parseInitBody(text: string): Result<SessionParams, string> {
  if (text.trim() === '') return ok(emptyParams());
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return err('request body is not valid JSON');
  }
  if (!isPlainObject(body)) return err('request body must be a JSON object');
  const b = new Builder();
  for (const [key, value] of Object.entries(body)) {
    const e = RESERVED_BODY_KEYS.has(key) ? b.reservedBodyKey(key, value) : b.origin(key, scalar(value, key));
    if (e) return err(e);
  }
  return b.build();
}

/**
 * Parses query parameters of the GET session forms. `ads.*` → player params, `playerParams.*` →
 * player params, `manifest.*`/`manifestParams.*` → manifest params, `aws.*` → features,
 * anything else → origin (contracts §2.2). Values arrive URL-decoded once.
 */
export function parseInitQuery(entries: Iterable<Pair>): Result<SessionParams, string> {
  const b = new Builder();
  for (const [key, value] of entries) {
    let e: string | undefined;
    if (key.startsWith('ads.')) e = b.player(key.slice(4), value);
    else if (key.startsWith('playerParams.')) e = b.player(key.slice(13), value);
    else if (key.startsWith('manifestParams.')) e = b.manifest(key.slice(15), value);
    else if (key.startsWith('manifest.')) e = b.manifest(key.slice(9), value);
    else if (key.startsWith('aws.')) e = b.awsParam(key.slice(4), value);
    else e = b.origin(key, { ok: true, value });
    if (e) return err(e);
  }
  return b.build();
}

function emptyParams(): SessionParams {
  return { playerParams: {}, manifestParams: [], originParams: [], features: {}, warnings: [] };
}

function scalar(value: unknown, key: string): Result<string, string> {
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  return err(`${key} must be a string, number or boolean`);
}

class Builder {
  readonly #player = new Map<string, string>();
  readonly #adsPlayer = new Map<string, string>();
  readonly #manifest: Pair[] = [];
  readonly #origin: Pair[] = [];
  readonly #warnings: string[] = [];
  #features: { -readonly [K in keyof SessionFeatures]: SessionFeatures[K] } = {};
  #reportingMode: ReportingMode | undefined;

  build(): Result<SessionParams, string> {
    const manifestChars = this.#manifest.reduce((n, [k, v]) => n + k.length + v.length + 2, 0);
    if (manifestChars > LIMITS.maxManifestParamsChars) {
      return err(`manifest parameters must total at most ${LIMITS.maxManifestParamsChars} characters`);
    }
    // adsParams win over playerParams for the same key: they are the ADS-specific values.
    const playerParams = Object.fromEntries([...this.#player, ...this.#adsPlayer]);
    return ok({
      playerParams,
      manifestParams: this.#manifest,
      originParams: this.#origin,
      ...(this.#reportingMode ? { reportingMode: this.#reportingMode } : {}),
      features: this.#features,
      warnings: this.#warnings,
    });
  }

  player(key: string, value: string, fromAds = true): string | undefined {
    const target = fromAds ? this.#adsPlayer : this.#player;
    const e = checkPair('player parameter', key, value, LIMITS.maxValueChars, target.size);
    if (e) return e;
    const lower = key.toLowerCase();
    if (!target.has(lower)) target.set(lower, value);
    return undefined;
  }

  manifest(key: string, value: string): string | undefined {
    const e = checkPair('manifest parameter', key, value, LIMITS.maxManifestParamsChars, this.#manifest.length);
    if (e) return e;
    this.#manifest.push([key, value]);
    return undefined;
  }

  origin(key: string, value: Result<string, string>): string | undefined {
    if (!value.ok) return value.error;
    const e = checkPair('origin parameter', key, value.value, LIMITS.maxOriginParamChars, this.#origin.length);
    if (e) return e;
    this.#origin.push([key, value.value]);
    return undefined;
  }

  reservedBodyKey(key: string, value: unknown): string | undefined {
    switch (key) {
      case 'adsParams':
      case 'playerParams':
      case 'manifestParams': {
        if (!isPlainObject(value)) return `${key} must be a JSON object`;
        for (const [k, v] of Object.entries(value)) {
          const s = scalar(v, `${key}.${k}`);
          if (!s.ok) return s.error;
          const e = key === 'manifestParams' ? this.manifest(k, s.value) : this.player(k, s.value, key === 'adsParams');
          if (e) return e;
        }
        return undefined;
      }
      case 'availSuppression': {
        if (!isPlainObject(value)) return 'availSuppression must be a JSON object';
        return this.#suppression(value['mode'], value['value'], value['fillPolicy']);
      }
      case 'overlayAvails':
        return this.#onOff('overlayAvails', value, (v) => (this.#features.overlayAvails = v));
      case 'preroll':
        return this.#onOff('preroll', value, (v) => (this.#features.preroll = v), ['enabled', 'disabled']);
      case 'adSignaling': {
        const enabled = isPlainObject(value) ? value['enabled'] : undefined;
        return this.#trueFalse('adSignaling.enabled', enabled, (v) => (this.#features.adSignaling = v));
      }
      case 'reportingMode':
        if (value !== 'client' && value !== 'server') return 'reportingMode must be "client" or "server"';
        this.#reportingMode = value;
        return undefined;
      case 'insertionMode':
        if (value !== 'GUIDED' && value !== 'STITCHED') return 'insertionMode must be "GUIDED" or "STITCHED"';
        this.#features.insertionMode = value;
        return undefined;
      case 'logMode':
        // contracts §2.2: an invalid logMode fails the init (unlike other features, which default).
        if (value !== 'DEBUG' && value !== 'DISABLED') return 'logMode must be "DEBUG" or "DISABLED"';
        this.#features.logMode = value;
        return undefined;
      case 'streamId':
        if (typeof value !== 'string' || value.length > 256) return 'streamId must be a string of at most 256 characters';
        this.#features.streamId = value;
        return undefined;
      case 'startTime':
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return 'startTime must be an ISO-8601 date-time';
        this.#features.startTime = value;
        return undefined;
      default:
        return `${key} is not supported`;
    }
  }

  /** `aws.*` service variables (contracts §2.2): invalid values are logged and defaulted, except logMode. */
  awsParam(name: string, value: string): string | undefined {
    switch (name) {
      case 'sessionId':
        return undefined; // consumed by the route
      case 'logMode':
        return this.reservedBodyKey('logMode', value);
      case 'availSuppressionMode':
        return this.#suppression(value, undefined, undefined);
      case 'availSuppressionValue':
        return this.#suppression(undefined, value, undefined);
      case 'availSuppressionFillPolicy':
        return this.#suppression(undefined, undefined, value);
      case 'overlayAvails':
        return this.#onOff('aws.overlayAvails', value, (v) => (this.#features.overlayAvails = v));
      case 'preroll':
        return this.#onOff('aws.preroll', value, (v) => (this.#features.preroll = v), ['enabled', 'disabled']);
      case 'adSignalingEnabled':
        return this.#trueFalse('aws.adSignalingEnabled', value, (v) => (this.#features.adSignaling = v));
      case 'insertionMode':
        if (value === 'GUIDED' || value === 'STITCHED') this.#features.insertionMode = value;
        else this.#warnings.push('aws.insertionMode ignored: must be GUIDED or STITCHED');
        return undefined;
      case 'reportingMode': {
        const v = value.toLowerCase();
        if (v === 'client' || v === 'server') this.#reportingMode = v;
        else this.#warnings.push('aws.reportingMode ignored: must be CLIENT or SERVER');
        return undefined;
      }
      case 'streamId':
        if (value.length <= 256) this.#features.streamId = value;
        else this.#warnings.push('aws.streamId ignored: longer than 256 characters');
        return undefined;
      case 'startTime':
        if (!Number.isNaN(Date.parse(value))) this.#features.startTime = value;
        else this.#warnings.push('aws.startTime ignored: not an ISO-8601 date-time');
        return undefined;
      default:
        this.#warnings.push(`aws.${name.slice(0, 64)} ignored: unknown service variable`);
        return undefined;
    }
  }

  #suppression(mode: unknown, value: unknown, fillPolicy: unknown): string | undefined {
    const current = { ...this.#features.availSuppression };
    if (mode !== undefined) {
      if (SUPPRESSION_MODES.includes(mode as AvailSuppressionMode)) current.Mode = mode as AvailSuppressionMode;
      else this.#warnings.push('availSuppression mode ignored: must be OFF, BEHIND_LIVE_EDGE or AFTER_LIVE_EDGE');
    }
    if (value !== undefined) {
      if (typeof value === 'string' && /^\d{2}:[0-5]\d:[0-5]\d$/.test(value)) current.Value = value;
      else this.#warnings.push('availSuppression value ignored: must be HH:MM:SS');
    }
    if (fillPolicy !== undefined) {
      if (FILL_POLICIES.includes(fillPolicy as FillPolicy)) current.FillPolicy = fillPolicy as FillPolicy;
      else this.#warnings.push('availSuppression fillPolicy ignored: must be FULL_AVAIL_ONLY or PARTIAL_AVAIL');
    }
    this.#features.availSuppression = current;
    return undefined;
  }

  /** Case-insensitive, as MediaTailor reads `aws.overlayAvails` and `aws.preroll`. */
  #onOff(name: string, value: unknown, set: (v: boolean) => void, words = ['on', 'off']): string | undefined {
    const v = typeof value === 'string' ? value.toLowerCase() : value;
    if (v === words[0]) set(true);
    else if (v === words[1]) set(false);
    else this.#warnings.push(`${name} ignored: must be "${words[0]}" or "${words[1]}"`);
    return undefined;
  }

  #trueFalse(name: string, value: unknown, set: (v: boolean) => void): string | undefined {
    if (value === 'true' || value === true) set(true);
    else if (value === 'false' || value === false) set(false);
    else this.#warnings.push(`${name} ignored: must be "true" or "false"`);
    return undefined;
  }
}

function checkPair(kind: string, key: string, value: string, maxValue: number, count: number): string | undefined {
  if (count >= LIMITS.maxParamsPerKind) return `too many ${kind}s (at most ${LIMITS.maxParamsPerKind})`;
  if (key.length === 0) return `${kind} name must not be empty`;
  if (key.length > LIMITS.maxNameChars) return `${kind} name is longer than ${LIMITS.maxNameChars} characters`;
  if (value.length > maxValue) return `${kind} ${truncate(key)} is longer than ${maxValue} characters`;
  return undefined;
}

/** Request input quoted in a message is shortened and stripped of control characters. */
export function truncate(text: string, max = 64): string {
  const clean = text.replace(/[\u0000-\u001f\u007f"\\]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
