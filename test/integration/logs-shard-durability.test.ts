/**
 * Log shard durability (docs/architecture.md §8–§9): acknowledged lines survive a restart, R2 failures are
 * retried under the same key with backoff, an unknown-outcome put leaves one object, a retried
 * delivery is applied once. Nothing lost, nothing written twice.
 */
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { OBJECT_KEY_PATTERN } from '../../src/core/logs/object-key.ts';
import { LOG_SHARD_TEST_HOOKS, type LogShard, type LogShardTestHooks } from '../../src/platform/log-shard.ts';
import { appendOf, failingSink, lineOf, listKeys, readLines, readText, settingsOf, shardStub } from '../fixtures/logs/worker-helpers.ts';

async function setHooks(name: string, hooks: LogShardTestHooks): Promise<void> {
  await runInDurableObject(shardStub(name), (instance) => {
    // SAFETY: the stub is a LogShard binding; the pool types the instance as a plain DurableObject.
    (instance as unknown as LogShard)[LOG_SHARD_TEST_HOOKS] = hooks;
  });
}

const limits = { maxBytes: 1 << 20, maxAgeMs: 300_000 };

describe('log shard durability', () => {
  it('keeps acknowledged lines across a restart mid-batch and writes each exactly once', async () => {
    const name = 'restart-open';
    const s = settingsOf({ AdLogPrefix: 'restart-open', AdLogFormats: ['mediatailor'] });
    const first = Array.from({ length: 30 }, (_, i) => lineOf(i));
    const second = Array.from({ length: 30 }, (_, i) => lineOf(100 + i));
    await shardStub(name).append(appendOf(s, 'mediatailor', first));
    await abortAllDurableObjects(); // the instance and its memory are gone; storage stays
    await shardStub(name).append(appendOf(s, 'mediatailor', second));
    expect((await shardStub(name).stats()).pendingLines).toBe(60);
    await shardStub(name).flush();
    const keys = await listKeys('restart-open/');
    expect(keys).toHaveLength(1); // one open batch, continued by the new instance
    expect(await readLines('restart-open/')).toEqual([...first, ...second]);
  });

  it('applies a delivery once when the producer retries it with the same append id', async () => {
    const stub = shardStub('dedupe');
    const s = settingsOf({ AdLogPrefix: 'dedupe', AdLogFormats: ['brightcove'] });
    const req = appendOf(s, 'brightcove', ['{"kind":"Impression","n":1}', '{"kind":"Impression","n":2}'], 'retry-me');
    expect(await stub.append(req)).toEqual({ acceptedLines: 2, duplicate: false });
    expect(await stub.append(req)).toEqual({ acceptedLines: 0, duplicate: true });
    await abortAllDurableObjects();
    expect(await shardStub('dedupe').append(req)).toEqual({ acceptedLines: 0, duplicate: true });
    await shardStub('dedupe').flush();
    expect(await readLines('dedupe/')).toEqual(['{"kind":"Impression","n":1}', '{"kind":"Impression","n":2}']);
  });

  it('retries a failed put with the same key, backing off, and deletes the batch only once it is in R2', async () => {
    const name = 'put-fails';
    let now = Date.now() + 864_000_000; // far ahead: real alarms set from this clock never fire mid-test
    const sink = failingSink(2, 'before');
    await setHooks(name, { bucket: sink, nowMs: () => now, limits });
    const stub = shardStub(name);
    const s = settingsOf({ AdLogPrefix: 'put-fails', AdLogFormats: ['uplynk'] });
    const rows = ['a\tb\tc\td\te\tf\tg', 'h\ti\tj\tk\tl\tm\tn'];
    await stub.append(appendOf(s, 'uplynk-beacon', rows));
    now += limits.maxAgeMs;
    await runDurableObjectAlarm(stub); // seals, first put fails
    let stats = await stub.stats();
    expect(stats.failing).toHaveLength(1);
    expect(stats.failing[0]?.attempts).toBe(1);
    expect(stats.pendingLines).toBe(2);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBe(now + 1000);
    now += 1000;
    await runDurableObjectAlarm(stub); // second put fails
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBe(now + 2000);
    now += 1999;
    await runDurableObjectAlarm(stub); // not due yet: no attempt
    expect(sink.attemptedKeys).toHaveLength(2);
    now += 1;
    await runDurableObjectAlarm(stub); // third put succeeds
    expect(sink.attemptedKeys).toHaveLength(3);
    expect(new Set(sink.attemptedKeys).size).toBe(1);
    const keys = await listKeys('put-fails/');
    expect(keys).toEqual([sink.attemptedKeys[0]]);
    expect(keys[0]).toMatch(OBJECT_KEY_PATTERN);
    expect(await readText(keys[0] ?? '')).toBe(`${rows.join('\n')}\n`);
    stats = await stub.stats();
    expect(stats).toMatchObject({ sealedBatches: 0, openBatches: 0, pendingLines: 0, failing: [] });
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
  });

  it('leaves exactly one object when a put succeeded but reported failure (unknown outcome)', async () => {
    const name = 'put-unknown';
    let now = Date.now() + 864_000_000; // far ahead: real alarms set from this clock never fire mid-test
    const sink = failingSink(1, 'after');
    await setHooks(name, { bucket: sink, nowMs: () => now, limits });
    const stub = shardStub(name);
    const s = settingsOf({ AdLogPrefix: 'put-unknown', AdLogFormats: ['mediatailor'], AdLogGzip: true });
    const lines = Array.from({ length: 10 }, (_, i) => lineOf(i));
    await stub.append(appendOf(s, 'mediatailor', lines));
    await stub.flush(); // written, then "failed"
    expect(await listKeys('put-unknown/')).toHaveLength(1);
    expect((await stub.stats()).pendingLines).toBe(10); // not deleted: the shard could not know
    now += 1000;
    await runDurableObjectAlarm(stub);
    expect(sink.attemptedKeys).toHaveLength(2);
    expect(new Set(sink.attemptedKeys).size).toBe(1);
    expect(await listKeys('put-unknown/')).toEqual([sink.attemptedKeys[0]]);
    expect(await readLines('put-unknown/')).toEqual(lines);
    expect((await stub.stats()).pendingLines).toBe(0);
  });

  it('a shard restarted between sealing and a successful put writes the batch under the key it sealed', async () => {
    const name = 'restart-sealed';
    let now = Date.now() + 864_000_000; // far ahead: real alarms set from this clock never fire mid-test
    const sink = failingSink(1, 'before');
    await setHooks(name, { bucket: sink, nowMs: () => now, limits });
    const s = settingsOf({ AdLogPrefix: 'restart-sealed', AdLogFormats: ['brightcove'] });
    await shardStub(name).append(appendOf(s, 'brightcove', ['{"kind":"AdRequest"}']));
    now += limits.maxAgeMs;
    await runDurableObjectAlarm(shardStub(name));
    expect(sink.attemptedKeys).toHaveLength(1);
    await abortAllDurableObjects(); // hooks gone: the new instance uses the real bucket and clock
    await shardStub(name).flush();
    expect(await listKeys('restart-sealed/')).toEqual(sink.attemptedKeys);
    expect(await readLines('restart-sealed/')).toEqual(['{"kind":"AdRequest"}']);
  });
});
