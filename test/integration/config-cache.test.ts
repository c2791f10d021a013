/**
 * The isolate's playback configuration cache is bounded (issue 9, load harness): configuration
 * names come from request paths, and every unknown name a client tries is cached (as "none") to
 * spare the ConfigStore, so without a bound they would stay in memory for the isolate's life.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cachedConfigurationCount, CONFIG_CACHE_MAX, getPlaybackConfiguration } from '../../src/platform/config-source.ts';
import type { Env } from '../../src/env.ts';

// SAFETY(type): the test environment is the Worker's (wrangler.toml bindings).
const workerEnv = env as unknown as Env;

describe('configuration cache', () => {
  it('holds at most CONFIG_CACHE_MAX names, whatever names clients try', async () => {
    const t0 = Date.now();
    for (let i = 0; i < CONFIG_CACHE_MAX + 150; i++) expect(await getPlaybackConfiguration(workerEnv, `no-such-config-${i}`, t0)).toBeNull();
    expect(cachedConfigurationCount()).toBeLessThanOrEqual(CONFIG_CACHE_MAX);
    // A known configuration is still found, and cached.
    expect((await getPlaybackConfiguration(workerEnv, 'demo', t0))?.Name).toBe('demo');
    expect(cachedConfigurationCount()).toBeLessThanOrEqual(CONFIG_CACHE_MAX);
  });
});
