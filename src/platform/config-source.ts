/**
 * @module platform/config-source
 * Playback configuration lookup for the playback path: the ConfigStore Durable Object behind a
 * short isolate cache (docs/architecture.md §4: a change applies to new sessions within CACHE_TTL_MS), plus the
 * checked-in seed files (`config/playback-configurations.json`, and those a Worker entry registers:
 * the demo's, when enabled).
 */
import { validatePlaybackConfiguration, type StoredPlaybackConfiguration } from '../core/config/playback-configuration.ts';
import { sha1Hex } from '../core/vast/creative-key.ts';
import type { Env } from '../env.ts';
import userSeed from '../../config/playback-configurations.json';

export const CACHE_TTL_MS = 5_000;
/**
 * Names cached per isolate. The name comes from the request path, so without a bound every
 * unknown name a client tries (cached as null, to spare the store) would stay in memory for the
 * isolate's life; 256 is far more than the configurations one deployment serves.
 */
export const CONFIG_CACHE_MAX = 256;
const cache = new Map<string, { readonly value: StoredPlaybackConfiguration | null; readonly expiresAtMs: number }>();

/** Entries in this isolate's cache (operations and tests). */
export function cachedConfigurationCount(): number {
  return cache.size;
}

/** Stores an entry, dropping expired ones and then the oldest when the cache is full. */
function remember(name: string, value: StoredPlaybackConfiguration | null, nowMs: number): void {
  cache.delete(name);
  if (cache.size >= CONFIG_CACHE_MAX) {
    for (const [k, v] of cache) if (v.expiresAtMs <= nowMs) cache.delete(k);
    while (cache.size >= CONFIG_CACHE_MAX) cache.delete(cache.keys().next().value as string);
  }
  cache.set(name, { value, expiresAtMs: nowMs + CACHE_TTL_MS });
}

interface Seed {
  readonly source: string;
  readonly digest: string;
  readonly configs: readonly StoredPlaybackConfiguration[];
  /** Whether this deployment applies the seed (the demo's: only with DEMO_ENABLED). */
  readonly active: (env: Env) => boolean;
}

const seeds: Seed[] = [loadSeed('config/playback-configurations.json', userSeed, () => true)];

/** Adds a seed file (the demo Worker registers its configurations). */
export function registerSeed(source: string, raw: unknown, active: (env: Env) => boolean): void {
  if (!seeds.some((s) => s.source === source)) seeds.push(loadSeed(source, raw, active));
}

function loadSeed(source: string, raw: unknown, active: (env: Env) => boolean): Seed {
  const configs: StoredPlaybackConfiguration[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const checked = validatePlaybackConfiguration(entry);
    if (!checked.ok) {
      console.error(`seed ${source}: configuration skipped: ${checked.error}`);
      continue;
    }
    configs.push(checked.value.config);
    if (checked.value.unknownFields.length > 0) {
      console.warn(`seed ${source}: ${checked.value.config.Name}: unknown fields stored, not acted on: ${checked.value.unknownFields.join(', ')}`);
    }
  }
  return { source, digest: sha1Hex(JSON.stringify(raw)), configs, active };
}

export function configStore(env: Env): DurableObjectStub<import('./config-store.ts').ConfigStore> {
  return env.CONFIGS.getByName('global');
}

function activeSeeds(env: Env): Seed[] {
  return seeds.filter((s) => s.active(env));
}

/** Applies the seed files whose digest changed (the store makes this a no-op otherwise). */
export async function applySeeds(env: Env): Promise<void> {
  const store = configStore(env);
  for (const s of activeSeeds(env)) {
    if (s.configs.length > 0) await store.applySeed(s.source, s.digest, s.configs);
  }
}

/** The configuration named `name`, or null. Cached per isolate for CACHE_TTL_MS. */
export async function getPlaybackConfiguration(env: Env, name: string, nowMs = Date.now()): Promise<StoredPlaybackConfiguration | null> {
  const hit = cache.get(name);
  if (hit && hit.expiresAtMs > nowMs) return hit.value;
  const store = configStore(env);
  let stored = await store.get(name);
  if (!stored && activeSeeds(env).some((s) => s.configs.some((c) => c.Name === name))) {
    await applySeeds(env);
    stored = await store.get(name);
  }
  const value = stored?.config ?? null;
  remember(name, value, nowMs);
  return value;
}

/** Drops this isolate's cached copy after an admin write. */
export function invalidateConfiguration(name: string): void {
  cache.delete(name);
}
