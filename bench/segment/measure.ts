/**
 * @module bench/segment/measure
 * One batch of the `/v1/segment` latency benchmark: set up `sessions` implicit sessions of one
 * scenario, let their players request the ad segments, time every request, then wait until
 * every beacon the batch made due has arrived at its endpoint (the sanity check). Two load
 * patterns:
 *
 * - paced (steady state): every session is a player that asks for segment i at
 *   start + i × pace (never two requests outstanding, catching up back to back when late), the
 *   sessions' starts staggered by a little more than one pace; with 16 sessions and a 250 ms pace
 *   (8× real time for 2 s segments) that is up to ~64 requests/s and 16 in flight, and a
 *   session's next segments arrive while its earlier beacons are still in flight, whatever the
 *   endpoint's speed.
 * - burst: `concurrency` players walk whole sessions back to back. The hardest case for one
 *   session's Durable Object, but lopsided: a walk (~1–5 s) ends before most 2 s beacons have
 *   even come back, so the slow endpoint's follow-up work lands after the measurement window
 *   while the fast endpoint's lands inside it.
 *
 * Also the calibration that finds which segments make beacons due.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { BeaconServer } from './beacon-server.ts';
import { createSession, pool, segmentRequest, type BenchSession, type HttpClient } from './player.ts';
import { masterUrl, type Scenario } from './scenarios.ts';

export type LoadPattern = 'paced' | 'burst';

export interface Calibration {
  /** Beacon events each segment index makes due (empty: a quiet segment). */
  readonly eventsAt: readonly (readonly string[])[];
  readonly beaconsPerSession: number;
}

export interface BatchOptions {
  readonly pattern: LoadPattern;
  readonly sessions: number;
  /** burst: players walking sessions at once. */
  readonly concurrency: number;
  /** paced: ms between one player's segment requests. */
  readonly paceMs: number;
  readonly cal: Calibration;
  readonly drainTimeoutMs: number;
}

export interface BatchResult {
  readonly pattern: LoadPattern;
  readonly scenario: Scenario['id'];
  readonly round: number;
  readonly sessions: number;
  readonly requests: number;
  /** Latency (ms) of segments that claimed beacons / that had nothing due. */
  readonly beaconMs: number[];
  readonly quietMs: number[];
  readonly walkMs: number;
  readonly beaconsExpected: number;
  /** Distinct beacons (session, ad, event) that reached the endpoint. */
  readonly beaconsArrived: number;
  /** Requests the endpoint received, retries included (duplicates = received − arrived). */
  readonly beaconsReceived: number;
  /** From the last segment response to the last beacon's arrival; undefined when not drained. */
  readonly drainMs: number | undefined;
  /** The machine's 1-minute load average when the walk ended (how noisy the batch was). */
  readonly load1m: number;
}

/** One timed request, for `--trace` (wall-clock ms, comparable with the beacon server's). */
export interface TraceEntry {
  readonly pattern: LoadPattern;
  readonly scenario: Scenario['id'];
  readonly round: number;
  readonly sid: string;
  readonly index: number;
  /** The output media sequence number (the URL's last path segment). */
  readonly seq: number;
  readonly startMs: number;
  readonly ms: number;
}

export interface Harness {
  readonly trace?: TraceEntry[];
  /** `--trace`: the demo sink's hits (in-process endpoints), with the sink's wall-clock times. */
  readonly sinkTrace?: { sid: string; event: string; atMs: number }[];
  readonly http: HttpClient;
  readonly workerBase: string;
  readonly account: string;
  readonly beacons: BeaconServer;
}

interface Arrivals {
  /** Distinct beacons per session, event names in arrival order. */
  readonly events: Map<string, string[]>;
  readonly received: number;
}

/** Beacons that have reached the endpoint for these sessions. */
export async function arrivals(h: Harness, s: Scenario, sids: readonly string[]): Promise<Arrivals> {
  const events = new Map<string, string[]>();
  if (s.endpoint === 'loopback') {
    const stats = await h.beacons.stats(sids);
    let received = 0;
    for (const sid of sids) {
      events.set(sid, [...(stats.sessions[sid]?.events ?? [])]);
      received += stats.sessions[sid]?.received ?? 0;
    }
    return { events, received };
  }
  let received = 0;
  await Promise.all(
    sids.map(async (sid) => {
      const r = await h.http.get(`${h.workerBase}/demo/beacons?sid=${sid}&limit=10000`);
      // SAFETY(type): the demo sink answers {hits: BeaconHit[]} (src/routes/demo.ts).
      const hits = (JSON.parse(r.body) as { hits: { event: string; url: string }[] }).hits.filter((x) => x.event !== 'ads-request');
      received += hits.length;
      const seen = new Set<string>();
      const list: string[] = [];
      for (const x of hits) {
        const key = `${new URL(x.url).searchParams.get('ad') ?? ''}|${x.event}`;
        if (!seen.has(key)) {
          seen.add(key);
          list.push(x.event);
        }
      }
      events.set(sid, list);
    }),
  );
  return { events, received };
}

/**
 * Requests one session's segments one at a time, waiting after each until its beacons have
 * settled at the (fast) endpoint, to learn which segments make which beacons due.
 */
export async function calibrate(h: Harness, s: Scenario): Promise<Calibration> {
  const session = await createSession(h.http, masterUrl(s, h.workerBase, h.account));
  const eventsAt: string[][] = [];
  let seen = 0;
  for (const url of session.segmentUrls) {
    await segmentRequest(h.http, url);
    const t0 = performance.now();
    let last = seen;
    let stableSince = performance.now();
    for (;;) {
      await sleep(25);
      const now = (await arrivals(h, s, [session.sid])).events.get(session.sid) ?? [];
      if (now.length !== last) {
        last = now.length;
        stableSince = performance.now();
      }
      if (performance.now() - stableSince >= 250 && performance.now() - t0 >= 300) {
        eventsAt.push(now.slice(seen));
        seen = now.length;
        break;
      }
    }
  }
  return { eventsAt, beaconsPerSession: seen };
}

export async function runBatch(h: Harness, s: Scenario, round: number, opts: BatchOptions): Promise<BatchResult> {
  const setupConcurrency = Math.min(8, opts.sessions);
  const sessions: BenchSession[] = await pool(Array.from({ length: opts.sessions }), setupConcurrency, () => createSession(h.http, masterUrl(s, h.workerBase, h.account)));
  for (const ss of sessions) {
    if (ss.segmentUrls.length !== opts.cal.eventsAt.length) throw new Error(`${s.id}: session ${ss.sid} has ${ss.segmentUrls.length} ad segments, calibration saw ${opts.cal.eventsAt.length}`);
  }
  const beaconMs: number[] = [];
  const quietMs: number[] = [];
  const one = async (ss: BenchSession, i: number): Promise<void> => {
    const startMs = Date.now();
    const ms = await segmentRequest(h.http, ss.segmentUrls[i] as string);
    ((opts.cal.eventsAt[i]?.length ?? 0) > 0 ? beaconMs : quietMs).push(ms);
    h.trace?.push({ pattern: opts.pattern, scenario: s.id, round, sid: ss.sid, index: i, seq: Number(ss.segmentUrls[i]?.split('/').pop()), startMs, ms: Math.round(ms * 10) / 10 });
  };
  const t0 = performance.now();
  if (opts.pattern === 'burst') {
    await pool(sessions, opts.concurrency, async (ss) => {
      for (let i = 0; i < ss.segmentUrls.length; i++) await one(ss, i);
    });
  } else {
    // Session k starts k paces and k/N of a pace after the first: the requests of one pace are
    // spread evenly, and no two sessions are at the same segment (their ad starts, quartiles and
    // beacon waves do not line up across sessions, as with real players joining at random).
    await Promise.all(
      sessions.map(async (ss, k) => {
        const start = t0 + k * opts.paceMs * (1 + 1 / sessions.length);
        for (let i = 0; i < ss.segmentUrls.length; i++) {
          const wait = start + i * opts.paceMs - performance.now();
          if (wait > 0) await sleep(wait);
          await one(ss, i);
        }
      }),
    );
  }
  const walkEnd = performance.now();
  const load1m = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const sids = sessions.map((x) => x.sid);
  const expected = opts.cal.beaconsPerSession * sessions.length;
  let arrived = 0;
  let received = 0;
  let drainMs: number | undefined;
  for (;;) {
    const a = await arrivals(h, s, sids);
    arrived = [...a.events.values()].reduce((n, e) => n + e.length, 0);
    received = a.received;
    if (arrived >= expected) {
      drainMs = performance.now() - walkEnd;
      break;
    }
    if (performance.now() - walkEnd > opts.drainTimeoutMs) break;
    await sleep(s.speed === 'slow' ? 250 : 50);
  }
  if (h.sinkTrace && s.endpoint === 'in-process') {
    for (const sid of sids) {
      const r = await h.http.get(`${h.workerBase}/demo/beacons?sid=${sid}&limit=10000`);
      // SAFETY(type): the demo sink answers {hits: BeaconHit[]} (src/routes/demo.ts).
      for (const x of (JSON.parse(r.body) as { hits: { event: string; atMs: number }[] }).hits) h.sinkTrace.push({ sid, event: x.event, atMs: x.atMs });
    }
  }
  return {
    pattern: opts.pattern,
    scenario: s.id,
    round,
    sessions: sessions.length,
    requests: beaconMs.length + quietMs.length,
    beaconMs,
    quietMs,
    walkMs: walkEnd - t0,
    beaconsExpected: expected,
    beaconsArrived: arrived,
    beaconsReceived: received,
    drainMs,
    load1m,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
