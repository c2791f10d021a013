/**
 * @module platform/config-store
 * Durable Object holding playback configurations: one instance (`global`), SQLite, strongly
 * consistent (issue 2 §2; DESIGN §4). Reads on the playback path go through the isolate cache in
 * `config-source.ts`, so this object only sees admin calls and cache misses.
 */
import { DurableObject } from 'cloudflare:workers';
import type { PlaybackConfiguration } from '../core/config/playback-configuration.ts';
import type { Env } from '../env.ts';

export interface StoredConfiguration {
  readonly config: PlaybackConfiguration;
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

  async put(config: PlaybackConfiguration): Promise<StoredConfiguration> {
    return this.#upsert(config);
  }

  async get(name: string): Promise<StoredConfiguration | null> {
    const row = this.ctx.storage.sql
      .exec<{ body: string; version: number; updated_ms: number }>('SELECT body, version, updated_ms FROM configs WHERE name = ?', name)
      .toArray()[0];
    return row ? { config: JSON.parse(row.body) as PlaybackConfiguration, version: row.version, updatedMs: row.updated_ms } : null;
  }

  /** Lists by name; `nextToken` is the last name of the previous page (contracts §6.8 MaxResults/NextToken). */
  async list(maxResults: number, nextToken?: string): Promise<{ items: PlaybackConfiguration[]; nextToken?: string }> {
    const rows = this.ctx.storage.sql
      .exec<{ name: string; body: string }>('SELECT name, body FROM configs WHERE name > ? ORDER BY name LIMIT ?', nextToken ?? '', maxResults + 1)
      .toArray();
    const page = rows.slice(0, maxResults);
    const items = page.map((r) => JSON.parse(r.body) as PlaybackConfiguration);
    const last = page[page.length - 1];
    return rows.length > maxResults && last ? { items, nextToken: last.name } : { items };
  }

  async delete(name: string): Promise<boolean> {
    return this.ctx.storage.sql.exec('DELETE FROM configs WHERE name = ?', name).rowsWritten > 0;
  }

  /**
   * Applies a checked-in seed file when its digest changed since it was last applied: editing the
   * file and redeploying updates those configurations; API edits in between are kept until then.
   */
  async applySeed(source: string, digest: string, configs: readonly PlaybackConfiguration[]): Promise<number> {
    const row = this.ctx.storage.sql.exec<{ digest: string }>('SELECT digest FROM seeds WHERE source = ?', source).toArray()[0];
    if (row?.digest === digest) return 0;
    this.ctx.storage.transactionSync(() => {
      for (const c of configs) this.#upsert(c);
      this.ctx.storage.sql.exec('INSERT OR REPLACE INTO seeds (source, digest) VALUES (?, ?)', source, digest);
    });
    return configs.length;
  }

  #upsert(config: PlaybackConfiguration): StoredConfiguration {
    const now = Date.now();
    const prev = this.ctx.storage.sql.exec<{ version: number }>('SELECT version FROM configs WHERE name = ?', config.Name).toArray()[0];
    const version = (prev?.version ?? 0) + 1;
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO configs (name, body, version, updated_ms) VALUES (?, ?, ?, ?)',
      config.Name, JSON.stringify(config), version, now,
    );
    return { config, version, updatedMs: now };
  }
}
