/**
 * @module core/config/playback-configuration-shape
 * The `PutPlaybackConfiguration` request as the AWS MediaTailor API model (2018-04-23, botocore
 * `mediatailor/2018-04-23/service-2.json`) defines it: member names, JSON names (`tags`), types
 * and enums, and no stricter. Where this is stricter than the model it is because the value is
 * acted on and could not work otherwise (an origin or ad server URL that is not http(s)); the
 * lengths are MediaTailor's documented limits. Members the model marks as read-only output are
 * ignored on input, so a GET response can be sent back as a PUT body. Pure.
 */
import type { Shape } from './shape.ts';

export const LOG_FORMATS = ['mediatailor', 'brightcove', 'uplynk'] as const;

const url = (maxLength = 512): Shape => ({ kind: 'string', url: true, maxLength });
const str = (maxLength = 1024): Shape => ({ kind: 'string', maxLength });
const strings = (maxItems: number): Shape => ({ kind: 'array', items: str(128), maxItems });

/** RFC 9110 `token`: what an HTTP header name may be, or the ad server request cannot be sent. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;

/** Tag limits every AWS service applies (AWS "Tagging AWS resources": 50 tags, 128/256 characters). */
export const TAGS_SHAPE: Shape = { kind: 'record', value: str(256), maxEntries: 50, maxKeyLength: 128 };

/** Fields returned by GET that a client may send back unchanged on PUT; they are ignored. */
const READ_ONLY_TOP = [
  'PlaybackConfigurationArn', 'PlaybackEndpointPrefix', 'SessionInitializationEndpointPrefix',
  'DualStackPlaybackEndpointPrefix', 'DualStackSessionInitializationEndpointPrefix',
] as const;

/** `LogConfiguration` members of the model (also the body of ConfigureLogsForPlaybackConfiguration). */
export const LOG_CONFIGURATION_FIELDS: Readonly<Record<string, Shape>> = {
  PercentEnabled: { kind: 'number', min: 0, max: 100, integer: true },
  EnabledLoggingStrategies: { kind: 'array', items: { kind: 'string', enum: ['VENDED_LOGS', 'LEGACY_CLOUDWATCH'] }, maxItems: 2 },
  // Event type lists grow with every model release: any name is kept; unknown ones match nothing.
  AdsInteractionLog: { kind: 'object', fields: { PublishOptInEventTypes: strings(20), ExcludeEventTypes: strings(100) } },
  ManifestServiceInteractionLog: { kind: 'object', fields: { PublishOptInEventTypes: strings(20), ExcludeEventTypes: strings(100) } },
};

export const PLAYBACK_CONFIGURATION_SHAPE: Shape = {
  kind: 'object',
  ignored: READ_ONLY_TOP,
  aliases: { Tags: 'tags' },
  fields: {
    Name: str(512),
    VideoContentSourceUrl: url(512),
    AdDecisionServerUrl: url(25_000),
    AdDecisionServerConfiguration: {
      kind: 'object',
      fields: {
        HttpRequest: {
          kind: 'object',
          // Earlier edge-ssai releases (and contracts drafts) called the member CompressionMethod.
          aliases: { CompressionMethod: 'CompressRequest' },
          fields: {
            Method: { kind: 'string', enum: ['GET', 'POST'] },
            Headers: { kind: 'record', value: str(4096), maxEntries: 50, keyPattern: HEADER_NAME },
            Body: str(100_000),
            CompressRequest: { kind: 'string', enum: ['NONE', 'GZIP'] },
          },
        },
      },
    },
    SlateAdUrl: url(512),
    Bumper: { kind: 'object', fields: { StartUrl: str(), EndUrl: str() } },
    // Absolute or relative (a CDN rule name or path): the model and MediaTailor accept both.
    CdnConfiguration: { kind: 'object', fields: { AdSegmentUrlPrefix: str(), ContentSegmentUrlPrefix: str() } },
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
      fields: { AdDecisionServerUrl: str(25_000), MaxDurationSeconds: { kind: 'number', integer: true } },
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
        // A string in the model; its documentation names the two values.
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
    // Lifecycle hook → function id (model: PRE_SESSION_INITIALIZATION, PRE_ADS_REQUEST; newer keys kept).
    FunctionMapping: { kind: 'record', value: str(2048), maxEntries: 20, maxKeyLength: 128 },
    // Output-only in the model (set by ConfigureLogsForPlaybackConfiguration); accepted on PUT so a
    // GET can be sent back, and because it carries the edge-ssai ad-log extension fields.
    LogConfiguration: {
      kind: 'object',
      fields: {
        ...LOG_CONFIGURATION_FIELDS,
        // edge-ssai extensions (README "Ad logs"): which formats, stream name, key prefix, gzip.
        AdLogFormats: { kind: 'array', items: { kind: 'string', enum: LOG_FORMATS }, maxItems: 3 },
        AdLogStreamName: { kind: 'string', maxLength: 128 },
        AdLogStreamVersion: { kind: 'number', min: 1, max: 999_999, integer: true },
        AdLogPrefix: { kind: 'string', maxLength: 256 },
        AdLogGzip: { kind: 'boolean' },
      },
    },
    tags: TAGS_SHAPE,
  },
};
