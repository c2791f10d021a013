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
import { sampleRss } from './memory.ts';
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
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < count) await client.get(`${dev.baseUrl}/new`, false);
    }));
    const after = sampleRss(dev.pgid, 'control after');
    await new Promise((r) => setTimeout(r, idleSec * 1000));
    const idle = sampleRss(dev.pgid, 'control idle');
    return { objects: count, beforeMiB: before.workerMiB, afterMiB: after.workerMiB, idleMiB: idle.workerMiB, kibPerObject: Math.round(((idle.workerMiB - before.workerMiB) * 1024) / count) };
  } finally {
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
