/**
 * @module platform/session-log-outbox
 * The session's durable ad-log outbox (docs/ad-logs.md "Delivery"): events are written to the
 * SessionObject's storage before anything else, handed to the log shards, and deleted only once
 * a shard acknowledged them; what could not be delivered is retried from the alarm. Each stored
 * batch gets its append id when it is stored and keeps it through every retry, so a delivery whose
 * acknowledgement was lost (the shard stored the lines, the reply never came) is recognised by
 * the shard when it is retried, and adds nothing (the shard remembers append ids for an hour).
 */
import type { AdLogEvent } from '../core/logs/events.ts';
import { sessionLogSettings } from '../core/session/debug-log.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import type { Env } from '../env.ts';
import { sendAdLogEvents } from './log-producer.ts';

const PREFIX = 'logq:';
export const LOG_RETRY_MS = 30_000;

/** A stored batch. Batches stored before append ids were kept are bare event arrays. */
interface StoredBatch {
  readonly appendId: string;
  readonly events: readonly AdLogEvent[];
}

export class SessionLogOutbox {
  #sending: Promise<void> | undefined;

  constructor(
    private readonly kv: SyncKvStorage,
    private readonly env: Env,
  ) {}

  /** Stores the events durably, then starts a delivery without waiting for it. */
  enqueue(record: SessionRecord, events: readonly AdLogEvent[]): void {
    if (events.length === 0) return;
    const settings = sessionLogSettings(record);
    if (!settings.ok || settings.value.percentEnabled <= 0) return;
    const n = (this.kv.get<number>('logq-next') ?? 0) + 1;
    this.kv.put('logq-next', n);
    const batch: StoredBatch = { appendId: crypto.randomUUID(), events };
    this.kv.put(`${PREFIX}${String(n).padStart(12, '0')}`, batch);
    void this.flush(record);
  }

  /** True while undelivered batches remain (the alarm retries them). */
  hasPending(): boolean {
    for (const _ of this.kv.list({ prefix: PREFIX, limit: 1 })) return true;
    return false;
  }

  /** Delivers every stored batch, oldest first; a failed batch stays for the next attempt. */
  flush(record: SessionRecord): Promise<void> {
    this.#sending ??= this.#flush(record).finally(() => (this.#sending = undefined));
    return this.#sending;
  }

  async #flush(record: SessionRecord): Promise<void> {
    const settings = sessionLogSettings(record);
    if (!settings.ok) return;
    // Batches enqueued while this flush runs join it: keep going until the outbox is empty.
    const done = new Set<string>();
    for (let round = 0; round < 100; round++) {
      const batches = [...this.kv.list<StoredBatch | AdLogEvent[]>({ prefix: PREFIX })].filter(([key]) => !done.has(key));
      if (batches.length === 0) return;
      for (const [key, stored] of batches) {
        const batch: StoredBatch = Array.isArray(stored) ? { appendId: `${record.sessionId}/${key}`, events: stored } : stored;
        try {
          const r = await sendAdLogEvents(this.env, settings.value, batch.events, { attempts: 2, appendId: batch.appendId });
          if (r.lostLines > 0) return;
          this.kv.delete(key);
          done.add(key);
        } catch (e) {
          console.error(JSON.stringify({ msg: 'ad log outbox delivery failed', error: String(e) }));
          return;
        }
      }
    }
  }
}
