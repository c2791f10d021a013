/**
 * @module bench/load
 * Load harness against `wrangler dev` (issue 9 "Keep it fixed"): N concurrent players of implicit
 * sessions with server-side beacons (live, VOD with markers, VOD with a VMAP schedule) play for a
 * while, several runs in a row, then the runtime idles. Reported per run: requests and answers
 * outside 2xx/3xx, ADS requests per (session, avail) as the demo ad server saw them, beacons
 * expected / duplicated / missing per session as the demo beacon sink saw them, and the memory
 * of the workerd process that runs the Worker and every Durable Object before, at its peak and
 * after each run, and through the idle period, three ways: its RSS; the native memory the program
 * holds by tcmalloc's own account (bench/load/malloc, through gdb); the live JS heap of the
 * Worker's isolate after a full collection (bench/load/heap, through its inspector). Memory that
 * keeps growing run after run and is not given back once the sessions have expired is a leak; RSS
 * alone cannot tell a leak from an allocator keeping freed pages (docs/benchmarks.md).
 *
 * Starts its own `wrangler dev` (free port, snapshot of the working tree, empty storage; see
 * bench/segment/wrangler.ts) with the demo enabled. Then two controls, each a Worker of a few
 * lines under a fresh `wrangler dev` creating as many Durable Objects as the runs created sessions
 * (bench/load/control): one request per object, and as many requests per object as a session
 * made on average (each an RPC with a storage write, an RPC to a shared object, a subrequest): the
 * runtime's own memory per object, with none of our code involved.
 *
 * Run: `npm run bench -- load`. Flags: `--sessions=N` concurrent players (default 12: half live,
 * a third VOD, the rest VMAP VOD), `--duration=SEC` per run (default 150: a live player meets a
 * break every 2 min), `--runs=N` (3), `--idle=SEC` after the runs (720: sessions expire after 10×
 * their playlist's duration, ≤ 10 min here), `--speed=N` VOD walk speed (4× real time), `--quick`
 * (6 players, 45 s, 2 runs, 30 s idle; not written), `--no-control`, `--no-write`, `--md` (Markdown tables).
 * Then the run's ad logs, read from the local R2 bucket and counted per format as the report
 * command counts them (bench/load/logs): ad requests, successful requests, avails and beacons.
 * Writes bench/results/load.json. Exit 1 when a self-check fails: an answer outside 2xx/3xx, an
 * avail asked for more than once, a beacon duplicated or missing, the three log formats not
 * counting the same (checked when the idle period let every log batch reach R2).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeMachine, machineNote } from './lib/machine.ts';
import { auditSession, settleBeacons } from './load/audit.ts';
import { runControl, type ControlResult } from './load/control.ts';
import { findIsolateInspector, sampleHeap } from './load/heap.ts';
import { sampleMalloc } from './load/malloc.ts';
import { readRunLogs, storyMismatches, type LogStory } from './load/logs.ts';
import { rssSampler, sampleRss, workerRuntimePid, type RssSample } from './load/memory.ts';
import { LoadClient, playLive, playVod, SESSION_PATHS, type PlayedSession, type SessionKind } from './load/player.ts';
import { markdown, memoryTable, runTable, summarizeRun, text, type RunResult, type RunSummary } from './load/report.ts';
import { startDevServer, type DevServer } from './segment/wrangler.ts';

/** LOG_BATCH_MAX_AGE_SEC of the demo configuration, and some time for the shards' alarms. */
const LOG_FLUSH_SEC = 330;

function logTable(stories: readonly LogStory[]): string[][] {
  return [
    ['format', 'lines', 'ad requests', 'successful', 'avails', 'beacons'],
    ...stories.map((s) => [s.format, String(s.lines), String(s.adRequests), String(s.successful), String(s.avails), String(s.beacons)]),
  ];
}

function intFlag(argv: readonly string[], name: string, def: number): number {
  const v = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const n = v === undefined ? def : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

/** Player k's kind: half live, a third VOD with markers, the rest VOD with a VMAP schedule. */
function kindOf(k: number, n: number): SessionKind {
  if (k < Math.ceil(n / 2)) return 'live';
  return k < Math.ceil(n / 2) + Math.ceil(n / 3) ? 'vod' : 'vod-vmap';
}

async function player(client: LoadClient, base: string, account: string, kind: SessionKind, untilMs: number, speed: number): Promise<PlayedSession[]> {
  const { config, asset } = SESSION_PATHS[kind];
  const url = (): string => `${base}/v1/master/${account}/${config}/${asset}/master.m3u8`;
  if (kind === 'live') return [await playLive(client, url(), untilMs)];
  const played: PlayedSession[] = [];
  while (Date.now() < untilMs) played.push(await playVod(client, url(), kind, speed));
  return played;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const sessions = Math.max(3, intFlag(argv, 'sessions', quick ? 6 : 12));
  const durationSec = intFlag(argv, 'duration', quick ? 45 : 150);
  const runs = Math.max(1, intFlag(argv, 'runs', quick ? 2 : 3));
  const idleSec = intFlag(argv, 'idle', quick ? 30 : 720);
  const speed = Math.max(1, intFlag(argv, 'speed', 4));
  const write = !quick && !argv.includes('--no-write');
  const root = process.cwd();
  const account = /^ACCOUNT_ID\s*=\s*"([^"]+)"/m.exec(readFileSync(path.join(root, 'wrangler.toml'), 'utf8'))?.[1];
  if (!account) throw new Error('ACCOUNT_ID not found in wrangler.toml');
  const machine = machineNote();
  console.log(`load harness — ${describeMachine(machine)}${quick ? '; QUICK run' : ''}`);
  console.log(`  ${runs} runs of ${durationSec} s with ${sessions} players (${[...Array(sessions).keys()].map((k) => kindOf(k, sessions)).join(', ')}), VOD at ${speed}×, then ${idleSec} s idle`);

  let dev: DevServer | undefined;
  const client = new LoadClient(sessions * 2 + 4);
  const samples: RssSample[] = [];
  const t0 = Date.now();
  try {
    dev = await startDevServer({ root, vars: { DEMO_ENABLED: 'true', ADMIN_TOKEN: 'demo-admin-token', ALLOW_PRIVATE_HOSTS: 'true' }, keepLogAs: path.join(root, '.bench-out', 'load-wrangler.log') });
    const base = dev.baseUrl;
    const pgid = dev.pgid;
    const runtimePid = workerRuntimePid(pgid);
    const inspector = runtimePid === undefined ? undefined : await findIsolateInspector(runtimePid);
    if (!inspector) console.log('  (no inspector found for the Worker runtime: JS heap not measured)');
    // RSS first, then the allocator, then the heap (its snapshot allocates: it must not colour the other two).
    const measure = async (label: string): Promise<RssSample> => {
      const rss = sampleRss(pgid, label);
      const native = runtimePid === undefined ? undefined : sampleMalloc(runtimePid);
      const heap = inspector ? await sampleHeap(inspector) : undefined;
      return { ...rss, ...(native ? { mallocInUseMiB: native.inUseMiB, mallocTotalMiB: native.totalMiB } : {}), ...(heap ? { heapMiB: heap.usedMiB } : {}) };
    };
    samples.push(await measure('started'));
    // Warm-up: one VOD session of each kind, so the first run does not pay for compilation.
    await Promise.all([
      playVod(client, `${base}/v1/master/${account}/demo/vod/master.m3u8`, 'vod', 16),
      playVod(client, `${base}/v1/master/${account}/demo-vmap/vod-vmap/master.m3u8`, 'vod-vmap', 16),
    ]);
    samples.push(await measure('warmed up'));
    console.log(
      `  wrangler dev ${dev.wranglerVersion} at ${base}; workerd pids ${samples[1]?.pids.join(', ')}; Worker runtime RSS ${samples[0]?.workerMiB} MiB at start, ${samples[1]?.workerMiB} MiB warmed up`,
    );

    const results: RunResult[] = [];
    const summaries: RunSummary[] = [];
    for (let run = 1; run <= runs; run++) {
      const before = await measure(`before run ${run}`);
      samples.push(before);
      const sampler = rssSampler(pgid, 5_000);
      const untilMs = Date.now() + durationSec * 1000;
      const played = (await Promise.all(Array.from({ length: sessions }, (_, k) => player(client, base, account, kindOf(k, sessions), untilMs, speed)))).flat().filter((s) => s.sid !== '');
      const settleMs = await settleBeacons(client, base, played, 10_000, 120_000);
      const peak = sampler.stop();
      const audits = [];
      for (const s of played) audits.push(await auditSession(client, base, s));
      const after = await measure(`after run ${run}`);
      samples.push(after);
      const result: RunResult = {
        run,
        durationSec,
        sessions: played,
        audits,
        settleSec: Math.round(settleMs / 1000),
        rssBeforeMiB: before.workerMiB,
        rssPeakMiB: Math.max(peak.peakMiB, after.workerMiB),
        rssAfterMiB: after.workerMiB,
        proxyBeforeMiB: before.proxyMiB,
        proxyPeakMiB: Math.max(peak.peakProxyMiB, after.proxyMiB),
        proxyAfterMiB: after.proxyMiB,
        peakDatabases: Math.max(peak.peakDatabases, after.openDatabases),
      };
      results.push(result);
      const summary = summarizeRun(result);
      summaries.push(summary);
      console.log(
        `  run ${run}: ${played.length} sessions, ${summary.requests} requests, beacons ${summary.beaconsReceived}/${summary.beaconsExpected} (dup ${summary.beaconsDuplicated}, missing ${summary.beaconsMissing}), Worker runtime RSS ${before.workerMiB} → ${after.workerMiB} MiB (peak ${result.rssPeakMiB}), native in use ${before.mallocInUseMiB ?? '-'} → ${after.mallocInUseMiB ?? '-'} MiB, JS heap ${before.heapMiB ?? '-'} → ${after.heapMiB ?? '-'} MiB, proxy ${before.proxyMiB} → ${after.proxyMiB} MiB, DO databases open ${after.openDatabases} (peak ${result.peakDatabases})`,
      );
    }
    for (let s = 0; s < idleSec; s += 60) {
      await new Promise((r) => setTimeout(r, Math.min(60, idleSec - s) * 1000));
      samples.push(await measure(`idle ${Math.min(idleSec, s + 60)} s`));
    }
    // The run's ad logs in the three formats, once every batch has reached R2 (LOG_BATCH_MAX_AGE_SEC).
    const logsComplete = idleSec >= LOG_FLUSH_SEC;
    const logs = readRunLogs(path.join(dev.dir, 'state'), 'edge-ssai-ad-logs');
    await dev.stop();
    const created = 2 + results.reduce((n, r) => n + r.sessions.length, 0);
    const warmed = samples[1]?.workerMiB ?? 0;
    const last = samples.at(-1)?.workerMiB ?? 0;
    const perSessionKiB = Math.round(((last - warmed) * 1024) / Math.max(1, created - 2));
    const nativeWarmed = samples[1]?.mallocInUseMiB;
    const nativeLast = samples.at(-1)?.mallocInUseMiB;
    if (nativeWarmed !== undefined && nativeLast !== undefined)
      console.log(`  native memory in use (tcmalloc) ${nativeWarmed} → ${nativeLast} MiB: ${Math.round(((nativeLast - nativeWarmed) * 1024) / Math.max(1, created - 2))} KiB per session`);
    const heapWarmed = samples[1]?.heapMiB;
    const heapLast = samples.at(-1)?.heapMiB;
    const heapPerSessionKiB = heapWarmed === undefined || heapLast === undefined ? undefined : Math.round(((heapLast - heapWarmed) * 1024) / Math.max(1, created - 2));
    console.log(
      `\n  ${created} sessions (Durable Objects) created; Worker runtime ${warmed} → ${last} MiB: ${perSessionKiB} KiB kept per session; JS heap after GC ${heapWarmed ?? '-'} → ${heapLast ?? '-'} MiB: ${heapPerSessionKiB ?? '-'} KiB per session`,
    );
    const controls: ControlResult[] = [];
    if (!argv.includes('--no-control')) {
      const controlIdleSec = Math.min(idleSec, 180);
      const requests = summaries.reduce((n, r) => n + r.requests, 0);
      const perSession = Math.max(2, Math.round(requests / Math.max(1, created - 2)));
      for (const perObject of [1, perSession]) {
        const c = await runControl(root, client, created, sessions, controlIdleSec, perObject);
        controls.push(c);
        const nativeKiB = c.mallocBeforeMiB === undefined || c.mallocIdleMiB === undefined ? undefined : Math.round(((c.mallocIdleMiB - c.mallocBeforeMiB) * 1024) / c.objects);
        console.log(
          `  control: ${c.objects} objects × ${c.requestsPerObject} request(s): Worker runtime ${c.beforeMiB} → ${c.afterMiB} MiB, ${c.idleMiB} MiB after ${controlIdleSec} s idle: ${c.kibPerObject} KiB kept per object (ours ${(perSessionKiB / Math.max(1, c.kibPerObject)).toFixed(2)}× that); native in use ${c.mallocBeforeMiB ?? '-'} → ${c.mallocIdleMiB ?? '-'} MiB (${nativeKiB ?? '-'} KiB per object); JS heap ${c.heapBeforeMiB ?? '-'} → ${c.heapIdleMiB ?? '-'} MiB`,
        );
      }
    }

    console.log(`\n${text(runTable(summaries))}\n\n${text(memoryTable(samples, t0))}`);
    console.log(`\n  ad logs of the whole run (${logs.objects} R2 objects${logsComplete ? '' : `; incomplete: fewer than ${LOG_FLUSH_SEC} s idle`}):\n${text(logTable(logs.stories))}`);
    if (argv.includes('--md')) console.log(`\n${markdown(runTable(summaries))}\n\n${markdown(memoryTable(samples, t0))}`);
    const failures: string[] = [];
    const mismatches = storyMismatches(logs.stories);
    if (logsComplete && mismatches.length > 0) failures.push(`the ad log formats disagree: ${mismatches.join('; ')}`);
    for (const s of summaries) {
      if (Object.keys(s.failures).length > 0) failures.push(`run ${s.run}: answers outside 2xx/3xx ${JSON.stringify(s.failures)}`);
      if (Object.keys(s.adsRequestsPerAvail).some((k) => k !== '1')) failures.push(`run ${s.run}: ADS requests per (session, avail) ${JSON.stringify(s.adsRequestsPerAvail)}`);
      if (s.beaconsDuplicated > 0 || s.beaconsMissing > 0) failures.push(`run ${s.run}: ${s.beaconsDuplicated} beacons duplicated, ${s.beaconsMissing} missing`);
    }
    if (write) {
      const out = path.join(root, 'bench', 'results', 'load.json');
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(
        out,
        `${JSON.stringify({ benchmark: 'load', date: new Date().toISOString(), machine, wrangler: dev.wranglerVersion, settings: { sessions, durationSec, runs, idleSec, vodSpeed: speed }, runs: summaries, sessionsCreated: created, adLogs: logsComplete ? logs.stories : null, workerKiBKeptPerSession: perSessionKiB, heapKiBKeptPerSession: heapPerSessionKiB ?? null, controls, memory: samples.map((s) => ({ label: s.label, minute: Math.round((s.atMs - t0) / 6_000) / 10, workerMiB: s.workerMiB, mallocInUseMiB: s.mallocInUseMiB ?? null, mallocTotalMiB: s.mallocTotalMiB ?? null, heapMiB: s.heapMiB ?? null, proxyMiB: s.proxyMiB, openDatabases: s.openDatabases })), selfCheckFailures: failures }, null, 1)}\n`,
      );
      console.log(`  wrote ${path.relative(root, out)}`);
    }
    for (const f of failures) console.error(`  SELF-CHECK FAILED ${f}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    client.close();
    await dev?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
