/**
 * @module test/e2e/player.e2e
 * End to end (DESIGN §12): a real player, hls.js in headless Chromium, plays the demo through the
 * service started with `wrangler dev`, from a page on another origin, and the beacons land in order.
 * - VOD (`vod/master.m3u8`, implicit session): played at 16× from the pre-roll through the
 *   mid-roll and post-roll to the end, with no fatal hls.js error; every ad segment the player
 *   fetched went through a `/v1/segment/…` redirect to the ad media; the beacon sink shows, for
 *   each ad, impression → start → quartiles → complete exactly once, with the player's User-Agent.
 * - Live (`live/master.m3u8`): the demo clock is moved so the window holds a whole break (`cue`
 *   markers unless E2E_LIVE_DIALECT says `daterange` or `oatcls`) starting 6 s after the player's
 *   start position; played at 4× across content → ad → content without a fatal error, and the
 *   beacons so far are in order per ad, none twice.
 * - Ad ID signaling (`aws.adSignalingEnabled=true`): on VOD hls.js parses one SVA DATERANGE per
 *   ad (opened and closed) with its payload at the ad's time; live, the page's metadata track
 *   holds the payload as a cue where the ad starts.
 * Skips (with the reason in its name) where Chromium or playwright-core is missing.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE, liveBreak } from '../../demo/origin.ts';
import { unavailable, type Browser } from './browser.ts';
import { pollUntil, sleep, startPlayerServices, stopPlayerServices } from './player-services.ts';
import { AD_EVENTS, beaconsPerAd, isOrderedPrefix, kindOf, playlistAds, runs, type BeaconHit } from './playback-facts.ts';
import { serveHarness, type PlayerDateRange, type PlayerState } from './player-harness.ts';
import type { WranglerDev } from './wrangler-dev.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ACCOUNT_ID = /^ACCOUNT_ID\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))?.[1] ?? '';
// Live breaks rotate their marker dialect; E2E_LIVE_DIALECT picks which one the test plays across.
const LIVE_DIALECT = (['cue', 'daterange', 'oatcls'] as const).find((d) => d === process.env['E2E_LIVE_DIALECT']) ?? 'cue';
const why = unavailable();
if (why !== undefined) console.warn(`[e2e] hls.js browser tests skipped: ${why}`);

interface NetEntry {
  url: string;
  status: number;
  location?: string;
}

describe.skipIf(why !== undefined)(`hls.js in headless Chromium plays the demo through the service${why ? ` (skipped: ${why})` : ''}`, () => {
  let service: WranglerDev | undefined;
  let harness: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ({ service, harness, browser } = await startPlayerServices(ROOT, serveHarness));
  }, 60_000);

  afterAll(() => stopPlayerServices({ ...(service ? { service } : {}), ...(harness ? { harness } : {}), ...(browser ? { browser } : {}) }), 20_000);

  /** Opens the harness, records every response (redirects included), starts playback. */
  async function play(url: string, config: Record<string, unknown>, rate: number): Promise<{ page: Page; net: NetEntry[]; state: () => Promise<PlayerState> }> {
    if (!browser || !harness) throw new Error('setup failed');
    const page = await browser.context.newPage();
    const net: NetEntry[] = [];
    page.on('response', (r) => {
      const location = r.headers()['location'];
      net.push({ url: r.url(), status: r.status(), ...(location ? { location } : {}) });
    });
    await page.goto(harness.url);
    await page.waitForFunction(() => 'e2e' in globalThis);
    await page.evaluate(([u, c, r]) => (globalThis as unknown as { e2e: { start(u: string, c: unknown, r: number): void } }).e2e.start(u, c, r), [url, config, rate] as const);
    const state = (): Promise<PlayerState> => page.evaluate(() => (globalThis as unknown as { e2e: { state(): PlayerState } }).e2e.state());
    return { page, net, state };
  }

  async function beacons(sid: string): Promise<BeaconHit[]> {
    const res = await fetch(`${service?.origin}/demo/beacons?sid=${sid}&limit=10000`);
    return ((await res.json()) as { hits: BeaconHit[] }).hits;
  }

  const sessionId = (levelUrl: string): string => /\/manifest\/[^/]+\/[^/]+\/([0-9a-f-]{36})\//.exec(levelUrl)?.[1] ?? '';
  const report = (s: PlayerState): string =>
    JSON.stringify({ t: s.currentTime, duration: s.duration, ended: s.ended, paused: s.paused, readyState: s.readyState, buffered: s.buffered, playError: s.playError, errors: s.errors, runs: runs(s.frags), lastFrags: s.frags.slice(-4) }, null, 1);

  /** One line for the run log: how far playback went, through what, and any non-fatal hls.js errors. */
  const summary = (label: string, s: PlayerState, sinceMs: number): void => {
    const nonFatal = new Map<string, number>();
    for (const e of s.errors) nonFatal.set(e.details, (nonFatal.get(e.details) ?? 0) + 1);
    console.info(`[e2e] ${label}: ${s.currentTime.toFixed(1)} s of media in ${((Date.now() - sinceMs) / 1000).toFixed(1)} s at ${s.playbackRate}x; runs ${runs(s.frags).join(' > ')}; non-fatal hls.js errors ${JSON.stringify(Object.fromEntries(nonFatal))}`);
    for (const e of s.errors.filter((x) => x.details !== 'bufferStalledError')) console.info(`[e2e]   ${e.details} at ${e.atTime.toFixed(2)} s: ${e.error ?? e.reason ?? ''} (${e.url ?? ''}, frag ${JSON.stringify(e.frag)})`);
  };

  const signalingRanges = (v: PlayerState): PlayerDateRange[] => Object.values(v.dateRanges).filter((r) => r.class === 'urn:sva:advertising-wg:ad-id-signaling');
  const signalingPayload = (r: PlayerDateRange): { ad_position: string; creative_id: string; custom_vast_data: string } =>
    (JSON.parse(atob(r.custom['X-AD-CREATIVE-SIGNALING'] ?? '')) as { identifiers: { ad_position: string; creative_id: string; custom_vast_data: string }[] }).identifiers[0] ?? { ad_position: '', creative_id: '', custom_vast_data: '' };

  it('VOD: plays pre-roll, content, mid-roll, content, post-roll to the end; beacons once each, in order', async () => {
    const t0 = Date.now();
    const { page, net, state } = await play(`${service?.origin}/v1/master/${ACCOUNT_ID}/demo/vod/master.m3u8`, { maxBufferLength: 60, capLevelToPlayerSize: false }, 16);
    try {
      const s = await pollUntil(state, (v) => v.ended || v.errors.some((e) => e.fatal), 40_000);
      summary('VOD', s, t0);
      expect(s.errors.filter((e) => e.fatal), report(s)).toEqual([]);
      expect(s.playError, report(s)).toBeUndefined();
      expect(s.playbackRate).toBe(16);
      expect(s.ended, report(s)).toBe(true);
      expect(s.currentTime, report(s)).toBeGreaterThan(s.duration - 1);
      // The playhead went through the pre-roll into content, across the mid-roll into content again.
      expect(runs(s.frags).slice(0, 4), report(s)).toEqual(['ad', 'content', 'ad', 'content']);
      expect(runs(s.frags), report(s)).not.toContain('other');

      // Ads came through /v1/segment redirects to the ad media; content came straight from the origin.
      const segmentHits = net.filter((n) => kindOf(n.url) === 'ad');
      expect(segmentHits.length).toBeGreaterThan(0);
      for (const n of segmentHits) {
        expect(n.status, n.url).toBeGreaterThanOrEqual(300);
        expect(n.status, n.url).toBeLessThan(400);
        expect(n.location ?? '', n.url).toMatch(/\/demo\/media\/(ads|slate)\//);
        const target = new URL(n.location ?? '', n.url).toString();
        expect(net.find((m) => m.url === target)?.status, target).toBe(200);
      }
      const levelText = await (await fetch(s.levelUrl)).text();
      const ads = playlistAds(levelText);
      expect(ads.length, levelText).toBeGreaterThanOrEqual(3);
      const fetchedSeqs = new Set(segmentHits.map((n) => Number(/\/(\d+)$/.exec(new URL(n.url).pathname)?.[1])));
      for (const ad of ads) for (const seq of ad.seqs) expect(fetchedSeqs.has(seq), `ad segment ${seq} not fetched through /v1/segment`).toBe(true);

      // Beacons: every ad played to the end reports the whole sequence, once, in order.
      const sid = sessionId(s.levelUrl);
      expect(sid).not.toBe('');
      const hits = await pollUntil(() => beacons(sid), (h) => [...beaconsPerAd(h).values()].filter((e) => e.length >= AD_EVENTS.length).length >= ads.length, 10_000);
      const perAd = beaconsPerAd(hits);
      const shown = JSON.stringify(Object.fromEntries(perAd), null, 1);
      expect(perAd.size, shown).toBe(ads.length);
      for (const events of perAd.values()) expect(events, shown).toEqual([...AD_EVENTS]);
      for (const h of hits.filter((x) => x.event !== 'ads-request')) expect(h.userAgent, h.url).toContain('Chrome');
    } finally {
      await page.close();
    }
  }, 55_000);

  it('ad ID signaling (VOD): hls.js parses one DATERANGE per ad, opened and closed, with its payload, at the ad\'s time', async () => {
    const { page, state } = await play(`${service?.origin}/v1/master/${ACCOUNT_ID}/demo/vod/master.m3u8?aws.adSignalingEnabled=true`, { maxBufferLength: 10 }, 1);
    try {
      const s = await pollUntil(state, (v) => signalingRanges(v).length > 0 || v.errors.some((e) => e.fatal), 20_000);
      expect(s.errors.filter((e) => e.fatal), report(s)).toEqual([]);
      const levelText = await (await fetch(s.levelUrl)).text();
      const ads = playlistAds(levelText);
      const ranges = signalingRanges(s).sort((a, b) => a.startDate.localeCompare(b.startDate));
      expect(ranges.length, JSON.stringify(s.dateRanges)).toBe(ads.length);
      // Where each ad starts in the playlist: seconds from its first segment, dated 1970-01-01T00:00:00Z.
      const startSec = new Map<number, number>();
      let t = 0;
      let duration = 0;
      for (const line of levelText.split('\n')) {
        if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
        else if (line !== '' && !line.startsWith('#')) {
          const seq = /\/segment\/(?:[^/]+\/){4}(\d+)\s*$/.exec(line)?.[1];
          if (seq !== undefined) startSec.set(Number(seq), t);
          t += duration;
        }
      }
      ranges.forEach((r, i) => {
        // hls.js merged the opening and closing tags of the ID into one range with an end.
        expect(r.endDate, JSON.stringify(r)).toBeDefined();
        expect(r.duration).toBeGreaterThan(0);
        const id = signalingPayload(r);
        const firstSeq = ads[i]?.seqs[0] ?? -1;
        expect(id.ad_position).toBe(String(firstSeq));
        expect(id.creative_id).toMatch(/^ad-\d+s$/);
        expect(id.custom_vast_data).toMatch(/^demo\|/);
        expect(Date.parse(r.startDate) / 1000).toBeCloseTo(startSec.get(firstSeq) ?? -1, 2);
        expect(r.startTime ?? -1).toBeCloseTo(startSec.get(firstSeq) ?? -2, 2);
      });
    } finally {
      await page.close();
    }
  }, 30_000);

  it('client-side beacons: cross-origin POSTs from the page (as Shaka Player sends them) reach the demo sink', async () => {
    if (!browser || !harness) throw new Error('setup failed');
    const page = await browser.context.newPage();
    try {
      await page.goto(harness.url);
      const sid = `cors-${Date.now()}`;
      const base = `${service?.origin}/demo/beacons/hit?sid=${sid}`;
      // A JSON POST needs a preflight; a text/plain one (navigator.sendBeacon's kind) does not.
      const statuses = await page.evaluate(async (u) => {
        const json = await fetch(`${u}&event=impression`, { method: 'POST', mode: 'cors', headers: { 'content-type': 'application/json' }, body: '{}' });
        const plain = await fetch(`${u}&event=start`, { method: 'POST', mode: 'cors', body: 'x' });
        const missing = await fetch(`${u.replace('/hit?', '/nope?')}`, { mode: 'cors' });
        return [json.status, plain.status, missing.status];
      }, base);
      expect(statuses).toEqual([204, 204, 404]);
      expect((await beacons(sid)).map((h) => h.event)).toEqual(['impression', 'start']);
    } finally {
      await page.close();
    }
  });

  it('live: plays content → ad → content across both discontinuities with no fatal error', async () => {
    const origin = service?.origin ?? '';
    // The first upcoming break signalled in the chosen dialect. Move the clock so the last
    // completed segment is the first one after that break: the 20-segment window then holds 4
    // content segments, the whole 15-segment break, and 1 content segment after it.
    const nowSeq = Math.floor((Date.now() - LIVE.epochMs) / (LIVE.segmentSec * 1000));
    let k = Math.floor(nowSeq / LIVE.cycleSegments) + 1;
    while (liveBreak(k).dialect !== LIVE_DIALECT) k++;
    const lastSeq = liveBreak(k).endSeq;
    const targetMs = LIVE.epochMs + (lastSeq + 1) * LIVE.segmentSec * 1000 + 300;
    const clock = await fetch(`${origin}/demo/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: targetMs - Date.now() }) });
    expect(clock.status).toBe(200);

    // Start 2 s into the window (6 s before the break) and play at 4×: ~40 s of media, ~10 s here.
    const windowSec = LIVE.windowSegments * LIVE.segmentSec;
    const t0 = Date.now();
    const { page, state } = await play(`${origin}/v1/master/${ACCOUNT_ID}/demo/live/master.m3u8?aws.adSignalingEnabled=true`, { liveSyncDuration: windowSec - 2, maxBufferLength: 40 }, 4);
    try {
      // Crossed: the playhead entered content after an ad and went on for 2 s of media.
      const crossed = (v: PlayerState): boolean => {
        const lastAd = v.frags.findLastIndex((f) => kindOf(f.url) === 'ad');
        const back = lastAd >= 0 ? v.frags.slice(lastAd + 1).find((f) => kindOf(f.url) === 'content') : undefined;
        return back !== undefined && v.currentTime > back.atTime + 2;
      };
      const s = await pollUntil(state, (v) => crossed(v) || v.errors.some((e) => e.fatal), 30_000);
      summary(`live (${LIVE_DIALECT} markers)`, s, t0);
      expect(s.errors.filter((e) => e.fatal), report(s)).toEqual([]);
      expect(s.playError, report(s)).toBeUndefined();
      expect(runs(s.frags).slice(0, 3), report(s)).toEqual(['content', 'ad', 'content']);
      expect(crossed(s), report(s)).toBe(true);
      // Still playing after the ad → content discontinuity.
      const before = s.currentTime;
      await sleep(500);
      const after = await state();
      expect(after.currentTime, report(after)).toBeGreaterThan(before);

      // Ad ID signaling: the page's metadata track holds each ad's payload as a cue starting where
      // the player entered the ad's first segment (hls.js dates cues from the live program date-times).
      const cues = after.metadataCues.filter((c) => c.key === 'X-AD-CREATIVE-SIGNALING');
      const firstAd = after.frags.find((f) => kindOf(f.url) === 'ad');
      expect(cues.length, JSON.stringify(after.dateRanges)).toBeGreaterThan(0);
      const cue = cues.find((c) => Math.abs(c.startTime - (firstAd?.start ?? -1)) < 0.1);
      expect(cue, JSON.stringify({ cues, firstAd })).toBeDefined();
      const range = signalingRanges(after).find((r) => r.custom['X-AD-CREATIVE-SIGNALING'] === cue?.data);
      expect(range && signalingPayload(range).creative_id).toMatch(/^ad-\d+s$/);
      expect((cue?.endTime ?? 0) - (cue?.startTime ?? 0)).toBeCloseTo(range?.duration ?? -1, 1);

      // Live beacons: per ad, in order and never twice (server-side, as the segments were fetched).
      const hits = await beacons(sessionId(s.levelUrl));
      const perAd = beaconsPerAd(hits);
      expect(perAd.size, JSON.stringify(hits)).toBeGreaterThan(0);
      for (const events of perAd.values()) expect(isOrderedPrefix(events), JSON.stringify(Object.fromEntries(perAd))).toBe(true);
    } finally {
      await page.close();
      await fetch(`${origin}/demo/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 0 }) }).catch(() => undefined);
    }
  }, 45_000);
});
