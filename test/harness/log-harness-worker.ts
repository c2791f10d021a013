/**
 * @module test/harness/log-harness-worker
 * A stand-alone Worker around the log shard for the S3 end-to-end test and the benchmark
 * (bench/logs-shard.ts, test/unit/logs/s3-report.test.ts). Not part of any deployed Worker: the
 * harnesses bundle it and run it in Miniflare.
 *
 * Routes: `POST /events {logConfiguration, events}` delivers through the real producer path;
 * `POST /flush` flushes every shard; `POST /bench {...}` runs a load from inside the isolate;
 * `GET /count?prefix=` counts objects and lines in R2.
 */
import { DurableObject } from 'cloudflare:workers';
import type { AdLogEvent, BeaconFiredEvent } from '../../src/core/logs/events.ts';
import { resolveAdLogSettings, type AdLogConfigurationInput } from '../../src/core/logs/log-config.ts';
import { logShardName, sendAdLogEvents, shardCountOf } from '../../src/platform/log-producer.ts';
import type { LogAppendAck, LogAppendRequest, LogShard, LogShardEnv } from '../../src/platform/log-shard.ts';

export { LogShard } from '../../src/platform/log-shard.ts';

interface HarnessEnv extends LogShardEnv {
  readonly LOG_SHARDS: DurableObjectNamespace<LogShard>;
  readonly NOOP_SHARDS: DurableObjectNamespace<NoopLogShard>;
  readonly LOG_SHARD_COUNT?: string;
}

/** Baseline for the benchmark: the same RPC, the lines counted and dropped. */
export class NoopLogShard extends DurableObject {
  #lines = 0;
  async append(req: LogAppendRequest): Promise<LogAppendAck> {
    const n = req.groups.reduce((a, g) => a + g.lines.length, 0);
    this.#lines += n;
    return { acceptedLines: n, duplicate: false };
  }
  async flush(): Promise<{ writtenKeys: string[]; failedKeys: string[] }> {
    return { writtenKeys: [], failedKeys: [] };
  }
}

interface BenchRequest {
  readonly target: 'shard' | 'noop';
  readonly producers: number;
  readonly requestsPerProducer: number;
  readonly eventsPerRequest: number;
  readonly logConfiguration: AdLogConfigurationInput;
  readonly runId: string;
}

/** Beacon events are the bulk of an SSAI log (seven per ad), so the load is made of them. */
function beaconEvents(runId: string, producer: number, request: number, count: number, nowMs: number): BeaconFiredEvent[] {
  const sessionId = `${runId}-session-${producer}`;
  return Array.from({ length: count }, (_, i) => ({
    kind: 'beacon-fired',
    eventId: `${runId}-${producer}-${request}-${i}`,
    timestampMs: nowMs,
    sessionId,
    sessionType: 'HLS',
    configName: 'bench',
    accountId: 'bench-account',
    requestId: `${runId}-${producer}-${request}`,
    availId: String(request),
    assetId: 'bench/live.m3u8',
    playbackMode: 'live',
    beacon: {
      trackingEvent: 'firstQuartile',
      adIndex: i % 3,
      urlIndex: 0,
      attempt: 1,
      http: {
        url: `https://ads.example.com/t?e=firstQuartile&s=${sessionId}&r=${request}&i=${i}`,
        requestHeaders: [{ name: 'User-Agent', value: 'Mozilla/5.0 bench' }, { name: 'X-Forwarded-For', value: '203.0.113.9' }],
        statusCode: 204,
        startedAtMs: nowMs,
        durationMs: 12.5,
      },
    },
  }));
}

async function runBench(env: HarnessEnv, b: BenchRequest): Promise<Response> {
  const settings = resolveAdLogSettings(b.logConfiguration);
  if (!settings.ok) return Response.json({ message: settings.error }, { status: 400 });
  // SAFETY(type): NoopLogShard answers `append` exactly like LogShard, which is all the producer calls.
  const shards = (b.target === 'noop' ? env.NOOP_SHARDS : env.LOG_SHARDS) as unknown as DurableObjectNamespace<LogShard>;
  const target = { LOG_SHARDS: shards, LOG_SHARD_COUNT: '1' };
  const started = Date.now();
  let delivered = 0;
  let lost = 0;
  await Promise.all(
    Array.from({ length: b.producers }, async (_, p) => {
      for (let r = 0; r < b.requestsPerProducer; r++) {
        const res = await sendAdLogEvents(target, settings.value, beaconEvents(b.runId, p, r, b.eventsPerRequest, started));
        delivered += res.deliveredLines;
        lost += res.lostLines;
      }
    }),
  );
  const appendedAt = Date.now();
  const flush = await (b.target === 'noop' ? env.NOOP_SHARDS : env.LOG_SHARDS).getByName(logShardName(0)).flush();
  const flushedAt = Date.now();
  return Response.json({
    events: b.producers * b.requestsPerProducer * b.eventsPerRequest,
    deliveredLines: delivered,
    lostLines: lost,
    appendMs: appendedAt - started,
    totalMs: flushedAt - started,
    objects: flush.writtenKeys.length,
  });
}

async function count(env: HarnessEnv, prefix: string): Promise<Response> {
  let objects = 0;
  let lines = 0;
  let bytes = 0;
  let cursor: string | undefined;
  do {
    const page = await env.AD_LOGS.list({ prefix, ...(cursor === undefined ? {} : { cursor }) });
    for (const o of page.objects) {
      const body = await env.AD_LOGS.get(o.key);
      if (body === null) continue;
      const text = o.key.endsWith('.gz') ? await new Response(body.body.pipeThrough(new DecompressionStream('gzip'))).text() : await body.text();
      objects++;
      bytes += o.size;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined);
  return Response.json({ objects, lines, bytes });
}

export default {
  async fetch(request: Request, env: HarnessEnv): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/events') {
      const body = await request.json<{ logConfiguration?: AdLogConfigurationInput; events: AdLogEvent[] }>();
      const settings = resolveAdLogSettings(body.logConfiguration);
      if (!settings.ok) return Response.json({ message: settings.error }, { status: 400 });
      return Response.json(await sendAdLogEvents(env, settings.value, body.events));
    }
    if (request.method === 'POST' && url.pathname === '/flush') {
      const reports = [];
      for (let i = 0; i < shardCountOf(env); i++) reports.push(await env.LOG_SHARDS.getByName(logShardName(i)).flush());
      return Response.json(reports);
    }
    if (request.method === 'POST' && url.pathname === '/bench') return runBench(env, await request.json<BenchRequest>());
    if (request.method === 'GET' && url.pathname === '/count') return count(env, url.searchParams.get('prefix') ?? '');
    return Response.json({ message: 'not found' }, { status: 404 });
  },
} satisfies ExportedHandler<HarnessEnv>;
