/**
 * @module bench/segment/beacon-server
 * A real loopback beacon endpoint for the `/v1/segment` latency benchmark, in its own Node
 * process (forked from the benchmark bundle) so that answering beacons never stalls the event
 * loop that times the segment requests.
 *
 *   GET  /b/fast?sid=…&event=…   answers 204 after ~1 ms
 *   GET  /b/slow?sid=…&event=…   answers 204 after 2 s
 *   GET  /vast?mode=fast|slow&duration=…&session=…&avail=…
 *        the demo ad server's VAST (fetched from the Worker under test) with every beacon URL
 *        pointed at /b/{mode} here: an external ADS whose beacons go over real TCP, without any
 *        change to the demo ad server
 *   POST /stats {"sids": […]}    per session: requests received, distinct beacons in arrival order
 *   GET  /trace                  every beacon received, with its wall-clock arrival time
 *
 * The parent starts it with `startBeaconServer(workerBaseUrl)`; the child exits when the parent
 * goes away (IPC disconnect).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export const BEACON_CHILD_FLAG = '--segment-beacon-server';
export const SLOW_MS = 2_000;
export const FAST_MS = 1;

export type BeaconMode = 'fast' | 'slow';

export interface SessionBeaconStats {
  /** Requests received, retries included. */
  readonly received: number;
  /** Distinct beacons (ad, event) received, in arrival order: what a retry cannot inflate. */
  readonly events: readonly string[];
}

export interface BeaconServerStats {
  readonly sessions: Record<string, SessionBeaconStats>;
  readonly totals: Record<BeaconMode, { received: number; answered: number }>;
  /** Most slow beacons waiting for their answer at once (workerd's outbound concurrency). */
  readonly maxInFlight: number;
}

export interface BeaconServer {
  readonly baseUrl: string;
  stats(sids: readonly string[]): Promise<BeaconServerStats>;
  /** Every beacon received (sid, event, mode, wall-clock ms), for `--trace`. */
  trace(): Promise<unknown[]>;
  stop(): Promise<void>;
}

// ─── child side ─────────────────────────────────────────────────────────────────────────────────

/** Runs in the forked child: serves until the parent disconnects. */
export function runBeaconServerChild(workerBaseUrl: string): void {
  const perSid = new Map<string, { received: number; keys: Set<string>; events: string[] }>();
  const totals: Record<BeaconMode, { received: number; answered: number }> = { fast: { received: 0, answered: 0 }, slow: { received: 0, answered: 0 } };
  let inFlight = 0;
  let maxInFlight = 0;
  let selfBase = '';
  const trace: { sid: string; event: string; mode: BeaconMode; receivedMs: number }[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const beacon = /^\/b\/(fast|slow)$/.exec(url.pathname);
    if (req.method === 'GET' && beacon) {
      const mode = beacon[1] as BeaconMode;
      const sid = url.searchParams.get('sid') ?? '';
      const event = url.searchParams.get('event') ?? '?';
      const s = perSid.get(sid) ?? { received: 0, keys: new Set<string>(), events: [] };
      perSid.set(sid, s);
      s.received++;
      const key = `${url.searchParams.get('ad') ?? ''}|${event}`;
      if (!s.keys.has(key)) {
        s.keys.add(key);
        s.events.push(event);
      }
      totals[mode].received++;
      if (trace.length < 500_000) trace.push({ sid, event: url.searchParams.get('event') ?? '?', mode, receivedMs: Date.now() });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(
        () => {
          inFlight--;
          totals[mode].answered++;
          res.writeHead(204, { 'cache-control': 'no-store' }).end();
        },
        mode === 'slow' ? SLOW_MS : FAST_MS,
      );
      return;
    }
    if (req.method === 'GET' && url.pathname === '/vast') {
      const mode: BeaconMode = url.searchParams.get('mode') === 'slow' ? 'slow' : 'fast';
      const q = new URLSearchParams();
      for (const k of ['duration', 'session', 'avail']) q.set(k, url.searchParams.get(k) ?? '');
      fetch(`${workerBaseUrl}/demo/ads/vast?${q}`, { headers: { 'user-agent': req.headers['user-agent'] ?? '' } })
        .then(async (r) => {
          const xml = (await r.text()).replaceAll(`${workerBaseUrl}/demo/beacons/hit?`, `${selfBase}/b/${mode}?`);
          res.writeHead(r.status, { 'content-type': 'application/xml; charset=utf-8' }).end(xml);
        })
        .catch((e: unknown) => res.writeHead(502).end(String(e)));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/stats') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const sids = (JSON.parse(body || '{}') as { sids?: string[] }).sids ?? [];
        const sessions: Record<string, SessionBeaconStats> = {};
        for (const sid of sids) {
          const st = perSid.get(sid);
          sessions[sid] = { received: st?.received ?? 0, events: st?.events ?? [] };
        }
        const out: BeaconServerStats = { sessions, totals, maxInFlight };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/trace') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(trace));
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    selfBase = `http://127.0.0.1:${port}`;
    process.send?.({ port });
  });
  process.on('disconnect', () => process.exit(0));
}

// ─── parent side ────────────────────────────────────────────────────────────────────────────────

/** Forks this bundle as the beacon server child and waits for its port. */
export async function startBeaconServer(bundlePath: string, workerBaseUrl: string): Promise<BeaconServer> {
  const child: ChildProcess = fork(bundlePath, [BEACON_CHILD_FLAG, workerBaseUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', kill);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: unknown) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`beacon server exited (${code})`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    async stats(sids) {
      const res = await fetch(`${baseUrl}/stats`, { method: 'POST', body: JSON.stringify({ sids }) });
      // SAFETY(type): the child answers BeaconServerStats JSON (above).
      return (await res.json()) as BeaconServerStats;
    },
    async trace() {
      const res = await fetch(`${baseUrl}/trace`);
      return (await res.json()) as unknown[];
    },
    async stop() {
      const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      child.disconnect();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
      kill();
    },
  };
}
