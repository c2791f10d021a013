/**
 * Log shard batching in workerd (docs/architecture.md §8, Brightcove format of docs/ad-logs.md "batched in 5MB or 300 seconds … sessions
 * intermixed"): size seals at once, age seals in the alarm (clock injected), keys follow the
 * seed layout, gzip is optional.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { OBJECT_KEY_PATTERN } from '../../src/core/logs/object-key.ts';
import { LOG_SHARD_TEST_HOOKS, type LogShard, type LogShardTestHooks } from '../../src/platform/log-shard.ts';
import { appendOf, bucket, lineOf, listKeys, readLines, readText, settingsOf, settle, shardStub, waitForKeys } from '../fixtures/logs/worker-helpers.ts';

async function withHooks(name: string, hooks: LogShardTestHooks) {
  const stub = shardStub(name);
  await runInDurableObject(stub, (instance) => {
    // SAFETY: the stub is a LogShard binding; the pool types the instance as a plain DurableObject.
    (instance as unknown as LogShard)[LOG_SHARD_TEST_HOOKS] = hooks;
  });
  return stub;
}

describe('log shard batching', () => {
  it('seals by size at once: objects stay under the limit and hold every line in order', async () => {
    const stub = await withHooks('size-small', { limits: { maxBytes: 2000, maxAgeMs: 300_000 } });
    const s = settingsOf({ AdLogPrefix: 'size-small', AdLogFormats: ['brightcove'] });
    const lines = Array.from({ length: 50 }, (_, i) => lineOf(i, 100));
    for (let i = 0; i < 50; i += 10) await stub.append(appendOf(s, 'brightcove', lines.slice(i, i + 10)));
    // No alarm run, no flush call: a full batch arms the alarm for now and goes out by itself.
    const keys = await waitForKeys('size-small/', 2); // 19 lines of 101 bytes fit in 2000
    await settle(stub);
    expect(await listKeys('size-small/')).toEqual(keys);
    expect(await stub.stats()).toMatchObject({ openBatches: 1, sealedBatches: 0, pendingLines: 50 - 2 * 19 });
    for (const key of keys) {
      expect(key).toMatch(OBJECT_KEY_PATTERN);
      const head = await bucket().head(key);
      expect(head?.size).toBeLessThanOrEqual(2000);
      expect(head?.customMetadata?.['lines']).toBe('19');
    }
    await stub.flush();
    // Keys sort by their random segment, not by time: compare as sets, and order within objects.
    expect((await readLines('size-small/')).sort()).toEqual([...lines].sort());
    for (const key of await listKeys('size-small/')) {
      const ns = (await readText(key))
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { n: number }).n);
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
    }
    expect((await stub.stats()).pendingLines).toBe(0);
  });

  it('with the configured 5 MiB limit, writes one object per 5 MiB as soon as it is full', async () => {
    const stub = shardStub('size-5mib');
    const s = settingsOf({ AdLogPrefix: 'size-5mib', AdLogFormats: ['mediatailor'] });
    const line = lineOf(0, 2048);
    const perCall = 256; // 512 KiB per RPC
    const calls = 11; // 5.5 MiB in all
    for (let c = 0; c < calls; c++)
      await stub.append(
        appendOf(
          s,
          'mediatailor',
          Array.from({ length: perCall }, () => line),
        ),
      );
    const keys = await waitForKeys('size-5mib/', 1);
    await settle(stub);
    expect(await listKeys('size-5mib/')).toEqual(keys);
    const size = (await bucket().head(keys[0] ?? ''))?.size ?? 0;
    expect(size).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(size).toBeGreaterThan(5 * 1024 * 1024 - 2049);
    const open = await stub.stats();
    expect(open.openBatches).toBe(1);
    expect(open.pendingLines + size / 2049).toBe(calls * perCall);
  });

  it('seals by age in the alarm, by the injected clock, not before', async () => {
    let now = Date.now() + 864_000_000; // far ahead: real alarms set from this clock never fire mid-test
    const stub = await withHooks('age', { nowMs: () => now, limits: { maxBytes: 1 << 20, maxAgeMs: 300_000 } });
    const s = settingsOf({ AdLogPrefix: 'age', AdLogFormats: ['mediatailor'] });
    const openedAt = now;
    await stub.append(appendOf(s, 'mediatailor', ['{"a":1}']));
    now += 120_000;
    await stub.append(appendOf(s, 'mediatailor', ['{"a":2}']));
    expect(await runDurableObjectAlarm(stub)).toBe(true); // runs early: nothing is due yet
    expect(await listKeys('age/')).toEqual([]);
    now = openedAt + 299_999;
    await runDurableObjectAlarm(stub);
    expect(await listKeys('age/')).toEqual([]);
    now = openedAt + 300_000;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const keys = await listKeys('age/');
    expect(keys).toHaveLength(1);
    // The key carries the batch's first append time (Firehose style).
    const t = new Date(openedAt).toISOString();
    const g = OBJECT_KEY_PATTERN.exec(keys[0] ?? '')?.groups;
    expect(`${g?.['yyyy']}-${g?.['MM']}-${g?.['dd']}T${g?.['HH']}:${g?.['mm']}:${g?.['ss']}`).toBe(t.slice(0, 19));
    expect(await readLines('age/')).toEqual(['{"a":1}', '{"a":2}']);
    expect(await stub.stats()).toMatchObject({ openBatches: 0, sealedBatches: 0 });
  });

  it('intermixes sessions in one batch and keeps one batch per stream layout', async () => {
    const stub = shardStub('mix');
    const a = settingsOf({ AdLogPrefix: 'mix', AdLogFormats: ['mediatailor', 'uplynk'] });
    const b = settingsOf({ AdLogPrefix: 'mix', AdLogFormats: ['mediatailor'], AdLogGzip: true });
    await stub.append(appendOf(a, 'mediatailor', ['{"sessionId":"s1"}']));
    await stub.append(appendOf(a, 'mediatailor', ['{"sessionId":"s2"}']));
    await stub.append(appendOf(a, 'uplynk-beacon', ['r1\tx']));
    await stub.append(appendOf(b, 'mediatailor', ['{"sessionId":"s3"}']));
    expect((await stub.stats()).openBatches).toBe(3);
    await stub.flush();
    const keys = await listKeys('mix/');
    expect(keys).toHaveLength(3);
    const plain = keys.find((k) => k.startsWith('mix/mediatailor/') && !k.endsWith('.gz')) ?? '';
    expect((await readText(plain)).split('\n').filter(Boolean)).toEqual(['{"sessionId":"s1"}', '{"sessionId":"s2"}']);
    const gz = keys.find((k) => k.endsWith('.gz')) ?? '';
    expect(OBJECT_KEY_PATTERN.exec(gz)?.groups?.['gz']).toBe('.gz');
    const raw = new Uint8Array(await ((await bucket().get(gz))?.arrayBuffer() ?? new ArrayBuffer(0)));
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    expect(await readText(gz)).toBe('{"sessionId":"s3"}\n');
    expect((await bucket().head(gz))?.httpMetadata?.contentType).toBe('application/gzip');
  });
});
