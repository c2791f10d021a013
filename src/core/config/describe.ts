/**
 * @module core/config/describe
 * A stored configuration as the control plane answers it: the `GetPlaybackConfigurationResponse`
 * (also Put's response and each `ListPlaybackConfigurations` item) of the AWS MediaTailor API
 * model, with the read-only members a GET adds, built from the request origin. Pure.
 */
import { playbackConfigurationArn, type ArnScope } from './arn.ts';
import type { LogConfiguration, StoredPlaybackConfiguration } from './playback-configuration.ts';

/** Ad logs cover every session unless a configuration samples them (README "Ad logs"). */
export const DEFAULT_LOG_PERCENT = 100;
/**
 * `LogConfiguration.EnabledLoggingStrategies` is a required output member; MediaTailor reports
 * `LEGACY_CLOUDWATCH` for configurations that never chose (ad logs here go to R2 either way).
 */
export const DEFAULT_LOGGING_STRATEGIES: readonly string[] = ['LEGACY_CLOUDWATCH'];

export interface DescribeContext {
  /** Origin of the admin request (`https://ssai.example.com`): the playback endpoints' host. */
  readonly requestOrigin: string;
  /** The `{acct}` path segment of playback URLs (the ACCOUNT_ID variable). */
  readonly accountId: string;
  readonly arnScope: ArnScope;
}

/** The log configuration with the model's required members filled. */
export function describeLogConfiguration(log: LogConfiguration | undefined): LogConfiguration & { PercentEnabled: number; EnabledLoggingStrategies: readonly string[] } {
  return { PercentEnabled: DEFAULT_LOG_PERCENT, EnabledLoggingStrategies: DEFAULT_LOGGING_STRATEGIES, ...log };
}

export function describePlaybackConfiguration(cfg: StoredPlaybackConfiguration, ctx: DescribeContext): Record<string, unknown> {
  const base = `${ctx.requestOrigin}/v1`;
  const name = encodeURIComponent(cfg.Name);
  return {
    ...cfg,
    // MediaTailor answers these structures even when they were never set, with their defaults,
    // and clients rely on it (Terraform providers read e.g. ManifestProcessingRules.AdMarkerPassthrough.Enabled
    // without a nil check). The defaults are what playback does when the member is absent.
    AvailSuppression: { Mode: 'OFF', ...cfg.AvailSuppression },
    Bumper: { ...cfg.Bumper },
    CdnConfiguration: { ...cfg.CdnConfiguration },
    LivePreRollConfiguration: { ...cfg.LivePreRollConfiguration },
    ManifestProcessingRules: { ...cfg.ManifestProcessingRules, AdMarkerPassthrough: { Enabled: false, ...cfg.ManifestProcessingRules?.AdMarkerPassthrough } },
    // The model's JSON name is `tags`; MediaTailor always returns it, `{}` when there are none.
    tags: cfg.tags ?? {},
    LogConfiguration: describeLogConfiguration(cfg.LogConfiguration),
    PlaybackConfigurationArn: playbackConfigurationArn(ctx.arnScope, cfg.Name),
    PlaybackEndpointPrefix: ctx.requestOrigin,
    SessionInitializationEndpointPrefix: `${base}/session/${ctx.accountId}/${name}/`,
    HlsConfiguration: { ...cfg.HlsConfiguration, ManifestEndpointPrefix: `${base}/master/${ctx.accountId}/${name}/` },
    DashConfiguration: {
      MpdLocation: 'EMT_DEFAULT',
      OriginManifestType: 'MULTI_PERIOD',
      ...cfg.DashConfiguration,
      ManifestEndpointPrefix: `${base}/dash/${ctx.accountId}/${name}/`,
    },
  };
}
