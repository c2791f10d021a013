/**
 * The packager end to end with ffmpeg (docs/packaging-creatives.md "The packager"): generated
 * MP4s served from loopback, the real job and loop, an in-memory queue and store with the
 * Worker's transitions (memory-api.ts). Checks what reaches the store (aligned renditions the
 * edge can read, keyframes, loudness near −24 LUFS, DASH), that garbage, truncated, missing,
 * private-host and 2 GB mezzanines each end parked with a clear reason while the packager goes
 * on, and that two packagers on one queue package each creative once. Skips without ffmpeg.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackagerConfig } from '../../../packager/config.ts';
import { runJob } from '../../../packager/job.ts';
import { PackagerLoop } from '../../../packager/loop.ts';
import { creativeFromStoreManifest } from '../../../src/core/creatives/creative-media.ts';
import type { PackagingLadder } from '../../../src/core/creatives/packaging-ladder.ts';
import { ffmpegUnavailable, makeMp4 } from '../../helpers/ffmpeg-media.ts';
import { MemoryQueue } from '../../helpers/packager-memory-api.ts';
import { startMezzanineServer, type MezzanineServer } from '../../helpers/mezzanine-server.ts';

const why = ffmpegUnavailable();
if (why) console.warn(`[packager] ffmpeg tests skipped: ${why}`);

/** The demo content's ladder (two H.264 Baseline variants, separate audio, 2 s MPEG-TS) plus a 720p rung larger than the sources. */
const DEMO_LADDER: PackagingLadder = {
  segmentSec: 2,
  container: 'ts',
  audio: 'separate',
  rungs: [
    { width: 1280, height: 720, bandwidth: 1_500_000, codecs: 'avc1.4d401f,mp4a.40.2', frameRate: 25 },
    { width: 320, height: 180, bandwidth: 239_766, averageBandwidth: 222_569, codecs: 'avc1.42c00b,mp4a.40.2', frameRate: 10 },
    { width: 160, height: 90, bandwidth: 149_526, averageBandwidth: 139_147, codecs: 'avc1.42c00b,mp4a.40.2', frameRate: 10 },
  ],
};
const CMAF_MUXED: PackagingLadder = { segmentSec: 3, container: 'fmp4', audio: 'muxed', rungs: [{ width: 640, height: 360, bandwidth: 900_000, codecs: 'avc1.64001e,mp4a.40.2', frameRate: 30 }] };

let server: MezzanineServer;
let dir: string;
const key = (n: number): string => `url/${String(n).padStart(40, '0')}`;

const config = (over: Partial<PackagerConfig> = {}): PackagerConfig => ({
  serviceUrl: server.origin, token: 't', concurrency: 1, workDir: dir, owner: 'p1', ffmpeg: 'ffmpeg', ffprobe: 'ffprobe',
  maxDownloadBytes: 50 * 1024 * 1024, downloadTimeoutSec: 20, maxSourceDurationSec: 120, transcodeTimeoutSec: 120,
  // Private hosts stay refused: the loopback media is reachable because it sits under the service's /demo/.
  allowPrivateHosts: false,
  maxAttempts: 2, backoffSec: 0.02, leaseSec: 30, pollSec: 0.02, preset: 'ultrafast', threads: 1, loudnessLufs: -24, once: false, ...over,
});

/** Runs packagers on `q` until every entry is published or parked (at most 60 s), then stops them. */
async function drain(q: MemoryQueue, loops: PackagerLoop[]): Promise<void> {
  const runs = loops.map((l) => l.run());
  const deadline = Date.now() + 60_000;
  while ([...q.entries.values()].some((e) => e.state !== 'parked') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await Promise.all(loops.map((l) => l.stop()));
  await Promise.all(runs);
}

describe.skipIf(why !== undefined)(`packager with ffmpeg${why ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(async () => {
    server = await startMezzanineServer();
    dir = mkdtempSync(join(tmpdir(), 'packager-e2e-'));
    makeMp4(join(dir, 'spot.mp4'), { width: 640, height: 360, fps: 25, durationSec: 6, audio: true });
    makeMp4(join(dir, 'silent43.mp4'), { width: 320, height: 240, fps: 30, durationSec: 6, audio: false });
    makeMp4(join(dir, 'moov-at-end.mp4'), { width: 320, height: 180, fps: 25, durationSec: 4, audio: true, faststart: false });
    server.putFile('spot.mp4', join(dir, 'spot.mp4'));
    server.putFile('silent43.mp4', join(dir, 'silent43.mp4'));
    const moovAtEnd = readFileSync(join(dir, 'moov-at-end.mp4'));
    server.put('truncated.mp4', moovAtEnd.subarray(0, Math.floor(moovAtEnd.length * 0.6)));
    const front = readFileSync(join(dir, 'spot.mp4'));
    server.put('cut.mp4', front.subarray(0, Math.floor(front.length * 0.45)));
    server.put('garbage.mp4', new Uint8Array(200_000).map((_, i) => (i * 7919) % 251));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('packages an MP4 into the content ladder: aligned HLS renditions the edge reads, DASH, keyframes, −24 LUFS', async () => {
    const q = new MemoryQueue();
    q.enqueue(key(1), `${server.origin}/demo/media/spot.mp4`, DEMO_LADDER);
    const lines: string[] = [];
    // veryfast, not ultrafast: ultrafast uses no CABAC or B-frames, and x264 then signals Baseline.
    await drain(q, [new PackagerLoop(q.api('p1'), config({ preset: 'veryfast' }), runJob, (l) => lines.push(l))]);
    const m = q.published.get(key(1)) as { renditions: { path: string; kind: string; width: number | null; height: number | null; segmentDurationsSec: number[]; codecs: string; loudnessLufs?: number; bandwidth: number }[]; dash: string; hls: string; durationSec: number };
    expect(m, lines.join('\n')).toBeDefined();
    // 1280x720 is larger than the 640x360 source: it became 640x360 (nearest match), never upscaled.
    expect(m.renditions.map((r) => `${r.kind}:${r.width}x${r.height}`)).toEqual(['video:640x360', 'video:320x180', 'video:160x90', 'audio:nullxnull']);
    expect(m.durationSec).toBe(6);
    for (const r of m.renditions) expect(r.segmentDurationsSec.length, r.path).toBe(3);
    expect(m.renditions[1]?.codecs).toMatch(/^avc1\.42c0[0-9a-f]{2},mp4a\.40\.2$/); // Constrained Baseline, like the content
    expect(m.renditions[0]?.codecs).toMatch(/^avc1\.4d40[0-9a-f]{2},mp4a\.40\.2$/);
    const loud = m.renditions[3]?.loudnessLufs ?? 0;
    expect(loud).toBeGreaterThan(-25.5);
    expect(loud).toBeLessThan(-22.5);
    const read = creativeFromStoreManifest('s', key(1), JSON.stringify(m), 'https://edge.example/');
    expect(read.ok && read.value.refDurationsSec).toEqual([2, 2, 2]);
    const jobDir = m.hls.split('/')[0] ?? '';
    expect(q.file(key(1), `${jobDir}/v1/seg000.ts`)?.[0]).toBe(0x47); // MPEG-TS sync byte
    const mpd = new TextDecoder().decode(q.file(key(1), m.dash));
    expect(mpd.match(/<Representation /g)?.length).toBe(4);
    expect(new TextDecoder().decode(q.file(key(1), m.hls))).toContain('RESOLUTION=160x90,CODECS="avc1.42c0');
    // Every video segment starts on a keyframe, checked again here from the stored bytes.
    const seg = join(dir, 'check.ts');
    writeFileSync(seg, q.file(key(1), `${jobDir}/v0/seg001.ts`) ?? new Uint8Array());
    const first = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags', '-of', 'csv=p=0', '-read_intervals', '%+#1', seg], { encoding: 'utf8' });
    expect(first.stdout.trim().startsWith('K')).toBe(true);
    expect(lines.find((l) => l.startsWith('done '))).toMatch(/^done url\/00000000… \(.*spot\.mp4\): 6\.00 s creative → 3 video \+ 1 audio renditions, HLS ts \+ DASH, 3 × 2 s segments, -2\d\.\d LUFS; uploaded \d+ KB in \d+ files/);
  }, 60_000);

  it('packages fMP4 with muxed audio like CMAF content, pillarboxing a 4:3 source and adding silence where it has no audio', async () => {
    const q = new MemoryQueue();
    q.enqueue(key(2), `${server.origin}/demo/media/silent43.mp4`, CMAF_MUXED);
    await drain(q, [new PackagerLoop(q.api('p1'), config({ preset: 'veryfast' }), runJob, () => undefined)]);
    const m = q.published.get(key(2)) as { renditions: { path: string; width: number; height: number; segmentExt: string; initPath: string; codecs: string; segmentDurationsSec: number[] }[]; format: string };
    expect(m.format).toBe('hls-fmp4');
    // A 320x240 source fits a 640x360 rung at 320x180 (its shape kept); audio muxed in, silent.
    expect(m.renditions).toHaveLength(1);
    expect(m.renditions[0]).toMatchObject({ width: 320, height: 180, segmentExt: 'm4s', segmentDurationsSec: [3, 3] });
    expect(m.renditions[0]?.codecs).toMatch(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/);
    expect(q.file(key(2), m.renditions[0]?.initPath ?? '')?.length).toBeGreaterThan(0);
    const read = creativeFromStoreManifest('s', key(2), JSON.stringify(m), 'https://edge.example/');
    expect(read.ok && read.value.renditions[0]?.mapUri).toMatch(/\/init\.mp4$/);
  }, 60_000);

  it('parks garbage, truncated, missing, private-host and 2 GB mezzanines with clear reasons, and goes on packaging', async () => {
    const q = new MemoryQueue();
    const bad: [number, string][] = [
      [10, `${server.origin}/demo/media/garbage.mp4`],
      [11, `${server.origin}/demo/media/truncated.mp4`],
      [12, `${server.origin}/demo/media/cut.mp4`],
      [13, `${server.origin}/demo/fault/404`],
      [14, 'http://10.0.0.1/ads/spot.mp4'],
      [15, `${server.origin}/demo/fault/huge`],
      [16, `${server.origin}/media/spot.mp4`], // loopback, not the service's demo path: private
    ];
    for (const [n, url] of bad) q.enqueue(key(n), url, DEMO_LADDER);
    q.enqueue(key(19), `${server.origin}/demo/media/spot.mp4`, DEMO_LADDER);
    const lines: string[] = [];
    await drain(q, [new PackagerLoop(q.api('p1'), config(), runJob, (l) => lines.push(l))]);
    const reason = (n: number): string => q.entries.get(key(n))?.lastError ?? `not parked: ${JSON.stringify(q.entries.get(key(n)))}`;
    for (const [n] of bad) expect(q.entries.get(key(n))?.state, `${n}: ${lines.join('\n')}`).toBe('parked');
    expect(reason(10)).toBe('probe: not a readable media file: ffprobe exited with code 1: mezzanine: Invalid data found when processing input (attempt 2 of 2)');
    expect(reason(11)).toMatch(/^probe: not a readable media file: ffprobe exited with code 1: \[mov,mp4,m4a,3gp,3g2,mj2 @ 0x[0-9a-f]+\] moov atom not found \| mezzanine: Invalid data found when processing input \(attempt 2 of 2\)$/);
    expect(reason(12)).toMatch(/^(check: SOURCE: the video ends after [\d.]+ s of 6\.00 s \(a truncated or damaged file\)|probe: .*|transcode: .*) \(attempt 2 of 2\)$/);
    expect(reason(13)).toBe(`download: ${server.origin}/demo/fault/404: HTTP 404 Not Found`);
    expect(reason(14)).toBe('download: http://10.0.0.1/ads/spot.mp4: host 10.0.0.1 is private, loopback, link-local or otherwise not public');
    expect(reason(15)).toBe(`download: ${server.origin}/demo/fault/huge: Content-Length 2147483648 bytes is over the 52428800-byte limit`);
    expect(reason(16)).toContain('host 127.0.0.1 is private, loopback, link-local or otherwise not public');
    // Permanent failures are parked after one attempt; the others after two.
    expect([13, 14, 15, 16].map((n) => q.entries.get(key(n))?.attempts)).toEqual([1, 1, 1, 1]);
    expect([10, 11, 12].map((n) => q.entries.get(key(n))?.attempts)).toEqual([2, 2, 2]);
    // The packager kept going: the good creative is published.
    expect(q.published.has(key(19))).toBe(true);
    expect(server.hits.filter((h) => h.endsWith('/fault/huge'))).toHaveLength(1);
  }, 90_000);

  it('two packagers on one queue package each creative once', async () => {
    const q = new MemoryQueue();
    for (const n of [20, 21, 22]) q.enqueue(key(n), `${server.origin}/demo/media/spot.mp4`, { ...DEMO_LADDER, rungs: DEMO_LADDER.rungs.slice(1) });
    const loops = ['p1', 'p2'].map((o) => new PackagerLoop(q.api(o), config({ owner: o }), runJob, () => undefined));
    await drain(q, loops);
    expect([...q.published.keys()].sort()).toEqual([key(20), key(21), key(22)]);
    expect(q.claims.map((c) => c.key).sort()).toEqual([key(20), key(21), key(22)]); // no entry claimed twice
    expect(loops.map((l) => l.stats.published).reduce((a, b) => a + b)).toBe(3);
    expect(new Set(q.claims.map((c) => c.owner)).size).toBe(2);
  }, 60_000);
});
