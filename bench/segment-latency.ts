/**
 * @module bench/segment-latency
 * `/v1/segment` latency against `wrangler dev` with a beacon endpoint that answers in ~1 ms versus
 * one that takes 2 s (issue 4 §5; docs/architecture.md §7, §11 "`/v1/segment` latency independent of beacon
 * endpoint latency"; target: slow/fast ≤ 1.2 at p50 and p99).
 *
 * Starts its own `wrangler dev` (free port, snapshot of the working tree, empty storage,
 * DEMO_ENABLED, ALLOW_PRIVATE_HOSTS) and a loopback beacon server, learns which ad segments make
 * beacons due, then runs rounds. A round runs, for each load pattern (paced steady state, then a
 * burst; see bench/segment/measure.ts), four batches rotated so each takes every position equally
 * often: demo sink in-process fast / slow, loopback fast / slow. A batch sets up N implicit VOD
 * sessions, times every `/v1/segment` redirect of their players, and ends when every beacon it
 * made due has arrived (the sanity check). One warm-up round is discarded. Ratios are slow/fast
 * of the same round and pattern; the tables give their median and spread over rounds.
 *
 * Run: `npm run bench -- segment` (bench/run.mjs bundles this file with esbuild).
 * Flags: `--quick` (short smoke run, results not written), `--rounds=N` (default 8),
 * `--sessions=N` per batch (default 16), `--pace=MS` between a paced player's requests
 * (default 250), `--concurrency=N` burst players (default 8), `--patterns=paced,burst`,
 * `--scenarios=loopback/slow,…` (only those; results not written; for diagnosis), `--md` (also
 * print Markdown tables), `--check-budget` (exit 3 when a ratio misses 1.2), `--no-write`,
 * `--trace` (every request's start and duration, every loopback beacon's arrival and the demo
 * sink's hits, wall clock, to .bench-out/segment-latency-trace.json). wrangler's output is kept in
 * .bench-out/segment-latency-wrangler.log.
 * Exit 1 when a self-check fails (a segment not answered 302, a beacon that never arrived).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BEACON_CHILD_FLAG, FAST_MS, SLOW_MS, runBeaconServerChild, startBeaconServer, type BeaconServer } from './segment/beacon-server.ts';
import { calibrate, runBatch, type BatchResult, type Harness, type LoadPattern, type TraceEntry } from './segment/measure.ts';
import { HttpClient } from './segment/player.ts';
import { TARGET_RATIO, aggregate, latencyRows, markdownTable, ratioRows, sanityRows, textTable, type Aggregate } from './segment/report.ts';
import { LOOPBACK_CONFIG, SCENARIOS, loopbackConfiguration, roundOrder } from './segment/scenarios.ts';
import { startDevServer, type DevServer } from './segment/wrangler.ts';

const ADMIN_TOKEN = 'demo-admin-token';
const DRAIN_TIMEOUT_MS = 150_000; // a beacon that timed out is retried from the outbox ≥ 30 s later

function intFlag(argv: readonly string[], name: string, def: number): number {
  const v = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const n = v === undefined ? def : Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

function listFlag(argv: readonly string[], name: string): string[] | undefined {
  return argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',');
}

const PATTERN_TITLE: Record<LoadPattern, string> = {
  paced: 'paced (steady state)',
  burst: 'burst (players walk sessions back to back)',
};

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const rounds = intFlag(argv, 'rounds', quick ? 2 : 8);
  const sessions = intFlag(argv, 'sessions', quick ? 4 : 16);
  const concurrency = intFlag(argv, 'concurrency', quick ? 4 : 8);
  const paceMs = intFlag(argv, 'pace', 250);
  const patterns = (listFlag(argv, 'patterns') ?? ['paced', 'burst']).filter((p): p is LoadPattern => p === 'paced' || p === 'burst');
  const only = listFlag(argv, 'scenarios');
  const write = !quick && !argv.includes('--no-write') && only === undefined && patterns.length === 2;
  const root = process.cwd();
  const account = /^ACCOUNT_ID\s*=\s*"([^"]+)"/m.exec(readFileSync(path.join(root, 'wrangler.toml'), 'utf8'))?.[1];
  if (!account) throw new Error('ACCOUNT_ID not found in wrangler.toml');
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    loadAvg1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  console.log(`/v1/segment latency vs beacon endpoint latency — ${machine.cpu}, ${machine.cores} cores, load ${machine.loadAvg1m} at start, Node ${machine.node}${quick ? '; QUICK run' : ''}`);
  console.log(`  ${rounds} rounds (+1 warm-up); per round and pattern 4 batches of ${sessions} sessions; paced: ${paceMs} ms between a player's requests; burst: ${concurrency} players`);

  let dev: DevServer | undefined;
  let beacons: BeaconServer | undefined;
  const http = new HttpClient(Math.max(sessions, concurrency) + 4);
  try {
    process.stdout.write('  starting wrangler dev … ');
    dev = await startDevServer({ root, vars: { DEMO_ENABLED: 'true', ADMIN_TOKEN, ALLOW_PRIVATE_HOSTS: 'true' }, keepLogAs: path.join(root, '.bench-out', 'segment-latency-wrangler.log') });
    console.log(`${dev.baseUrl} (wrangler ${dev.wranglerVersion}, snapshot in ${dev.dir})`);
    beacons = await startBeaconServer(fileURLToPath(import.meta.url), dev.baseUrl);
    console.log(`  loopback beacon server ${beacons.baseUrl} (fast ${FAST_MS} ms, slow ${SLOW_MS} ms)`);
    const put = await http.get(
      `${dev.baseUrl}/playbackConfiguration`,
      { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      'PUT',
      JSON.stringify(loopbackConfiguration(dev.baseUrl, beacons.baseUrl)),
    );
    if (put.status !== 200) throw new Error(`PUT /playbackConfiguration ${LOOPBACK_CONFIG}: HTTP ${put.status} ${put.body}`);
    const trace: TraceEntry[] | undefined = argv.includes('--trace') ? [] : undefined;
    const sinkTrace = trace ? [] : undefined;
    const h: Harness = { http, workerBase: dev.baseUrl, account, beacons, ...(trace && sinkTrace ? { trace, sinkTrace } : {}) };

    // Which segments make beacons due: learned from the service itself, one segment at a time,
    // on both fast endpoints (the two must agree: same demo ad pods, same plan).
    process.stdout.write('  calibrating … ');
    const [calIn, calLoop] = [await calibrate(h, SCENARIOS[0]!), await calibrate(h, SCENARIOS[2]!)];
    const same = JSON.stringify(calIn.eventsAt) === JSON.stringify(calLoop.eventsAt);
    if (!same) throw new Error(`calibration differs between endpoints:\n${JSON.stringify(calIn.eventsAt)}\n${JSON.stringify(calLoop.eventsAt)}`);
    const cal = calLoop;
    const beaconSegments = cal.eventsAt.filter((e) => e.length > 0).length;
    console.log(
      `${cal.eventsAt.length} ad segments per session, ${beaconSegments} with beacons due, ${cal.eventsAt.length - beaconSegments} with nothing due, ${cal.beaconsPerSession} beacons per session`,
    );

    const batches: BatchResult[] = [];
    const started = Date.now();
    for (let r = -1; r < rounds; r++) {
      for (const pattern of patterns) {
        for (const s of roundOrder(r + 1).filter((x) => only === undefined || only.includes(x.id))) {
          const b = await runBatch(h, s, r, { pattern, sessions: r < 0 ? Math.max(2, sessions >> 1) : sessions, concurrency, paceMs, cal, drainTimeoutMs: DRAIN_TIMEOUT_MS });
          console.log(
            `  ${r < 0 ? 'warm-up   ' : `round ${r + 1}/${rounds}`.padEnd(10)} ${pattern} ${s.id.padEnd(16)} ${String(b.requests).padStart(4)} req  p50 ${pct(b, 0.5).toFixed(1).padStart(5)}  p99 ${pct(b, 0.99).toFixed(1).padStart(6)} ms  walk ${(b.walkMs / 1000).toFixed(1)} s  beacons ${b.beaconsArrived}/${b.beaconsExpected}${b.drainMs !== undefined ? ` in ${(b.drainMs / 1000).toFixed(1)} s` : ' NOT DRAINED'}${b.beaconsReceived > b.beaconsArrived ? ` (${b.beaconsReceived - b.beaconsArrived} retried)` : ''}  load ${b.load1m}`,
          );
          if (r >= 0) batches.push(b);
        }
      }
    }
    const beaconStats = await beacons.stats([]);
    if (trace) {
      const out = path.join(root, '.bench-out', 'segment-latency-trace.json');
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify({ requests: trace, beacons: await beacons.trace(), sinkHits: sinkTrace }));
      console.log(`  trace written to ${path.relative(root, out)}`);
    }

    const results: Partial<Record<LoadPattern, Aggregate>> = {};
    for (const pattern of patterns) {
      const agg = aggregate(batches.filter((b) => b.pattern === pattern));
      results[pattern] = agg;
      console.log(`\n══ ${PATTERN_TITLE[pattern]} ══`);
      console.log(`/v1/segment latency (client-measured, keep-alive; pooled over ${rounds} rounds)\n${textTable(latencyRows(agg))}`);
      console.log(`\nslow / fast: median over rounds (min–max); pooled = ratio of the pooled percentiles\n${textTable(ratioRows(agg))}`);
      console.log(`\nbeacons (sanity: every beacon made due arrived; retried = duplicates after a timeout; drain = last segment response → last arrival)\n${textTable(sanityRows(agg))}`);
      for (const v of agg.verdicts) console.log(`  ${v.ok ? 'ok  ' : 'MISS'} ${v.endpoint}: ${v.metric} ${v.ratio.toFixed(2)} (target ≤ ${TARGET_RATIO})`);
      if (argv.includes('--md')) console.log(`\n${markdownTable(latencyRows(agg))}\n\n${markdownTable(ratioRows(agg))}\n\n${markdownTable(sanityRows(agg))}`);
    }
    console.log(
      `\n  loopback server: most slow beacons in flight at once ${beaconStats.maxInFlight}; keep-alive reuse races retried ${http.reuseRetries}; run took ${Math.round((Date.now() - started) / 1000)} s`,
    );

    const failures: string[] = [];
    for (const [pattern, agg] of Object.entries(results)) {
      for (const s of agg.scenarios) {
        if (s.beaconsArrived !== s.beaconsExpected || s.undrainedBatches > 0) failures.push(`${pattern} ${s.scenario}: ${s.beaconsArrived}/${s.beaconsExpected} beacons arrived`);
      }
    }
    if (write) {
      const out = path.join(root, 'bench', 'results', 'segment-latency.json');
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(
        out,
        `${JSON.stringify(
          {
            benchmark: 'segment-latency',
            design: 'docs/architecture.md §11: /v1/segment latency independent of beacon endpoint latency (issue 4 §5); target slow/fast ≤ 1.2',
            date: new Date().toISOString(),
            machine,
            wrangler: dev.wranglerVersion,
            settings: {
              rounds,
              warmupRounds: 1,
              sessionsPerBatch: sessions,
              paceMs,
              burstConcurrency: concurrency,
              fastBeaconMs: FAST_MS,
              slowBeaconMs: SLOW_MS,
              order: 'per round and pattern, the four scenarios rotated by round',
            },
            calibration: {
              adSegmentsPerSession: cal.eventsAt.length,
              beaconSegments,
              quietSegments: cal.eventsAt.length - beaconSegments,
              beaconsPerSession: cal.beaconsPerSession,
              eventsAt: cal.eventsAt,
            },
            patterns: results,
            loopbackMaxSlowInFlight: beaconStats.maxInFlight,
            keepAliveReuseRetries: http.reuseRetries,
            batches: batches.map((b) => ({
              pattern: b.pattern,
              scenario: b.scenario,
              round: b.round,
              requests: b.requests,
              walkMs: Math.round(b.walkMs),
              beaconsExpected: b.beaconsExpected,
              beaconsArrived: b.beaconsArrived,
              beaconsReceived: b.beaconsReceived,
              drainMs: b.drainMs === undefined ? null : Math.round(b.drainMs),
              load1m: b.load1m,
              p50: round2(pct(b, 0.5)),
              p90: round2(pct(b, 0.9)),
              p99: round2(pct(b, 0.99)),
            })),
            selfCheckFailures: failures,
            durationSec: Math.round((Date.now() - started) / 1000),
          },
          null,
          1,
        )}\n`,
      );
      console.log(`  wrote ${path.relative(root, out)}`);
    }
    if (failures.length > 0) {
      for (const f of failures) console.error(`  SELF-CHECK FAILED ${f}`);
      return 1;
    }
    if (argv.includes('--check-budget') && Object.values(results).some((a) => a.verdicts.some((v) => !v.ok))) return 3;
    return 0;
  } finally {
    http.close();
    await beacons?.stop();
    await dev?.stop();
  }
}

function pct(b: BatchResult, q: number): number {
  const all = [...b.beaconMs, ...b.quietMs].sort((x, y) => x - y);
  return all[Math.min(all.length - 1, Math.max(0, Math.ceil(q * all.length) - 1))] ?? Number.NaN;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

const childAt = process.argv.indexOf(BEACON_CHILD_FLAG);
if (childAt >= 0) {
  runBeaconServerChild(process.argv[childAt + 1] ?? '');
} else {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
