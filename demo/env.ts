/**
 * @module demo/env
 * What the demo Worker (demo/wrangler.toml) binds beyond the service's own bindings: the beacon
 * sink and the demo media. A production deployment (wrangler.toml) has neither.
 */
import type { AppEnv, Env } from '../src/env.ts';
import type { BeaconSink } from './beacon-sink.ts';

export interface DemoEnv extends Env {
  readonly BEACON_SINK: DurableObjectNamespace<BeaconSink>;
  /** Static demo media (wrangler `[assets]`). */
  readonly DEMO_MEDIA?: Fetcher;
  /** "true" mounts the demo routes and seeds the demo configurations. */
  readonly DEMO_ENABLED?: string;
}

export type DemoAppEnv = { Bindings: DemoEnv; Variables: AppEnv['Variables'] };

export const isDemoEnabled = (env: Env): boolean => (env as DemoEnv).DEMO_ENABLED === 'true';
