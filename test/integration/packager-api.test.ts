/**
 * The packager API (routes/packager.ts; docs/packaging-creatives.md "Queue and leases"): a
 * session's first sighting of an MP4-only ad queues it with the content ladder; claims are
 * exclusive; an expired lease can be claimed again and its old holder is refused; a completed job
 * publishes creative.json and the next session plays it; a parked entry's error becomes the skip
 * reason of later sightings (TRANSCODE_ERROR); every bad request is a clear 4xx.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import demoManifest from '../../demo/media/ads/ad-10s/creative.json';
import { parsePlaylistForCheck } from '../helpers/hls-invariants.ts';
import { ADMIN, ACCT, json, mediaUrls, req, text } from './helpers.ts';
import { mediatailorLines } from './log-lines.ts';

const MP4 = 'https://media.example.invalid/ad-10s.mp4'; // the demo ad server's "nocreative" MediaFile
// Queued under the ad's Creative@id ("ad-10s-mp4"), the first key the store is looked up by.
const KEY = 'id/ad-10s-mp4';
const post = (path: string, body: unknown, headers: Record<string, string> = ADMIN) =>
  json<Record<string, unknown>>(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface Job {
  key: string;
  sourceUrl: string;
  leaseId: string;
  leaseExpiresAtMs: number;
  attempt: number;
  jobDir: string;
  ladder?: { segmentSec: number; container: string; audio: string; rungs: { width: number; height: number; bandwidth: number; codecs?: string }[] };
}

/** Plays the first media playlist of a new VOD session whose ads are MP4-only; returns the session id. */
async function sighting(): Promise<string> {
  const path = `/v1/master/${ACCT}/demo/vod/master.m3u8?ads.fault=nocreative`;
  const master = await text(path);
  expect(master.status).toBe(200);
  const media = await text(mediaUrls(master.body, path)[0] as string);
  expect(media.status).toBe(200);
  return /\/([0-9a-f-]{36})\//.exec(master.body)?.[1] ?? '';
}

async function claim(owner = 'test', extra: Record<string, unknown> = {}): Promise<Job | null> {
  const r = await post('/packager/claim', { owner, leaseSec: 60, maxAttempts: 3, ...extra });
  expect(r.status).toBe(200);
  return r.body['job'] as Job | null;
}

async function upload(job: Job, path: string, body: Uint8Array | string, lease = job.leaseId): Promise<Response> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return req(`/packager/upload/${path}?key=${encodeURIComponent(job.key)}&lease=${lease}`, { method: 'PUT', headers: { ...ADMIN, 'content-length': String(bytes.byteLength) }, body: bytes });
}

/** Makes the entry's lease look expired, as if its packager had died a while ago. */
async function expireLease(key: string): Promise<void> {
  const name = `queue/${key}.json`;
  const obj = await env.CREATIVES.get(name);
  const entry = JSON.parse((await obj?.text()) ?? '{}') as { lease: { expiresAtMs: number } };
  entry.lease.expiresAtMs = Date.now() - 1;
  const meta = { ...(obj?.customMetadata ?? {}), leaseExpiresAtMs: String(Date.now() - 1) };
  await env.CREATIVES.put(name, JSON.stringify(entry), { customMetadata: meta });
}

/** The demo ad's creative.json, moved into the job's folder (the shape the packager hands in). */
function manifestFor(job: Job): Record<string, unknown> {
  return { ...demoManifest, key: job.key, renditions: demoManifest.renditions.map((r) => ({ ...r, path: `${job.jobDir}/${r.path}` })) };
}

async function uploadAll(job: Job): Promise<void> {
  for (const r of demoManifest.renditions) {
    const dir = r.path.replace('/index.m3u8', '');
    expect((await upload(job, r.path, '#EXTM3U\n')).status).toBe(204);
    for (let i = 0; i < r.segmentCount; i++) expect((await upload(job, `${dir}/seg${String(i).padStart(3, '0')}.ts`, new Uint8Array([0x47, 0, 0, i]))).status).toBe(204);
  }
}

/** Each test starts from an empty queue and an empty creative store. */
async function clearStore(): Promise<void> {
  for (const prefix of ['queue/', 'creatives/']) {
    const listed = await env.CREATIVES.list({ prefix });
    if (listed.objects.length > 0) await env.CREATIVES.delete(listed.objects.map((o) => o.key));
  }
}

describe('packager API', () => {
  beforeEach(clearStore);
  it('refuses calls without the admin token', async () => {
    expect((await post('/packager/claim', {}, {})).status).toBe(401);
    expect((await post('/packager/claim', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await req('/packager/queue')).status).toBe(401);
  });

  it('queues a first sighting with the content ladder; claims are exclusive; the job publishes and the next session plays it', async () => {
    const sid = await sighting();
    const lines = await mediatailorLines(sid, (ls) => ls.some((l) => l['eventType'] === 'FILLED_AVAIL'));
    const skipped = lines.flatMap((l) => ((l['avail'] as { skippedAds?: { skippedReason: string }[] } | undefined)?.skippedAds ?? []).map((s) => s.skippedReason));
    expect(skipped).toContain('NEW_CREATIVE');

    const job = await claim('packager-a');
    expect(job).not.toBeNull();
    if (!job) return;
    expect(job.key).toBe(KEY);
    expect(job.sourceUrl).toBe(MP4);
    expect(job.attempt).toBe(1);
    expect(job.jobDir).toBe(`j${job.leaseId}`);
    // The demo content: two H.264 variants with a separate audio rendition, 2 s MPEG-TS segments.
    expect(job.ladder).toMatchObject({ segmentSec: 2, container: 'ts', audio: 'separate' });
    expect(job.ladder?.rungs.map((r) => `${r.width}x${r.height}`)).toEqual(['320x180', '160x90']);
    expect(job.ladder?.rungs[0]?.codecs).toBe('avc1.42c00b,mp4a.40.2');

    // A second packager finds nothing to do while the lease holds; a later sighting says "in progress".
    expect(await claim('packager-b')).toBeNull();
    const sid2 = await sighting();
    const lines2 = await mediatailorLines(sid2, (ls) => ls.some((l) => l['eventType'] === 'FILLED_AVAIL'));
    expect(JSON.stringify(lines2)).toContain('TRANSCODE_IN_PROGRESS');

    const hb = await post('/packager/heartbeat', { key: job.key, leaseId: job.leaseId, leaseSec: 120 });
    expect(hb.status).toBe(200);
    expect(hb.body['leaseExpiresAtMs']).toBeGreaterThan(job.leaseExpiresAtMs);

    // Completing before the files are there is refused, with the missing file named.
    const early = await post('/packager/complete', { key: job.key, leaseId: job.leaseId, manifest: manifestFor(job) });
    expect(early.status).toBe(400);
    expect(String(early.body['message'])).toContain('not uploaded');

    await uploadAll(job);
    const done = await post('/packager/complete', { key: job.key, leaseId: job.leaseId, manifest: manifestFor(job) });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ published: `creatives/${KEY}/creative.json`, renditions: 3 });
    expect(await env.CREATIVES.head(`queue/${KEY}.json`)).toBeNull();

    // The next session stitches the packaged copy, served by /v1/creative from the job's folder
    // (an ad whose mezzanine URL changed would be found too: the key is its Creative@id).
    const path = `/v1/master/${ACCT}/demo/vod/master.m3u8?ads.fault=nocreative`;
    const master = await text(path);
    const media = await text(mediaUrls(master.body, path)[0] as string);
    const adSegs = parsePlaylistForCheck(media.body).segments.filter((s) => s.uri.includes('/segment/'));
    expect(adSegs.length).toBe(3 * 5); // three insertion points × one 10 s ad of 2 s segments
    const first = await req(new URL(adSegs[0]?.uri ?? '', `http://127.0.0.1:8787${path}`).toString(), { redirect: 'manual' });
    expect(first.headers.get('location') ?? '').toMatch(new RegExp(`/v1/creative/${KEY}/j${job.leaseId}/v\\d/seg000\\.ts$`));
    const seg = await req(first.headers.get('location') ?? '');
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
  });

  it('an expired lease is claimed again; the old holder can no longer upload, renew or complete', async () => {
    await sighting();
    const a = await claim('packager-a');
    if (!a) throw new Error('no job');
    await expireLease(a.key);
    const b = await claim('packager-b');
    expect(b?.key).toBe(a.key);
    expect(b?.leaseId).not.toBe(a.leaseId);
    expect(b?.attempt).toBe(2);
    expect((await upload(a, 'v0/index.m3u8', '#EXTM3U\n')).status).toBe(409);
    expect((await post('/packager/heartbeat', { key: a.key, leaseId: a.leaseId })).status).toBe(409);
    expect((await post('/packager/complete', { key: a.key, leaseId: a.leaseId, manifest: manifestFor(a) })).status).toBe(409);
    expect((await post('/packager/fail', { key: a.key, leaseId: a.leaseId, error: 'late', park: true })).status).toBe(409);
    // Released without using an attempt: queued again at once.
    const rel = await post('/packager/release', { key: a.key, leaseId: b?.leaseId });
    expect(rel.body).toMatchObject({ state: 'queued', attempts: 1 });
    // Attempts used up by dead packagers: the claim parks the entry instead of handing it out.
    const c = await claim('packager-c', { maxAttempts: 2 });
    expect(c?.attempt).toBe(2);
    await expireLease(a.key);
    const none = await post('/packager/claim', { owner: 'packager-d', maxAttempts: 2 });
    expect(none.body['job']).toBeNull();
    expect(none.body['parked']).toEqual([a.key]);
    const entry = await json<{ state: string; lastError: string }>(`/packager/queue/entry?key=${encodeURIComponent(a.key)}`, { headers: ADMIN });
    expect(entry.body.state).toBe('parked');
    expect(entry.body.lastError).toContain('lease of packager-c expired');
    await req(`/packager/queue/entry?key=${encodeURIComponent(a.key)}`, { method: 'DELETE', headers: ADMIN });
  });

  it('a failure backs off, a parked entry is the skip reason of later sightings, and an operator can queue it again', async () => {
    await sighting();
    const a = await claim();
    if (!a) throw new Error('no job');
    const f1 = await post('/packager/fail', { key: a.key, leaseId: a.leaseId, error: 'download: HTTP 503', park: false, retryInSec: 600 });
    expect(f1.body).toMatchObject({ state: 'queued', attempts: 1 });
    expect(await claim()).toBeNull(); // backing off for 10 minutes
    const listed = await json<{ items: { key: string; state: string; reason?: string }[] }>('/packager/queue?state=queued', { headers: ADMIN });
    expect(listed.body.items.find((i) => i.key === a.key)?.reason).toBe('download: HTTP 503');

    // Make it due, claim, fail for good.
    const obj = await env.CREATIVES.get(`queue/${a.key}.json`);
    const e = JSON.parse((await obj?.text()) ?? '{}') as Record<string, unknown>;
    await env.CREATIVES.put(`queue/${a.key}.json`, JSON.stringify({ ...e, nextAttemptAtMs: 0 }), { customMetadata: { ...obj?.customMetadata, nextAttemptAtMs: '0' } });
    const b = await claim();
    if (!b) throw new Error('no job');
    const ffmpegError = 'ffmpeg exited with code 1: moov atom not found\nsource.mp4: Invalid data found when processing input';
    const f2 = await post('/packager/fail', { key: b.key, leaseId: b.leaseId, error: ffmpegError, park: true });
    expect(f2.body).toMatchObject({ state: 'parked', attempts: 2 });

    const sid = await sighting();
    const lines = await mediatailorLines(sid, (ls) => ls.some((l) => l['eventType'] === 'FILLED_AVAIL'));
    const filled = lines.find((l) => l['eventType'] === 'FILLED_AVAIL') as { eventDescription: string; avail: { skippedAds: { skippedReason: string }[] } };
    expect(filled.avail.skippedAds[0]?.skippedReason).toBe('TRANSCODE_ERROR');
    expect(filled.eventDescription).toContain('moov atom not found');

    const retry = await post('/packager/queue/retry', { key: a.key });
    expect(retry.body).toMatchObject({ state: 'queued', attempts: 0 });
    expect((await post('/packager/queue/retry', { key: a.key })).status).toBe(409); // not parked any more
    expect((await claim())?.key).toBe(a.key);
  });

  it('the demo ad server in MP4 mode offers progressive MP4s on this origin, which sessions queue', async () => {
    const vast = await text('/demo/ads/vast?duration=30&session=s&avail=1&mp4=1');
    const files = [...vast.body.matchAll(/<MediaFile ([^>]*)><!\[CDATA\[([^\]]+)\]\]>/g)].map((m) => [m[1], m[2]]);
    expect(files.length).toBeGreaterThan(0);
    for (const [attrs, url] of files) {
      expect(attrs).toContain('delivery="progressive" type="video/mp4"');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/demo\/media\/mp4\/ad-\d+s\.mp4$/);
    }
    const path = `/v1/master/${ACCT}/demo/vod/master.m3u8?ads.mp4=1`;
    const master = await text(path);
    await text(mediaUrls(master.body, path)[0] as string);
    const queued = await json<{ items: { key: string }[] }>('/packager/queue', { headers: ADMIN });
    const sources = await Promise.all(queued.body.items.map(async (i) => (await json<{ sourceUrl: string }>(`/packager/queue/entry?key=${encodeURIComponent(i.key)}`, { headers: ADMIN })).body.sourceUrl));
    expect(sources.sort()).toEqual(['ad-10s', 'ad-14s', 'ad-20s'].map((k) => `http://127.0.0.1:8787/demo/media/mp4/${k}.mp4`));
  });

  it('answers bad requests with a clear 4xx', async () => {
    await sighting();
    const job = await claim();
    if (!job) throw new Error('no job');
    const cases: [string, Promise<Response>, number, string][] = [
      ['bad key', req('/packager/heartbeat', { method: 'POST', headers: ADMIN, body: JSON.stringify({ key: '../x', leaseId: job.leaseId }) }), 400, 'key must be'],
      ['bad lease', req('/packager/heartbeat', { method: 'POST', headers: ADMIN, body: JSON.stringify({ key: job.key, leaseId: 'x' }) }), 400, 'leaseId'],
      ['not JSON', req('/packager/fail', { method: 'POST', headers: ADMIN, body: '{' }), 400, 'not valid JSON'],
      ['no error text', req('/packager/fail', { method: 'POST', headers: ADMIN, body: JSON.stringify({ key: job.key, leaseId: job.leaseId }) }), 400, 'error'],
      ['lease out of range', req('/packager/claim', { method: 'POST', headers: ADMIN, body: JSON.stringify({ leaseSec: 1 }) }), 400, 'leaseSec'],
      ['unknown key', req(`/packager/queue/entry?key=${encodeURIComponent(`url/${'0'.repeat(40)}`)}`, { headers: ADMIN }), 404, 'no queue entry'],
      ['traversal', upload(job, 'v0/..%2Fx.ts', 'x'), 400, 'bad file path'],
      ['file type', upload(job, 'v0/x.exe', 'x'), 415, 'not accepted'],
      ['no length', req(`/packager/upload/v0/a.ts?key=${encodeURIComponent(job.key)}&lease=${job.leaseId}`, { method: 'PUT', headers: ADMIN, body: new ReadableStream({ start: (c) => c.close() }) }), 400, 'Content-Length'],
      ['too large', req(`/packager/upload/v0/a.ts?key=${encodeURIComponent(job.key)}&lease=${job.leaseId}`, { method: 'PUT', headers: { ...ADMIN, 'content-length': String(2 ** 31) }, body: 'x' }), 413, 'larger than'],
      ['no manifest', req('/packager/complete', { method: 'POST', headers: ADMIN, body: JSON.stringify({ key: job.key, leaseId: job.leaseId }) }), 400, 'manifest'],
      ['manifest outside the job', req('/packager/complete', { method: 'POST', headers: ADMIN, body: JSON.stringify({ key: job.key, leaseId: job.leaseId, manifest: demoManifest }) }), 400, 'for key'],
      ['path outside the job', req('/packager/complete', { method: 'POST', headers: ADMIN, body: JSON.stringify({ key: job.key, leaseId: job.leaseId, manifest: { ...demoManifest, key: job.key } }) }), 400, `inside ${job.jobDir}/`],
      ['bad state filter', req('/packager/queue?state=done', { headers: ADMIN }), 400, 'state must be'],
    ];
    for (const [name, p, status, message] of cases) {
      const r = await p;
      expect(r.status, name).toBe(status);
      expect(r.headers.get('x-amzn-ErrorType'), name).toBeTruthy();
      expect(((await r.json()) as { message: string }).message, name).toContain(message);
    }
  });
});
