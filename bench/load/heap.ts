/**
 * @module bench/load/heap
 * The JavaScript heap of the Worker's isolate under `wrangler dev`, through the Worker runtime's
 * own inspector (workerd `--inspector-addr`, the Chrome DevTools Protocol; wrangler's proxy of it
 * on `--inspector-port` wants a browser's Origin and stalls under load): a heap snapshot, for the
 * full garbage collection V8 runs before taking one (workerd does not answer
 * `HeapProfiler.collectGarbage`; the snapshot's chunks are dropped), then `Runtime.getHeapUsage`. The live heap after a collection is
 * what our code keeps: if it comes back to where it was once the sessions have gone, the code
 * holds nothing per session, and whatever the process's RSS keeps is the runtime's (allocator
 * pages, SQLite caches), not a leak of ours. The Worker and all its Durable Objects run in this one
 * isolate (`core:user:{name}`). Uses Node's WebSocket (bench/run.mjs enables it on Node 20).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface HeapSample {
  /** Live JS heap after a full collection, MiB. */
  readonly usedMiB: number;
  /** Heap the isolate has reserved, MiB. */
  readonly totalMiB: number;
}

const mib = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

/** TCP ports process `pid` listens on (Linux: its socket inodes in /proc/net/tcp). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // closed while we read
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let rows: string[];
    try {
      rows = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const row of rows) {
      const f = row.trim().split(/\s+/);
      // local_address rem_address st … inode (10th column); 0A = LISTEN.
      if (f[3] === '0A' && f[9] !== undefined && inodes.has(f[9])) ports.push(parseInt(f[1]?.split(':')[1] ?? '0', 16));
    }
  }
  return ports;
}

/** The DevTools WebSocket URL of the user Worker's isolate in the runtime process `pid`, if found. */
export async function findIsolateInspector(pid: number): Promise<string | undefined> {
  for (const port of listeningPorts(pid)) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(2_000) });
      if (!r.ok) continue;
      const list = (await r.json()) as { id?: string; webSocketDebuggerUrl?: string }[];
      const user = Array.isArray(list) ? list.find((t) => t.id?.startsWith('core:user:')) : undefined;
      if (user?.webSocketDebuggerUrl) return user.webSocketDebuggerUrl;
    } catch {
      // not the inspector
    }
  }
  return undefined;
}

/** One sample, or undefined when the inspector does not answer within `timeoutMs`. */
export async function sampleHeap(inspectorUrl: string, timeoutMs = 30_000): Promise<HeapSample | undefined> {
  if (typeof WebSocket === 'undefined') return undefined;
  const socket = new WebSocket(inspectorUrl);
  const pending = new Map<number, (result: unknown) => void>();
  let id = 0;
  const call = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      socket.send(JSON.stringify({ id: n, method, ...(params ? { params } : {}) }));
    });
  socket.addEventListener('message', (e: MessageEvent) => {
    const text = String(e.data);
    if (!text.startsWith('{"id"')) return; // the snapshot's chunks and other notifications
    const m = JSON.parse(text) as { id?: number; result?: unknown; error?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result ?? m.error);
  });
  const sample = new Promise<HeapSample | undefined>((resolve) => {
    socket.addEventListener('error', () => resolve(undefined));
    socket.addEventListener('open', () => {
      void (async () => {
        // The inspector answers in order: the usage is read after the snapshot's collection.
        void call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
        const usage = ((await call('Runtime.getHeapUsage')) ?? {}) as { usedSize?: number; totalSize?: number };
        resolve(typeof usage.usedSize === 'number' ? { usedMiB: mib(usage.usedSize), totalMiB: mib(usage.totalSize ?? 0) } : undefined);
      })();
    });
  });
  try {
    return await Promise.race([sample, new Promise<undefined>((r) => setTimeout(() => r(undefined), timeoutMs))]);
  } finally {
    socket.close();
  }
}
