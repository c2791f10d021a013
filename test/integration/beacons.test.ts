/**
 * Server-side beacons on /v1/segment (issue 4 §2, §4; docs/mediatailor-compat.md §4): each event fires
 * once per session whatever the retries, renditions or parallel requests; in order per ad; with
 * the player's User-Agent and X-Forwarded-For; a slow or failing beacon endpoint does not slow the
 * redirect; failures are retried from the durable outbox.
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ACCT, json, mediaUrls, req, text } from './helpers.ts';

type Hit = { event: string; url: string; userAgent: string; forwardedFor: string; seq: number };

async function vodSession(query = ''): Promise<{ sid: string; playlists: string[]; segmentUrls: string[][] }> {
  const path = `/v1/master/${ACCT}/demo/vod/master.m3u8${query}`;
  const master = await text(path, { headers: { 'user-agent': 'TestPlayer/1.0', 'x-forwarded-for': '203.0.113.7' } });
  const playlists = mediaUrls(master.body, path);
  const sid = /\/([0-9a-f-]{36})\//.exec(playlists[0] ?? '')?.[1] ?? '';
  const segmentUrls: string[][] = [];
  for (const p of playlists) {
    const body = (await text(p)).body;
    segmentUrls.push(
      body
        .split('\n')
        .filter((l) => l.includes('/segment/'))
        .map((l) => new URL(l, p).toString()),
    );
  }
  return { sid, playlists, segmentUrls };
}

async function hitsFor(sid: string, want: number, timeoutMs = 8_000): Promise<Hit[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await json<{ hits: Hit[] }>(`/demo/beacons?sid=${sid}&limit=10000`);
    const beacons = r.body.hits.filter((h) => h.event !== 'ads-request');
    if (beacons.length >= want || Date.now() > deadline) return beacons;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const segmentGet = (u: string, headers: Record<string, string> = {}) => req(u, { redirect: 'manual', headers: { 'user-agent': 'TestPlayer/1.0', 'x-forwarded-for': '203.0.113.7', ...headers } });

describe('server-side beacons', () => {
  it('fires each event once, in order, whatever the parallel and repeated requests across renditions', async () => {
    const s = await vodSession();
    // Renditions with ad segments behind /v1/segment: both video variants and the audio group.
    const [low, high, audio] = s.segmentUrls.filter((l) => l.length > 0) as [string[], string[], string[]];
    // The pre-roll: play it through in every rendition, with 20 parallel duplicates of each request.
    const preroll = Math.min(audio.length, low.length, high.length, 12);
    for (let i = 0; i < preroll; i++) {
      const burst = Array.from({ length: 20 }, (_, j) => segmentGet([audio, low, high][j % 3]?.[i] as string));
      const responses = await Promise.all(burst);
      for (const r of responses) expect(r.status).toBe(302);
    }
    // Two ads in the pre-roll: impression, start, 3 quartiles, complete each → 12 distinct events.
    const hits = await hitsFor(s.sid, 12);
    await new Promise((r) => setTimeout(r, 300));
    const again = await hitsFor(s.sid, 12);
    expect(again.length).toBe(hits.length);
    const byAd = new Map<string, string[]>();
    for (const h of hits) {
      const ad = new URL(h.url).searchParams.get('ad') ?? '';
      byAd.set(ad, [...(byAd.get(ad) ?? []), h.event]);
    }
    expect(byAd.size).toBe(2);
    for (const events of byAd.values()) {
      expect(events).toEqual(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']);
    }
    for (const h of hits) {
      expect(h.userAgent).toBe('TestPlayer/1.0');
      expect(h.forwardedFor).toBe('203.0.113.7');
    }
  });

  it('answers the redirect at once when the beacon endpoint takes 2 s, and still fires the beacons', async () => {
    const s = await vodSession('?ads.beacons=slow');
    const first = s.segmentUrls[0]?.[0] as string;
    const t0 = Date.now();
    const r = await segmentGet(first);
    const elapsed = Date.now() - t0;
    expect(r.status).toBe(302);
    expect(elapsed).toBeLessThan(1_000);
    const hits = await hitsFor(s.sid, 2, 10_000);
    expect(hits.map((h) => h.event)).toEqual(['impression', 'start']);
  });

  it('retries failed beacons from the durable outbox (alarm), keeping the order per ad', async () => {
    const s = await vodSession('?ads.beacons=flaky');
    expect((await segmentGet(s.segmentUrls[0]?.[0] as string)).status).toBe(302);
    const stub = env.SESSIONS.getByName(s.sid);
    // The first attempts failed (503) and wait in the outbox; make them due and run the alarm.
    let pending = 0;
    for (let i = 0; i < 50 && pending === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      pending = await runInDurableObject(stub, (_o, state) => [...state.storage.kv.list({ prefix: 'beacon:' })].length);
    }
    expect(pending).toBeGreaterThan(0);
    // Each beacon's first attempt fails; `start`'s first attempt waits for `impression`'s (in order
    // per ad and host), and each retry goes after the earlier event's retry due at the same time;
    // then fails once itself. Make the retries due and run the alarm until the outbox is empty.
    for (let round = 0; round < 4; round++) {
      await runInDurableObject(stub, (_o, state) => {
        for (const [k, v] of state.storage.kv.list<{ beacon: { nextAttemptAtMs: number } }>({ prefix: 'beacon:' })) {
          state.storage.kv.put(k, { ...v, beacon: { ...v.beacon, nextAttemptAtMs: 0 } });
        }
      });
      expect(await runDurableObjectAlarm(stub)).toBe(true);
    }
    const hits = await hitsFor(s.sid, 2);
    expect(hits.map((h) => h.event)).toEqual(['impression', 'start']);
    expect(await runInDurableObject(stub, (_o, state) => [...state.storage.kv.list({ prefix: 'beacon:' })].length)).toBe(0);
  });

  it('an unknown segment is a JSON 404, and client-side sessions link ads directly', async () => {
    const s = await vodSession();
    const r = await json<{ message: string }>(`/v1/segment/${ACCT}/demo/${s.sid}/1/99999`);
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('unknown ad segment');
    const init = await json<{ manifestUrl: string }>(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', body: '{}' });
    const master = await text(init.body.manifestUrl);
    const media = await text(mediaUrls(master.body, init.body.manifestUrl)[1] as string);
    expect(media.body).not.toContain('/segment/');
    expect(media.body).toMatch(/\/demo\/media\/ads\/ad-\d+s\/v\d\/seg000\.ts/);
  });

  it('hybrid mode: an explicit session with reportingMode "server" gets the tracking API and server-side beacons', async () => {
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', body: '{"reportingMode":"server"}' });
    const master = await text(init.body.manifestUrl);
    const playlist = mediaUrls(master.body, init.body.manifestUrl)[0] as string;
    const media = await text(playlist);
    const segment = media.body.split('\n').find((l) => l.includes('/segment/'));
    expect(segment).toBeDefined();
    const tracking = await json<{ avails: { ads: { trackingEvents: { eventType: string; beaconUrls: string[] }[] }[] }[] }>(init.body.trackingUrl);
    expect(tracking.body.avails.length).toBe(3);
    const sid = new URL(init.body.manifestUrl, 'http://x').searchParams.get('aws.sessionId') as string;
    expect((await segmentGet(new URL(segment as string, playlist).toString())).status).toBe(302);
    const hits = await hitsFor(sid, 2);
    expect(hits.map((h) => h.event)).toEqual(['impression', 'start']);
    // The beacons fired are the ones the tracking API lists for the first ad.
    const first = tracking.body.avails[0]?.ads[0]?.trackingEvents.find((e) => e.eventType === 'impression');
    expect(hits[0]?.url).toBe(first?.beaconUrls[0]);
  });
});
