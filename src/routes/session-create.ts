/**
 * @module routes/session-create
 * The record a new session starts with, from validated init parameters; shared by explicit init
 * (`/v1/session`) and implicit init (`/v1/master`, seed 001). The session object stores it.
 */
import type { Context } from 'hono';
import { applyConfigurationAliases } from '../core/config/aliases.ts';
import type { PlaybackConfiguration } from '../core/config/playback-configuration.ts';
import { badRequest } from '../core/errors.ts';
import type { SessionParams } from '../core/session/session-params.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import { buildOriginUrl } from '../core/url/asset-path.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../http/errors.ts';
import { clientInfo, selfOrigin } from './playback-common.ts';

export interface NewSession {
  readonly acct: string;
  readonly config: PlaybackConfiguration;
  readonly assetPath: string;
  readonly params: SessionParams;
  readonly kind: 'implicit' | 'explicit';
}

export function newSessionRecord(c: Context<AppEnv>, s: NewSession): SessionRecord {
  // The session plays the configuration with its player parameters filled (ConfigurationAliases):
  // an alias a critical URL cannot do without is a 400 now, not a broken playlist later.
  const aliased = applyConfigurationAliases(s.config, s.params.playerParams);
  if (!aliased.ok) fail(badRequest(aliased.error));
  const config = aliased.value.config;
  const origin = buildOriginUrl(config.VideoContentSourceUrl, s.assetPath);
  if (!origin.ok) fail(badRequest(origin.error));
  const sessionId = crypto.randomUUID();
  if (aliased.value.warnings.length > 0) console.warn(JSON.stringify({ msg: 'configuration variables left empty', session: sessionId, config: config.Name, warnings: aliased.value.warnings }));
  // seed 001: implicit sessions report server-side; seed 000: explicit sessions report
  // client-side unless reportingMode "server" (hybrid: tracking API and server beacons).
  const serverBeacons = s.kind === 'implicit' ? s.params.reportingMode !== 'client' : s.params.reportingMode === 'server';
  // Invalid aws.* values are defaulted and logged (never the raw request input).
  if (s.params.warnings.length > 0) console.warn(JSON.stringify({ msg: 'session init parameters defaulted', session: sessionId, config: s.config.Name, warnings: s.params.warnings }));
  return {
    sessionId,
    accountId: s.acct,
    configName: config.Name,
    config,
    assetPath: s.assetPath,
    originUrl: origin.value.toString(),
    kind: s.kind,
    sessionType: /\.mpd$/i.test(s.assetPath) ? 'DASH' : 'HLS',
    serverBeacons,
    params: s.params,
    client: clientInfo(c),
    createdAtMs: Date.now(),
    selfOrigin: selfOrigin(c),
  };
}
