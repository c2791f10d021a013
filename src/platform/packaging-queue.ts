/**
 * @module platform/packaging-queue
 * The packaging queue in the CREATIVES bucket (docs/packaging-creatives.md "Queue and leases"):
 * one object `queue/{key}.json` per creative waiting for the packager, its state mirrored into
 * the object's custom metadata so a HEAD (sightings, uploads) or a LIST (claims) reads it without
 * a GET. Every change is a compare-and-swap: a PUT conditional on the ETag the change was
 * computed from (R2 `onlyIf`), retried on a lost race, so two packagers can never both hold an
 * entry. The transitions themselves are core/creatives/packaging-queue.
 */
import { checkPackagedManifest } from '../core/creatives/packaged-manifest.ts';
import type { PackagingLadder } from '../core/creatives/packaging-ladder.ts';
import {
  checkLease,
  checkLeaseStatus,
  claimEntry,
  entryMetadata,
  isClaimable,
  jobDirFor,
  newQueueEntry,
  parseQueueEntry,
  statusFromMetadata,
  type ClaimRequest,
  type LeaseProblem,
  type PackagingJob,
  type QueueEntry,
  type QueueStatus,
} from '../core/creatives/packaging-queue.ts';
import { err, ok, type Result } from '../core/result.ts';

const PREFIX = 'queue/';
/** A claim looks at this many entries at most (LIST pages of 1000). */
const MAX_SCAN_PAGES = 5;
/** Candidates tried per claim before answering "nothing to do" (each lost race costs a GET and a PUT). */
const MAX_CLAIM_TRIES = 16;
const CAS_TRIES = 4;

/** LIST with custom metadata. `include` exists at compatibility dates from 2022-08-04 on; the project's default workers-types omit it. */
const withMetadata = (o: R2ListOptions & { include: ['customMetadata'] }): R2ListOptions => o;

export const queueObjectKey = (key: string): string => `${PREFIX}${key}.json`;
const keyOfObject = (name: string): string => name.slice(PREFIX.length, -'.json'.length);
const creativeJsonKey = (key: string): string => `creatives/${key}/creative.json`;

export type QueueFailure = { readonly status: 400 | 404 | 409; readonly message: string };

/**
 * A sighting of a creative that is not in the store: creates its entry (create-only, so a
 * racing sighting never overwrites a claim) and answers undefined, or answers the existing
 * entry's status (for the skip reason).
 */
export async function noteSighting(bucket: R2Bucket, key: string, sourceUrl: string, ladder: PackagingLadder | undefined, nowMs: number): Promise<QueueStatus | undefined> {
  const name = queueObjectKey(key);
  const head = await bucket.head(name);
  if (head) return statusFromMetadata(head.customMetadata);
  const entry = newQueueEntry(key, sourceUrl, ladder, nowMs);
  await bucket.put(name, JSON.stringify(entry), { onlyIf: { etagDoesNotMatch: '*' }, httpMetadata: { contentType: 'application/json' }, customMetadata: entryMetadata(entry) });
  return undefined;
}

type Stored = { readonly entry: QueueEntry; readonly etag: string } | { readonly corrupt: string; readonly etag: string; readonly body: string };

async function read(bucket: R2Bucket, key: string): Promise<Stored | undefined> {
  const obj = await bucket.get(queueObjectKey(key));
  if (!obj) return undefined;
  const body = await obj.text();
  const parsed = parseQueueEntry(body);
  return parsed.ok ? { entry: parsed.value, etag: obj.etag } : { corrupt: parsed.error, etag: obj.etag, body };
}

/** PUT conditional on `etag`; false when someone changed the entry first. */
async function swap(bucket: R2Bucket, entry: QueueEntry, etag: string): Promise<boolean> {
  const put = await bucket.put(queueObjectKey(entry.key), JSON.stringify(entry), { onlyIf: { etagMatches: etag }, httpMetadata: { contentType: 'application/json' }, customMetadata: entryMetadata(entry) });
  return put !== null;
}

/** Read, change, compare-and-swap; re-read and retry when another writer got there first. */
async function update<E>(bucket: R2Bucket, key: string, change: (e: QueueEntry) => Result<QueueEntry, E>): Promise<Result<QueueEntry, E | QueueFailure>> {
  for (let i = 0; i < CAS_TRIES; i++) {
    const stored = await read(bucket, key);
    if (!stored) return err({ status: 404, message: 'no queue entry for this key' });
    if ('corrupt' in stored) return err({ status: 409, message: `queue entry is unreadable: ${stored.corrupt}` });
    const next = change(stored.entry);
    if (!next.ok) return next;
    if (await swap(bucket, next.value, stored.etag)) return next;
  }
  return err({ status: 409, message: 'queue entry kept changing; try again' });
}

/**
 * Claims the entry that has waited longest among those due (queued and past their backoff, or
 * leased with an expired lease). Entries whose attempts are used up are parked on the way; an
 * entry whose creative is already published (a completion whose queue delete was lost) is
 * removed.
 */
export async function claimNext(bucket: R2Bucket, req: ClaimRequest, nowMs: number): Promise<{ readonly job?: PackagingJob; readonly parked: readonly string[] }> {
  const candidates: { key: string; dueMs: number }[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_SCAN_PAGES; page++) {
    const listed = await bucket.list(withMetadata({ prefix: PREFIX, include: ['customMetadata'], limit: 1000, ...(cursor ? { cursor } : {}) }));
    for (const o of listed.objects) {
      const s = statusFromMetadata(o.customMetadata);
      if (!isClaimable(s, nowMs)) continue;
      candidates.push({ key: keyOfObject(o.key), dueMs: s.state === 'leased' ? (s.leaseExpiresAtMs ?? 0) : s.nextAttemptAtMs || o.uploaded.getTime() });
    }
    if (!listed.truncated) break;
    cursor = listed.cursor;
  }
  candidates.sort((a, b) => a.dueMs - b.dueMs);
  const parked: string[] = [];
  for (const c of candidates.slice(0, MAX_CLAIM_TRIES)) {
    const stored = await read(bucket, c.key);
    if (!stored) continue;
    if ('corrupt' in stored) {
      await parkCorrupt(bucket, c.key, stored);
      parked.push(c.key);
      continue;
    }
    if (await bucket.head(creativeJsonKey(c.key))) {
      await bucket.delete(queueObjectKey(c.key));
      continue;
    }
    const outcome = claimEntry(stored.entry, req, nowMs);
    if (outcome.kind === 'not-claimable') continue;
    if (!(await swap(bucket, outcome.entry, stored.etag))) continue; // another packager won this one
    if (outcome.kind === 'parked') {
      parked.push(c.key);
      continue;
    }
    const e = outcome.entry;
    return {
      job: { key: e.key, sourceUrl: e.sourceUrl, ...(e.ladder ? { ladder: e.ladder } : {}), leaseId: req.leaseId, leaseExpiresAtMs: e.lease?.expiresAtMs ?? 0, attempt: e.attempts, jobDir: jobDirFor(req.leaseId) },
      parked,
    };
  }
  return { parked };
}

/** An entry nobody can read is parked (same body, state in metadata) so claims stop tripping on it. */
async function parkCorrupt(bucket: R2Bucket, key: string, stored: { corrupt: string; etag: string; body: string }): Promise<void> {
  await bucket.put(queueObjectKey(key), stored.body, { onlyIf: { etagMatches: stored.etag }, customMetadata: { state: 'parked', attempts: '0', nextAttemptAtMs: '0', reason: `unreadable queue entry: ${stored.corrupt}` } });
}

/**
 * Stores one file of a job at `creatives/{key}/{jobDir}/{path}`, if `leaseId` still holds the
 * entry (checked on HEAD metadata). `openBody` is called only then and must give a stream of
 * known length.
 */
export async function uploadJobFile(bucket: R2Bucket, key: string, leaseId: string, path: string, openBody: () => ReadableStream, contentType: string, nowMs: number): Promise<Result<string, LeaseProblem | QueueFailure>> {
  const head = await bucket.head(queueObjectKey(key));
  if (!head) return err({ status: 404, message: 'no queue entry for this key' });
  const held = checkLeaseStatus(statusFromMetadata(head.customMetadata), leaseId, nowMs);
  if (!held.ok) return held;
  const name = `creatives/${key}/${jobDirFor(leaseId)}/${path}`;
  try {
    await bucket.put(name, openBody(), { httpMetadata: { contentType, cacheControl: 'public, max-age=31536000, immutable' } });
  } catch {
    return err({ status: 400, message: 'the body ended before, or went on after, its Content-Length' });
  }
  return ok(name);
}

/**
 * Publishes a finished job: checks the lease and the manifest, checks that the files it names
 * were uploaded, writes `creatives/{key}/creative.json` (from then on sightings play the
 * creative), and removes the queue entry.
 */
export async function completeJob(bucket: R2Bucket, key: string, leaseId: string, manifestText: string, nowMs: number): Promise<Result<{ readonly durationSec: number; readonly renditions: number }, LeaseProblem | QueueFailure>> {
  const stored = await read(bucket, key);
  if (!stored) return err({ status: 404, message: 'no queue entry for this key' });
  if ('corrupt' in stored) return err({ status: 409, message: `queue entry is unreadable: ${stored.corrupt}` });
  const held = checkLease(stored.entry, leaseId, nowMs);
  if (!held.ok) return held;
  const checked = checkPackagedManifest(manifestText, key, jobDirFor(leaseId));
  if (!checked.ok) return err({ status: 400, message: checked.error });
  const heads = await Promise.all(checked.value.mustExist.map(async (p) => ({ p, found: (await bucket.head(`creatives/${key}/${p}`)) !== null })));
  const missing = heads.filter((h) => !h.found).map((h) => h.p);
  if (missing.length > 0) return err({ status: 400, message: `files named in creative.json were not uploaded: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` });
  await bucket.put(creativeJsonKey(key), checked.value.text, { httpMetadata: { contentType: 'application/json', cacheControl: 'no-cache' } });
  await bucket.delete(queueObjectKey(key));
  return ok({ durationSec: checked.value.durationSec, renditions: checked.value.renditionCount });
}

export interface QueueListItem extends QueueStatus {
  readonly key: string;
  readonly uploadedMs: number;
}

/** One page of the queue with each entry's state (admin listing). */
export async function listQueue(bucket: R2Bucket, opts: { limit: number; cursor?: string; state?: string }): Promise<{ items: QueueListItem[]; cursor?: string }> {
  const listed = await bucket.list(withMetadata({ prefix: PREFIX, include: ['customMetadata'], limit: opts.limit, ...(opts.cursor ? { cursor: opts.cursor } : {}) }));
  const items = listed.objects
    .map((o) => ({ key: keyOfObject(o.key), uploadedMs: o.uploaded.getTime(), ...statusFromMetadata(o.customMetadata) }))
    .filter((i) => !opts.state || i.state === opts.state);
  return { items, ...(listed.truncated ? { cursor: listed.cursor } : {}) };
}

export async function readQueueEntry(bucket: R2Bucket, key: string): Promise<QueueEntry | undefined> {
  const stored = await read(bucket, key);
  return stored && 'entry' in stored ? stored.entry : undefined;
}

/** Heartbeat, failure, release, operator retry: one transition of core/creatives/packaging-queue, applied with compare-and-swap. */
export function changeQueueEntry<E>(bucket: R2Bucket, key: string, change: (e: QueueEntry) => Result<QueueEntry, E>): Promise<Result<QueueEntry, E | QueueFailure>> {
  return update(bucket, key, change);
}

export async function deleteQueueEntry(bucket: R2Bucket, key: string): Promise<boolean> {
  const name = queueObjectKey(key);
  if (!(await bucket.head(name))) return false;
  await bucket.delete(name);
  return true;
}
