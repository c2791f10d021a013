/**
 * @module packager/api-client
 * The packager's side of the Worker's packager API (src/routes/packager.ts): bearer token,
 * JSON in and out, a timeout per call, and a few quick retries on network errors and 5xx for the
 * calls that can safely be repeated. A 409 means the lease is gone (another packager holds the
 * entry, or it expired): the job must stop.
 */
import { readFile } from 'node:fs/promises';
import type { PackagingJob } from '../src/core/creatives/packaging-queue.ts';
import { err, ok, type Result } from '../src/core/result.ts';

export type Job = PackagingJob;

export interface ApiProblem {
  readonly status?: number;
  readonly message: string;
  /** 409: the lease is no longer ours. */
  readonly leaseLost: boolean;
}

export type ApiResult<T> = Result<T, ApiProblem>;

export interface FailureReport {
  readonly error: string;
  readonly park: boolean;
  readonly retryInSec: number;
}

/** What the loop and the jobs need from the service; tests give a fake. */
export interface PackagerApi {
  claim(owner: string, leaseSec: number, maxAttempts: number): Promise<ApiResult<{ job: Job | null; parked: string[] }>>;
  heartbeat(job: Job, leaseSec: number): Promise<ApiResult<number>>;
  upload(job: Job, relPath: string, file: string): Promise<ApiResult<number>>;
  complete(job: Job, manifest: Record<string, unknown>): Promise<ApiResult<unknown>>;
  fail(job: Job, report: FailureReport): Promise<ApiResult<{ state: string; attempts: number }>>;
  release(job: Job): Promise<ApiResult<unknown>>;
}

const CALL_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 120_000;
const RETRIES = [500, 1_500, 4_000];

export function httpPackagerApi(serviceUrl: string, token: string): PackagerApi {
  const call = async <T>(method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string>, timeoutMs: number, retry: boolean): Promise<ApiResult<T>> => {
    for (let attempt = 0; ; attempt++) {
      const r = await once<T>(method, path, body, headers, timeoutMs);
      const transient = !r.ok && (r.error.status === undefined || r.error.status >= 500);
      if (!transient || !retry || attempt >= RETRIES.length) return r;
      await new Promise((res) => setTimeout(res, RETRIES[attempt]));
    }
  };
  const once = async <T>(method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string>, timeoutMs: number): Promise<ApiResult<T>> => {
    let res: Response;
    try {
      res = await fetch(`${serviceUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      return err({ message: `${method} ${path}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`, leaseLost: false });
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      return err({ status: res.status, message: `${method} ${path.split('?')[0]}: HTTP ${res.status}: ${message}`, leaseLost: res.status === 409 });
    }
    try {
      return ok((text === '' ? null : JSON.parse(text)) as T);
    } catch {
      return err({ status: res.status, message: `${method} ${path}: the answer is not JSON`, leaseLost: false });
    }
  };
  const json = (o: unknown): [string, Record<string, string>] => [JSON.stringify(o), { 'content-type': 'application/json' }];
  const ref = (job: Job): { key: string; leaseId: string } => ({ key: job.key, leaseId: job.leaseId });

  return {
    claim: (owner, leaseSec, maxAttempts) => call('POST', '/packager/claim', ...json({ owner, leaseSec, maxAttempts }), CALL_TIMEOUT_MS, false),
    heartbeat: async (job, leaseSec) => {
      const r = await call<{ leaseExpiresAtMs: number }>('POST', '/packager/heartbeat', ...json({ ...ref(job), leaseSec }), CALL_TIMEOUT_MS, true);
      return r.ok ? ok(r.value.leaseExpiresAtMs) : r;
    },
    upload: async (job, relPath, file) => {
      const bytes = await readFile(file);
      const path = `/packager/upload/${relPath}?key=${encodeURIComponent(job.key)}&lease=${job.leaseId}`;
      const r = await call<null>('PUT', path, bytes, { 'content-length': String(bytes.byteLength) }, UPLOAD_TIMEOUT_MS, true);
      return r.ok ? ok(bytes.byteLength) : r;
    },
    complete: (job, manifest) => call('POST', '/packager/complete', ...json({ ...ref(job), manifest }), CALL_TIMEOUT_MS, true),
    fail: (job, report) => call('POST', '/packager/fail', ...json({ ...ref(job), ...report }), CALL_TIMEOUT_MS, true),
    release: (job) => call('POST', '/packager/release', ...json(ref(job)), CALL_TIMEOUT_MS, true),
  };
}
