/**
 * The packager loop (packager/loop) with stand-in jobs: concurrency, heartbeats and lost
 * leases, retries then parking, shutdown giving jobs back, and surviving anything a job or the
 * service throws at it.
 */
import { describe, expect, it } from 'vitest';
import type { PackagerApi } from '../../../packager/api-client.ts';
import type { PackagerConfig } from '../../../packager/config.ts';
import type { JobOutcome, JobSummary } from '../../../packager/job.ts';
import { PackagerLoop, type JobRunner } from '../../../packager/loop.ts';
import { MemoryQueue } from '../../helpers/packager-memory-api.ts';

const config = (over: Partial<PackagerConfig> = {}): PackagerConfig => ({
  serviceUrl: 'http://svc', token: 't', concurrency: 1, workDir: '/tmp', owner: 'p1', ffmpeg: 'ffmpeg', ffprobe: 'ffprobe',
  maxDownloadBytes: 1e9, downloadTimeoutSec: 60, maxSourceDurationSec: 300, transcodeTimeoutSec: 600, allowPrivateHosts: true,
  maxAttempts: 3, backoffSec: 0, leaseSec: 10, pollSec: 0.02, preset: 'fast', threads: 0, loudnessLufs: -24, once: true, ...over,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const summary = (key: string): JobSummary => ({ key, sourceUrl: 'u', durationSec: 1, videoRenditions: 1, audioRenditions: 0, container: 'ts', segments: 1, segmentSec: 2, files: 1, bytes: 1, sourceBytes: 1, timingsMs: {}, totalMs: 1, notes: [] });

/** Runs the loop until `done()` holds (or 5 s pass), then stops it. */
async function runUntil(loop: PackagerLoop, done: () => boolean): Promise<void> {
  const running = loop.run();
  const deadline = Date.now() + 5_000;
  while (!done() && Date.now() < deadline) await sleep(10);
  await loop.stop();
  await running;
}

function queueOf(n: number): MemoryQueue {
  const q = new MemoryQueue();
  for (let i = 0; i < n; i++) q.enqueue(`url/${String(i).padStart(40, '0')}`, `https://ads.example/${i}.mp4`);
  return q;
}

describe('packager loop', () => {
  it('runs at most `concurrency` jobs at once and publishes each entry once', async () => {
    const q = queueOf(5);
    let running = 0;
    let peak = 0;
    const runner: JobRunner = async (job, _ctx) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(20);
      running--;
      q.entries.delete(job.key);
      return { kind: 'published', summary: summary(job.key) };
    };
    const lines: string[] = [];
    const loop = new PackagerLoop(q.api('p1'), config({ concurrency: 2 }), runner, (l) => lines.push(l));
    await loop.run();
    expect(peak).toBe(2);
    expect(loop.stats.published).toBe(5);
    expect(new Set(q.claims.map((c) => c.key)).size).toBe(5);
    expect(lines.filter((l) => l.startsWith('done '))).toHaveLength(5);
  });

  it('retries a failing job with backoff and parks it after the last attempt, with its error', async () => {
    const q = queueOf(1);
    const runner: JobRunner = async () => ({ kind: 'failed', stage: 'transcode', message: 'transcode: ffmpeg exited with code 1: moov atom not found', permanent: false });
    const lines: string[] = [];
    const loop = new PackagerLoop(q.api('p1'), config({ maxAttempts: 2, backoffSec: 0.05, once: false }), runner, (l) => lines.push(l));
    await runUntil(loop, () => [...q.entries.values()][0]?.state === 'parked');
    const entry = [...q.entries.values()][0];
    expect(entry).toMatchObject({ state: 'parked', attempts: 2, lastError: 'transcode: ffmpeg exited with code 1: moov atom not found (attempt 2 of 2)' });
    expect(lines.filter((l) => l.startsWith('failed '))).toEqual([
      'failed url/00000000… attempt 1 of 2, retry in 0.05 s: transcode: ffmpeg exited with code 1: moov atom not found',
      'failed url/00000000… attempt 2 of 2, parked: transcode: ffmpeg exited with code 1: moov atom not found',
    ]);
  });

  it('parks permanent failures at once and keeps going with the next entry; a job that throws is a failure, not a crash', async () => {
    const q = queueOf(3);
    let n = 0;
    const runner: JobRunner = async (job, _ctx) => {
      n++;
      if (job.key.endsWith('0')) return { kind: 'failed', stage: 'download', message: 'download: host 10.0.0.1 is private', permanent: true };
      if (job.key.endsWith('1')) throw new Error('boom');
      q.entries.delete(job.key);
      return { kind: 'published', summary: summary(job.key) };
    };
    const loop = new PackagerLoop(q.api('p1'), config({ maxAttempts: 1 }), runner, () => undefined);
    await loop.run();
    expect(n).toBe(3);
    expect(loop.stats).toMatchObject({ published: 1, failed: 2, parked: 2 });
    expect([...q.entries.values()].map((e) => [e.state, e.lastError])).toEqual([
      ['parked', 'download: host 10.0.0.1 is private'],
      ['parked', 'internal error: boom (attempt 1 of 1)'],
    ]);
  });

  it('stops a job whose lease was taken over, and leaves the entry to its new holder', async () => {
    const q = queueOf(1);
    const key = [...q.entries.keys()][0] as string;
    let aborted = false;
    const runner: JobRunner = async (_job, ctx) => {
      // Another packager takes the entry over (as after an expiry): the next heartbeat hears 409.
      const e = q.entries.get(key);
      if (e?.lease) q.entries.set(key, { ...e, lease: { ...e.lease, id: 'ffffffffffffffff' } });
      await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r()));
      aborted = true;
      return { kind: 'lease-lost', message: 'the lease was lost' };
    };
    const lines: string[] = [];
    const loop = new PackagerLoop(q.api('p1'), config({ leaseSec: 0.06 }), runner, (l) => lines.push(l));
    await loop.run();
    expect(aborted).toBe(true);
    expect(loop.stats.leaseLost).toBe(1);
    expect(q.entries.get(key)?.lease?.id).toBe('ffffffffffffffff');
    expect(lines.some((l) => l.includes('lease lost'))).toBe(true);
  });

  it('on stop, aborts running jobs and gives them back without using an attempt', async () => {
    const q = queueOf(1);
    const runner: JobRunner = async (_job, ctx): Promise<JobOutcome> => {
      await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r()));
      return ctx.abortReason() === 'stopping' ? { kind: 'stopped' } : { kind: 'lease-lost', message: '' };
    };
    const loop = new PackagerLoop(q.api('p1'), config({ once: false }), runner, () => undefined);
    const running = loop.run();
    await sleep(50);
    await loop.stop();
    await running;
    expect(loop.stats.released).toBe(1);
    expect([...q.entries.values()][0]).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('keeps polling through service errors instead of exiting', async () => {
    const q = queueOf(1);
    const real = q.api('p1');
    let calls = 0;
    const flaky: PackagerApi = { ...real, claim: async (...a) => (++calls <= 3 ? { ok: false, error: { message: 'ECONNREFUSED', leaseLost: false } } : real.claim(...a)) };
    const lines: string[] = [];
    const runner: JobRunner = async (job, _ctx) => {
      q.entries.delete(job.key);
      return { kind: 'published', summary: summary(job.key) };
    };
    const loop = new PackagerLoop(flaky, config({ pollSec: 0.01 }), runner, (l) => lines.push(l));
    await loop.run();
    expect(loop.stats.published).toBe(1);
    expect(lines.filter((l) => l.includes('cannot reach'))).toHaveLength(1);
    expect(lines).toContain('packager API reachable again');
  });
});
