/**
 * Live ad insertion over many reloads (issue 3 §6; docs/architecture.md §6 invariants 1–5): the demo's live
 * origin advances (breaks every 2 minutes in three marker dialects), all renditions of a session
 * (two video variants and the audio group) reload at every step, every response is checked, and
 * every response parses cleanly in an independent HLS parser (m3u8-parser).
 */
import { Parser } from 'm3u8-parser';
import { describe, expect, it } from 'vitest';
import { LIVE } from '../../demo/origin.ts';
import { InvariantChecker, parsePlaylistForCheck } from '../helpers/hls-invariants.ts';
import { ACCT, json, mediaUrls, setDemoClock, text } from './helpers.ts';

/**
 * A segment's identity across renditions (invariant 3): the content segment it is (video, audio
 * and subtitle segments of one loop position alike), or "ad" for anything stitched in (ad and
 * slate segments, /v1/segment links, blank WebVTT). Which ad plays where is checked per rendition
 * by the pure simulation (test/unit/hls/live-stitch.test.ts).
 */
const identify = (uri: string): string => {
  const content = /\/content\/(?:v|a)\d+\/seg(\d{3})\.ts$|\/vtt\/seg(\d{3})\.vtt$/.exec(uri);
  if (content) return `content:${content[1] ?? content[2]}`;
  return /\/segment\/|\/ads\/|\/slate\/|blank\.vtt/.test(uri) ? 'ad' : uri;
};
const at = (seq: number): number => LIVE.epochMs + seq * 2000 + 500;

async function moveTo(seq: number): Promise<void> {
  await setDemoClock(at(seq) - Date.now());
}

async function startSession(query = ''): Promise<{ urls: string[]; sid: string }> {
  const path = `/v1/master/${ACCT}/demo/live/master.m3u8${query}`;
  const master = await text(path);
  expect(master.status).toBe(200);
  const urls = mediaUrls(master.body, path);
  const sid = /\/([0-9a-f-]{36})\//.exec(urls[0] ?? '')?.[1] ?? '';
  return { urls, sid };
}

function parseIndependently(body: string): void {
  const parser = new Parser();
  const warnings: string[] = [];
  parser.on('warn', (w: { message: string }) => warnings.push(w.message));
  parser.push(body);
  parser.end();
  expect(warnings).toEqual([]);
  expect(parser.manifest.segments?.length ?? 0).toBeGreaterThan(0);
}

describe('live ad insertion across reloads', () => {
  it('keeps every invariant for all renditions over several breaks, with ads and slate stitched', async () => {
    await moveTo(55);
    const s = await startSession();
    const checker = new InvariantChecker(identify);
    let adSegments = 0;
    let slateSegments = 0;
    let lastAudio = '';
    let lastSubs = '';
    for (let seq = 55; seq <= 55 + 3 * LIVE.cycleSegments; seq += 2) {
      await moveTo(seq);
      for (const u of s.urls) {
        const r = await text(u);
        expect(r.status).toBe(200);
        checker.check(u, r.body);
        parseIndependently(r.body);
        adSegments += (r.body.match(/\/segment\//g) ?? []).length;
        if (u.endsWith('/0.m3u8')) lastAudio = r.body;
        if (u.endsWith('/1.m3u8') && r.body.includes('/webvtt/')) lastSubs = r.body;
      }
    }
    expect(checker.violations).toEqual([]);
    expect(adSegments).toBeGreaterThan(100);
    // Subtitles show blank WebVTT over the ads.
    expect(lastSubs).toContain('/webvtt/');
    // Server-side reporting: ad segments go through /v1/segment, which redirects to the ad media.
    const segLine = lastAudio.split('\n').find((l) => l.includes('/segment/'));
    if (segLine) {
      const redirect = await text(new URL(segLine, s.urls[0]).toString(), { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const location = redirect.res.headers.get('location') ?? '';
      expect(location).toMatch(/\/demo\/media\/(ads\/ad-\d+s|slate)\/a0\/seg\d{3}\.ts$/);
      if (location.includes('/slate/')) slateSegments++;
    }
    // One ADS request per avail, however many renditions asked (docs/architecture.md §11).
    const hits = await json<{ hits: { event: string; url: string }[] }>(`/demo/beacons?sid=${s.sid}`);
    const requests = hits.body.hits.filter((h) => h.event === 'ads-request');
    const avails = requests.map((h) => new URL(h.url).searchParams.get('avail'));
    expect(new Set(avails).size).toBe(avails.length);
    expect(requests.length).toBeGreaterThanOrEqual(3);
    void slateSegments;
  });

  it('stitches the demo ads (not slate) for a client-side session, and a break lasts as long as its content', async () => {
    await moveTo(60);
    const init = await json<{ manifestUrl: string }>(`/v1/session/${ACCT}/demo/live/master.m3u8`, { method: 'POST', body: '{}' });
    const master = await text(init.body.manifestUrl);
    const urls = mediaUrls(master.body, init.body.manifestUrl);
    const video = urls[0] as string;
    await text(video);
    // The break of cycle 1 covers origin segments 70..84 (30 s); at seq 86 the window shows it all.
    await moveTo(86);
    const r = await text(video);
    const p = parsePlaylistForCheck(r.body);
    const ad = p.segments.filter((x) => /\/(ads|slate)\//.test(x.uri));
    const total = ad.reduce((t, x) => t + x.durationSec, 0);
    expect(ad[0]?.uri).toMatch(/\/demo\/media\/ads\/ad-\d+s\/v\d\/seg000\.ts$/);
    expect(Math.abs(total - 30)).toBeLessThanOrEqual(2);
    expect(r.body).toContain('#EXT-X-PROGRAM-DATE-TIME');
    expect(r.body).not.toMatch(/CUE-OUT|CUE-IN|OATCLS/);
  });

  it('joins a session mid-break without breaking numbering (the break plays content)', async () => {
    // Break 3 (CUE-OUT dialect) covers origin segments 190..204; at 211 the window (191..210) has lost its CUE-OUT.
    await moveTo(211);
    const s = await startSession();
    const checker = new InvariantChecker(identify);
    for (let seq = 211; seq <= 240; seq++) {
      await moveTo(seq);
      for (const u of s.urls) {
        const body = (await text(u)).body;
        checker.check(u, body);
        if (seq < 215) expect(body).not.toContain('/segment/');
      }
    }
    expect(checker.violations).toEqual([]);
  });
});
