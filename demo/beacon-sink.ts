/**
 * @module demo/beacon-sink
 * The demo's beacon endpoint storage (issue 2 §6): every hit on `/demo/beacons/hit` is recorded
 * here so a human or a test can see which beacons fired, in what order, with which headers.
 * Exists only in the demo Worker (demo/wrangler.toml); its routes are mounted only when DEMO_ENABLED.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../src/env.ts';

export interface BeaconHit {
  readonly seq: number;
  readonly atMs: number;
  readonly sessionId: string;
  readonly event: string;
  readonly url: string;
  readonly userAgent: string;
  readonly forwardedFor: string;
}

const MAX_HITS = 100_000;

export class BeaconSink extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS hits (seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL,
        session_id TEXT NOT NULL, event TEXT NOT NULL, url TEXT NOT NULL, user_agent TEXT NOT NULL, forwarded_for TEXT NOT NULL)`);
      ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS hits_session ON hits (session_id, seq)');
      ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY)');
    });
  }

  async record(hit: Omit<BeaconHit, 'seq'>): Promise<void> {
    const sql = this.ctx.storage.sql;
    sql.exec(
      'INSERT INTO hits (at_ms, session_id, event, url, user_agent, forwarded_for) VALUES (?, ?, ?, ?, ?, ?)',
      hit.atMs, hit.sessionId, hit.event, hit.url, hit.userAgent, hit.forwardedFor,
    );
    // Keep the demo sink bounded.
    sql.exec('DELETE FROM hits WHERE seq <= (SELECT MAX(seq) FROM hits) - ?', MAX_HITS);
  }

  async list(sessionId: string | undefined, limit: number): Promise<BeaconHit[]> {
    const rows = sessionId
      ? this.ctx.storage.sql.exec<Record<string, string | number>>('SELECT * FROM hits WHERE session_id = ? ORDER BY seq LIMIT ?', sessionId, limit).toArray()
      : this.ctx.storage.sql.exec<Record<string, string | number>>('SELECT * FROM hits ORDER BY seq DESC LIMIT ?', limit).toArray().reverse();
    return rows.map((r) => ({
      seq: Number(r['seq']),
      atMs: Number(r['at_ms']),
      sessionId: String(r['session_id']),
      event: String(r['event']),
      url: String(r['url']),
      userAgent: String(r['user_agent']),
      forwardedFor: String(r['forwarded_for']),
    }));
  }

  /** True the first time a URL is seen (the demo's flaky endpoint fails those). */
  async firstSeen(url: string): Promise<boolean> {
    return this.ctx.storage.sql.exec('INSERT OR IGNORE INTO seen (url) VALUES (?)', url).rowsWritten > 0;
  }

  async clear(): Promise<void> {
    this.ctx.storage.sql.exec('DELETE FROM hits');
  }
}
