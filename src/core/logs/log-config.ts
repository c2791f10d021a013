/**
 * @module core/logs/log-config
 * The ad-log part of a playback configuration: MediaTailor's `LogConfiguration{PercentEnabled,
 * AdsInteractionLog.ExcludeEventTypes}` (contracts §6.8) plus our extension fields choosing formats and the S3 layout (DESIGN §8).
 * Pure: validates and resolves defaults, and names the R2 destination of every stream.
 *
 * Streams: `mediatailor` (seed 002 JSON lines), `brightcove` (seed 003 NDJSON) and one stream per
 * Uplynk type (seed 004: `uplynk-job`, `uplynk-request`, `uplynk-response`, `uplynk-beacon`),
 * because each seed 004 type is its own TSV shape and Athena reads one table per prefix.
 */
import { err, ok, type Result } from '../result.ts';

export const AD_LOG_FORMATS = ['mediatailor', 'brightcove', 'uplynk'] as const;
export type AdLogFormat = (typeof AD_LOG_FORMATS)[number];

export const AD_LOG_STREAM_IDS = [
  'mediatailor',
  'brightcove',
  'uplynk-job',
  'uplynk-request',
  'uplynk-response',
  'uplynk-beacon',
] as const;
export type AdLogStreamId = (typeof AD_LOG_STREAM_IDS)[number];

/** The fields read from `LogConfiguration` (MediaTailor names, then our `AdLog*` extension). */
export interface AdLogConfigurationInput {
  /** 0–100: share of sessions logged, decided once per session (MediaTailor). */
  readonly PercentEnabled?: number;
  /** Which projections to write; default `["mediatailor"]`. */
  readonly AdLogFormats?: readonly string[];
  /** Delivery stream name in object keys (seed 003 `<delivery stream name>`); default `edge-ssai-ad-log`. */
  readonly AdLogStreamName?: string;
  /** Delivery stream version in object keys (seed 003 `<delivery stream version>`); default 1. */
  readonly AdLogStreamVersion?: number;
  /** Key prefix before the date path; default `ad-logs`. */
  readonly AdLogPrefix?: string;
  /** Gzip each object and add `.gz` to its key; default false. */
  readonly AdLogGzip?: boolean;
  /** MediaTailor: event types (`eventType` names) left out of the `mediatailor` stream. */
  readonly AdsInteractionLog?: { readonly ExcludeEventTypes?: readonly string[] };
}

export interface AdLogSettings {
  readonly percentEnabled: number;
  readonly formats: readonly AdLogFormat[];
  readonly streamName: string;
  readonly streamVersion: number;
  readonly prefix: string;
  readonly gzip: boolean;
  /** `eventType` names not written to the `mediatailor` stream (AdsInteractionLog.ExcludeEventTypes). */
  readonly excludedEventTypes?: readonly string[];
}

/** Where one stream's batches go. Batches are per destination: sessions intermix, layouts don't. */
export interface LogDestination {
  readonly streamId: AdLogStreamId;
  /** Effective `{prefix}` of the key: `AdLogPrefix/streamId`. */
  readonly prefix: string;
  /** `{stream}` of the key: `AdLogStreamName-streamId`. */
  readonly deliveryStreamName: string;
  readonly version: number;
  readonly gzip: boolean;
}

export const DEFAULT_AD_LOG_SETTINGS: AdLogSettings = {
  percentEnabled: 100,
  formats: ['mediatailor'],
  streamName: 'edge-ssai-ad-log',
  streamVersion: 1,
  prefix: 'ad-logs',
  gzip: false,
};

const STREAM_NAME = /^[A-Za-z0-9._-]{1,128}$/;
/** S3 "safe characters" per segment (AWS object key naming guidelines). */
const PREFIX_SEGMENT = /^[A-Za-z0-9!_.*'()-]+$/;

/** Validates `LogConfiguration` and fills defaults. */
export function resolveAdLogSettings(input: AdLogConfigurationInput | undefined): Result<AdLogSettings, string> {
  const d = DEFAULT_AD_LOG_SETTINGS;
  if (input === undefined) return ok(d);
  const percent = input.PercentEnabled ?? d.percentEnabled;
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    return err('LogConfiguration.PercentEnabled must be an integer from 0 to 100');
  }
  const formats: AdLogFormat[] = [];
  for (const f of input.AdLogFormats ?? d.formats) {
    const known = AD_LOG_FORMATS.find((k) => k === f);
    if (known === undefined) return err(`LogConfiguration.AdLogFormats: unknown format "${f}"`);
    if (!formats.includes(known)) formats.push(known);
  }
  const streamName = input.AdLogStreamName ?? d.streamName;
  if (!STREAM_NAME.test(streamName)) {
    return err('LogConfiguration.AdLogStreamName: 1–128 characters of A-Z a-z 0-9 . _ -');
  }
  const version = input.AdLogStreamVersion ?? d.streamVersion;
  if (!Number.isInteger(version) || version < 1 || version > 999_999) {
    return err('LogConfiguration.AdLogStreamVersion must be an integer from 1 to 999999');
  }
  const prefix = (input.AdLogPrefix ?? d.prefix).replace(/^\/+|\/+$/g, '');
  if (prefix.length > 256) return err('LogConfiguration.AdLogPrefix: at most 256 characters');
  if (prefix !== '') {
    for (const seg of prefix.split('/')) {
      if (!PREFIX_SEGMENT.test(seg) || seg === '.' || seg === '..') {
        return err(`LogConfiguration.AdLogPrefix: bad segment "${seg}"`);
      }
    }
  }
  const excluded = input.AdsInteractionLog?.ExcludeEventTypes ?? [];
  return ok({
    percentEnabled: percent, formats, streamName, streamVersion: version, prefix, gzip: input.AdLogGzip ?? d.gzip,
    ...(excluded.length > 0 ? { excludedEventTypes: excluded } : {}),
  });
}

/** Streams written for a format. */
export function streamIdsOf(format: AdLogFormat): readonly AdLogStreamId[] {
  if (format === 'uplynk') return ['uplynk-job', 'uplynk-request', 'uplynk-response', 'uplynk-beacon'];
  return [format];
}

export function destinationOf(settings: AdLogSettings, streamId: AdLogStreamId): LogDestination {
  return {
    streamId,
    prefix: settings.prefix === '' ? streamId : `${settings.prefix}/${streamId}`,
    deliveryStreamName: `${settings.streamName}-${streamId}`,
    version: settings.streamVersion,
    gzip: settings.gzip,
  };
}

/** A stable string naming a destination (the shard's batch grouping key). */
export function destinationKey(d: LogDestination): string {
  return JSON.stringify([d.streamId, d.prefix, d.deliveryStreamName, d.version, d.gzip]);
}
