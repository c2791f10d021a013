/**
 * Client-side tracking API (issue 4 §1; docs/mediatailor-compat.md §3): the JSON a player polls matches the
 * manifest it plays (same ad ids = media sequence of each ad's first segment, same start times
 * and durations), carries every array field, pages by nextToken, and 400s on unknown sessions
 * and bad tokens.
 */
import { describe, expect, it } from 'vitest';
import { LIVE } from '../../demo/origin.ts';
import { parsePlaylistForCheck } from '../helpers/hls-invariants.ts';
import { ACCT, json, mediaUrls, setDemoClock, text } from './helpers.ts';

type Ev = { eventType: string; beaconUrls: string[]; startTimeInSeconds: number; eventId: string; durationInSeconds: number };
type Ad = {
  adId: string;
  startTimeInSeconds: number;
  durationInSeconds: number;
  duration: string;
  trackingEvents: Ev[];
  companionAds: unknown[];
  adVerifications: unknown[];
  extensions: unknown[];
  icons: unknown[];
  creativeId: string;
  vastAdId: string;
  adTitle: string;
  mediaFiles: { mediaFilesList: unknown[] };
};
type Avail = { availId: string; startTimeInSeconds: number; durationInSeconds: number; ads: Ad[]; adBreakTrackingEvents: unknown[]; nonLinearAdsList: unknown[]; meta: unknown };
type Tracking = { avails: Avail[]; nonLinearAvails: unknown[]; nextToken: string | null; hlsAnchorMediaSequenceNumber: number | null; dashAvailabilityStartTime: string | null };

/** Ads as the manifest shows them: runs of segments from one creative, with seq and time. */
function adsInManifest(body: string): { seq: number; startSec: number; durationSec: number; creative: string }[] {
  const p = parsePlaylistForCheck(body);
  const out: { seq: number; startSec: number; durationSec: number; creative: string }[] = [];
  let t = 0;
  let prevCreative = '';
  let prevDisc = -1;
  for (const s of p.segments) {
    const m = /\/demo\/media\/(ads\/ad-\d+s)\//.exec(s.uri);
    if (m) {
      const creative = m[1] as string;
      if (creative !== prevCreative || s.disc !== prevDisc) out.push({ seq: s.seq, startSec: t, durationSec: 0, creative });
      const last = out[out.length - 1];
      if (last) last.durationSec += s.durationSec;
      prevCreative = creative;
    } else prevCreative = '';
    prevDisc = s.disc;
    t += s.durationSec;
  }
  return out;
}

describe('tracking API', () => {
  it('VOD: complete after the first manifest, and consistent with it field by field', async () => {
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', body: '{"adsParams":{"x":"1"}}' });
    const master = await text(init.body.manifestUrl);
    const media = await text(mediaUrls(master.body, init.body.manifestUrl)[1] as string);
    const r = await json<Tracking>(init.body.trackingUrl);
    expect(r.status).toBe(200);
    const t = r.body;
    expect(t).toMatchObject({ nonLinearAvails: [], dashAvailabilityStartTime: null, hlsAnchorMediaSequenceNumber: 0 });
    expect(t.avails).toHaveLength(3);
    const inManifest = adsInManifest(media.body);
    const ads = t.avails.flatMap((a) => a.ads);
    expect(ads.map((a) => Number(a.adId))).toEqual(inManifest.map((a) => a.seq));
    ads.forEach((ad, i) => {
      const m = inManifest[i];
      expect(ad.startTimeInSeconds).toBeCloseTo(m?.startSec ?? -1, 2);
      expect(ad.durationInSeconds).toBeCloseTo(m?.durationSec ?? -1, 2);
      expect(ad.duration).toMatch(/^PT[\d.]+S$/);
      for (const k of ['companionAds', 'adVerifications', 'extensions', 'icons'] as const) expect(Array.isArray(ad[k])).toBe(true);
      const events = Object.fromEntries(ad.trackingEvents.map((e) => [e.eventType, e]));
      for (const e of ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']) {
        expect(events[e]?.beaconUrls[0]).toContain(`/demo/beacons/hit?`);
        expect(events[e]?.beaconUrls[0]).toContain(`event=${e}`);
      }
      expect(events['impression']?.durationInSeconds).toBeCloseTo(ad.durationInSeconds, 2);
      expect(events['complete']?.startTimeInSeconds).toBeCloseTo(ad.startTimeInSeconds + ad.durationInSeconds, 2);
      expect(events['midpoint']?.startTimeInSeconds).toBeCloseTo(ad.startTimeInSeconds + ad.durationInSeconds / 2, 2);
      expect(ad.vastAdId).toMatch(/^ad-\d+s-\d+-\d+$/);
      expect(ad.creativeId).toMatch(/^ad-\d+s$/);
    });
    for (const a of t.avails) {
      expect(a.availId).toBe(a.ads[0]?.adId);
      expect(Array.isArray(a.adBreakTrackingEvents)).toBe(true);
      expect(a.nonLinearAdsList).toEqual([]);
    }
    // Paging: with the token, nothing new comes back and the token stays the same.
    const again = await json<Tracking>(`${init.body.trackingUrl}?nextToken=${encodeURIComponent(t.nextToken ?? '')}`);
    expect(again.body.avails).toEqual([]);
    expect(again.body.nextToken).toBe(t.nextToken);
    const post = await json<Tracking>(init.body.trackingUrl, { method: 'POST', body: JSON.stringify({ NextToken: t.nextToken }) });
    expect(post.body.avails).toEqual([]);
  });

  it('live: grows as avails appear, and pages by nextToken', async () => {
    const at = (seq: number) => LIVE.epochMs + seq * 2000 + 500;
    await setDemoClock(at(60) - Date.now());
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo/live/master.m3u8`, { method: 'POST', body: '{}' });
    const master = await text(init.body.manifestUrl);
    const video = mediaUrls(master.body, init.body.manifestUrl)[1] as string;
    await text(video);
    const empty = await json<Tracking>(init.body.trackingUrl);
    expect(empty.body.avails).toEqual([]);
    expect(empty.body.nextToken).toBeNull();
    await setDemoClock(at(86) - Date.now());
    const media = await text(video);
    const one = await json<Tracking>(init.body.trackingUrl);
    expect(one.body.avails).toHaveLength(1);
    expect(one.body.avails[0]?.ads.map((a) => Number(a.adId))).toEqual(adsInManifest(media.body).map((a) => a.seq));
    const token = one.body.nextToken ?? '';
    await setDemoClock(at(146) - Date.now());
    await text(video);
    const next = await json<Tracking>(`${init.body.trackingUrl}?nextToken=${encodeURIComponent(token)}`);
    expect(next.body.avails).toHaveLength(1);
    expect(Number(next.body.avails[0]?.availId)).toBeGreaterThan(Number(one.body.avails[0]?.availId));
    const all = await json<Tracking>(init.body.trackingUrl);
    expect(all.body.avails).toHaveLength(2);
  });

  it('unknown session and bad tokens are 400', async () => {
    const unknown = await json<{ message: string }>(`/v1/tracking/${ACCT}/demo/6b1a2f7e-1d2c-4b5a-9e8f-0a1b2c3d4e5f`);
    expect(unknown.status).toBe(400);
    const init = await json<{ trackingUrl: string }>(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', body: '{}' });
    const bad = await json<{ message: string }>(`${init.body.trackingUrl}?nextToken=garbage!!`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/nextToken/);
  });
});
