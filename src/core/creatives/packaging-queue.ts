/**
 * @module core/creatives/packaging-queue
 * The packaging queue's entries and their life (docs/packaging-creatives.md "Queue and leases"):
 *
 *   (first sighting) → queued ──claim──→ leased ──complete──→ (deleted; creative.json written)
 *                        ↑                 │  ├─fail, attempts left──→ queued (after a backoff)
 *                        │                 │  ├─fail, no attempts left or permanent──→ parked
 *                        └────release──────┘  └─lease expired, claimed again: counts as an attempt
 *   parked ──retry (admin)──→ queued
 *
 * Attempts are counted when an entry is claimed, so a packager that dies mid-job (its lease
 * expires) uses up an attempt too, and a creative that kills every packager ends parked instead
 * of crash-looping the fleet. One object per entry; the storage layer makes every transition a
 * compare-and-swap on the object's ETag, so two packagers never hold the same entry. The entry's
 * state is mirrored into the object's custom metadata, so a list or a HEAD tells it. Pure.
 */
import { err, ok, type Result } from '../result.ts';
import { readLadder, type PackagingLadder } from './packaging-ladder.ts';

export type QueueState = 'queued' | 'leased' | 'parked';

export interface QueueLease {
  readonly id: string;
  readonly owner: string;
  readonly claimedAtMs: number;
  readonly expiresAtMs: number;
}

export interface QueueEntry {
  readonly key: string;
  readonly sourceUrl: string;
  readonly ladder?: PackagingLadder;
  readonly firstSeenMs: number;
  readonly state: QueueState;
  /** Claims so far (each claim is one attempt). */
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
  readonly lease?: QueueLease;
  readonly lastError?: string;
  readonly parkedAtMs?: number;
  readonly updatedMs: number;
}

/** What a packager gets when it claims an entry (the packager API's `job`). */
export interface PackagingJob {
  readonly key: string;
  readonly sourceUrl: string;
  readonly ladder?: PackagingLadder;
  readonly leaseId: string;
  readonly leaseExpiresAtMs: number;
  readonly attempt: number;
  /** Folder under `creatives/{key}/` this job's files go to. */
  readonly jobDir: string;
}

/** The entry's state as HEAD and LIST see it (R2 custom metadata, string values). */
export interface QueueStatus {
  readonly state: QueueState;
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
  readonly leaseId?: string;
  readonly leaseExpiresAtMs?: number;
  readonly reason?: string;
}

export type LeaseProblem = { readonly kind: 'lease-lost' | 'lease-expired' | 'not-leased'; readonly message: string };

export const MAX_ERROR_CHARS = 1000;
/** R2 allows 2 KiB of custom metadata in all; the reason gets most of it. */
const MAX_METADATA_REASON_CHARS = 900;

/** Where one claim's files go under `creatives/{key}/`: files of two attempts never mix, and a published path is never rewritten (it is served `immutable`). */
export function jobDirFor(leaseId: string): string {
  return `j${leaseId}`;
}

export function newQueueEntry(key: string, sourceUrl: string, ladder: PackagingLadder | undefined, nowMs: number): QueueEntry {
  return { key, sourceUrl, ...(ladder ? { ladder } : {}), firstSeenMs: nowMs, state: 'queued', attempts: 0, nextAttemptAtMs: nowMs, updatedMs: nowMs };
}

/**
 * Reads a stored entry. Entries written before leases existed (`{key, sourceUrl, firstSeenMs}`)
 * read as queued with no attempts. Never throws.
 */
export function parseQueueEntry(text: string): Result<QueueEntry, string> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return err('queue entry is not JSON');
  }
  if (typeof v !== 'object' || v === null) return err('queue entry is not an object');
  const o = v as Record<string, unknown>;
  const key = str(o['key']);
  const sourceUrl = str(o['sourceUrl']);
  if (!key || !sourceUrl) return err('queue entry has no key or sourceUrl');
  const state: QueueState = o['state'] === 'leased' || o['state'] === 'parked' ? o['state'] : 'queued';
  const firstSeenMs = int(o['firstSeenMs']) ?? 0;
  const lease = readLease(o['lease']);
  const ladder = readLadder(o['ladder']);
  const lastError = str(o['lastError']);
  const parkedAtMs = int(o['parkedAtMs']);
  if (state === 'leased' && !lease) return err('leased queue entry has no lease');
  return ok({
    key,
    sourceUrl,
    ...(ladder ? { ladder } : {}),
    firstSeenMs,
    state,
    attempts: int(o['attempts']) ?? 0,
    nextAttemptAtMs: int(o['nextAttemptAtMs']) ?? firstSeenMs,
    ...(lease && state === 'leased' ? { lease } : {}),
    ...(lastError ? { lastError } : {}),
    ...(parkedAtMs !== undefined ? { parkedAtMs } : {}),
    updatedMs: int(o['updatedMs']) ?? firstSeenMs,
  });
}

/** The custom metadata mirroring an entry's state. */
export function entryMetadata(e: QueueEntry): Record<string, string> {
  return {
    state: e.state,
    attempts: String(e.attempts),
    nextAttemptAtMs: String(e.nextAttemptAtMs),
    ...(e.lease ? { leaseId: e.lease.id, leaseExpiresAtMs: String(e.lease.expiresAtMs) } : {}),
    ...(e.lastError ? { reason: metadataText(e.lastError) } : {}),
  };
}

/** The state from custom metadata; an object without any (an entry from before leases) is queued. */
export function statusFromMetadata(meta: Readonly<Record<string, string>> | undefined): QueueStatus {
  const m = meta ?? {};
  const state: QueueState = m['state'] === 'leased' || m['state'] === 'parked' ? m['state'] : 'queued';
  const leaseExpiresAtMs = intText(m['leaseExpiresAtMs']);
  return {
    state,
    attempts: intText(m['attempts']) ?? 0,
    nextAttemptAtMs: intText(m['nextAttemptAtMs']) ?? 0,
    ...(m['leaseId'] ? { leaseId: m['leaseId'] } : {}),
    ...(leaseExpiresAtMs !== undefined ? { leaseExpiresAtMs } : {}),
    ...(m['reason'] ? { reason: m['reason'] } : {}),
  };
}

/** Worth a GET and a claim attempt: queued and due, or leased with an expired lease. */
export function isClaimable(s: QueueStatus, nowMs: number): boolean {
  if (s.state === 'queued') return s.nextAttemptAtMs <= nowMs;
  if (s.state === 'leased') return (s.leaseExpiresAtMs ?? 0) <= nowMs;
  return false;
}

export interface ClaimRequest {
  readonly leaseId: string;
  readonly owner: string;
  readonly leaseMs: number;
  readonly maxAttempts: number;
}

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly entry: QueueEntry }
  | { readonly kind: 'parked'; readonly entry: QueueEntry }
  | { readonly kind: 'not-claimable' };

/**
 * Claims an entry: a new lease and one more attempt. An entry whose attempts are used up (the
 * last lease expired: its packager died or hung) is parked instead.
 */
export function claimEntry(e: QueueEntry, r: ClaimRequest, nowMs: number): ClaimOutcome {
  const expired = e.state === 'leased' && (e.lease?.expiresAtMs ?? 0) <= nowMs;
  const due = e.state === 'queued' && e.nextAttemptAtMs <= nowMs;
  if (!expired && !due) return { kind: 'not-claimable' };
  if (e.attempts >= r.maxAttempts) {
    const why = expired
      ? `lease of ${e.lease?.owner ?? 'a packager'} expired on attempt ${e.attempts} of ${r.maxAttempts}: the packager stopped or hung before finishing`
      : `no attempts left (${e.attempts} of ${r.maxAttempts})`;
    return { kind: 'parked', entry: park(e, e.lastError ? `${why}; last error: ${e.lastError}` : why, nowMs) };
  }
  const lease: QueueLease = { id: r.leaseId, owner: r.owner, claimedAtMs: nowMs, expiresAtMs: nowMs + r.leaseMs };
  const { lease: _old, ...rest } = e;
  return { kind: 'claimed', entry: { ...rest, state: 'leased', attempts: e.attempts + 1, lease, updatedMs: nowMs } };
}

/** The holder of `leaseId` may act on the entry only while its lease has not expired. */
export function checkLease(e: QueueEntry, leaseId: string, nowMs: number): Result<QueueLease, LeaseProblem> {
  if (e.state !== 'leased' || !e.lease) return err({ kind: 'not-leased', message: `entry is ${e.state}, not leased` });
  if (e.lease.id !== leaseId) return err({ kind: 'lease-lost', message: 'the lease is held by another packager' });
  if (e.lease.expiresAtMs <= nowMs) return err({ kind: 'lease-expired', message: 'the lease has expired' });
  return ok(e.lease);
}

/** The same check on HEAD metadata (uploads: no GET per file). */
export function checkLeaseStatus(s: QueueStatus, leaseId: string, nowMs: number): Result<true, LeaseProblem> {
  if (s.state !== 'leased') return err({ kind: 'not-leased', message: `entry is ${s.state}, not leased` });
  if (s.leaseId !== leaseId) return err({ kind: 'lease-lost', message: 'the lease is held by another packager' });
  if ((s.leaseExpiresAtMs ?? 0) <= nowMs) return err({ kind: 'lease-expired', message: 'the lease has expired' });
  return ok(true);
}

/** Extends a live lease by `leaseMs` from now. */
export function renewLease(e: QueueEntry, leaseId: string, leaseMs: number, nowMs: number): Result<QueueEntry, LeaseProblem> {
  const held = checkLease(e, leaseId, nowMs);
  if (!held.ok) return held;
  return ok({ ...e, lease: { ...held.value, expiresAtMs: nowMs + leaseMs }, updatedMs: nowMs });
}

export interface FailureReport {
  readonly error: string;
  /** Park now (a permanent failure, or the packager's last attempt). */
  readonly park: boolean;
  /** Back off this long before the next attempt (when not parked). */
  readonly retryInMs: number;
}

/**
 * Records a failed attempt by the lease holder. An expired lease still counts when nobody has
 * claimed the entry since (the report is late, not stale); another holder's lease does not.
 */
export function failEntry(e: QueueEntry, leaseId: string, f: FailureReport, nowMs: number): Result<QueueEntry, LeaseProblem> {
  if (e.state !== 'leased' || !e.lease) return err({ kind: 'not-leased', message: `entry is ${e.state}, not leased` });
  if (e.lease.id !== leaseId) return err({ kind: 'lease-lost', message: 'the lease is held by another packager' });
  const error = clip(f.error);
  if (f.park) return ok(park(e, error, nowMs));
  const { lease: _old, ...rest } = e;
  return ok({ ...rest, state: 'queued', lastError: error, nextAttemptAtMs: nowMs + Math.max(0, f.retryInMs), updatedMs: nowMs });
}

/** Gives the entry back without using an attempt (a packager shutting down). */
export function releaseEntry(e: QueueEntry, leaseId: string, nowMs: number): Result<QueueEntry, LeaseProblem> {
  if (e.state !== 'leased' || !e.lease) return err({ kind: 'not-leased', message: `entry is ${e.state}, not leased` });
  if (e.lease.id !== leaseId) return err({ kind: 'lease-lost', message: 'the lease is held by another packager' });
  const { lease: _old, ...rest } = e;
  return ok({ ...rest, state: 'queued', attempts: Math.max(0, e.attempts - 1), nextAttemptAtMs: nowMs, updatedMs: nowMs });
}

/** A parked entry queued again from scratch (operator's retry); its last error is kept for reference. */
export function requeueEntry(e: QueueEntry, nowMs: number): Result<QueueEntry, string> {
  if (e.state !== 'parked') return err(`entry is ${e.state}, not parked`);
  const { parkedAtMs: _p, lease: _l, ...rest } = e;
  return ok({ ...rest, state: 'queued', attempts: 0, nextAttemptAtMs: nowMs, updatedMs: nowMs });
}

/** How a sighting of a creative that is still not in the store is logged (MediaTailor skip reasons). */
export function sightingSkip(s: QueueStatus | undefined): { readonly skip: 'NEW_CREATIVE' | 'TRANSCODE_IN_PROGRESS' | 'TRANSCODE_ERROR'; readonly message: string } {
  if (!s) return { skip: 'NEW_CREATIVE', message: 'first sighting: queued for packaging' };
  if (s.state === 'parked') return { skip: 'TRANSCODE_ERROR', message: `packaging failed: ${s.reason ?? 'no reason recorded'}` };
  if (s.state === 'leased') return { skip: 'TRANSCODE_IN_PROGRESS', message: `packaging in progress (attempt ${s.attempts})` };
  return { skip: 'TRANSCODE_IN_PROGRESS', message: s.attempts > 0 ? `queued for packaging again after ${s.attempts} failed attempt(s)${s.reason ? `: ${s.reason}` : ''}` : 'queued for packaging' };
}

function park(e: QueueEntry, error: string, nowMs: number): QueueEntry {
  const { lease: _old, ...rest } = e;
  return { ...rest, state: 'parked', lastError: clip(error), parkedAtMs: nowMs, updatedMs: nowMs };
}

function clip(text: string): string {
  const t = text.trim();
  return t.length > MAX_ERROR_CHARS ? `${t.slice(0, MAX_ERROR_CHARS - 1)}…` : t;
}

/** Printable ASCII only (R2 counts metadata bytes; header-safe), one line, bounded. */
function metadataText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
  return flat.length > MAX_METADATA_REASON_CHARS ? `${flat.slice(0, MAX_METADATA_REASON_CHARS - 3)}...` : flat;
}

function readLease(v: unknown): QueueLease | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const id = str(o['id']);
  const expiresAtMs = int(o['expiresAtMs']);
  if (!id || expiresAtMs === undefined) return undefined;
  return { id, owner: str(o['owner']) ?? '', claimedAtMs: int(o['claimedAtMs']) ?? 0, expiresAtMs };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined;
}

function intText(v: string | undefined): number | undefined {
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}
