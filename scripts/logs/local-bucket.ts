/**
 * @module scripts/logs/local-bucket
 * The ad-log bucket of a local run (`npm start`, `wrangler dev --persist-to .wrangler/state`):
 * Miniflare keeps each R2 object's body as a file under `v3/r2/{bucket}/blobs/` (its key and
 * metadata are in SQLite files elsewhere, under `v3/r2/miniflare-R2BucketObject/`), so the
 * report reads that folder only, never the rest of the state (Durable Object databases, other
 * buckets, the cache). And a running local service can be asked to write its open log batches
 * first (`POST /adLogs/flush`), instead of waiting `LOG_BATCH_MAX_AGE_SEC`. Node only.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `npm start`'s state directory and the AD_LOGS bucket of wrangler.toml and demo/wrangler.toml. */
export const LOCAL_STATE_DIR = '.wrangler/state';
export const AD_LOG_BUCKET = 'edge-ssai-ad-logs';
/** `npm start`'s address and admin token (scripts/start.mjs). */
export const LOCAL_SERVICE = 'http://127.0.0.1:8787';
export const LOCAL_ADMIN_TOKEN = 'demo-admin-token';

/**
 * The folder of object bodies when `dir` is a local state directory (`.wrangler`,
 * `.wrangler/state`, `…/v3/r2` or `…/v3/r2/{bucket}`); undefined for any other folder.
 */
export function localBucketBlobs(dir: string, bucket = AD_LOG_BUCKET): string | undefined {
  const candidates = [
    join(dir, 'state', 'v3', 'r2', bucket, 'blobs'),
    join(dir, 'v3', 'r2', bucket, 'blobs'),
    join(dir, bucket, 'blobs'),
    join(dir, 'blobs'),
  ];
  return candidates.find((c) => existsSync(c));
}

/** A state directory without the bucket folder: nothing was ever written to it. */
export function looksLikeStateDir(dir: string): boolean {
  return existsSync(join(dir, 'v3')) || existsSync(join(dir, 'state', 'v3'));
}

export type FlushOutcome = { readonly ok: true; readonly written: number } | { readonly ok: false; readonly message: string };

/** Asks the service at `service` to write every open ad-log batch now. */
export async function flushService(service: string, token: string, fetchImpl: typeof fetch = fetch): Promise<FlushOutcome> {
  try {
    const r = await fetchImpl(`${service.replace(/\/+$/, '')}/adLogs/flush`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
    const body = (await r.json().catch(() => ({}))) as { written?: number; message?: string };
    if (!r.ok) return { ok: false, message: `HTTP ${r.status}${body.message ? `: ${body.message}` : ''}` };
    return { ok: true, written: body.written ?? 0 };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
