/**
 * @module core/config/configure-logs
 * `ConfigureLogsForPlaybackConfiguration` (`PUT /configureLogs/playbackConfiguration` in the AWS
 * MediaTailor API model): validates the request and applies it to a stored configuration. Pure.
 *
 * The request replaces the model's four log members (`PercentEnabled`, `EnabledLoggingStrategies`,
 * `AdsInteractionLog`, `ManifestServiceInteractionLog`); the edge-ssai `AdLog*` extension members
 * of `LogConfiguration` (formats, key layout) are kept. Effects here: `PercentEnabled` samples the
 * sessions whose ad logs are written, `AdsInteractionLog.ExcludeEventTypes` drops those event
 * types from the `mediatailor` ad-log stream (docs/ad-logs.md); the others are stored and returned.
 */
import { err, ok, type Result } from '../result.ts';
import { describeLogConfiguration } from './describe.ts';
import type { LogConfiguration, StoredPlaybackConfiguration } from './playback-configuration.ts';
import { LOG_CONFIGURATION_FIELDS } from './playback-configuration-shape.ts';
import { checkShape, type Shape } from './shape.ts';

const CONFIGURE_LOGS_SHAPE: Shape = {
  kind: 'object',
  fields: { PlaybackConfigurationName: { kind: 'string', maxLength: 512 }, ...LOG_CONFIGURATION_FIELDS },
};

type ModelLogMembers = Pick<LogConfiguration, 'PercentEnabled' | 'EnabledLoggingStrategies' | 'AdsInteractionLog' | 'ManifestServiceInteractionLog'>;

export interface ConfigureLogsRequest {
  readonly name: string;
  readonly log: ModelLogMembers & { readonly PercentEnabled: number };
  readonly unknownFields: readonly string[];
}

export function validateConfigureLogs(body: unknown): Result<ConfigureLogsRequest, string> {
  const unknownFields: string[] = [];
  const checked = checkShape(body, CONFIGURE_LOGS_SHAPE, '', unknownFields);
  if (!checked.ok) return checked;
  // SAFETY: checkShape returned a value matching CONFIGURE_LOGS_SHAPE.
  const v = checked.value as ModelLogMembers & { PlaybackConfigurationName?: string };
  if (!v.PlaybackConfigurationName) return err('PlaybackConfigurationName is required');
  if (v.PercentEnabled === undefined) return err('PercentEnabled is required');
  const log: ConfigureLogsRequest['log'] = {
    PercentEnabled: v.PercentEnabled,
    ...(v.EnabledLoggingStrategies ? { EnabledLoggingStrategies: v.EnabledLoggingStrategies } : {}),
    ...(v.AdsInteractionLog ? { AdsInteractionLog: v.AdsInteractionLog } : {}),
    ...(v.ManifestServiceInteractionLog ? { ManifestServiceInteractionLog: v.ManifestServiceInteractionLog } : {}),
  };
  return ok({ name: v.PlaybackConfigurationName, log, unknownFields });
}

/** The configuration with the request's log members in place of the previous ones. */
export function applyLogConfiguration(cfg: StoredPlaybackConfiguration, log: ConfigureLogsRequest['log']): StoredPlaybackConfiguration {
  const { PercentEnabled: _p, EnabledLoggingStrategies: _e, AdsInteractionLog: _a, ManifestServiceInteractionLog: _m, ...extensions } = cfg.LogConfiguration ?? {};
  return { ...cfg, LogConfiguration: { ...extensions, ...log } };
}

/** `ConfigureLogsForPlaybackConfigurationResponse`: the configuration's model log members. */
export function configureLogsResponse(cfg: StoredPlaybackConfiguration): Record<string, unknown> {
  const log = describeLogConfiguration(cfg.LogConfiguration);
  return {
    PlaybackConfigurationName: cfg.Name,
    PercentEnabled: log.PercentEnabled,
    EnabledLoggingStrategies: log.EnabledLoggingStrategies,
    ...(log.AdsInteractionLog ? { AdsInteractionLog: log.AdsInteractionLog } : {}),
    ...(log.ManifestServiceInteractionLog ? { ManifestServiceInteractionLog: log.ManifestServiceInteractionLog } : {}),
  };
}
