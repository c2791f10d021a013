import { describe, expect, it } from 'vitest';
import { checkPackagedManifest } from '../../../src/core/creatives/packaged-manifest.ts';
import {
  checkLease,
  checkLeaseStatus,
  claimEntry,
  entryMetadata,
  failEntry,
  isClaimable,
  newQueueEntry,
  parseQueueEntry,
  releaseEntry,
  renewLease,
  requeueEntry,
  sightingSkip,
  statusFromMetadata,
  type QueueEntry,
} from '../../../src/core/creatives/packaging-queue.ts';

const T0 = 1_800_000_000_000;
const claimReq = (leaseId: string, owner = 'p1') => ({ leaseId, owner, leaseMs: 60_000, maxAttempts: 3 });
const claimed = (e: QueueEntry, leaseId: string, at: number): QueueEntry => {
  const r = claimEntry(e, claimReq(leaseId), at);
  if (r.kind !== 'claimed') throw new Error(r.kind);
  return r.entry;
};
/** Round trip through storage: the JSON body and the metadata mirror. */
const stored = (e: QueueEntry): QueueEntry => {
  const r = parseQueueEntry(JSON.stringify(e));
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('packaging queue entries (docs/packaging-creatives.md "Queue and leases")', () => {
  const fresh = newQueueEntry('url/abc', 'https://ads.example/spot.mp4', undefined, T0);

  it('a claim takes a lease and counts an attempt; nobody else can claim until it expires', () => {
    const a = stored(claimed(fresh, 'aaaaaaaaaaaaaaaa', T0 + 1));
    expect(a).toMatchObject({ state: 'leased', attempts: 1, lease: { id: 'aaaaaaaaaaaaaaaa', owner: 'p1', expiresAtMs: T0 + 60_001 } });
    expect(claimEntry(a, claimReq('bbbbbbbbbbbbbbbb', 'p2'), T0 + 30_000).kind).toBe('not-claimable');
    expect(isClaimable(statusFromMetadata(entryMetadata(a)), T0 + 30_000)).toBe(false);
    // Expired: a second packager takes over with a new lease; the first one's lease is gone.
    expect(isClaimable(statusFromMetadata(entryMetadata(a)), T0 + 60_001)).toBe(true);
    const b = claimed(a, 'bbbbbbbbbbbbbbbb', T0 + 60_001);
    expect(b).toMatchObject({ attempts: 2, lease: { id: 'bbbbbbbbbbbbbbbb' } });
    expect(checkLease(b, 'aaaaaaaaaaaaaaaa', T0 + 60_002)).toMatchObject({ ok: false, error: { kind: 'lease-lost' } });
    expect(checkLeaseStatus(statusFromMetadata(entryMetadata(b)), 'aaaaaaaaaaaaaaaa', T0 + 60_002)).toMatchObject({ ok: false, error: { kind: 'lease-lost' } });
    expect(failEntry(b, 'aaaaaaaaaaaaaaaa', { error: 'x', park: true, retryInMs: 0 }, T0 + 60_002).ok).toBe(false);
  });

  it('heartbeats extend only a live lease', () => {
    const a = claimed(fresh, 'aaaaaaaaaaaaaaaa', T0);
    const renewed = renewLease(a, 'aaaaaaaaaaaaaaaa', 120_000, T0 + 50_000);
    expect(renewed.ok && renewed.value.lease?.expiresAtMs).toBe(T0 + 170_000);
    expect(renewLease(a, 'aaaaaaaaaaaaaaaa', 120_000, T0 + 60_000)).toMatchObject({ ok: false, error: { kind: 'lease-expired' } });
  });

  it('a failure backs off, a permanent one parks; parked entries are skipped with their error until requeued', () => {
    const a = claimed(fresh, 'aaaaaaaaaaaaaaaa', T0);
    const f = failEntry(a, 'aaaaaaaaaaaaaaaa', { error: 'download: HTTP 503', park: false, retryInMs: 30_000 }, T0 + 5_000);
    if (!f.ok) throw new Error('fail refused');
    expect(f.value).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAtMs: T0 + 35_000, lastError: 'download: HTTP 503' });
    expect(f.value.lease).toBeUndefined();
    expect(claimEntry(f.value, claimReq('bbbbbbbbbbbbbbbb'), T0 + 34_999).kind).toBe('not-claimable');
    const s1 = sightingSkip(statusFromMetadata(entryMetadata(f.value)));
    expect(s1).toEqual({ skip: 'TRANSCODE_IN_PROGRESS', message: 'queued for packaging again after 1 failed attempt(s): download: HTTP 503' });

    const b = claimed(f.value, 'bbbbbbbbbbbbbbbb', T0 + 35_000);
    const p = failEntry(b, 'bbbbbbbbbbbbbbbb', { error: 'ffmpeg: moov atom not found\n  (truncated file)', park: true, retryInMs: 0 }, T0 + 36_000);
    if (!p.ok) throw new Error('fail refused');
    expect(p.value).toMatchObject({ state: 'parked', attempts: 2, parkedAtMs: T0 + 36_000 });
    expect(claimEntry(p.value, claimReq('cccccccccccccccc'), T0 + 99_999_999).kind).toBe('not-claimable');
    expect(sightingSkip(statusFromMetadata(entryMetadata(p.value)))).toEqual({ skip: 'TRANSCODE_ERROR', message: 'packaging failed: ffmpeg: moov atom not found (truncated file)' });

    const again = requeueEntry(p.value, T0 + 40_000);
    expect(again.ok && again.value).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAtMs: T0 + 40_000 });
    expect(requeueEntry(fresh, T0).ok).toBe(false);
  });

  it('leases that keep expiring park the entry at the next claim (no crash loop across packagers)', () => {
    let e = fresh;
    for (let i = 0; i < 3; i++) e = claimed(e, `${i}`.repeat(16), T0 + i * 100_000);
    const r = claimEntry(e, claimReq('dddddddddddddddd', 'p9'), T0 + 1_000_000);
    expect(r.kind).toBe('parked');
    expect(r.kind === 'parked' && r.entry.lastError).toBe('lease of p1 expired on attempt 3 of 3: the packager stopped or hung before finishing');
  });

  it('a release gives the attempt back', () => {
    const a = claimed(fresh, 'aaaaaaaaaaaaaaaa', T0);
    const r = releaseEntry(a, 'aaaaaaaaaaaaaaaa', T0 + 1);
    expect(r.ok && r.value).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAtMs: T0 + 1 });
    expect(releaseEntry(a, 'bbbbbbbbbbbbbbbb', T0 + 1).ok).toBe(false);
  });

  it('reads entries from before leases, refuses broken ones, and keeps metadata small and ASCII', () => {
    expect(parseQueueEntry('{"key":"url/x","sourceUrl":"https://a.example/m.mp4","firstSeenMs":5}')).toEqual({
      ok: true,
      value: { key: 'url/x', sourceUrl: 'https://a.example/m.mp4', firstSeenMs: 5, state: 'queued', attempts: 0, nextAttemptAtMs: 5, updatedMs: 5 },
    });
    expect(parseQueueEntry('nope').ok).toBe(false);
    expect(parseQueueEntry('{"key":"url/x"}').ok).toBe(false);
    expect(parseQueueEntry('{"key":"url/x","sourceUrl":"u","state":"leased"}').ok).toBe(false);
    expect(statusFromMetadata(undefined)).toEqual({ state: 'queued', attempts: 0, nextAttemptAtMs: 0 });
    expect(sightingSkip(undefined).skip).toBe('NEW_CREATIVE');
    const a = claimed(fresh, 'aaaaaaaaaaaaaaaa', T0);
    const long = failEntry(a, 'aaaaaaaaaaaaaaaa', { error: `é${'x'.repeat(5000)}`, park: true, retryInMs: 0 }, T0);
    if (!long.ok) throw new Error('fail refused');
    expect(long.value.lastError?.length).toBe(1000);
    const reason = entryMetadata(long.value)['reason'] ?? '';
    expect(reason.length).toBeLessThanOrEqual(900);
    expect(reason).toMatch(/^\?x+\.\.\.$/);
  });
});

describe('checkPackagedManifest', () => {
  const manifest = (over: Record<string, unknown> = {}, rendition: Record<string, unknown> = {}) =>
    JSON.stringify({
      key: 'url/k',
      hls: 'jX/index.m3u8',
      renditions: [
        { path: 'jX/v0/index.m3u8', kind: 'video', bandwidth: 1, width: 16, height: 9, segmentDurationsSec: [2, 2], segmentExt: 'm4s', initPath: 'jX/v0/init.mp4', ...rendition },
        { path: 'jX/a0/index.m3u8', kind: 'audio', bandwidth: 1, segmentDurationsSec: [2, 2], segmentExt: 'm4s', initPath: 'jX/a0/init.mp4' },
      ],
      ...over,
    });

  it('names the files that must be in the store', () => {
    const r = checkPackagedManifest(manifest(), 'url/k', 'jX');
    expect(r.ok && r.value.mustExist).toEqual(['jX/v0/index.m3u8', 'jX/v0/init.mp4', 'jX/v0/seg001.m4s', 'jX/a0/index.m3u8', 'jX/a0/init.mp4', 'jX/a0/seg001.m4s', 'jX/index.m3u8']);
    expect(r.ok && r.value.durationSec).toBe(4);
  });

  it('refuses other keys, paths outside the job, and renditions the edge cannot use', () => {
    expect(checkPackagedManifest('[', 'url/k', 'jX')).toEqual({ ok: false, error: 'creative.json is not JSON' });
    expect(checkPackagedManifest(manifest({ key: 'url/other' }), 'url/k', 'jX').ok).toBe(false);
    expect(checkPackagedManifest(manifest({}, { path: 'jY/v0/index.m3u8' }), 'url/k', 'jX')).toMatchObject({ ok: false, error: 'rendition 0: path must be inside jX/' });
    expect(checkPackagedManifest(manifest({ dash: '../x.mpd' }), 'url/k', 'jX')).toMatchObject({ ok: false, error: 'dash must be inside jX/' });
    expect(checkPackagedManifest(manifest({}, { segmentExt: 'exe' }), 'url/k', 'jX').ok).toBe(false);
    // Audio with one segment more than the video: not aligned, the edge would drop it.
    expect(checkPackagedManifest(manifest({}, { segmentDurationsSec: [4] }), 'url/k', 'jX').ok).toBe(false);
  });
});
