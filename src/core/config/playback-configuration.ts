/**
 * @module core/config/playback-configuration
 * The playback configuration: MediaTailor's `PutPlaybackConfiguration` body (contracts §6.8) with
 * its exact field names, validated, plus the read-only fields a GET returns. Pure.
 */
import { err, ok, type Result } from '../result.ts';
import { checkShape, type Shape } from './shape.ts';

const url = (maxLength = 512): Shape => ({ kind: 'string', url: true, maxLength });
const str = (maxLength = 1024): Shape => ({ kind: 'string', maxLength });

/** Fields returned by GET that a client may send back unchanged on PUT; they are ignored. */
const READ_ONLY_TOP = [
  'PlaybackConfigurationArn', 'PlaybackEndpointPrefix', 'SessionInitializationEndpointPrefix',
  'DualStackPlaybackEndpointPrefix', 'DualStackSessionInitializationEndpointPrefix',
] as const;

export const LOG_FORMATS = ['mediatailor', 'brightcove', 'uplynk'] as const;

const PLAYBACK_CONFIGURATION_SHAPE: Shape = {
  kind: 'object',
  ignored: READ_ONLY_TOP,
  fields: {
    Name: { kind: 'string', maxLength: 512 },
    VideoContentSourceUrl: url(512),
    AdDecisionServerUrl: url(25_000),
    AdDecisionServerConfiguration: {
      kind: 'object',
      fields: {
        HttpRequest: {
          kind: 'object',
          fields: {
            Method: { kind: 'string', enum: ['GET', 'POST'] },
            Headers: { kind: 'record', value: str(4096), maxEntries: 50, maxKeyLength: 256 },
            Body: str(100_000),
            CompressionMethod: { kind: 'string', enum: ['NONE', 'GZIP'] },
          },
        },
      },
    },
    SlateAdUrl: url(512),
    Bumper: { kind: 'object', fields: { StartUrl: url(), EndUrl: url() } },
    CdnConfiguration: { kind: 'object', fields: { AdSegmentUrlPrefix: url(), ContentSegmentUrlPrefix: url() } },
    PersonalizationThresholdSeconds: { kind: 'number', min: 1, integer: true },
    AvailSuppression: {
      kind: 'object',
      fields: {
        Mode: { kind: 'string', enum: ['OFF', 'BEHIND_LIVE_EDGE', 'AFTER_LIVE_EDGE'] },
        Value: { kind: 'string', maxLength: 8 },
        FillPolicy: { kind: 'string', enum: ['FULL_AVAIL_ONLY', 'PARTIAL_AVAIL'] },
      },
    },
    LivePreRollConfiguration: {
      kind: 'object',
      fields: { AdDecisionServerUrl: url(25_000), MaxDurationSeconds: { kind: 'number', min: 1, integer: true } },
    },
    ManifestProcessingRules: {
      kind: 'object',
      fields: { AdMarkerPassthrough: { kind: 'object', fields: { Enabled: { kind: 'boolean' } } } },
    },
    ConfigurationAliases: {
      kind: 'record',
      maxEntries: 50,
      value: { kind: 'record', value: str(512), maxEntries: 100, maxKeyLength: 256 },
    },
    DashConfiguration: {
      kind: 'object',
      ignored: ['ManifestEndpointPrefix'],
      fields: {
        MpdLocation: { kind: 'string', enum: ['EMT_DEFAULT', 'DISABLED'] },
        OriginManifestType: { kind: 'string', enum: ['SINGLE_PERIOD', 'MULTI_PERIOD'] },
      },
    },
    HlsConfiguration: { kind: 'object', ignored: ['ManifestEndpointPrefix'], fields: {} },
    InsertionMode: { kind: 'string', enum: ['STITCHED_ONLY', 'PLAYER_SELECT'] },
    TranscodeProfileName: str(256),
    AdConditioningConfiguration: {
      kind: 'object',
      fields: { StreamingMediaFileConditioning: { kind: 'string', enum: ['TRANSCODE', 'NONE'] } },
    },
    LogConfiguration: {
      kind: 'object',
      fields: {
        PercentEnabled: { kind: 'number', min: 0, max: 100, integer: true },
        EnabledLoggingStrategies: { kind: 'array', items: { kind: 'string', enum: ['VENDED_LOGS', 'LEGACY_CLOUDWATCH'] } },
        AdsInteractionLog: {
          kind: 'object',
          fields: {
            PublishOptInEventTypes: { kind: 'array', items: str(64), maxItems: 20 },
            ExcludeEventTypes: { kind: 'array', items: str(64), maxItems: 100 },
          },
        },
        ManifestServiceInteractionLog: {
          kind: 'object',
          fields: { ExcludeEventTypes: { kind: 'array', items: str(64), maxItems: 100 } },
        },
        // edge-ssai extensions (README "Ad logs"): which formats, stream name, key prefix, gzip.
        AdLogFormats: { kind: 'array', items: { kind: 'string', enum: LOG_FORMATS }, maxItems: 3 },
        AdLogStreamName: { kind: 'string', maxLength: 128 },
        AdLogStreamVersion: { kind: 'number', min: 1, max: 1_000_000, integer: true },
        AdLogPrefix: { kind: 'string', maxLength: 256 },
        AdLogGzip: { kind: 'boolean' },
      },
    },
    Tags: { kind: 'record', value: str(256), maxEntries: 50, maxKeyLength: 128 },
  },
};

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
  readonly ManifestServiceInteractionLog?: { readonly ExcludeEventTypes?: readonly string[] };
  readonly AdLogFormats?: ReadonlyArray<(typeof LOG_FORMATS)[number]>;
  readonly AdLogStreamName?: string;
  readonly AdLogStreamVersion?: number;
  readonly AdLogPrefix?: string;
  readonly AdLogGzip?: boolean;
}

/** A stored playback configuration (the PUT body after validation). */
export interface PlaybackConfiguration {
  readonly Name: string;
  readonly VideoContentSourceUrl: string;
  readonly AdDecisionServerUrl: string;
  readonly AdDecisionServerConfiguration?: {
    readonly HttpRequest?: { readonly Method?: 'GET' | 'POST'; readonly Headers?: Readonly<Record<string, string>>; readonly Body?: string; readonly CompressionMethod?: 'NONE' | 'GZIP' };
  };
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
  readonly LogConfiguration?: LogConfiguration;
  readonly Tags?: Readonly<Record<string, string>>;
}

/** Configuration names appear in URL paths, so they are restricted to a URL-safe alphabet. */
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,512}$/;

/** Validates a PUT body. Unknown fields are rejected; read-only fields are ignored. */
export function validatePlaybackConfiguration(body: unknown): Result<PlaybackConfiguration, string> {
  const checked = checkShape(body, PLAYBACK_CONFIGURATION_SHAPE, '');
  if (!checked.ok) return checked;
  // SAFETY: checkShape returned a value matching PLAYBACK_CONFIGURATION_SHAPE, which mirrors the interface.
  const cfg = checked.value as Partial<PlaybackConfiguration>;
  if (!cfg.Name) return err('Name is required');
  if (!NAME_PATTERN.test(cfg.Name)) return err('Name must be 1-512 characters of A-Z, a-z, 0-9, _ and -');
  if (!cfg.VideoContentSourceUrl) return err('VideoContentSourceUrl is required');
  if (!cfg.AdDecisionServerUrl) return err('AdDecisionServerUrl is required');
  const suppression = cfg.AvailSuppression;
  if (suppression?.Value !== undefined && !/^\d{2}:[0-5]\d:[0-5]\d$/.test(suppression.Value)) {
    return err('AvailSuppression.Value must be HH:MM:SS');
  }
  for (const key of Object.keys(cfg.ConfigurationAliases ?? {})) {
    if (!key.startsWith('player_params.')) return err(`ConfigurationAliases key ${key} must start with player_params.`);
  }
  return ok(cfg as PlaybackConfiguration);
}

/** The read-only endpoint prefixes a GET/PUT response carries (contracts §6.8), built from the request origin. */
export function describePlaybackConfiguration(cfg: PlaybackConfiguration, requestOrigin: string, accountId: string): Record<string, unknown> {
  const base = `${requestOrigin}/v1`;
  const name = encodeURIComponent(cfg.Name);
  return {
    ...cfg,
    LogConfiguration: { PercentEnabled: DEFAULT_LOG_PERCENT, ...cfg.LogConfiguration },
    PlaybackConfigurationArn: `arn:edge-ssai:mediatailor::${accountId}:playbackConfiguration/${cfg.Name}`,
    PlaybackEndpointPrefix: requestOrigin,
    SessionInitializationEndpointPrefix: `${base}/session/${accountId}/${name}/`,
    HlsConfiguration: { ...cfg.HlsConfiguration, ManifestEndpointPrefix: `${base}/master/${accountId}/${name}/` },
    DashConfiguration: {
      MpdLocation: 'EMT_DEFAULT',
      OriginManifestType: 'MULTI_PERIOD',
      ...cfg.DashConfiguration,
      ManifestEndpointPrefix: `${base}/dash/${accountId}/${name}/`,
    },
  };
}

/** Ad logs cover every session unless a configuration samples them (README "Ad logs"). */
export const DEFAULT_LOG_PERCENT = 100;

/** Replaces the `{{self}}` placeholder in URL fields with this deployment's origin. */
export function resolveSelfOrigin(cfg: PlaybackConfiguration, selfOrigin: string): PlaybackConfiguration {
  const json = JSON.stringify(cfg);
  if (!json.includes('{{self}}')) return cfg;
  // SAFETY: replacing a placeholder inside string values keeps the JSON shape.
  return JSON.parse(json.replaceAll('{{self}}', selfOrigin.replace(/["\\]/g, ''))) as PlaybackConfiguration;
}
