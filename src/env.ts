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
  /** Secret: SigV4 access key pairs of the admin API, `ID:SECRET` separated by commas (core/auth/access-keys). */
  readonly AWS_ACCESS_KEYS?: string;
  /** Region in the ARNs the control plane returns (default us-east-1). */
  readonly AWS_REGION?: string;
  /** 12-digit account in the ARNs the control plane returns (default 000000000000). */
  readonly AWS_ACCOUNT_ID?: string;
  readonly ALLOW_PRIVATE_HOSTS?: string;
  /**
   * The deployment's public origin (`https://ssai.example.com`): `{{self}}` in configurations and the
   * control plane's endpoint prefixes use it instead of the request's Host header.
   */
  readonly PUBLIC_ORIGIN?: string;
  readonly LOG_SHARD_COUNT?: string;
  readonly LOG_BATCH_MAX_BYTES?: string;
  readonly LOG_BATCH_MAX_AGE_SEC?: string;
  /** Optional Workers Analytics Engine dataset for metrics (docs/metrics.md); without it none are written. */
  readonly METRICS?: AnalyticsEngineDataset;
}

export type AppEnv = {
  Bindings: Env;
  /** `adminBody`: the admin request's body, read (size-capped) once by the admin authentication. */
  Variables: {
    requestId: string;
    adminBody?: Uint8Array;
    /** Round trips to session objects and their time (the Server-Timing `session` metric). */
    sessionCalls?: { count: number; ms: number };
  };
};

export const allowPrivateHosts = (env: Env): boolean => env.ALLOW_PRIVATE_HOSTS === 'true';
