/**
 * @module test/e2e/demo-page.e2e
 * The real demo page (`/demo`, demo/player-page.ts), not a harness, in headless Chromium against
 * `wrangler dev -c demo/wrangler.toml` (issue 14 §5): as a person would, pick a stream and the
 * default session mode (implicit, server-side beacons), press Play, and see the beacon list and
 * the session timeline fill in (ad blocks, beacon ticks), with no error on the page; VOD and live.
 * Also: the explicit mode's client-side beacons, DASH played by dash.js (beacons and timeline
 * too), and Play pressed twice plays one session.
 * `E2E_SCREENSHOT=1` saves the page mid-ad as docs/images/demo-mid-ad.png (docs/images/README.md).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE, liveBreak } from '../../demo/origin.ts';
import { launchChromium, unavailable, type Browser } from './browser.ts';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const why = unavailable();
if (why !== undefined) console.warn(`[e2e] demo page tests skipped: ${why}`);

interface PageState {
  beacons: string[];
  blocks: string[];
  ticks: number;
  errors: string;
  currentTime: number;
  urls: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(why !== undefined)(`the demo page in headless Chromium${why ? ` (skipped: ${why})` : ''}`, () => {
  let service: WranglerDev | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // No vendor copy here: demo/wrangler.toml's [build] makes it, as for anyone running wrangler dev.
    service = await startWranglerDev(ROOT);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  }, 20_000);

  async function open(asset: 'vod' | 'live', mode = 'implicit', dashPlayer?: 'dashjs' | 'shaka'): Promise<{ page: Page; requests: string[] }> {
    if (!browser || !service) throw new Error('setup failed');
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1150, height: 1000 });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${service.origin}/demo`);
    await page.selectOption('#asset', `${asset}/master.m3u8`);
    await page.selectOption('#mode', mode);
    if (dashPlayer) {
      await page.selectOption('#format', 'dash');
      await page.selectOption('#dashPlayer', dashPlayer);
    }
    return { page, requests };
  }

  /** What a person sees, read in the page (a string: this project compiles without DOM types). */
  const STATE_JS = `({
    beacons: [...document.querySelectorAll('#beacons li')].map((li) => li.dataset.event || ''),
    blocks: [...document.querySelectorAll('#timeline .etl-block')].map((b) => b.dataset.kind || ''),
    ticks: document.querySelectorAll('#timeline .etl-tick').length,
    errors: document.getElementById('errors')?.textContent ?? '',
    currentTime: document.getElementById('video').currentTime,
    urls: document.getElementById('urls')?.textContent ?? '',
  })`;
  const state = (page: Page): Promise<PageState> => page.evaluate<PageState>(STATE_JS);

  async function until(page: Page, done: (s: PageState) => boolean, timeoutMs: number): Promise<PageState> {
    const deadline = Date.now() + timeoutMs;
    let s = await state(page);
    while (!done(s) && Date.now() < deadline) {
      await sleep(250);
      s = await state(page);
    }
    return s;
  }

  const filledIn = (s: PageState): boolean => s.beacons.includes('impression') && s.beacons.includes('start') && s.blocks.includes('ad') && s.ticks >= 2;

  it('VOD, default mode: the beacon list and the timeline fill in', async () => {
    const { page } = await open('vod');
    try {
      await page.click('#play');
      const s = await until(page, (v) => filledIn(v) && v.currentTime > 5, 30_000);
      expect(s.errors).toBe('');
      expect(filledIn(s), JSON.stringify(s)).toBe(true);
      // The whole asset is known at once: pre-, mid- and post-roll, two ads each, content between.
      expect(s.blocks.filter((b) => b === 'ad').length).toBe(6);
      expect(s.blocks).toContain('content');
      expect(s.beacons.slice(0, 2)).toEqual(['impression', 'start']);
      if (process.env['E2E_SCREENSHOT'] === '1') {
        // Mid-ad: the pre-roll's first ad is 14 s long.
        await page.locator('#timeline .etl-block[data-kind="ad"]').first().click();
        mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
        await page.screenshot({ path: join(ROOT, 'docs', 'images', 'demo-mid-ad.png'), fullPage: true });
      }
    } finally {
      await page.close();
    }
  }, 45_000);

  it('live, default mode: the beacon list and the timeline fill in', async () => {
    const origin = service?.origin ?? '';
    // Move the demo clock so the live edge is 4 segments into the next break: hls.js starts 3
    // target durations behind the edge, in the ad.
    const nowSeq = Math.floor((Date.now() - LIVE.epochMs) / (LIVE.segmentSec * 1000));
    const brk = liveBreak(Math.floor(nowSeq / LIVE.cycleSegments) + 1);
    const targetMs = LIVE.epochMs + (brk.startSeq + 5) * LIVE.segmentSec * 1000 + 300;
    expect((await fetch(`${origin}/demo/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: targetMs - Date.now() }) })).status).toBe(200);
    const { page } = await open('live');
    try {
      await page.click('#play');
      const s = await until(page, filledIn, 30_000);
      expect(s.errors).toBe('');
      expect(filledIn(s), JSON.stringify(s)).toBe(true);
      expect(s.blocks[0]).toBe('content');
    } finally {
      await page.close();
      await fetch(`${origin}/demo/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 0 }) }).catch(() => undefined);
    }
  }, 45_000);

  it('explicit session: the page fires the tracking beacons itself, as a client-side player', async () => {
    const { page } = await open('vod', 'explicit');
    try {
      await page.click('#play');
      const s = await until(page, (v) => v.beacons.includes('firstQuartile') && v.ticks >= 3, 30_000);
      expect(s.errors).toBe('');
      expect(s.beacons.slice(0, 3)).toEqual(['impression', 'start', 'firstQuartile']);
      // Only playback events: pause, mute, clickTracking … need a viewer's action.
      expect(s.beacons.filter((b) => !['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'].includes(b))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 45_000);

  it('DASH with dash.js, VOD, default mode: the beacon list and the timeline fill in', async () => {
    const { page, requests } = await open('vod', 'implicit', 'dashjs');
    try {
      await page.click('#play');
      const s = await until(page, (v) => filledIn(v) && v.currentTime > 2, 30_000);
      expect(s.errors).toBe('');
      expect(filledIn(s), JSON.stringify(s)).toBe(true);
      expect(s.blocks.filter((b) => b === 'ad').length).toBe(6);
      expect(s.beacons.slice(0, 2)).toEqual(['impression', 'start']);
      expect(s.urls).toContain('/v1/dash/');
      expect(requests.some((u) => u.includes('/v1/dashsegment/'))).toBe(true);
    } finally {
      await page.close();
    }
  }, 45_000);

  it('Play pressed twice plays one session, with one player', async () => {
    const { page, requests } = await open('vod');
    try {
      await page.click('#play');
      await page.click('#play');
      await until(page, filledIn, 30_000);
      const seen = requests.length;
      await sleep(4_000);
      // What the page still asks for after settling: one session's playlists and panels.
      const sids = new Set(requests.slice(seen).flatMap((u) => /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/.exec(u)?.[0] ?? []));
      expect(sids.size, [...sids].join(' ')).toBe(1);
      const s = await state(page);
      expect(s.urls).toContain([...sids][0]);
      expect(s.errors).toBe('');
    } finally {
      await page.close();
    }
  }, 45_000);
});
