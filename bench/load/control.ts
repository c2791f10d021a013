/**
 * @module bench/load/control
 * The load harness's controls: what `wrangler dev` itself keeps per Durable Object, with none of
 * our code involved. A Worker of a few lines (SQLite-backed Durable Objects) runs under the same
 * `wrangler dev`, and `count` objects are created through it, the way the harness's sessions
 * create theirs: either one request each (the object is created and left), or as many requests
 * as a session made on average, each costing the runtime what a session's request does (an RPC
 * to the object with a storage write, an RPC to a shared object, a subrequest). The Worker
 * runtime's memory before and after an idle period says what the runtime keeps per object.
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
[[durable_objects.bindings]]
name = "LOGS"
class_name = "Log"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["Session", "Log"]
`;

// /new: one object, one small value (a session's record). /hit?id=&i=: what a session's request
// costs the runtime without our code: an RPC to the object (a 2 KB value under one of 8 keys; the
// first sets an alarm that deletes everything 20 s later, as a session's expiry does), an RPC to
// one of 4 shared objects (as the ad-log shards) and a subrequest (as an origin or ad server fetch).
const WORKER = `import { DurableObject } from 'cloudflare:workers';
export class Session extends DurableObject {
  touch() { this.ctx.storage.kv.put('record', { createdAtMs: Date.now(), note: 'x'.repeat(512) }); return true; }
  async hit(i) {
    this.ctx.storage.kv.put('k' + (i % 8), { i, pad: 'x'.repeat(2048) });
    if (i === 0) await this.ctx.storage.setAlarm(Date.now() + 20000);
    return i;
  }
  alarm() { this.ctx.storage.deleteAll(); }
}
export class Log extends DurableObject {
  append(line) { this.ctx.storage.kv.put('n', (this.ctx.storage.kv.get('n') ?? 0) + 1); return line.length; }
}
export default {
  async fetch(request, env) {
    const u = new URL(request.url);
    if (u.pathname === '/new') {
      await env.OBJECTS.getByName(crypto.randomUUID()).touch();
      return new Response('created');
    }
    if (u.pathname !== '/hit') return new Response('ok');
    const i = Number(u.searchParams.get('i'));
    await env.OBJECTS.getByName(u.searchParams.get('id')).hit(i);
    await env.LOGS.getByName('log-' + (i % 4)).append('y'.repeat(1000));
    await (await fetch(u.origin + '/')).text();
    return new Response('x'.repeat(4000));
  },
};
`;

export interface ControlResult {
  readonly objects: number;
  /** Requests per object: 1 (the object is created and left), or a session's mean. */
  readonly requestsPerObject: number;
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

/**
 * Creates `count` objects, `concurrency` at a time, each with `requestsPerObject` requests (1: one
 * `/new`; more: that many `/hit`s), and measures the Worker runtime before and after an idle period.
 */
export async function runControl(root: string, client: LoadClient, count: number, concurrency: number, idleSec: number, requestsPerObject = 1): Promise<ControlResult> {
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
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const id = `object-${next++}`;
          if (requestsPerObject <= 1) await client.get(`${dev.baseUrl}/new`, false);
          else for (let i = 0; i < requestsPerObject; i++) await client.get(`${dev.baseUrl}/hit?id=${id}&i=${i}`, false);
        }
      }),
    );
    const after = sampleRss(dev.pgid, 'control after');
    await new Promise((r) => setTimeout(r, idleSec * 1000));
    const idle = sampleRss(dev.pgid, 'control idle');
    const mallocIdle = pid === undefined ? undefined : sampleMalloc(pid);
    const heapIdle = inspector ? await sampleHeap(inspector) : undefined;
    return {
      objects: count,
      requestsPerObject,
      beforeMiB: before.workerMiB,
      afterMiB: after.workerMiB,
      idleMiB: idle.workerMiB,
      kibPerObject: Math.round(((idle.workerMiB - before.workerMiB) * 1024) / count),
      ...(mallocBefore ? { mallocBeforeMiB: mallocBefore.inUseMiB } : {}),
      ...(mallocIdle ? { mallocIdleMiB: mallocIdle.inUseMiB } : {}),
      ...(heapBefore ? { heapBeforeMiB: heapBefore.usedMiB } : {}),
      ...(heapIdle ? { heapIdleMiB: heapIdle.usedMiB } : {}),
      openDatabasesIdle: idle.openDatabases,
    };
  } finally {
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
