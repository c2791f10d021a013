/**
 * @module bench/load/control
 * The load harness's control: what `wrangler dev` itself keeps per Durable Object. A Worker of a
 * dozen lines (one SQLite-backed Durable Object class that stores one small value, as a session's
 * record) runs under the same `wrangler dev`, and `count` new objects are created through it, the
 * way the harness's sessions create theirs; the Worker runtime's RSS before and after says how
 * much memory the runtime keeps per object it has ever run, with none of our code involved.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findIsolateInspector, sampleHeap } from './heap.ts';
import { sampleMalloc } from './malloc.ts';
import { sampleRss, workerRuntimePid } from './memory.ts';
import type { LoadClient } from './player.ts';
import { startDevServer } from '../segment/wrangler.ts';

const WRANGLER_TOML = `name = "load-control"
main = "index.js"
compatibility_date = "2026-04-26"
[[durable_objects.bindings]]
name = "OBJECTS"
class_name = "Session"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["Session"]
`;

const WORKER = `import { DurableObject } from 'cloudflare:workers';
export class Session extends DurableObject {
  touch() { this.ctx.storage.kv.put('record', { createdAtMs: Date.now(), note: 'x'.repeat(512) }); return true; }
}
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/new') return new Response('ok');
    await env.OBJECTS.getByName(crypto.randomUUID()).touch();
    return new Response('created');
  },
};
`;

export interface ControlResult {
  readonly objects: number;
  readonly beforeMiB: number;
  readonly afterMiB: number;
  /** After the objects have been idle long enough to be evicted. */
  readonly idleMiB: number;
  readonly kibPerObject: number;
  /** JS heap of the control's isolate after a full collection, before and after the idle period. */
  readonly heapBeforeMiB?: number;
  readonly heapIdleMiB?: number;
  readonly openDatabasesIdle: number;
  /** Native memory in use (tcmalloc) before and after the idle period. */
  readonly mallocBeforeMiB?: number;
  readonly mallocIdleMiB?: number;
}

/** Creates `count` objects, `concurrency` at a time, and measures the Worker runtime's RSS. */
export async function runControl(root: string, client: LoadClient, count: number, concurrency: number, idleSec: number): Promise<ControlResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edge-ssai-load-control-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'wrangler.toml'), WRANGLER_TOML);
  writeFileSync(path.join(dir, 'index.js'), WORKER);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const dev = await startDevServer({ root: dir, files: ['wrangler.toml', 'index.js'], config: 'wrangler.toml', readyPath: '/', vars: {} });
  try {
    // Warm up the runtime with requests that create nothing, then measure.
    for (let i = 0; i < 200; i++) await client.get(`${dev.baseUrl}/`, false);
    const before = sampleRss(dev.pgid, 'control before');
    const pid = workerRuntimePid(dev.pgid);
    const inspector = pid === undefined ? undefined : await findIsolateInspector(pid);
    const mallocBefore = pid === undefined ? undefined : sampleMalloc(pid);
    const heapBefore = inspector ? await sampleHeap(inspector) : undefined;
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < count) await client.get(`${dev.baseUrl}/new`, false);
    }));
    const after = sampleRss(dev.pgid, 'control after');
    await new Promise((r) => setTimeout(r, idleSec * 1000));
    const idle = sampleRss(dev.pgid, 'control idle');
    const mallocIdle = pid === undefined ? undefined : sampleMalloc(pid);
    const heapIdle = inspector ? await sampleHeap(inspector) : undefined;
    return {
      objects: count, beforeMiB: before.workerMiB, afterMiB: after.workerMiB, idleMiB: idle.workerMiB, kibPerObject: Math.round(((idle.workerMiB - before.workerMiB) * 1024) / count),
      ...(mallocBefore ? { mallocBeforeMiB: mallocBefore.inUseMiB } : {}), ...(mallocIdle ? { mallocIdleMiB: mallocIdle.inUseMiB } : {}),
      ...(heapBefore ? { heapBeforeMiB: heapBefore.usedMiB } : {}), ...(heapIdle ? { heapIdleMiB: heapIdle.usedMiB } : {}), openDatabasesIdle: idle.openDatabases,
    };
  } finally {
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
