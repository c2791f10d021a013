/**
 * Producers (DESIGN §8): `emitAdLogEvents` hands events over in `ctx.waitUntil` and returns at
 * once; concurrent producers lose nothing and duplicate nothing; the shard is chosen by the
 * session id; sampling is per session; failed RPCs are retried under one append id.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AdLogEvent } from '../../src/core/logs/events.ts';
import { projectAdLogEvents } from '../../src/core/logs/project.ts';
import { isSessionSampled, shardIndexOf } from '../../src/core/logs/sampling.ts';
import { emitAdLogEvents, logShardName, sendAdLogEvents, shardCountOf } from '../../src/platform/log-producer.ts';
import type { LogAppendRequest, LogShard } from '../../src/platform/log-shard.ts';
import { liveHlsSession } from '../fixtures/logs/realistic-sessions.ts';
import { listKeys, logEnv, readLines, settingsOf, shardStub } from '../fixtures/logs/worker-helpers.ts';

/** The live fixture session, re-keyed so each producer is its own session. */
const sessionEvents = (sessionId: string): AdLogEvent[] =>
  liveHlsSession().map((e) => ({ ...e, sessionId, eventId: `${sessionId}/${e.eventId}` }));

const producerEnv = { LOG_SHARDS: logEnv.LOG_SHARDS, ...(logEnv.LOG_SHARD_COUNT === undefined ? {} : { LOG_SHARD_COUNT: logEnv.LOG_SHARD_COUNT }) };

async function flushAll(): Promise<void> {
  for (let i = 0; i < shardCountOf(producerEnv); i++) await shardStub(logShardName(i)).flush();
}

describe('log producers', () => {
  it('lose nothing and duplicate nothing under 48 concurrent producers', async () => {
    const settings = settingsOf({ AdLogPrefix: 'concurrent', AdLogFormats: ['mediatailor', 'brightcove', 'uplynk'] });
    const sessions = Array.from({ length: 48 }, (_, i) => `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const batches = sessions.map(sessionEvents);
    // Each producer delivers its session's events in several requests, all at once.
    const results = await Promise.all(
      batches.flatMap((events) => [events.slice(0, 5), events.slice(5, 20), events.slice(20)].map((part) => sendAdLogEvents(producerEnv, settings, part))),
    );
    expect(results.reduce((n, r) => n + r.lostLines, 0)).toBe(0);
    await flushAll();
    const expected = new Map<string, string[]>();
    for (const g of projectAdLogEvents(batches.flat(), settings)) expected.set(g.destination.streamId, [...g.lines]);
    for (const [streamId, lines] of expected) {
      const written = await readLines(`concurrent/${streamId}/`);
      expect(written.length, streamId).toBe(lines.length);
      expect([...written].sort(), streamId).toEqual([...lines].sort());
    }
    expect(results.reduce((n, r) => n + r.deliveredLines, 0)).toBe([...expected.values()].reduce((n, l) => n + l.length, 0));
  });

  it('sends a session to the shard its id hashes to', async () => {
    const settings = settingsOf({ AdLogPrefix: 'routing', AdLogFormats: ['mediatailor'] });
    const sid = '5e55a11d-0000-4000-8000-000000000001';
    const count = shardCountOf(producerEnv);
    const before = await Promise.all(Array.from({ length: count }, (_, i) => shardStub(logShardName(i)).stats()));
    await sendAdLogEvents(producerEnv, settings, sessionEvents(sid));
    const after = await Promise.all(Array.from({ length: count }, (_, i) => shardStub(logShardName(i)).stats()));
    const grew = after.map((s, i) => s.pendingLines - (before[i]?.pendingLines ?? 0));
    const target = shardIndexOf(sid, count);
    expect(grew[target]).toBeGreaterThan(0);
    expect(grew.filter((g, i) => i !== target && g !== 0)).toEqual([]);
    await flushAll();
  });

  it('emitAdLogEvents returns at once and delivers in waitUntil', async () => {
    const settings = settingsOf({ AdLogPrefix: 'emit', AdLogFormats: ['mediatailor'] });
    const sid = 'e1e1e1e1-0000-4000-8000-000000000001';
    const stub = shardStub(logShardName(shardIndexOf(sid, shardCountOf(producerEnv))));
    const pendingBefore = (await stub.stats()).pendingLines;
    const ctx = createExecutionContext();
    const result = emitAdLogEvents(producerEnv, ctx, settings, sessionEvents(sid));
    // Returns synchronously (no promise to await); the delivery it started may land at any await from
    // here on, so its arrival is checked only once the execution context has settled.
    expect(result).toBeUndefined();
    await waitOnExecutionContext(ctx);
    expect((await stub.stats()).pendingLines).toBeGreaterThan(pendingBefore);
    await flushAll();
    expect((await listKeys('emit/')).length).toBeGreaterThan(0);
  });

  it('drops sessions outside PercentEnabled before any RPC', async () => {
    const settings = settingsOf({ AdLogPrefix: 'sampled', AdLogFormats: ['mediatailor'], PercentEnabled: 30 });
    const sessions = Array.from({ length: 60 }, (_, i) => `5a5a5a5a-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const events = sessions.flatMap((sid) => sessionEvents(sid).slice(0, 1));
    const r = await sendAdLogEvents(producerEnv, settings, events);
    const kept = sessions.filter((sid) => isSessionSampled(sid, 30)).length;
    expect(r.sampledOutEvents).toBe(sessions.length - kept);
    await flushAll();
    expect(await readLines('sampled/')).toHaveLength(kept);
  });

  it('retries a failed RPC under the same append id and gives up on an overloaded shard', async () => {
    const settings = settingsOf({ AdLogPrefix: 'retry', AdLogFormats: ['mediatailor'] });
    const seen: LogAppendRequest[] = [];
    const failuresFirst = (failures: number, error: object) => {
      let left = failures;
      const stub = {
        async append(req: LogAppendRequest) {
          seen.push(req);
          if (left-- > 0) throw Object.assign(new Error('injected'), error);
          return { acceptedLines: 1, duplicate: false };
        },
      };
      // SAFETY(type): a stand-in namespace exposing only what the producer calls.
      return { getByName: () => stub } as unknown as DurableObjectNamespace<LogShard>;
    };
    const noSleep = async () => {};
    const events = sessionEvents('7e7e7e7e-0000-4000-8000-000000000001').slice(0, 1);
    const ok = await sendAdLogEvents({ LOG_SHARDS: failuresFirst(2, { retryable: true }), LOG_SHARD_COUNT: '1' }, settings, events, { sleep: noSleep });
    expect(ok).toMatchObject({ deliveredLines: 1, lostLines: 0 });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((r) => r.appendId)).size).toBe(1);
    seen.length = 0;
    const overloaded = await sendAdLogEvents({ LOG_SHARDS: failuresFirst(1, { overloaded: true }), LOG_SHARD_COUNT: '1' }, settings, events, { sleep: noSleep });
    expect(overloaded).toMatchObject({ deliveredLines: 0, lostLines: 1 });
    expect(seen).toHaveLength(1);
  });
});
