/**
 * @module test/e2e/packager.e2e
 * The packaging loop end to end (docs/packaging-creatives.md): `wrangler dev`, the demo ad
 * server in MP4 mode (`ads.mp4=1`: progressive MP4 MediaFiles only, as most ad servers answer),
 * and two real packager processes with ffmpeg working one queue through the Worker's packager API.
 * - Live: the first break of a session plays slate (its MP4 ads are new creatives, queued); once
 *   the packagers have published them, a later break of the same session plays the packaged ads
 *   from `/v1/creative/…`, and their beacons fire.
 * - hls.js in headless Chromium plays a VOD session whose every ad is a packaged MP4, through
 *   pre-, mid- and post-roll, with each ad's beacons once, in order.
 * - Two packagers, one queue: every creative packaged exactly once.
 * Skips (saying why) without ffmpeg; the browser part also without Chromium.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE, liveBreak } from '../../demo/origin.ts';
import { ffmpegUnavailable } from '../helpers/ffmpeg-media.ts';
import { launchChromium, unavailable, type Browser } from './browser.ts';
import { AD_EVENTS, beaconsPerAd, playlistAds, runs, type BeaconHit } from './playback-facts.ts';
import { serveHarness, type PlayerState } from './player-harness.ts';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ACCOUNT_ID = /^ACCOUNT_ID\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))?.[1] ?? '';
const TOKEN = 'demo-admin-token';
const noFfmpeg = ffmpegUnavailable();
const noBrowser = unavailable();
if (noFfmpeg) console.warn(`[e2e] packager tests skipped: ${noFfmpeg}`);
else if (noBrowser) console.warn(`[e2e] packager playback in hls.js skipped: ${noBrowser}`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Packager {
  readonly owner: string;
  readonly child: ChildProcess;
  output: string;
}

describe.skipIf(noFfmpeg !== undefined)(`MP4-only ads are packaged and play from their second sighting${noFfmpeg ? ` (skipped: ${noFfmpeg})` : ''}`, () => {
  let service: WranglerDev | undefined;
  let bundleDir = '';
  const packagers: Packager[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-demo-mp4.mjs', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/copy-demo-vendor.mjs'], { cwd: ROOT, stdio: 'ignore' });
    bundleDir = mkdtempSync(join(tmpdir(), 'edge-ssai-e2e-packager-'));
    await build({ entryPoints: [join(ROOT, 'packager', 'main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning', outfile: join(bundleDir, 'packager.mjs'), absWorkingDir: ROOT });
    service = await startWranglerDev(ROOT);
    for (const owner of ['packager-a', 'packager-b']) {
      // The bundle imports nothing outside Node, so it runs from the temp folder.
      const child = spawn(process.execPath, [join(bundleDir, 'packager.mjs'), '--service', service.origin, '--token', TOKEN, '--owner', owner, '--poll-sec', '0.5', '--lease-sec', '30', '--backoff-sec', '1', '--preset', 'veryfast', '--work-dir', bundleDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      const p: Packager = { owner, child, output: '' };
      child.stdout?.on('data', (d: Buffer) => (p.output += d.toString('utf8')));
      child.stderr?.on('data', (d: Buffer) => (p.output += d.toString('utf8')));
      packagers.push(p);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(
      packagers.map(async (p) => {
        if (p.child.exitCode !== null || p.child.signalCode !== null) return;
        const exited = new Promise<void>((r) => p.child.once('exit', () => r()));
        p.child.kill('SIGTERM');
        await Promise.race([exited, sleep(5_000)]);
        if (p.child.exitCode === null) p.child.kill('SIGKILL');
      }),
    );
    await service?.stop();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  }, 20_000);

  const admin = async <T>(path: string): Promise<T> => (await fetch(`${service?.origin}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<T>;
  const logs = (): string => packagers.map((p) => `--- ${p.owner}\n${p.output}`).join('\n');

  /** Waits until the packagers have emptied the queue (nothing queued, leased or parked). */
  async function drained(timeoutMs = 40_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const q = await admin<{ items: { key: string; state: string; reason?: string }[] }>('/packager/queue');
      if (q.items.length === 0) return;
      if (q.items.some((i) => i.state === 'parked') || Date.now() > deadline) throw new Error(`queue not drained: ${JSON.stringify(q.items)}\n${logs()}`);
      await sleep(300);
    }
  }

  async function setClock(targetMs: number): Promise<void> {
    await fetch(`${service?.origin}/demo/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: targetMs - Date.now() }) });
  }

  /** Where each `/v1/segment/` line of a media playlist redirects (the beacons of those segments fire). */
  async function redirects(playlistUrl: string): Promise<string[]> {
    const text = await (await fetch(playlistUrl)).text();
    const out: string[] = [];
    for (const line of text.split('\n')) {
      if (!line.includes('/segment/')) continue;
      const res = await fetch(new URL(line, playlistUrl), { redirect: 'manual' });
      out.push(res.headers.get('location') ?? `HTTP ${res.status}`);
    }
    return out;
  }

  it('live: the first break plays slate, a later break the packaged MP4 ads, with beacons', async () => {
    const origin = service?.origin ?? '';
    const at = (seq: number): number => LIVE.epochMs + (seq + 1) * LIVE.segmentSec * 1000 + 300;
    const nowSeq = Math.floor((Date.now() - LIVE.epochMs) / (LIVE.segmentSec * 1000));
    const k = Math.floor(nowSeq / LIVE.cycleSegments) + 1;
    try {
      await setClock(at(liveBreak(k).endSeq));
      const master = `${origin}/v1/master/${ACCOUNT_ID}/demo/live/master.m3u8?ads.mp4=1`;
      const masterText = await (await fetch(master)).text();
      const video = new URL(masterText.split('\n').find((l) => l.includes('manifest/') && !l.startsWith('#')) ?? '', master).toString();
      const sid = /\/manifest\/[^/]+\/[^/]+\/([0-9a-f-]{36})\//.exec(video)?.[1] ?? '';

      // First sighting of this break's MP4 ads: nothing packaged yet, the break is slate. (A live
      // playlist may hold at the break for a moment while its ads are decided: ask again.)
      let first = await redirects(video);
      for (let i = 0; i < 20 && first.length === 0; i++) {
        await sleep(250);
        first = await redirects(video);
      }
      expect(first.length, first.join('\n')).toBeGreaterThan(0);
      expect(first.every((l) => l.includes('/demo/media/slate/')), first.join('\n')).toBe(true);

      // The other demo ad shows up in VOD pods; a VOD session queues it too.
      await fetch(`${origin}/v1/master/${ACCOUNT_ID}/demo/vod/master.m3u8?ads.mp4=1`).then(async (r) => {
        const text = await r.text();
        const media = text.split('\n').find((l) => l.includes('manifest/') && !l.startsWith('#')) ?? '';
        await fetch(new URL(media, r.url));
      });
      await drained();

      // Walk the live clock to the next break (10 segments per reload, as a player would see it).
      const next = liveBreak(k + 1);
      for (let seq = liveBreak(k).endSeq + 10; seq < next.endSeq; seq += 10) {
        await setClock(at(seq));
        await fetch(video);
      }
      await setClock(at(next.endSeq));
      const later = await redirects(video);
      console.info(`[e2e] packager: first break ${first.length} slate segments (${first[0]}), later break ${later.length} packaged ad segments (${later[0]})`);
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((l) => /\/v1\/creative\/id\/ad-\d+s-progressive\/j[0-9a-f]{16}\/v\d\/seg\d{3}\.ts$/.test(l)), later.join('\n')).toBe(true);
      for (const l of later.slice(0, 2)) expect((await fetch(l)).status, l).toBe(200);

      // Server-side beacons for the packaged ads: each one's events in order.
      const deadline = Date.now() + 10_000;
      let perAd = new Map<string, string[]>();
      while (Date.now() < deadline) {
        const hits = ((await (await fetch(`${origin}/demo/beacons?sid=${sid}&limit=10000`)).json()) as { hits: BeaconHit[] }).hits;
        perAd = beaconsPerAd(hits);
        if ([...perAd.values()].some((e) => e.length >= AD_EVENTS.length)) break;
        await sleep(200);
      }
      const complete = [...perAd.values()].filter((e) => e.join() === AD_EVENTS.join());
      expect(complete.length, JSON.stringify(Object.fromEntries(perAd))).toBeGreaterThanOrEqual(1);
    } finally {
      await setClock(Date.now());
    }
  }, 60_000);

  it.skipIf(noBrowser !== undefined)('hls.js plays a VOD session of packaged MP4 ads to the end, beacons once each', async () => {
    await drained();
    const harness = await serveHarness(service?.origin ?? '');
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.context.newPage();
      const locations: string[] = [];
      page.on('response', (r) => {
        const l = r.headers()['location'];
        if (l) locations.push(l);
      });
      await page.goto(harness.url);
      await page.waitForFunction(() => 'e2e' in globalThis);
      const url = `${service?.origin}/v1/master/${ACCOUNT_ID}/demo/vod/master.m3u8?ads.mp4=1`;
      await page.evaluate(([u]) => (globalThis as unknown as { e2e: { start(u: string, c: unknown, r: number): void } }).e2e.start(u, { maxBufferLength: 60, capLevelToPlayerSize: false }, 16), [url] as const);
      const state = (): Promise<PlayerState> => page.evaluate(() => (globalThis as unknown as { e2e: { state(): PlayerState } }).e2e.state());
      let s = await state();
      const deadline = Date.now() + 40_000;
      while (!s.ended && !s.errors.some((e) => e.fatal) && Date.now() < deadline) {
        await sleep(250);
        s = await state();
      }
      const report = JSON.stringify({ t: s.currentTime, ended: s.ended, errors: s.errors, runs: runs(s.frags) });
      expect(s.errors.filter((e) => e.fatal), report).toEqual([]);
      expect(s.ended, report).toBe(true);
      expect(runs(s.frags).slice(0, 4), report).toEqual(['ad', 'content', 'ad', 'content']);
      // Every ad segment came from the packaged copies in the creative store.
      const adTargets = locations.filter((l) => !l.includes('/demo/media/content/'));
      expect(adTargets.length).toBeGreaterThan(0);
      expect(adTargets.every((l) => l.includes('/v1/creative/id/')), adTargets.join('\n')).toBe(true);
      const levelText = await (await fetch(s.levelUrl)).text();
      const ads = playlistAds(levelText);
      expect(ads.length).toBeGreaterThanOrEqual(3);
      const sid = /\/manifest\/[^/]+\/[^/]+\/([0-9a-f-]{36})\//.exec(s.levelUrl)?.[1] ?? '';
      let perAd = new Map<string, string[]>();
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        perAd = beaconsPerAd(((await (await fetch(`${service?.origin}/demo/beacons?sid=${sid}&limit=10000`)).json()) as { hits: BeaconHit[] }).hits);
        if ([...perAd.values()].filter((e) => e.length >= AD_EVENTS.length).length >= ads.length) break;
        await sleep(200);
      }
      expect(perAd.size, JSON.stringify(Object.fromEntries(perAd))).toBe(ads.length);
      for (const events of perAd.values()) expect(events).toEqual([...AD_EVENTS]);
    } finally {
      await browser?.close();
      await harness.close();
    }
  }, 60_000);

  it('two packagers on one queue packaged every creative exactly once', async () => {
    await drained();
    const done = [...logs().matchAll(/\[packager\] done (\S+) \(/g)].map((m) => m[1]);
    const claimed = [...logs().matchAll(/\[packager\] claimed (\S+) \(attempt/g)].map((m) => m[1]);
    expect(done.length, logs()).toBe(3); // the three demo ads
    expect(new Set(done).size).toBe(3);
    expect(claimed.sort(), logs()).toEqual([...done].sort());
    for (const p of packagers) expect(p.output, p.owner).toContain(`packager ${p.owner} started`);
  });
});
