/**
 * @module env
 * Worker bindings and variables of the service (wrangler.toml; README "Configuration reference").
 * The demo Worker binds more (demo/env.ts).
 */
import type { ConfigStore } from './platform/config-store.ts';
import type { SessionObject } from './platform/session-object.ts';
import type { LogShard } from './platform/log-shard.ts';

export interface Env {
  readonly SESSIONS: DurableObjectNamespace<SessionObject>;
  readonly CONFIGS: DurableObjectNamespace<ConfigStore>;
  readonly LOG_SHARDS: DurableObjectNamespace<LogShard>;
  readonly AD_LOGS: R2Bucket;
  readonly CREATIVES: R2Bucket;
  readonly ACCOUNT_ID: string;
  readonly ADMIN_TOKEN?: string;
  readonly ALLOW_PRIVATE_HOSTS?: string;
  readonly LOG_SHARD_COUNT?: string;
  readonly LOG_BATCH_MAX_BYTES?: string;
  readonly LOG_BATCH_MAX_AGE_SEC?: string;
}

export type AppEnv = { Bindings: Env; Variables: { requestId: string } };

export const allowPrivateHosts = (env: Env): boolean => env.ALLOW_PRIVATE_HOSTS === 'true';
