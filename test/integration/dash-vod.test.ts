/**
 * DASH VOD through the Worker (issue 10): implicit init answers 302 with `aws.sessionId` and keeps
 * the player's parameters; the MPD has ad periods before the content at each insertion point (pre,
 * mid, post), content keeping its segments and exact timing (checked with an independent parser),
 * ad period BaseURLs through `/v1/dashsegment`; those redirect to the creative's segments only,
 * fire each beacon once and in order, and a HEAD fires nothing; explicit sessions answer
 * `{manifestUrl, trackingUrl}` and the tracking JSON names the avails and ads by period id; a VOD
 * without markers gets its avails from a VMAP, snapped to segment boundaries.
 */
import { describe, expect, it } from 'vitest';
import { ACCT, ORIGIN, json, req, text } from './helpers.ts';
import { explicitDash, implicitDash, meaning, periodsOf, type DashPeriod } from './dash-helpers.ts';

type Hit = { event: string; url: string; userAgent: string };

async function beaconHits(sid: string, want: number, timeoutMs = 8_000): Promise<Hit[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await json<{ hits: Hit[] }>(`/demo/beacons?sid=${sid}&limit=10000`);
    const hits = r.body.hits.filter((h) => h.event !== 'ads-request');
    if (hits.length >= want || Date.now() > deadline) return hits;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isAd = (p: DashPeriod): boolean => /_\d+$/.test(p.id) && p.baseUrl !== undefined;

describe('DASH VOD', () => {
  it('implicit init: 302 to the same URL with aws.sessionId, the player parameters kept, CORS', async () => {
    const r = await text(`/v1/dash/${ACCT}/demo-dash/dash/vod/index.mpd?ads.beacons=hit&player=x`, { redirect: 'manual', headers: { origin: 'https://player.example' } });
    expect(r.status).toBe(302);
    expect(r.res.headers.get('access-control-allow-origin')).toBe('*');
    const location = new URL(r.res.headers.get('location') ?? '', ORIGIN);
    expect(location.pathname).toBe(`/v1/dash/${ACCT}/demo-dash/dash/vod/index.mpd`);
    expect(location.searchParams.get('ads.beacons')).toBe('hit');
    expect(location.searchParams.get('player')).toBe('x');
    expect(location.searchParams.get('aws.sessionId')).toMatch(/^[0-9a-f-]{36}$/);
    const mpd = await req(location.toString());
    expect(mpd.status).toBe(200);
    expect(mpd.headers.get('content-type')).toBe('application/dash+xml');
    expect(mpd.headers.get('cache-control')).toBe('no-store');
    expect(mpd.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('ads before each content period; content keeps its segments at its times, shifted by the ads before it', async () => {
    const s = await implicitDash('demo-dash', 'dash/vod/index.mpd');
    const periods = periodsOf(s.body);
    // vod-1 (pre-roll), vod-2 (mid-roll), vod-3 (post-roll, before the last segment): each preceded by its ads.
    const content = periods.filter((p) => !isAd(p));
    expect(content.map((p) => p.id)).toEqual(['vod-1', 'vod-2', 'vod-3']);
    for (const c of content) {
      const i = periods.indexOf(c);
      const ads = periods.slice(0, i).reverse();
      const mine = ads.slice(0, ads.findIndex((p) => !isAd(p)) < 0 ? ads.length : ads.findIndex((p) => !isAd(p)));
      expect(mine.length, c.id).toBeGreaterThan(0);
      for (const a of mine) {
        expect(a.id).toMatch(new RegExp(`^${c.id}_\\d+$`));
        expect(a.baseUrl).toBe(`${ORIGIN}/v1/dashsegment/${ACCT}/demo-dash/${s.sid}/${c.id}/${a.id}/`);
      }
    }
    // Periods tile the timeline exactly, and the MPD duration grew by the ads.
    for (let i = 1; i < periods.length; i++) {
      const prev = periods[i - 1] as DashPeriod;
      expect(prev.startSec + (prev.durationSec ?? 0)).toBeCloseTo((periods[i] as DashPeriod).startSec, 9);
    }
    const adTotal = periods.filter(isAd).reduce((t, p) => t + (p.durationSec ?? 0), 0);
    expect(s.body).toContain(`mediaPresentationDuration="PT${Math.floor((60 + adTotal) / 60)}M${(60 + adTotal) % 60}S"`);

    // An independent parser: every origin content segment plays at its origin time + the ads inserted before it.
    const originPath = '/demo/origin/dash/vod/index.mpd';
    const origin = meaning((await text(originPath)).body, `${ORIGIN}${originPath}`);
    const out = meaning(s.body, s.url);
    const shiftAt = (originSec: number): number => {
      let shift = 0;
      let t = 0;
      for (const p of periods) {
        if (isAd(p)) shift += p.durationSec ?? 0;
        else if (t + (p.durationSec ?? 0) > originSec) return shift;
        else t += p.durationSec ?? 0;
      }
      return shift;
    };
    let checked = 0;
    for (const rep of origin) {
      for (const seg of rep.segments) {
        const found = out.filter((r) => r.id === rep.id).flatMap((r) => r.segments).filter((x) => x.url === seg.url);
        expect(found.map((x) => x.at), seg.url).toContain(Math.round((seg.at + shiftAt(seg.at)) * 1e6) / 1e6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
    // Ad segments resolve under /v1/dashsegment, one period each.
    const adSegs = out.flatMap((r) => r.segments).filter((x) => x.url.includes('/v1/dashsegment/'));
    expect(adSegs.length).toBeGreaterThan(20);
  });

  it('/v1/dashsegment redirects to the creative, fires each beacon once in order, HEAD fires nothing, unknown paths are 404', async () => {
    const s = await implicitDash('demo-dash', 'dash/vod/index.mpd', '', { 'user-agent': 'DashTest/1.0' });
    const first = periodsOf(s.body)[0] as DashPeriod;
    const base = first.baseUrl ?? '';
    const head = await req(`${base}v1/seg001.m4s`, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    const init = await req(`${base}v1/init.mp4`, { redirect: 'manual' });
    expect(init.status).toBe(302);
    expect(init.headers.get('location')).toMatch(/\/demo\/media\/ads\/ad-\d+s\/dash\/v1\/init\.mp4$/);
    for (const bad of ['v1/seg999.m4s', 'v1/../../../x.mp4', 'x/seg001.m4s', 'v1/seg001.m4s.exe']) {
      const r = await req(`${base}${bad}`, { redirect: 'manual' });
      expect(r.status, bad).toBe(404);
    }
    const wrongPeriod = await req(base.replace(/\/[^/]+\/$/, '/vod-1_99/') + 'v1/seg001.m4s', { redirect: 'manual' });
    expect(wrongPeriod.status).toBe(404);
    expect(await beaconHits(s.sid, 1, 300)).toEqual([]);
    // Play the first ad through: every video and audio segment, twice each.
    const segments = Math.round((first.durationSec ?? 0) / 2);
    for (let i = 1; i <= segments; i++) {
      for (const path of [`v1/seg${String(i).padStart(3, '0')}.m4s`, `a0/seg${String(i).padStart(3, '0')}.m4s`, `v0/seg${String(i).padStart(3, '0')}.m4s`]) {
        const r = await req(`${base}${path}`, { redirect: 'manual', headers: { 'user-agent': 'DashTest/1.0' } });
        expect(r.status, path).toBe(302);
        expect(r.headers.get('location')).toMatch(new RegExp(`/demo/media/ads/ad-\\d+s/dash/${path.replace('.', '\\.')}$`));
      }
    }
    const hits = await beaconHits(s.sid, 6);
    await new Promise((r) => setTimeout(r, 200));
    const again = await beaconHits(s.sid, 6);
    expect(again.length).toBe(hits.length);
    expect(hits.map((h) => h.event)).toEqual(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']);
    expect(new Set(hits.map((h) => new URL(h.url).searchParams.get('ad'))).size).toBe(1);
    for (const h of hits) expect(h.userAgent).toBe('DashTest/1.0');
  });

  it('explicit session: {manifestUrl, trackingUrl}; ad periods straight to the creative; tracking JSON by period id', async () => {
    const s = await explicitDash('demo-dash', 'dash/vod/index.mpd');
    expect(s.url).toContain(`/v1/dash/${ACCT}/demo-dash/dash/vod/index.mpd?aws.sessionId=`);
    const periods = periodsOf(s.body);
    const ads = periods.filter(isAd);
    expect(ads.length).toBeGreaterThanOrEqual(3);
    for (const a of ads) expect(a.baseUrl).toMatch(new RegExp(`^${ORIGIN}/demo/media/ads/ad-\\d+s/dash/$`));
    const tracking = await json<{ avails: { availId: string; startTimeInSeconds: number; ads: { adId: string; startTimeInSeconds: number; durationInSeconds: number; trackingEvents: { eventType: string; eventId: string }[] }[] }[]; dashAvailabilityStartTime: string | null; hlsAnchorMediaSequenceNumber: number | null }>(s.trackingUrl);
    expect(tracking.status).toBe(200);
    expect(tracking.body.dashAvailabilityStartTime).toBeNull();
    expect(tracking.body.hlsAnchorMediaSequenceNumber).toBeNull();
    expect(tracking.body.avails.map((a) => a.availId)).toEqual(['vod-1', 'vod-2', 'vod-3']);
    for (const avail of tracking.body.avails) {
      for (const ad of avail.ads) {
        const p = periods.find((x) => x.id === ad.adId);
        expect(p, ad.adId).toBeDefined();
        expect(ad.startTimeInSeconds).toBeCloseTo(p?.startSec ?? -1, 3);
        expect(ad.durationInSeconds).toBeCloseTo(p?.durationSec ?? -1, 3);
        expect(ad.trackingEvents.map((e) => e.eventType).slice(0, 6)).toEqual(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']);
        for (const e of ad.trackingEvents) expect(e.eventId).toBe(String(Math.round((p?.startSec ?? 0) * 90_000)));
      }
      expect(avail.startTimeInSeconds).toBeCloseTo(avail.ads[0]?.startTimeInSeconds ?? -1, 3);
    }
    // No server-side beacons for a client-side session.
    const base = `${ORIGIN}/v1/dashsegment/${ACCT}/demo-dash/${s.sid}/vod-1/vod-1_1/`;
    expect((await req(`${base}v1/seg001.m4s`, { redirect: 'manual' })).status).toBe(302);
    expect(await beaconHits(s.sid, 1, 300)).toEqual([]);
  });

  it('a VOD without markers gets its avails from a VMAP: pre-roll, mid-roll snapped to a segment boundary, post-roll', async () => {
    const s = await implicitDash('demo-vmap', 'dash/vod-vmap/index.mpd');
    const periods = periodsOf(s.body);
    const ads = periods.filter(isAd);
    const availIds = [...new Set(ads.map((p) => p.id.replace(/_\d+$/, '')))];
    // VMAP offsets: start, 00:00:30 (the start of vod-2), end (the end of vod-3, 2 s long).
    expect(availIds).toEqual(['vod-1_PT0S', 'vod-2_PT0S', 'vod-3_PT2S']);
    expect(periods[0]?.id).toBe('vod-1_PT0S_1');
    expect(periods.at(-1)?.id).toMatch(/^vod-3_PT2S_\d+$/);
  });

  it('the same ADS decision for every reload of the MPD (one ADS call per avail)', async () => {
    const s = await implicitDash('demo-dash', 'dash/vod/index.mpd');
    for (let i = 0; i < 5; i++) expect((await text(s.url)).body).toBe(s.body);
    const r = await json<{ hits: Hit[] }>(`/demo/beacons?sid=${s.sid}&limit=1000`);
    expect(r.body.hits.filter((h) => h.event === 'ads-request').length).toBe(3);
  });
});
