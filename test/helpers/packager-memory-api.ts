/**
 * An in-memory packaging queue and creative store behind the PackagerApi interface, built on the
 * same transitions as the Worker's (core/creatives/packaging-queue, packaged-manifest), so the
 * packager's loop and jobs can be tested in Node without wrangler. The Worker's routes are
 * tested on their own (test/integration/packager-api.test.ts) and with the real packager in
 * test/e2e/packager.e2e.ts.
 */
import { readFile } from 'node:fs/promises';
import type { ApiResult, Job, PackagerApi } from '../../packager/api-client.ts';
import type { PackagingLadder } from '../../src/core/creatives/packaging-ladder.ts';
import { checkPackagedManifest } from '../../src/core/creatives/packaged-manifest.ts';
import { checkLease, claimEntry, failEntry, jobDirFor, newQueueEntry, releaseEntry, renewLease, type QueueEntry } from '../../src/core/creatives/packaging-queue.ts';
import { err, ok, type Result } from '../../src/core/result.ts';

export class MemoryQueue {
  readonly entries = new Map<string, QueueEntry>();
  /** `creatives/{key}/…` → bytes. */
  readonly files = new Map<string, Uint8Array>();
  readonly published = new Map<string, Record<string, unknown>>();
  readonly claims: { owner: string; key: string; leaseId: string }[] = [];
  #lease = 0;

  enqueue(key: string, sourceUrl: string, ladder?: PackagingLadder): void {
    this.entries.set(key, newQueueEntry(key, sourceUrl, ladder, Date.now()));
  }

  /** One packager's view: its owner name goes into the leases it takes. */
  api(owner: string): PackagerApi {
    const lost = (message: string): ApiResult<never> => err({ status: 409, message, leaseLost: true });
    const change = (key: string, f: (e: QueueEntry) => Result<QueueEntry, { message: string }>): ApiResult<QueueEntry> => {
      const e = this.entries.get(key);
      if (!e) return err({ status: 404, message: 'no queue entry', leaseLost: false });
      const r = f(e);
      if (!r.ok) return lost(r.error.message);
      this.entries.set(key, r.value);
      return ok(r.value);
    };
    return {
      claim: async (_o, leaseSec, maxAttempts) => {
        const parked: string[] = [];
        const due = [...this.entries.values()].sort((a, b) => a.nextAttemptAtMs - b.nextAttemptAtMs);
        for (const e of due) {
          const leaseId = (++this.#lease).toString(16).padStart(16, '0');
          const r = claimEntry(e, { leaseId, owner, leaseMs: leaseSec * 1000, maxAttempts }, Date.now());
          if (r.kind === 'not-claimable') continue;
          this.entries.set(e.key, r.entry);
          if (r.kind === 'parked') {
            parked.push(e.key);
            continue;
          }
          this.claims.push({ owner, key: e.key, leaseId });
          const job: Job = { key: e.key, sourceUrl: e.sourceUrl, ...(e.ladder ? { ladder: e.ladder } : {}), leaseId, leaseExpiresAtMs: r.entry.lease?.expiresAtMs ?? 0, attempt: r.entry.attempts, jobDir: jobDirFor(leaseId) };
          return ok({ job, parked });
        }
        return ok({ job: null, parked });
      },
      heartbeat: async (job, leaseSec) => {
        const r = change(job.key, (e) => renewLease(e, job.leaseId, leaseSec * 1000, Date.now()));
        return r.ok ? ok(r.value.lease?.expiresAtMs ?? 0) : r;
      },
      upload: async (job, relPath, file) => {
        const e = this.entries.get(job.key);
        if (!e) return err({ status: 404, message: 'no queue entry', leaseLost: false });
        const held = checkLease(e, job.leaseId, Date.now());
        if (!held.ok) return lost(held.error.message);
        const bytes = new Uint8Array(await readFile(file));
        this.files.set(`creatives/${job.key}/${job.jobDir}/${relPath}`, bytes);
        return ok(bytes.byteLength);
      },
      complete: async (job, manifest) => {
        const e = this.entries.get(job.key);
        if (!e) return err({ status: 404, message: 'no queue entry', leaseLost: false });
        const held = checkLease(e, job.leaseId, Date.now());
        if (!held.ok) return lost(held.error.message);
        const checked = checkPackagedManifest(JSON.stringify(manifest), job.key, job.jobDir);
        if (!checked.ok) return err({ status: 400, message: checked.error, leaseLost: false });
        const missing = checked.value.mustExist.filter((p) => !this.files.has(`creatives/${job.key}/${p}`));
        if (missing.length > 0) return err({ status: 400, message: `not uploaded: ${missing.join(', ')}`, leaseLost: false });
        this.published.set(job.key, manifest);
        this.entries.delete(job.key);
        return ok(null);
      },
      fail: async (job, report) => {
        const r = change(job.key, (e) => failEntry(e, job.leaseId, { error: report.error, park: report.park, retryInMs: report.retryInSec * 1000 }, Date.now()));
        return r.ok ? ok({ state: r.value.state, attempts: r.value.attempts }) : r;
      },
      release: async (job) => change(job.key, (e) => releaseEntry(e, job.leaseId, Date.now())),
    };
  }

  /** A published file's bytes (`relPath` relative to the creative's folder). */
  file(key: string, relPath: string): Uint8Array | undefined {
    return this.files.get(`creatives/${key}/${relPath}`);
  }
}
