/**
 * @module platform/log-shard-store
 * SQLite schema and queries of a log shard (docs/architecture.md §8, workers-platform B3). Platform: runs on
 * `ctx.storage.sql` inside the LogShard Durable Object; synchronous, so callers group calls in
 * `transactionSync` and nothing interleaves between a check and its write.
 *
 * Tables: `log_destinations` (one per stream layout), `log_batches` (open or sealed; a sealed
 * batch has its object key, fixed before the first put), `log_chunks` (the batch text, in
 * append order, ≤ 512 KiB per row because a row holds ≤ 2 MB), `log_appends` (producer append
 * ids seen recently, so a retried RPC is not appended twice).
 */
import type { LogDestination } from '../core/logs/log-config.ts';

export interface OpenBatchRow {
  readonly batchId: number;
  readonly destKey: string;
  readonly bytes: number;
  readonly lineCount: number;
  readonly openedAtMs: number;
}

export interface SealedBatchRow {
  readonly batchId: number;
  readonly destKey: string;
  readonly objectKey: string;
  readonly bytes: number;
  readonly lineCount: number;
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
  readonly lastError: string | null;
}

const SCHEMA_VERSION = 1;

export class LogShardStore {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Creates the tables; `PRAGMA user_version` is unavailable, so a table holds the version (B3). */
  migrate(): void {
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS log_schema (version INTEGER NOT NULL)`);
    const row = this.#sql.exec<{ version: number }>(`SELECT version FROM log_schema`).toArray()[0];
    if (row !== undefined && row.version >= SCHEMA_VERSION) return;
    this.#sql.exec(`
      CREATE TABLE IF NOT EXISTS log_destinations (dest_key TEXT PRIMARY KEY, spec TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS log_batches (
        batch_id INTEGER PRIMARY KEY AUTOINCREMENT,
        dest_key TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'sealed')),
        opened_at_ms INTEGER NOT NULL,
        bytes INTEGER NOT NULL DEFAULT 0,
        line_count INTEGER NOT NULL DEFAULT 0,
        object_key TEXT,
        sealed_at_ms INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at_ms INTEGER,
        last_error TEXT
      );
      CREATE TABLE IF NOT EXISTS log_chunks (
        chunk_id INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS log_chunks_by_batch ON log_chunks (batch_id, chunk_id);
      CREATE TABLE IF NOT EXISTS log_appends (append_id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS log_appends_by_time ON log_appends (at_ms);
    `);
    this.#sql.exec(`DELETE FROM log_schema`);
    this.#sql.exec(`INSERT INTO log_schema (version) VALUES (?)`, SCHEMA_VERSION);
  }

  /** Records `appendId`; false when it was already recorded (a retried delivery). */
  claimAppend(appendId: string, nowMs: number): boolean {
    const cur = this.#sql.exec(`INSERT OR IGNORE INTO log_appends (append_id, at_ms) VALUES (?, ?)`, appendId, nowMs);
    return cur.rowsWritten > 0;
  }

  pruneAppends(olderThanMs: number): void {
    this.#sql.exec(`DELETE FROM log_appends WHERE at_ms < ?`, olderThanMs);
  }

  saveDestination(destKey: string, d: LogDestination): void {
    this.#sql.exec(`INSERT OR IGNORE INTO log_destinations (dest_key, spec) VALUES (?, ?)`, destKey, JSON.stringify(d));
  }

  destination(destKey: string): LogDestination | undefined {
    const row = this.#sql.exec<{ spec: string }>(`SELECT spec FROM log_destinations WHERE dest_key = ?`, destKey).toArray()[0];
    // SAFETY(type): rows are written only by saveDestination from a LogDestination.
    return row === undefined ? undefined : (JSON.parse(row.spec) as LogDestination);
  }

  openBatches(): OpenBatchRow[] {
    return this.#sql
      .exec<{ batch_id: number; dest_key: string; bytes: number; line_count: number; opened_at_ms: number }>(
        `SELECT batch_id, dest_key, bytes, line_count, opened_at_ms FROM log_batches WHERE state = 'open'`,
      )
      .toArray()
      .map((r) => ({ batchId: r.batch_id, destKey: r.dest_key, bytes: r.bytes, lineCount: r.line_count, openedAtMs: r.opened_at_ms }));
  }

  createBatch(destKey: string, openedAtMs: number): number {
    const row = this.#sql.exec<{ batch_id: number }>(`INSERT INTO log_batches (dest_key, state, opened_at_ms) VALUES (?, 'open', ?) RETURNING batch_id`, destKey, openedAtMs).toArray()[0];
    if (row === undefined) throw new Error('log_batches insert returned no id');
    return row.batch_id;
  }

  addChunk(batchId: number, body: string, bytes: number, lineCount: number): void {
    this.#sql.exec(`INSERT INTO log_chunks (batch_id, body) VALUES (?, ?)`, batchId, body);
    this.#sql.exec(`UPDATE log_batches SET bytes = bytes + ?, line_count = line_count + ? WHERE batch_id = ?`, bytes, lineCount, batchId);
  }

  /** Seals a batch under `objectKey`; the key never changes afterwards (idempotent retries). */
  sealBatch(batchId: number, objectKey: string, nowMs: number): void {
    this.#sql.exec(`UPDATE log_batches SET state = 'sealed', object_key = ?, sealed_at_ms = ?, next_attempt_at_ms = ? WHERE batch_id = ? AND state = 'open'`, objectKey, nowMs, nowMs, batchId);
  }

  /** Sealed batches whose next attempt is due at `nowMs`, oldest first. */
  sealedBatches(nowMs: number): SealedBatchRow[] {
    const rows = this.#sql
      .exec<{
        batch_id: number;
        dest_key: string;
        object_key: string;
        bytes: number;
        line_count: number;
        attempts: number;
        next_attempt_at_ms: number;
        last_error: string | null;
      }>(
        `SELECT batch_id, dest_key, object_key, bytes, line_count, attempts, next_attempt_at_ms, last_error
         FROM log_batches WHERE state = 'sealed' AND next_attempt_at_ms <= ? ORDER BY batch_id`,
        nowMs,
      )
      .toArray();
    return rows.map((r) => ({
      batchId: r.batch_id,
      destKey: r.dest_key,
      objectKey: r.object_key,
      bytes: r.bytes,
      lineCount: r.line_count,
      attempts: r.attempts,
      nextAttemptAtMs: r.next_attempt_at_ms,
      lastError: r.last_error,
    }));
  }

  /** Earliest next attempt of a sealed batch, or null. */
  nextSealedAttemptAtMs(): number | null {
    const row = this.#sql.exec<{ t: number | null }>(`SELECT MIN(next_attempt_at_ms) AS t FROM log_batches WHERE state = 'sealed'`).toArray()[0];
    return row?.t ?? null;
  }

  /** The batch text in append order. */
  batchBody(batchId: number): string {
    const parts: string[] = [];
    for (const r of this.#sql.exec<{ body: string }>(`SELECT body FROM log_chunks WHERE batch_id = ? ORDER BY chunk_id`, batchId)) {
      parts.push(r.body);
    }
    return parts.join('');
  }

  /** Called only after the object is in R2. */
  deleteBatch(batchId: number): void {
    this.#sql.exec(`DELETE FROM log_chunks WHERE batch_id = ?`, batchId);
    this.#sql.exec(`DELETE FROM log_batches WHERE batch_id = ?`, batchId);
  }

  recordFailure(batchId: number, attempts: number, nextAttemptAtMs: number, error: string): void {
    this.#sql.exec(`UPDATE log_batches SET attempts = ?, next_attempt_at_ms = ?, last_error = ? WHERE batch_id = ?`, attempts, nextAttemptAtMs, error.slice(0, 500), batchId);
  }

  totals(): { openBatches: number; sealedBatches: number; pendingLines: number; pendingBytes: number } {
    const row = this.#sql
      .exec<{ open: number; sealed: number; lines: number; bytes: number }>(
        `SELECT COALESCE(SUM(state = 'open'), 0) AS open, COALESCE(SUM(state = 'sealed'), 0) AS sealed,
                COALESCE(SUM(line_count), 0) AS lines, COALESCE(SUM(bytes), 0) AS bytes FROM log_batches`,
      )
      .toArray()[0];
    return { openBatches: row?.open ?? 0, sealedBatches: row?.sealed ?? 0, pendingLines: row?.lines ?? 0, pendingBytes: row?.bytes ?? 0 };
  }
}
