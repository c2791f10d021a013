/**
 * @module core/config/playback-configuration
 * The playback configuration: MediaTailor's `PutPlaybackConfiguration` body (AWS MediaTailor API
 * model) with its exact member names, validated, as stored; and the check that turns a stored
 * configuration into one a session can play. Pure.
 *
 * The model requires only `Name`, so a configuration may be stored without
 * `VideoContentSourceUrl` or `AdDecisionServerUrl` (Terraform and the CLI create configurations
 * step by step). Playback needs the origin: a session on a configuration without
 * `VideoContentSourceUrl` is refused with a message saying so (`playableConfiguration`). Without
 * `AdDecisionServerUrl` a session plays content without ads.
 */
import { err, ok, type Result } from '../result.ts';
import { undefinedDomainVariable } from './aliases.ts';
import { type LOG_FORMATS, PLAYBACK_CONFIGURATION_SHAPE } from './playback-configuration-shape.ts';
import { checkShape, isHttpUrlTemplate, setOwn } from './shape.ts';

export { LOG_FORMATS } from './playback-configuration-shape.ts';

export type AvailSuppressionMode = 'OFF' | 'BEHIND_LIVE_EDGE' | 'AFTER_LIVE_EDGE';
export type FillPolicy = 'FULL_AVAIL_ONLY' | 'PARTIAL_AVAIL';

export interface AvailSuppression {
  readonly Mode?: AvailSuppressionMode;
  readonly Value?: string;
  readonly FillPolicy?: FillPolicy;
}

export interface LogConfiguration {
  readonly PercentEnabled?: number;
  readonly EnabledLoggingStrategies?: readonly string[];
  readonly AdsInteractionLog?: { readonly PublishOptInEventTypes?: readonly string[]; readonly ExcludeEventTypes?: readonly string[] };
  readonly ManifestServiceInteractionLog?: { readonly PublishOptInEventTypes?: readonly string[]; readonly ExcludeEventTypes?: readonly string[] };
  readonly AdLogFormats?: ReadonlyArray<(typeof LOG_FORMATS)[number]>;
  readonly AdLogStreamName?: string;
  readonly AdLogStreamVersion?: number;
  readonly AdLogPrefix?: string;
  readonly AdLogGzip?: boolean;
}

export interface AdsHttpRequest {
  readonly Method?: 'GET' | 'POST';
  readonly Headers?: Readonly<Record<string, string>>;
  readonly Body?: string;
  /** `GZIP`: a POST body is sent gzip-compressed with `Content-Encoding: gzip`. */
  readonly CompressRequest?: 'NONE' | 'GZIP';
}

/**
 * A stored playback configuration (the PUT body after validation). Members of a newer model that
 * this release does not know are stored too, as sent, and returned by GET; they are not typed here.
 */
export interface StoredPlaybackConfiguration {
  readonly Name: string;
  readonly VideoContentSourceUrl?: string;
  readonly AdDecisionServerUrl?: string;
  readonly AdDecisionServerConfiguration?: { readonly HttpRequest?: AdsHttpRequest };
  readonly SlateAdUrl?: string;
  readonly Bumper?: { readonly StartUrl?: string; readonly EndUrl?: string };
  readonly CdnConfiguration?: { readonly AdSegmentUrlPrefix?: string; readonly ContentSegmentUrlPrefix?: string };
  readonly PersonalizationThresholdSeconds?: number;
  readonly AvailSuppression?: AvailSuppression;
  readonly LivePreRollConfiguration?: { readonly AdDecisionServerUrl?: string; readonly MaxDurationSeconds?: number };
  readonly ManifestProcessingRules?: { readonly AdMarkerPassthrough?: { readonly Enabled?: boolean } };
  readonly ConfigurationAliases?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly DashConfiguration?: { readonly MpdLocation?: 'EMT_DEFAULT' | 'DISABLED'; readonly OriginManifestType?: 'SINGLE_PERIOD' | 'MULTI_PERIOD' };
  readonly HlsConfiguration?: Record<string, never>;
  readonly InsertionMode?: 'STITCHED_ONLY' | 'PLAYER_SELECT';
  readonly TranscodeProfileName?: string;
  readonly AdConditioningConfiguration?: { readonly StreamingMediaFileConditioning?: 'TRANSCODE' | 'NONE' };
  readonly FunctionMapping?: Readonly<Record<string, string>>;
  readonly LogConfiguration?: LogConfiguration;
  /** The model's member `Tags`, JSON name `tags`. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A configuration a session can play: it names the origin. */
export type PlaybackConfiguration = StoredPlaybackConfiguration & { readonly VideoContentSourceUrl: string };

export interface ValidatedConfiguration {
  readonly config: StoredPlaybackConfiguration;
  /** Paths of members this release does not know (stored, not acted on). */
  readonly unknownFields: readonly string[];
}

/**
 * Names are URL path segments of every playback URL (`/v1/master/{acct}/{Name}/…`) and the last
 * part of the ARN: a `/`, a control character, or a dot segment could not round-trip there.
 */
const NAME_FORBIDDEN = /[/\u0000-\u001f\u007f]/;

/** Validates a PUT body. Unknown members are kept and reported; read-only members are ignored. */
export function validatePlaybackConfiguration(body: unknown): Result<ValidatedConfiguration, string> {
  const unknownFields: string[] = [];
  const checked = checkShape(body, PLAYBACK_CONFIGURATION_SHAPE, '', unknownFields);
  if (!checked.ok) return checked;
  // SAFETY: checkShape returned a value matching PLAYBACK_CONFIGURATION_SHAPE, which mirrors the interface.
  const cfg = checked.value as Partial<StoredPlaybackConfiguration>;
  if (!cfg.Name) return err('Name is required');
  if (NAME_FORBIDDEN.test(cfg.Name) || cfg.Name === '.' || cfg.Name === '..') {
    return err('Name must not contain "/" or control characters, nor be "." or "..": it is a segment of the playback URLs');
  }
  const suppression = cfg.AvailSuppression;
  if (suppression?.Value !== undefined && !/^\d{2}:[0-5]\d:[0-5]\d$/.test(suppression.Value)) {
    return err('AvailSuppression.Value must be HH:MM:SS');
  }
  for (const key of Object.keys(cfg.ConfigurationAliases ?? {})) {
    if (!key.startsWith('player_params.')) return err(`ConfigurationAliases key ${key} must start with player_params.`);
  }
  const undefinedVariable = undefinedDomainVariable(cfg as Record<string, unknown>);
  if (undefinedVariable) return err(undefinedVariable);
  for (const field of ['AdSegmentUrlPrefix', 'ContentSegmentUrlPrefix'] as const) {
    const value = cfg.CdnConfiguration?.[field];
    if (value !== undefined && !isUrlPrefix(value)) {
      return err(`CdnConfiguration.${field} must be an http(s) URL or a path starting with /`);
    }
  }
  return ok({ config: cfg as StoredPlaybackConfiguration, unknownFields });
}

/** A CDN prefix the playlists can use: absolute http(s), or a path resolved against the playlist's host. */
function isUrlPrefix(value: string): boolean {
  return value.startsWith('/') ? !value.startsWith('//') : isHttpUrlTemplate(value);
}

/** The configuration a session can be created with, or why not. */
export function playableConfiguration(cfg: StoredPlaybackConfiguration): Result<PlaybackConfiguration, string> {
  const source = cfg.VideoContentSourceUrl;
  if (!source) {
    return err(`playback configuration ${cfg.Name} has no VideoContentSourceUrl, so there is no origin to play; set it with PutPlaybackConfiguration`);
  }
  return ok({ ...cfg, VideoContentSourceUrl: source });
}

/**
 * A configuration stored by an earlier release, in today's member names: `Tags` → `tags`,
 * `HttpRequest.CompressionMethod` → `CompressRequest`. Anything else is returned as it is.
 */
export function upgradeStoredConfiguration(stored: StoredPlaybackConfiguration): StoredPlaybackConfiguration {
  const legacy = stored as StoredPlaybackConfiguration & { Tags?: Record<string, string> };
  const http = stored.AdDecisionServerConfiguration?.HttpRequest as (AdsHttpRequest & { CompressionMethod?: 'NONE' | 'GZIP' }) | undefined;
  if (legacy.Tags === undefined && http?.CompressionMethod === undefined) return stored;
  const { Tags, ...rest } = legacy;
  let out: StoredPlaybackConfiguration = Tags !== undefined && rest.tags === undefined ? { ...rest, tags: Tags } : rest;
  if (http?.CompressionMethod !== undefined) {
    const { CompressionMethod, ...request } = http;
    out = { ...out, AdDecisionServerConfiguration: { ...out.AdDecisionServerConfiguration, HttpRequest: { CompressRequest: CompressionMethod, ...request } } };
  }
  return out;
}

/**
 * What a PUT stores. `PutPlaybackConfiguration` replaces the configuration, but two members are
 * managed by their own operations in the model and a PUT without them keeps them: the log
 * configuration (`ConfigureLogsForPlaybackConfiguration`) and the tags (`TagResource`).
 * Otherwise an SDK or Terraform update would silently reset them.
 */
export function mergeOnPut(previous: StoredPlaybackConfiguration | undefined, next: StoredPlaybackConfiguration): StoredPlaybackConfiguration {
  if (!previous) return next;
  const out: Record<string, unknown> = { ...next };
  if (next.LogConfiguration === undefined && previous.LogConfiguration !== undefined) setOwn(out, 'LogConfiguration', previous.LogConfiguration);
  if (next.tags === undefined && previous.tags !== undefined) setOwn(out, 'tags', previous.tags);
  // SAFETY: `out` is `next` with at most two members of `previous` of the same type added.
  return out as unknown as StoredPlaybackConfiguration;
}

/** Replaces the `{{self}}` placeholder in URL fields with this deployment's origin. */
export function resolveSelfOrigin<T extends StoredPlaybackConfiguration>(cfg: T, selfOrigin: string): T {
  const json = JSON.stringify(cfg);
  if (!json.includes('{{self}}')) return cfg;
  // SAFETY: replacing a placeholder inside string values keeps the JSON shape.
  return JSON.parse(json.replaceAll('{{self}}', selfOrigin.replace(/["\\]/g, ''))) as T;
}
