/**
 * @module platform/session-log-outbox
 * The session's durable ad-log outbox (docs/architecture.md §8 "No loss"): events are written to the
 * SessionObject's storage before anything else, handed to the log shards, and deleted only once
 * a shard acknowledged them; what could not be delivered is retried from the alarm.
 */
import type { AdLogEvent } from '../core/logs/events.ts';
import { sessionLogSettings } from '../core/session/debug-log.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import type { Env } from '../env.ts';
import { sendAdLogEvents } from './log-producer.ts';

const PREFIX = 'logq:';
export const LOG_RETRY_MS = 30_000;

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
    this.kv.put(`${PREFIX}${String(n).padStart(12, '0')}`, events);
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
      const batches = [...this.kv.list<AdLogEvent[]>({ prefix: PREFIX })].filter(([key]) => !done.has(key));
      if (batches.length === 0) return;
      for (const [key, events] of batches) {
        try {
          const r = await sendAdLogEvents(this.env, settings.value, events, { attempts: 2 });
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
