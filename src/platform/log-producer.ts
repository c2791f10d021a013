/**
 * @module platform/log-producer
 * Hands ad-log events to the log shards (docs/architecture.md §8). Platform: Durable Object RPC, waitUntil.
 *
 * `emitAdLogEvents` never touches the response path: it schedules the delivery in
 * `ctx.waitUntil` and returns at once. The delivery samples (PercentEnabled, per session),
 * projects the events to lines on this isolate (pure, core/logs/project), picks the shard by a
 * hash of the session id modulo `LOG_SHARD_COUNT`, and calls `LogShard.append` with an append id;
 * a failed call is retried with backoff under the same id, so a retry whose first attempt did
 * land adds nothing.
 *
 * What can be lost: events are durable once a shard acknowledged them. Before that they live in
 * this isolate's memory. If the isolate dies, or `waitUntil`'s post-response budget (30 s,
 * workers-platform B2) ends before a shard answers, those in-flight events are gone and a
 * console error says how many. An `overloaded` shard is not retried (Cloudflare's advice: it
 * only deepens the queue); the fix for that is more shards.
 */
import type { AdLogEvent } from '../core/logs/events.ts';
import type { AdLogSettings } from '../core/logs/log-config.ts';
import { projectAdLogEvents } from '../core/logs/project.ts';
import { isSessionSampled, shardIndexOf } from '../core/logs/sampling.ts';
import type { LogAppendRequest, LogShard } from './log-shard.ts';

export interface AdLogProducerEnv {
  // SAFETY(type): accepts the loosely typed binding of src/env.ts as well as a typed one.
  readonly LOG_SHARDS: DurableObjectNamespace<LogShard> | DurableObjectNamespace;
  readonly LOG_SHARD_COUNT?: string;
}

export interface DeliveryOptions {
  /** Attempts per shard call, first included. */
  readonly attempts?: number;
  /**
   * The delivery's id, stable across deliveries of the same stored events (the session outbox's
   * batch id): each shard's append id is derived from it, so a shard that already stored a retried
   * delivery adds nothing. A fresh id when absent.
   */
  readonly appendId?: string;
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface DeliveryResult {
  readonly deliveredLines: number;
  readonly lostLines: number;
  readonly sampledOutEvents: number;
}

export const logShardName = (index: number): string => `ad-log-shard-${index}`;

export function shardCountOf(env: AdLogProducerEnv): number {
  const n = Number(env.LOG_SHARD_COUNT);
  return Number.isInteger(n) && n > 0 ? n : 4;
}

function shardStub(env: AdLogProducerEnv, index: number): DurableObjectStub<LogShard> {
  // SAFETY(type): LOG_SHARDS is bound to class LogShard in wrangler.toml.
  return (env.LOG_SHARDS as DurableObjectNamespace<LogShard>).getByName(logShardName(index));
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Errors worth another attempt: not an overloaded shard, not an exception our own code threw. */
function isRetryable(e: unknown): boolean {
  const flags = typeof e === 'object' && e !== null ? (e as { overloaded?: unknown; remote?: unknown; retryable?: unknown }) : {};
  if (flags.overloaded === true) return false;
  if (flags.retryable === true) return true;
  return flags.remote !== true;
}

async function appendWithRetry(stub: DurableObjectStub<LogShard>, req: LogAppendRequest, opts: DeliveryOptions): Promise<void> {
  const attempts = Math.max(1, opts.attempts ?? 4);
  const base = opts.baseDelayMs ?? 100;
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      await stub.append(req);
      return;
    } catch (e) {
      if (attempt >= attempts || !isRetryable(e)) throw e;
      await sleep(base * 4 ** (attempt - 1));
    }
  }
}

/** Delivers events to their shards and resolves when every shard acknowledged (or gave up). */
export async function sendAdLogEvents(env: AdLogProducerEnv, settings: AdLogSettings, events: readonly AdLogEvent[], opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const count = shardCountOf(env);
  const byShard = new Map<number, AdLogEvent[]>();
  let sampledOut = 0;
  for (const e of events) {
    if (!isSessionSampled(e.sessionId, settings.percentEnabled)) {
      sampledOut++;
      continue;
    }
    const i = shardIndexOf(e.sessionId, count);
    let list = byShard.get(i);
    if (list === undefined) byShard.set(i, (list = []));
    list.push(e);
  }
  const outcomes = await Promise.all(
    [...byShard].map(async ([index, list]) => {
      const groups = projectAdLogEvents(list, settings);
      const lines = groups.reduce((n, g) => n + g.lines.length, 0);
      if (lines === 0) return { delivered: 0, lost: 0 };
      try {
        await appendWithRetry(shardStub(env, index), { appendId: `${opts.appendId ?? crypto.randomUUID()}/${index}`, groups }, opts);
        return { delivered: lines, lost: 0 };
      } catch (e) {
        console.error(JSON.stringify({ msg: 'ad log delivery failed', shard: logShardName(index), lines, error: String(e) }));
        return { delivered: 0, lost: lines };
      }
    }),
  );
  return {
    deliveredLines: outcomes.reduce((n, o) => n + o.delivered, 0),
    lostLines: outcomes.reduce((n, o) => n + o.lost, 0),
    sampledOutEvents: sampledOut,
  };
}

/** Fire and forget from a request: schedules the delivery in `ctx.waitUntil` and returns. */
export function emitAdLogEvents(env: AdLogProducerEnv, ctx: { waitUntil(promise: Promise<unknown>): void }, settings: AdLogSettings, events: readonly AdLogEvent[]): void {
  if (events.length === 0 || settings.percentEnabled <= 0) return;
  // A macrotask first: sampling and projection then run after the response has gone out,
  // not in the synchronous tail of the handler that called us.
  ctx.waitUntil(defaultSleep(0).then(() => sendAdLogEvents(env, settings, events)));
}
