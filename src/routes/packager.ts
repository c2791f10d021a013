/**
 * @module routes/packager
 * The packager API (docs/packaging-creatives.md "Packager API"): how packager services reach
 * the creative store and its queue through the Worker, behind the control plane's bearer token.
 * The same routes serve `wrangler dev` and a deployment, so a packager works identically
 * against both. Every lease change is a compare-and-swap on the queue entry
 * (platform/packaging-queue).
 *
 *   POST   /packager/claim                    {owner, leaseSec, maxAttempts} → {job | null, parked}
 *   POST   /packager/heartbeat                {key, leaseId, leaseSec} → {leaseExpiresAtMs}
 *   PUT    /packager/upload/{path}?key&lease  one file of the job, path relative to its folder (Content-Length required)
 *   POST   /packager/complete                 {key, leaseId, manifest} → publishes creative.json
 *   POST   /packager/fail                     {key, leaseId, error, park, retryInSec}
 *   POST   /packager/release                  {key, leaseId}: give the job back unused
 *   GET    /packager/queue?state&limit&cursor the queue, with each entry's state
 *   GET    /packager/queue/entry?key          one entry
 *   POST   /packager/queue/retry              {key}: queue a parked entry again
 *   DELETE /packager/queue/entry?key          drop an entry
 */
import { Hono, type Context } from 'hono';
import { failEntry, releaseEntry, renewLease, requeueEntry, type LeaseProblem } from '../core/creatives/packaging-queue.ts';
import { MAX_MANIFEST_BYTES } from '../core/creatives/packaged-manifest.ts';
import type { Result } from '../core/result.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { changeQueueEntry, claimNext, completeJob, deleteQueueEntry, listQueue, readQueueEntry, uploadJobFile, type QueueFailure } from '../platform/packaging-queue.ts';
import { readTextCapped } from '../platform/read-capped.ts';
import { requireAdminToken } from './admin-auth.ts';

/** A segment of a 1080p rung is a few MB; this leaves room for long segments at high bitrates. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const MAX_JSON_BODY_BYTES = MAX_MANIFEST_BYTES + 16 * 1024;
const KEY = /^(url\/[0-9a-f]{40}|id\/[A-Za-z0-9._%-]{1,400})$/;
const LEASE = /^[0-9a-f]{16}$/;
const FILE_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  aac: 'audio/aac',
  mpd: 'application/dash+xml',
};

export const packagerRoutes = new Hono<AppEnv>();
packagerRoutes.use('/packager/*', requireAdminToken);

packagerRoutes.post('/packager/claim', async (c) => {
  const b = await jsonBody(c);
  const owner = text(b, 'owner', 128) ?? 'packager';
  const leaseSec = bounded(b, 'leaseSec', 10, 3600, 120);
  const maxAttempts = bounded(b, 'maxAttempts', 1, 20, 3);
  const leaseId = [...crypto.getRandomValues(new Uint8Array(8))].map((x) => x.toString(16).padStart(2, '0')).join('');
  const claimed = await claimNext(c.env.CREATIVES, { leaseId, owner, leaseMs: leaseSec * 1000, maxAttempts }, Date.now());
  return c.json({ job: claimed.job ?? null, parked: claimed.parked }, 200, { 'cache-control': 'no-store' });
});

packagerRoutes.post('/packager/heartbeat', async (c) => {
  const b = await jsonBody(c);
  const { key, leaseId } = jobRef(b);
  const leaseMs = bounded(b, 'leaseSec', 10, 3600, 120) * 1000;
  const r = answer(await changeQueueEntry(c.env.CREATIVES, key, (e) => renewLease(e, leaseId, leaseMs, Date.now())));
  return c.json({ leaseExpiresAtMs: r.lease?.expiresAtMs ?? 0 });
});

packagerRoutes.put('/packager/upload/*', async (c) => {
  const path = new URL(c.req.url).pathname.slice('/packager/upload/'.length);
  const segments = path.split('/');
  if (path.length > 240 || segments.length > 4 || !segments.every((s) => FILE_SEGMENT.test(s))) throw new ApiError(400, 'bad file path: up to 4 segments of [A-Za-z0-9._-]');
  const contentType = CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1)];
  if (!contentType) throw new ApiError(415, `file type not accepted; one of .${Object.keys(CONTENT_TYPES).join(', .')}`);
  const { key, leaseId } = jobRef({ key: c.req.query('key'), leaseId: c.req.query('lease') });
  const declared = c.req.header('content-length');
  if (declared === undefined || !/^\d+$/.test(declared)) throw new ApiError(400, 'Content-Length is required');
  const length = Number(declared);
  if (length > MAX_UPLOAD_BYTES) throw new ApiError(413, `file is larger than ${MAX_UPLOAD_BYTES} bytes`);
  const r = await uploadJobFile(c.env.CREATIVES, key, leaseId, path, () => fixedLengthBody(c.req.raw.body, length), contentType, Date.now());
  answer(r);
  return c.body(null, 204);
});

packagerRoutes.post('/packager/complete', async (c) => {
  const b = await jsonBody(c);
  const { key, leaseId } = jobRef(b);
  if (typeof b['manifest'] !== 'object' || b['manifest'] === null) throw new ApiError(400, 'manifest (the creative.json object) is required');
  const r = answer(await completeJob(c.env.CREATIVES, key, leaseId, JSON.stringify(b['manifest'], null, 2), Date.now()));
  return c.json({ key, published: `creatives/${key}/creative.json`, durationSec: r.durationSec, renditions: r.renditions });
});

packagerRoutes.post('/packager/fail', async (c) => {
  const b = await jsonBody(c);
  const { key, leaseId } = jobRef(b);
  const error = text(b, 'error', 4000);
  if (!error) throw new ApiError(400, 'error (the failure, as text) is required');
  const retryInMs = bounded(b, 'retryInSec', 0, 86_400, 60) * 1000;
  const e = answer(await changeQueueEntry(c.env.CREATIVES, key, (x) => failEntry(x, leaseId, { error, park: b['park'] === true, retryInMs }, Date.now())));
  return c.json({ key, state: e.state, attempts: e.attempts, nextAttemptAtMs: e.nextAttemptAtMs });
});

packagerRoutes.post('/packager/release', async (c) => {
  const b = await jsonBody(c);
  const { key, leaseId } = jobRef(b);
  const e = answer(await changeQueueEntry(c.env.CREATIVES, key, (x) => releaseEntry(x, leaseId, Date.now())));
  return c.json({ key, state: e.state, attempts: e.attempts });
});

packagerRoutes.get('/packager/queue', async (c) => {
  const limit = Number(c.req.query('limit') ?? '100');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ApiError(400, 'limit must be an integer from 1 to 1000');
  const state = c.req.query('state');
  if (state !== undefined && !['queued', 'leased', 'parked'].includes(state)) throw new ApiError(400, 'state must be queued, leased or parked');
  const cursor = c.req.query('cursor');
  return c.json(await listQueue(c.env.CREATIVES, { limit, ...(cursor ? { cursor } : {}), ...(state ? { state } : {}) }), 200, { 'cache-control': 'no-store' });
});

packagerRoutes.get('/packager/queue/entry', async (c) => {
  const key = queryKey(c);
  const entry = await readQueueEntry(c.env.CREATIVES, key);
  if (!entry) throw new ApiError(404, 'no queue entry for this key');
  return c.json(entry, 200, { 'cache-control': 'no-store' });
});

packagerRoutes.post('/packager/queue/retry', async (c) => {
  const b = await jsonBody(c);
  const key = text(b, 'key', 500) ?? '';
  if (!KEY.test(key)) throw new ApiError(400, 'key must be a creative store key (url/<sha1> or id/<creative id>)');
  const e = answer(await changeQueueEntry(c.env.CREATIVES, key, (x) => mapErr(requeueEntry(x, Date.now()))));
  return c.json({ key, state: e.state, attempts: e.attempts });
});

packagerRoutes.delete('/packager/queue/entry', async (c) => {
  if (!(await deleteQueueEntry(c.env.CREATIVES, queryKey(c)))) throw new ApiError(404, 'no queue entry for this key');
  return c.body(null, 204);
});

/**
 * The request body as a stream of exactly `length` bytes: R2 needs the length up front, and a
 * body shorter or longer than declared fails the write instead of storing a truncated file.
 * Opened only once the lease is known to hold, so a refused upload is never read.
 */
function fixedLengthBody(body: ReadableStream | null, length: number): ReadableStream {
  const fixed = new FixedLengthStream(length);
  void (body ?? new Blob([]).stream()).pipeTo(fixed.writable).catch(() => undefined);
  return fixed.readable;
}

// ─── request helpers ───────────────────────────────────────────────────────────────────────────

async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const raw = await readTextCapped(c.req.raw.body, MAX_JSON_BODY_BYTES, c.req.header('content-length'));
  if (raw === undefined) throw new ApiError(413, `request body is larger than ${MAX_JSON_BODY_BYTES} bytes`);
  let v: unknown;
  try {
    v = JSON.parse(raw === '' ? '{}' : raw);
  } catch {
    throw new ApiError(400, 'request body is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ApiError(400, 'request body must be a JSON object');
  return v as Record<string, unknown>;
}

function jobRef(b: Record<string, unknown>): { key: string; leaseId: string } {
  const key = typeof b['key'] === 'string' ? b['key'] : '';
  const leaseId = typeof b['leaseId'] === 'string' ? b['leaseId'] : '';
  if (!KEY.test(key)) throw new ApiError(400, 'key must be a creative store key (url/<sha1> or id/<creative id>)');
  if (!LEASE.test(leaseId)) throw new ApiError(400, 'leaseId must be the 16 hex digits a claim returned');
  return { key, leaseId };
}

function queryKey(c: Context<AppEnv>): string {
  const key = c.req.query('key') ?? '';
  if (!KEY.test(key)) throw new ApiError(400, 'key must be a creative store key (url/<sha1> or id/<creative id>)');
  return key;
}

function text(b: Record<string, unknown>, field: string, max: number): string | undefined {
  const v = b[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, `${field} must be a string`);
  return v.slice(0, max);
}

function bounded(b: Record<string, unknown>, field: string, min: number, max: number, fallback: number): number {
  const v = b[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new ApiError(400, `${field} must be a number from ${min} to ${max}`);
  return v;
}

/** The value, or the problem as its HTTP answer: a lease held by someone else or expired is 409. */
function answer<T>(r: Result<T, LeaseProblem | QueueFailure>): T {
  if (r.ok) return r.value;
  if ('status' in r.error) throw new ApiError(r.error.status, r.error.message);
  throw new ApiError(409, `${r.error.kind}: ${r.error.message}`);
}

function mapErr<T>(r: Result<T, string>): Result<T, QueueFailure> {
  return r.ok ? r : { ok: false, error: { status: 409, message: r.error } };
}
