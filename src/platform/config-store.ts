/**
 * @module platform/config-store
 * Durable Object holding playback configurations: one instance (`global`), SQLite, strongly
 * consistent (issue 2 §2; DESIGN §4). Reads on the playback path go through the isolate cache in
 * `config-source.ts`, so this object only sees admin calls and cache misses.
 */
import { DurableObject } from 'cloudflare:workers';
import { applyLogConfiguration, type ConfigureLogsRequest } from '../core/config/configure-logs.ts';
import { mergeOnPut, upgradeStoredConfiguration, type StoredPlaybackConfiguration } from '../core/config/playback-configuration.ts';
import { withoutTags, withTags } from '../core/config/tags.ts';
import { ok, type Result } from '../core/result.ts';
import type { Env } from '../env.ts';

export interface StoredConfiguration {
  readonly config: StoredPlaybackConfiguration;
  readonly version: number;
  readonly updatedMs: number;
}

export class ConfigStore extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS configs (
        name TEXT PRIMARY KEY, body TEXT NOT NULL, version INTEGER NOT NULL, updated_ms INTEGER NOT NULL)`);
      ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS seeds (source TEXT PRIMARY KEY, digest TEXT NOT NULL)');
    });
  }

  /** PutPlaybackConfiguration: replaces the configuration, keeping its log configuration and tags when the body has none. */
  async put(config: StoredPlaybackConfiguration): Promise<StoredConfiguration> {
    return this.#upsert(config);
  }

  async get(name: string): Promise<StoredConfiguration | null> {
    const row = this.ctx.storage.sql
      .exec<{ body: string; version: number; updated_ms: number }>('SELECT body, version, updated_ms FROM configs WHERE name = ?', name)
      .toArray()[0];
    return row ? { config: parseBody(row.body), version: row.version, updatedMs: row.updated_ms } : null;
  }

  /** Lists by name, after `afterName` (the list token's content); `lastName` is set when more follow. */
  async list(maxResults: number, afterName?: string): Promise<{ items: StoredPlaybackConfiguration[]; lastName?: string }> {
    const rows = this.ctx.storage.sql
      .exec<{ name: string; body: string }>('SELECT name, body FROM configs WHERE name > ? ORDER BY name LIMIT ?', afterName ?? '', maxResults + 1)
      .toArray();
    const page = rows.slice(0, maxResults);
    const items = page.map((r) => parseBody(r.body));
    const last = page[page.length - 1];
    return rows.length > maxResults && last ? { items, lastName: last.name } : { items };
  }

  /** ConfigureLogsForPlaybackConfiguration; null when there is no such configuration. */
  async configureLogs(name: string, log: ConfigureLogsRequest['log']): Promise<StoredConfiguration | null> {
    return okOrNull(this.#modify(name, (cfg) => ok(applyLogConfiguration(cfg, log))));
  }

  /** TagResource; null when there is no such configuration, an error when the tag limit would be passed. */
  async tag(name: string, tags: Readonly<Record<string, string>>): Promise<Result<StoredConfiguration, string> | null> {
    return this.#modify(name, (cfg) => withTags(cfg, tags));
  }

  /** UntagResource; null when there is no such configuration. */
  async untag(name: string, keys: readonly string[]): Promise<StoredConfiguration | null> {
    return okOrNull(this.#modify(name, (cfg) => ok(withoutTags(cfg, keys))));
  }

  async delete(name: string): Promise<boolean> {
    return this.ctx.storage.sql.exec('DELETE FROM configs WHERE name = ?', name).rowsWritten > 0;
  }

  /**
   * Applies a checked-in seed file when its digest changed since it was last applied: editing the
   * file and redeploying updates those configurations; API edits in between are kept until then.
   */
  async applySeed(source: string, digest: string, configs: readonly StoredPlaybackConfiguration[]): Promise<number> {
    const row = this.ctx.storage.sql.exec<{ digest: string }>('SELECT digest FROM seeds WHERE source = ?', source).toArray()[0];
    if (row?.digest === digest) return 0;
    this.ctx.storage.transactionSync(() => {
      for (const c of configs) this.#upsert(c);
      this.ctx.storage.sql.exec('INSERT OR REPLACE INTO seeds (source, digest) VALUES (?, ?)', source, digest);
    });
    return configs.length;
  }

  #upsert(next: StoredPlaybackConfiguration): StoredConfiguration {
    const prev = this.ctx.storage.sql.exec<{ body: string; version: number }>('SELECT body, version FROM configs WHERE name = ?', next.Name).toArray()[0];
    return this.#write(mergeOnPut(prev ? parseBody(prev.body) : undefined, next), prev?.version ?? 0);
  }

  /** Read-modify-write of one configuration; a Durable Object runs it without interleaving. */
  #modify(name: string, change: (cfg: StoredPlaybackConfiguration) => Result<StoredPlaybackConfiguration, string>): Result<StoredConfiguration, string> | null {
    const row = this.ctx.storage.sql.exec<{ body: string; version: number }>('SELECT body, version FROM configs WHERE name = ?', name).toArray()[0];
    if (!row) return null;
    const changed = change(parseBody(row.body));
    return changed.ok ? ok(this.#write(changed.value, row.version)) : changed;
  }

  #write(config: StoredPlaybackConfiguration, previousVersion: number): StoredConfiguration {
    const now = Date.now();
    const version = previousVersion + 1;
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO configs (name, body, version, updated_ms) VALUES (?, ?, ?, ?)',
      config.Name, JSON.stringify(config), version, now,
    );
    return { config, version, updatedMs: now };
  }
}

const okOrNull = <T>(r: Result<T, string> | null): T | null => (r?.ok ? r.value : null);

/** A stored body, in today's member names (rows written by earlier releases are upgraded on read). */
function parseBody(body: string): StoredPlaybackConfiguration {
  return upgradeStoredConfiguration(JSON.parse(body) as StoredPlaybackConfiguration);
}
