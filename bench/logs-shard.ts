/**
 * @module bench/logs-shard
 * Events per second through ONE log shard into R2, with zero loss checked by counting the lines
 * that landed (docs/architecture.md §11: "Log shard: thousands of events per second per shard, zero loss").
 * Runs the real producer → LogShard (SQLite, alarms) → R2 path in workerd via Miniflare (the
 * runtime `wrangler dev` uses). Baseline, measured in the same run: the same producers and RPCs
 * into a shard that counts and drops the lines, so the ratio is the price of durability.
 *
 * Run: `npm run bench:logs` (bundles this file with esbuild; Node 20 runs no .ts itself).
 */
import { Miniflare } from 'miniflare';
import { performance } from 'node:perf_hooks';
import { bundleLogHarness } from '../scripts/logs/bundle-harness.ts';

interface Scenario {
  readonly name: string;
  readonly formats: readonly string[];
  readonly gzip: boolean;
  readonly linesPerEvent: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'brightcove', formats: ['brightcove'], gzip: false, linesPerEvent: 1 },
  { name: 'all formats, gzip', formats: ['mediatailor', 'brightcove', 'uplynk'], gzip: true, linesPerEvent: 2 }, // no mediatailor line for a fired beacon
];
const LOAD = { producers: 50, requestsPerProducer: 40, eventsPerRequest: 5 }; // 10,000 events

interface BenchResult {
  readonly events: number;
  readonly deliveredLines: number;
  readonly lostLines: number;
  readonly appendMs: number;
  readonly totalMs: number;
  readonly objects: number;
}

async function run(mf: Miniflare, target: 'shard' | 'noop', s: Scenario, runId: string, load = LOAD): Promise<BenchResult & { wallMs: number }> {
  const t0 = performance.now();
  const res = await mf.dispatchFetch('http://bench/bench', {
    method: 'POST',
    body: JSON.stringify({ target, ...load, runId, logConfiguration: { AdLogFormats: s.formats, AdLogGzip: s.gzip, AdLogPrefix: runId } }),
  });
  if (!res.ok) throw new Error(`bench ${target}: HTTP ${res.status} ${await res.text()}`);
  // SAFETY(type): the harness answers BenchResult JSON (src/platform/log-harness-worker.ts).
  const body = (await res.json()) as BenchResult;
  return { ...body, wallMs: performance.now() - t0 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'harness.mjs', contents: await bundleLogHarness(process.cwd()) }],
    compatibilityDate: '2026-04-26',
    durableObjects: { LOG_SHARDS: { className: 'LogShard', useSQLite: true }, NOOP_SHARDS: { className: 'NoopLogShard', useSQLite: true } },
    r2Buckets: ['AD_LOGS'],
    bindings: { LOG_SHARD_COUNT: '1' },
  });
  try {
    await mf.ready;
    await run(mf, 'noop', SCENARIOS[0] as Scenario, 'warmup-noop', { producers: 10, requestsPerProducer: 10, eventsPerRequest: 5 });
    await run(mf, 'shard', SCENARIOS[0] as Scenario, 'warmup-shard', { producers: 10, requestsPerProducer: 10, eventsPerRequest: 5 });
    const rows: string[] = [];
    let failed = false;
    const repeat = Math.max(1, Number(process.env['BENCH_REPEAT'] ?? 3));
    for (const [i, s] of SCENARIOS.entries()) {
      // Baseline and shard runs alternate so machine noise hits both alike; medians are reported.
      const baseRates: number[] = [];
      const shardRates: number[] = [];
      let lines = 0;
      let expected = 0;
      let objects = 0;
      let bytes = 0;
      for (let r = 0; r < repeat; r++) {
        const base = await run(mf, 'noop', s, `noop-${i}-${r}`);
        const shard = await run(mf, 'shard', s, `shard-${i}-${r}`);
        const count = (await (await mf.dispatchFetch(`http://bench/count?prefix=shard-${i}-${r}/`)).json()) as { objects: number; lines: number; bytes: number };
        const want = shard.events * s.linesPerEvent;
        failed ||= shard.lostLines !== 0 || shard.deliveredLines !== want || count.lines !== want;
        baseRates.push(base.events / (base.wallMs / 1000));
        shardRates.push(shard.events / (shard.wallMs / 1000));
        lines += count.lines;
        expected += want;
        objects += count.objects;
        bytes += count.bytes;
      }
      const b = median(baseRates);
      const sh = median(shardRates);
      rows.push(
        `| ${s.name} | ${LOAD.producers * LOAD.requestsPerProducer * LOAD.eventsPerRequest} × ${repeat} | ${Math.round(b)} | ${Math.round(sh)} (${Math.round(Math.min(...shardRates))}–${Math.round(Math.max(...shardRates))}) | ${(sh / b).toFixed(2)} | ${objects} | ${(bytes / 1048576).toFixed(2)} | ${lines}/${expected} ${lines === expected ? 'ok' : 'LOSS'} |`,
      );
    }
    process.stdout.write(
      [
        `log shard benchmark: ${LOAD.producers} concurrent producers × ${LOAD.requestsPerProducer} deliveries × ${LOAD.eventsPerRequest} events, 1 shard, Node ${process.version}`,
        '',
        '| scenario | events × runs | baseline events/s (no-op shard), median | events/s LogShard → R2, median (min–max) | ratio | objects | MiB in R2 | lines in R2 |',
        '|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
      ].join('\n'),
    );
    if (failed) process.exitCode = 1;
  } finally {
    await mf.dispose();
  }
}

void main();
