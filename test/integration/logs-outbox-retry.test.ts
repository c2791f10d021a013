/**
 * The session's ad-log outbox retries idempotently (issue 9 item 14): a batch keeps one append id
 * from the moment it is stored, so when a shard stored the lines but its acknowledgement was lost,
 * the retry (from the same flush, or from the alarm much later) is recognised by the shard and
 * adds nothing. Injected: a shard stub that appends, then throws as if the reply never came.
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AdLogEvent } from '../../src/core/logs/events.ts';
import { projectAdLogEvents } from '../../src/core/logs/project.ts';
import type { SessionRecord } from '../../src/core/session/session-record.ts';
import type { Env } from '../../src/env.ts';
import { logShardName, shardCountOf } from '../../src/platform/log-producer.ts';
import type { LogAppendRequest } from '../../src/platform/log-shard.ts';
import { SessionLogOutbox } from '../../src/platform/session-log-outbox.ts';
import { liveHlsSession } from '../fixtures/logs/realistic-sessions.ts';
import { logEnv, readLines, settingsOf, shardStub } from '../fixtures/logs/worker-helpers.ts';

const SID = '10570ac4-0000-4000-8000-000000000014';
const logConfiguration = (prefix: string) => ({ AdLogPrefix: prefix, AdLogFormats: ['mediatailor', 'uplynk'] as ('mediatailor' | 'uplynk')[] });

function record(prefix = 'outbox-retry'): SessionRecord {
  return {
    sessionId: SID,
    accountId: 'acct',
    configName: 'cfg',
    assetPath: 'live/master.m3u8',
    originUrl: 'https://origin.example/live/master.m3u8',
    config: { Name: 'cfg', VideoContentSourceUrl: 'https://origin.example', AdDecisionServerUrl: 'https://ads.example/vast', LogConfiguration: logConfiguration(prefix) },
    kind: 'implicit',
    sessionType: 'HLS',
    serverBeacons: true,
    params: { playerParams: {}, manifestParams: [], originParams: [], features: {}, warnings: [] },
    client: {},
    createdAtMs: 0,
    selfOrigin: 'https://edge.example',
  };
}

/** Shards whose first `lost` acknowledgements never arrive: the lines are stored, the caller sees an error. */
function lossyEnv(lost: number): { env: Env; appends: LogAppendRequest[] } {
  const appends: LogAppendRequest[] = [];
  let toLose = lost;
  const shards = {
    getByName: (name: string) => {
      const real = logEnv.LOG_SHARDS.getByName(name);
      return {
        append: async (req: LogAppendRequest) => {
          appends.push(req);
          const ack = await real.append(req);
          if (toLose-- > 0) throw new Error('Network connection lost.');
          return ack;
        },
      };
    },
  };
  // SAFETY(type): the outbox only reads LOG_SHARDS (and LOG_SHARD_COUNT) from its env.
  return { env: { ...(env as unknown as Env), LOG_SHARDS: shards } as unknown as Env, appends };
}

async function flushShards(): Promise<void> {
  for (let i = 0; i < shardCountOf(logEnv); i++) await shardStub(logShardName(i)).flush();
}

describe('session ad-log outbox', () => {
  it('a lost acknowledgement, retried from the alarm later, duplicates no line', async () => {
    const events: AdLogEvent[] = liveHlsSession().map((e) => ({ ...e, sessionId: SID }));
    // Both attempts of the first flush lose their acknowledgement; the alarm's flush gets one.
    const { env: lossy, appends } = lossyEnv(2);
    const stub = env.SESSIONS.getByName(`outbox-retry-${SID}`);
    await runInDurableObject(stub, async (_o, state) => {
      const outbox = new SessionLogOutbox(state.storage.kv, lossy);
      outbox.enqueue(record(), events);
      await outbox.flush(record());
      expect(outbox.hasPending()).toBe(true);
      await outbox.flush(record());
      expect(outbox.hasPending()).toBe(false);
    });
    expect(appends.length).toBe(3);
    expect(new Set(appends.map((a) => a.appendId)).size).toBe(1);
    await flushShards();
    const settings = settingsOf(logConfiguration('outbox-retry'));
    for (const g of projectAdLogEvents(events, settings)) {
      const written = await readLines(`outbox-retry/${g.destination.streamId}/`);
      expect(written.length, g.destination.streamId).toBe(g.lines.length);
      expect([...written].sort(), g.destination.streamId).toEqual([...g.lines].sort());
    }
  });

  it('two stored batches keep two append ids', async () => {
    const { env: lossy, appends } = lossyEnv(0);
    const stub = env.SESSIONS.getByName(`outbox-ids-${SID}`);
    await runInDurableObject(stub, async (_o, state) => {
      const outbox = new SessionLogOutbox(state.storage.kv, lossy);
      const events = liveHlsSession().map((e) => ({ ...e, sessionId: `${SID}-2` }));
      outbox.enqueue(record('outbox-ids'), events.slice(0, 3));
      outbox.enqueue(record('outbox-ids'), events.slice(3, 6));
      await outbox.flush(record('outbox-ids'));
      expect(outbox.hasPending()).toBe(false);
    });
    expect(new Set(appends.map((a) => a.appendId)).size).toBe(2);
    await flushShards();
  });
});
