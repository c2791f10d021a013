/**
 * Metrics on Workers Analytics Engine (issue 14 §2; docs/metrics.md): with a `METRICS` binding the
 * SessionObject writes one data point per playback request, per ADS exchange, per avail, per
 * overlay avail and per beacon attempt, with the configuration name as index; without it, it writes none and works the
 * same. The binding is a fake that keeps the points: a SessionObject built on a session's real
 * storage with an environment that has it (the pool's local Analytics Engine drops every point).
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { SessionObject } from '../../src/platform/session-object.ts';
import { DASH_LIVE } from '../../demo/dash-origin.ts';
import { ACCT, mediaUrls, setDemoClock, text } from './helpers.ts';

interface Point {
  indexes: string[];
  blobs: string[];
  doubles: number[];
}

const claim = { accountId: ACCT, configName: 'demo' };

/** A session object of `sid` on its real storage, with a METRICS binding that records. */
async function withMetrics<T>(sid: string, run: (so: SessionObject, points: Point[]) => Promise<T>): Promise<T> {
  return runInDurableObject(env.SESSIONS.getByName(sid), async (instance, state) => {
    const points: Point[] = [];
    const METRICS = { writeDataPoint: (p: Point) => void points.push(structuredClone(p)) };
    // The running instance's own class: the same module the Worker registered its demo dispatcher in.
    const Ctor = instance.constructor as new (s: DurableObjectState, e: unknown) => SessionObject;
    return run(new Ctor(state, { ...env, METRICS }), points);
  });
}

async function implicitVod(): Promise<{ sid: string; media: string[] }> {
  const path = `/v1/master/${ACCT}/demo/vod/master.m3u8`;
  const media = mediaUrls((await text(path)).body, path);
  return { sid: /\/([0-9a-f-]{36})\//.exec(media[0] ?? '')?.[1] ?? '', media };
}

const family = (points: Point[], f: string): Point[] => points.filter((p) => p.blobs[0] === f);

describe('metrics data points', () => {
  it('writes a request point per manifest, an ads point per ADS exchange and an avail point per avail', async () => {
    const s = await implicitVod();
    const points = await withMetrics(s.sid, async (so, points) => {
      const r = await so.media(claim, 0);
      expect(r.ok).toBe(true);
      return points;
    });
    for (const p of points) {
      expect(p.indexes).toEqual(['demo']);
      expect(p.blobs.slice(1, 4)).toEqual(['demo', 'vod', 'HLS']);
    }
    const [request, ...more] = family(points, 'request');
    expect(more).toEqual([]);
    // route, outcome, origin outcome; latency, status, error, origin latency, origin error, origin timeout, origin status.
    expect(request?.blobs.slice(4)).toEqual(['media', 'ok', 'ok']);
    expect(request?.doubles.slice(1)).toEqual([200, 0, expect.any(Number), 0, 0, 200]);
    // Three insertion points: one ADS request each, all answered.
    const ads = family(points, 'ads');
    expect(ads.length).toBe(3);
    for (const p of ads) {
      expect(p.blobs.slice(4)).toEqual(['ok', 'root']);
      expect(p.doubles.slice(1)).toEqual([200, 0, 0]);
    }
    const avails = family(points, 'avail');
    expect(avails.length).toBe(3);
    for (const p of avails) {
      expect(p.blobs.slice(4)).toEqual(['filled', '']);
      const [availMs, filledMs, fillRate, responseAds, responseMs, adsFillRate, played, skipped, , failed, timedOut, empty] = p.doubles;
      expect(responseAds).toBe(2);
      expect(played).toBe(2);
      expect(skipped).toBe(0);
      // VOD insertion: the avail is what its ads fill.
      expect(availMs).toBe(filledMs);
      expect(responseMs).toBeGreaterThan(0);
      expect([fillRate, adsFillRate, failed, timedOut, empty]).toEqual([1, 1, 0, 0, 0]);
    }
  });

  it('writes beacon points per attempt, and request points for segments, tracking and unknown sessions', async () => {
    const s = await implicitVod();
    const body = (await text(s.media[0] as string)).body;
    const segment = new URL(body.split('\n').find((l) => l.includes('/segment/')) as string, s.media[0]);
    const [n, seq] = segment.pathname.split('/').slice(-2).map(Number) as [number, number];
    const points = await withMetrics(s.sid, async (so, points) => {
      expect((await so.segment({ claim, index: n, seq, client: { userAgent: 'MetricsTest/1.0' }, probe: false, requestId: 'metrics-test' })).ok).toBe(true);
      await so.flushBeacons();
      await so.tracking(claim, null);
      expect((await so.tracking({ accountId: ACCT, configName: 'demo-vmap' }, null)).ok).toBe(false);
      return points;
    });
    const requests = family(points, 'request').map((p) => [p.blobs[4], p.blobs[5], p.doubles[1], p.doubles[2]]);
    expect(requests).toEqual([
      ['segment', 'ok', 200, 0],
      ['tracking', 'ok', 200, 0],
      // The session does not belong to demo-vmap: unknown, with the configuration the URL named.
      ['tracking', 'unknown-session', 400, 1],
    ]);
    expect(family(points, 'request')[2]?.indexes).toEqual(['demo-vmap']);
    const beacons = family(points, 'beacon');
    expect(beacons.map((p) => p.blobs.slice(4))).toEqual([
      ['fired', 'impression'],
      ['fired', 'start'],
    ]);
    for (const p of beacons) expect(p.doubles.slice(1)).toEqual([204, 1, 1, 0]);
  });

  it('a DASH session: a request point per MPD (route mpd, GetManifest) and per /v1/dashsegment, scoped DASH', async () => {
    const first = await text(`/v1/dash/${ACCT}/demo-dash/dash/vod/index.mpd`, { redirect: 'manual' });
    const sid = new URL(first.res.headers.get('location') ?? '', 'http://x').searchParams.get('aws.sessionId') ?? '';
    const dashClaim = { accountId: ACCT, configName: 'demo-dash' };
    const points = await withMetrics(sid, async (so, points) => {
      expect((await so.dash({ claim: dashClaim, assetPath: 'dash/vod/index.mpd' })).ok).toBe(true);
      const seg = await so.dashSegment({
        claim: dashClaim,
        availId: 'vod-1',
        periodId: 'vod-1_1',
        path: 'v0/seg001.m4s',
        client: { userAgent: 'MetricsTest/1.0' },
        probe: false,
        requestId: 'metrics-test',
      });
      expect(seg.ok).toBe(true);
      return points;
    });
    for (const p of points) expect([p.indexes[0], ...p.blobs.slice(1, 4)]).toEqual(['demo-dash', 'demo-dash', 'vod', 'DASH']);
    const requests = family(points, 'request').map((p) => [p.blobs[4], p.blobs[5], p.blobs[6], p.doubles[1], p.doubles[6]]);
    expect(requests).toEqual([
      ['mpd', 'ok', 'ok', 200, 200],
      ['segment', 'ok', '', 200, 0],
    ]);
    expect(family(points, 'avail').length).toBe(3);
  });

  it('a DASH live overlay avail: one overlay point (AdDecisionServer.Overlay*) when its decision arrives', async () => {
    // The demo live MPD at its overlay opportunity: 10 s into period 2, published by 13.5 s.
    await setDemoClock(DASH_LIVE.epochMs + (DASH_LIVE.overlayLoop * DASH_LIVE.loopSec + 13.5) * 1000 - Date.now());
    try {
      const path = `/v1/dash/${ACCT}/demo-features-dash/dash/live/index.mpd?playerParams.origin=local&playerParams.viewer=m&aws.preroll=disabled`;
      const first = await text(path, { redirect: 'manual' });
      const sid = new URL(first.res.headers.get('location') ?? '', 'http://x').searchParams.get('aws.sessionId') ?? '';
      const dashClaim = { accountId: ACCT, configName: 'demo-features-dash' };
      const points = await withMetrics(sid, async (so, points) => {
        expect((await so.dash({ claim: dashClaim, assetPath: 'dash/live/index.mpd' })).ok).toBe(true);
        // Nothing waits for an overlay's decision: its point comes when the decision does.
        for (let i = 0; i < 50 && family(points, 'overlay').length === 0; i++) await new Promise((r) => setTimeout(r, 100));
        return points;
      });
      const [overlay, ...more] = family(points, 'overlay');
      expect(more).toEqual([]);
      expect(overlay?.blobs.slice(1)).toEqual(['demo-features-dash', 'live', 'DASH', 'filled', '']);
      // ads, filled, min suggested ms, latency, error, timeout.
      expect(overlay?.doubles).toEqual([1, 1, expect.any(Number), expect.any(Number), 0, 0]);
      expect(overlay?.doubles[2]).toBeGreaterThan(0);
    } finally {
      await setDemoClock(0);
    }
  });

  it('writes nothing, and fails nothing, without the binding', async () => {
    // The demo Worker's configuration declares no METRICS binding (docs/metrics.md: opt in).
    expect((env as { METRICS?: unknown }).METRICS).toBeUndefined();
    const s = await implicitVod();
    const r = await runInDurableObject(env.SESSIONS.getByName(s.sid), async (instance) => (instance as SessionObject).media(claim, 0));
    expect(r.ok).toBe(true);
  });
});
