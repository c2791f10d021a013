/**
 * @module platform/log-shard
 * `LogShard`: a Durable Object that buffers ad-log lines durably and writes them to R2 in
 * batches (docs/architecture.md §8, Brightcove format of docs/ad-logs.md "batched in 5MB or 300 seconds … sessions intermixed").
 * Platform: SQLite storage, alarms, R2.
 *
 * Guarantees:
 * - `append` resolves only after the lines are in SQLite (one `transactionSync`; the output gate
 *   holds the reply until the write is durable), so an acknowledged line survives a restart.
 * - An append id is applied once: a producer retrying an RPC whose reply was lost adds nothing.
 * - A batch gets its object key when sealed, before the first put, and keeps it; a retry after a
 *   failed or unknown-outcome put rewrites the same key with the same bytes. Rows are deleted only
 *   after the put succeeded. So: no loss, no duplicate objects.
 * - Size seals at once and arms the alarm for now; age seals in the alarm; failed puts re-arm the
 *   alarm with backoff (1 s … 5 min) and are retried forever (docs/architecture.md §9: never lose an event).
 */
import { DurableObject } from 'cloudflare:workers';
import { isAgeDue, parseBatchLimits, planAppend, retryDelayMs, ageDueAtMs, type BatchLimits } from '../core/logs/batch.ts';
import { AD_LOG_STREAM_IDS, destinationKey, type LogDestination } from '../core/logs/log-config.ts';
import { buildObjectKey, randomSegmentFromBytes } from '../core/logs/object-key.ts';
import { LogShardStore } from './log-shard-store.ts';
import { putBatchObject, type LogObjectSink } from './log-r2-writer.ts';

export interface LogShardEnv {
  readonly AD_LOGS: R2Bucket;
  readonly LOG_BATCH_MAX_BYTES?: string;
  readonly LOG_BATCH_MAX_AGE_SEC?: string;
}

/** One producer delivery: lines already projected per destination (core/logs/project). */
export interface LogAppendRequest {
  /** Unique per delivery; repeated by retries of the same delivery. */
  readonly appendId: string;
  readonly groups: readonly { readonly destination: LogDestination; readonly lines: readonly string[] }[];
}

export interface LogAppendAck {
  readonly acceptedLines: number;
  readonly duplicate: boolean;
}

export interface LogFlushReport {
  readonly writtenKeys: readonly string[];
  readonly failedKeys: readonly string[];
}

export interface LogShardStats {
  readonly openBatches: number;
  readonly sealedBatches: number;
  readonly pendingLines: number;
  readonly pendingBytes: number;
  readonly failing: readonly { readonly objectKey: string; readonly attempts: number; readonly lastError: string | null }[];
}

/** Test seams, set through `runInDurableObject` (a symbol key is not reachable over RPC). */
export const LOG_SHARD_TEST_HOOKS: unique symbol = Symbol.for('edge-ssai.log-shard.test-hooks') as never;
export interface LogShardTestHooks {
  bucket?: LogObjectSink;
  nowMs?: () => number;
  limits?: BatchLimits;
}

/** Retried producer deliveries arrive within seconds; an hour of append ids is plenty. */
const APPEND_ID_RETENTION_MS = 3_600_000;

interface OpenBatch {
  readonly batchId: number;
  readonly bytes: number;
  readonly lineCount: number;
  readonly openedAtMs: number;
}

export class LogShard extends DurableObject<LogShardEnv> {
  [LOG_SHARD_TEST_HOOKS]?: LogShardTestHooks;
  readonly #store: LogShardStore;
  /** Mirror of the open batches per destination key (rebuilt from SQLite on start). */
  #open = new Map<string, OpenBatch>();
  #flushChain: Promise<unknown> = Promise.resolve();
  /** Alarm time we last set; undefined until read from storage. */
  #alarmAtMs: number | null | undefined;
  /** Destination keys already stored (saves a write per append). */
  readonly #savedDestinations = new Set<string>();

  constructor(ctx: DurableObjectState, env: LogShardEnv) {
    super(ctx, env);
    this.#store = new LogShardStore(ctx.storage.sql);
    this.#store.migrate();
    for (const b of this.#store.openBatches()) this.#open.set(b.destKey, b);
    void ctx.blockConcurrencyWhile(async () => {
      this.#alarmAtMs = await ctx.storage.getAlarm();
    });
  }

  #now(): number {
    return this[LOG_SHARD_TEST_HOOKS]?.nowMs?.() ?? Date.now();
  }

  #limits(): BatchLimits {
    return this[LOG_SHARD_TEST_HOOKS]?.limits ?? parseBatchLimits(this.env.LOG_BATCH_MAX_BYTES, this.env.LOG_BATCH_MAX_AGE_SEC);
  }

  #sink(): LogObjectSink {
    return this[LOG_SHARD_TEST_HOOKS]?.bucket ?? this.env.AD_LOGS;
  }

  #newObjectKey(d: LogDestination, openedAtMs: number): string {
    const random = randomSegmentFromBytes(crypto.getRandomValues(new Uint8Array(11)));
    return buildObjectKey({ destination: d, timestampMs: openedAtMs, random, uuid: crypto.randomUUID() });
  }

  /** Appends lines durably; resolves once they are stored. */
  async append(req: LogAppendRequest): Promise<LogAppendAck> {
    for (const g of req.groups) assertDestination(g.destination);
    const now = this.#now();
    const limits = this.#limits();
    const result = this.ctx.storage.transactionSync(() => {
      if (!this.#store.claimAppend(req.appendId, now)) return null;
      const changes = new Map<string, OpenBatch | undefined>();
      let sealed = false;
      let accepted = 0;
      for (const g of req.groups) {
        const key = destinationKey(g.destination);
        if (!this.#savedDestinations.has(key)) this.#store.saveDestination(key, g.destination);
        let open = changes.has(key) ? changes.get(key) : this.#open.get(key);
        const plan = planAppend(open, g.lines, now, limits);
        for (const step of plan.steps) {
          if (step.kind === 'lines') {
            open ??= { batchId: this.#store.createBatch(key, now), bytes: 0, lineCount: 0, openedAtMs: now };
            this.#store.addChunk(open.batchId, step.text, step.bytes, step.lineCount);
            open = { ...open, bytes: open.bytes + step.bytes, lineCount: open.lineCount + step.lineCount };
          } else if (open !== undefined) {
            this.#store.sealBatch(open.batchId, this.#newObjectKey(g.destination, open.openedAtMs), now);
            open = undefined;
            sealed = true;
          }
        }
        changes.set(key, open);
        accepted += g.lines.length;
      }
      return { changes, sealed, accepted };
    });
    if (result === null) return { acceptedLines: 0, duplicate: true };
    // The transaction committed: only now does the in-memory mirror follow it.
    for (const g of req.groups) this.#savedDestinations.add(destinationKey(g.destination));
    for (const [key, open] of result.changes) {
      if (open === undefined) this.#open.delete(key);
      else this.#open.set(key, open);
    }
    // Retry times need no look-up here: the alarm set by the flush that failed is never moved later.
    await this.#armAlarm(result.sealed ? now : undefined, false);
    return { acceptedLines: result.accepted, duplicate: false };
  }

  /** Seals every open batch and writes every sealed one now (operations, tests, benchmark). */
  async flush(): Promise<LogFlushReport> {
    const report = await this.#runFlush(true);
    await this.#armAlarm();
    return report;
  }

  async stats(): Promise<LogShardStats> {
    const failing = this.#store
      .sealedBatches(Number.MAX_SAFE_INTEGER)
      .filter((b) => b.attempts > 0)
      .map((b) => ({ objectKey: b.objectKey, attempts: b.attempts, lastError: b.lastError }));
    return { ...this.#store.totals(), failing };
  }

  override async alarm(): Promise<void> {
    this.#alarmAtMs = null; // a fired alarm is gone
    await this.#runFlush(false);
    await this.#armAlarm();
  }

  /** One flush at a time: an alarm and a `flush()` call never put the same batch concurrently. */
  #runFlush(force: boolean): Promise<LogFlushReport> {
    const run = this.#flushChain.then(() => this.#flushOnce(force));
    this.#flushChain = run.catch(() => undefined);
    return run;
  }

  async #flushOnce(force: boolean): Promise<LogFlushReport> {
    const now = this.#now();
    const limits = this.#limits();
    const sealedNow = this.ctx.storage.transactionSync(() => {
      const keys: string[] = [];
      for (const [key, open] of this.#open) {
        if (!force && !isAgeDue(open, now, limits)) continue;
        const d = this.#store.destination(key);
        if (d === undefined) continue;
        this.#store.sealBatch(open.batchId, this.#newObjectKey(d, open.openedAtMs), now);
        keys.push(key);
      }
      return keys;
    });
    for (const key of sealedNow) this.#open.delete(key);

    const writtenKeys: string[] = [];
    const failedKeys: string[] = [];
    for (const b of this.#store.sealedBatches(force ? Number.MAX_SAFE_INTEGER : now)) {
      const d = this.#store.destination(b.destKey);
      if (d === undefined) continue;
      try {
        const text = this.#store.batchBody(b.batchId);
        await putBatchObject(this.#sink(), { objectKey: b.objectKey, streamId: d.streamId, gzip: d.gzip, text, lineCount: b.lineCount });
        this.#store.deleteBatch(b.batchId);
        writtenKeys.push(b.objectKey);
      } catch (e) {
        const attempts = b.attempts + 1;
        this.#store.recordFailure(b.batchId, attempts, this.#now() + retryDelayMs(attempts), String(e));
        failedKeys.push(b.objectKey);
        console.error(JSON.stringify({ msg: 'ad log batch put failed; will retry', key: b.objectKey, attempts, error: String(e) }));
      }
    }
    this.#store.pruneAppends(now - APPEND_ID_RETENTION_MS);
    return { writtenKeys, failedKeys };
  }

  /** Re-arms the single alarm at the earliest due time: `soonMs`, an open batch's age, or a retry. */
  async #armAlarm(soonMs?: number, includeRetries = true): Promise<void> {
    const limits = this.#limits();
    let due = soonMs ?? Number.POSITIVE_INFINITY;
    for (const open of this.#open.values()) due = Math.min(due, ageDueAtMs(open, limits));
    const retryAt = includeRetries ? this.#store.nextSealedAttemptAtMs() : null;
    if (retryAt !== null) due = Math.min(due, retryAt);
    if (due === Number.POSITIVE_INFINITY) return;
    // An earlier alarm is fine: the handler flushes what is due and re-arms for the rest.
    if (this.#alarmAtMs !== undefined && this.#alarmAtMs !== null && this.#alarmAtMs <= due) return;
    await this.ctx.storage.setAlarm(due);
    this.#alarmAtMs = due;
  }
}

function assertDestination(d: LogDestination): void {
  const ok = AD_LOG_STREAM_IDS.includes(d.streamId) && typeof d.prefix === 'string' && /^[A-Za-z0-9._-]+$/.test(d.deliveryStreamName) && Number.isInteger(d.version) && typeof d.gzip === 'boolean';
  if (!ok) throw new TypeError(`bad log destination ${JSON.stringify(d)}`);
}
