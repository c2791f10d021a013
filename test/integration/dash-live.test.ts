/**
 * DASH live through the Worker (issue 10): the demo's live MPD (a 30 s break every 2 minutes,
 * signalled in the XML splice_insert, binary splice_insert and XML time_signal schemes in turn)
 * advanced by the demo clock over 200 reloads of one session: every period keeps its id,
 * start and (once known) duration; every break is replaced by the same ad and slate periods on
 * every reload, filling exactly its 30 s; content after a break keeps the origin's timing; the
 * SCTE-35 EventStreams are consumed; publishTime never goes back; the MPD points back at the
 * session (Location); one ADS call per avail. Then the tracking JSON of a live session (avail ids =
 * period ids, dashAvailabilityStartTime) and the beacons of a live ad through /v1/dashsegment.
 */
import { describe, expect, it } from 'vitest';
import { DASH_LIVE, dashLiveBreak, dashLiveOverlay } from '../../demo/dash-origin.ts';
import { ACCT, ORIGIN, json, req, setDemoClock, text } from './helpers.ts';
import { explicitDash, implicitDash, meaning, periodsOf, type DashPeriod } from './dash-helpers.ts';

const LOOP_MS = DASH_LIVE.loopSec * 1000;
/** The first break period after 3 hours of stream, and the clock at a time in it. */
const FIRST_K = Math.ceil((3 * 3_600_000) / LOOP_MS / DASH_LIVE.cycleLoops) * DASH_LIVE.cycleLoops + DASH_LIVE.breakLoop;
const at = (sec: number): number => DASH_LIVE.epochMs + sec * 1000;
/** 200 reloads 3 s apart: 10 minutes of stream, five breaks (each request costs more than the last in the Workers test pool). */
const RELOADS = 200;
const RELOAD_SEC = 3;

async function moveClockTo(ms: number): Promise<void> {
  await setDemoClock(ms - Date.now());
}

describe('DASH live', () => {
  it(`keeps ids, timing and ads stable over ${RELOADS} reloads across 5 breaks; one ADS call per avail`, async () => {
    const startSec = (FIRST_K - 1) * DASH_LIVE.loopSec + 10;
    await moveClockTo(at(startSec));
    const s = await implicitDash('demo-dash', 'dash/live/index.mpd');
    const seen = new Map<string, DashPeriod>();
    const breaks = new Set<string>();
    let lastPublishMs = 0;
    let reloads = 0;
    try {
      for (let step = 0; step < RELOADS; step++) {
        const nowMs = at(startSec + step * RELOAD_SEC + 0.7);
        await moveClockTo(nowMs);
        const r = await text(s.url);
        expect(r.status, r.body).toBe(200);
        reloads++;
        const body = r.body;
        expect(body).not.toContain('urn:scte:scte35');
        expect(body).toContain(`<Location>${ORIGIN}/v1/dash/${ACCT}/demo-dash/dash/live/index.mpd?aws.sessionId=${s.sid}</Location>`);
        const publishMs = Date.parse(/publishTime="([^"]+)"/.exec(body)?.[1] ?? '');
        expect(publishMs).toBeGreaterThanOrEqual(lastPublishMs);
        lastPublishMs = publishMs;
        const periods = periodsOf(body);
        for (const p of periods) {
          const before = seen.get(p.id);
          if (before) {
            expect({ id: p.id, start: p.startSec, base: p.baseUrl }).toEqual({ id: p.id, start: before.startSec, base: before.baseUrl });
            if (before.durationSec !== undefined && p.durationSec !== undefined) expect({ id: p.id, d: p.durationSec }).toEqual({ id: p.id, d: before.durationSec });
          }
          seen.set(p.id, before?.durationSec !== undefined && p.durationSec === undefined ? { ...p, durationSec: before.durationSec } : p);
          const m = /^live-(\d+)$/.exec(p.id);
          if (m) expect(p.startSec).toBe(Number(m[1]) * DASH_LIVE.loopSec);
        }
        // Every break period is replaced by ad (and slate) periods covering its 30 s exactly.
        for (const p of periods.filter((x) => /^live-\d+_\d+$/.test(x.id))) breaks.add(p.id.replace(/_\d+$/, ''));
        for (const id of breaks) {
          const fill = periods.filter((p) => p.id.startsWith(`${id}_`));
          if (fill.length === 0) continue;
          const k = Number(id.slice('live-'.length));
          expect(dashLiveBreak(k), id).toBeDefined();
          expect(
            periods.some((p) => p.id === id),
            `${id} is replaced, not kept`,
          ).toBe(false);
          expect(fill[0]?.startSec).toBe(k * DASH_LIVE.loopSec);
          const next = periods.find((p) => p.id === `live-${k + 1}`);
          if (next) {
            const last = fill.at(-1) as DashPeriod;
            expect(last.startSec + (last.durationSec ?? 0)).toBeCloseTo(next.startSec, 9);
          }
        }
        if (step % 40 === 0) {
          // An independent parser reads the same MPD: every segment lies within its period.
          for (const rep of meaning(body, s.url, nowMs)) {
            for (const seg of rep.segments) expect(seg.at + 1e-6).toBeGreaterThanOrEqual(rep.periodStart);
          }
        }
      }
    } finally {
      await setDemoClock(0);
    }
    expect(reloads).toBe(RELOADS);
    expect(breaks.size).toBeGreaterThanOrEqual(5);
    // Pods that leave time (14 s + 10 s of a 30 s break) end with slate, numbered on: `{availId}_3`.
    expect([...seen.keys()].some((id) => /^live-\d+_3$/.test(id))).toBe(true);
    // One ADS call per avail: each break, and each overlay opportunity (0x38) of the cycle
    // (docs/dash.md "Overlay avails"), each with its own `[avail.index]`.
    const hits = await json<{ hits: { event: string; url: string }[] }>(`/demo/beacons?sid=${s.sid}&limit=10000`);
    const asked = hits.body.hits.filter((h) => h.event === 'ads-request').map((h) => new URL(h.url).searchParams.get('avail'));
    expect(new Set(asked).size).toBe(asked.length);
    const overlays = [...seen.keys()].filter((id) => /^live-\d+$/.test(id) && dashLiveOverlay(Number(id.slice('live-'.length))) !== undefined);
    expect(asked.length).toBeGreaterThan(breaks.size);
    expect(asked.length).toBeLessThanOrEqual(breaks.size + overlays.length);
  }, 120_000);

  it('tracking JSON of a live session: avail ids are period ids, times from availabilityStartTime; beacons through /v1/dashsegment', async () => {
    const k = FIRST_K + DASH_LIVE.cycleLoops * 2;
    try {
      await moveClockTo(at(k * DASH_LIVE.loopSec + 3));
      const s = await explicitDash('demo-dash', 'dash/live/index.mpd', { reportingMode: 'server' });
      const periods = periodsOf(s.body);
      const ads = periods.filter((p) => p.id.startsWith(`live-${k}_`));
      expect(ads.length).toBeGreaterThan(0);
      const tracking = await json<{
        avails: { availId: string; startTimeInSeconds: number; ads: { adId: string; startTimeInSeconds: number }[] }[];
        dashAvailabilityStartTime: string | null;
        hlsAnchorMediaSequenceNumber: null;
      }>(s.trackingUrl);
      expect(tracking.body.dashAvailabilityStartTime).toBe(new Date(DASH_LIVE.epochMs).toISOString());
      expect(tracking.body.hlsAnchorMediaSequenceNumber).toBeNull();
      const avail = tracking.body.avails.find((a) => a.availId === `live-${k}`);
      expect(avail?.startTimeInSeconds).toBe(k * DASH_LIVE.loopSec);
      for (const ad of avail?.ads ?? []) expect(ad.startTimeInSeconds).toBe(periods.find((p) => p.id === ad.adId)?.startSec);
      // The first ad played through, via its /v1/dashsegment BaseURL.
      const first = ads[0] as DashPeriod;
      for (let i = 1; i <= Math.round((first.durationSec ?? 0) / 2); i++) {
        const r = await req(`${first.baseUrl}v0/seg${String(i).padStart(3, '0')}.m4s`, { redirect: 'manual' });
        expect(r.status).toBe(302);
      }
      const deadline = Date.now() + 8_000;
      let events: string[] = [];
      while (Date.now() < deadline && events.length < 6) {
        const h = await json<{ hits: { event: string }[] }>(`/demo/beacons?sid=${s.sid}&limit=1000`);
        events = h.body.hits.filter((x) => x.event !== 'ads-request').map((x) => x.event);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(events).toEqual(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']);
    } finally {
      await setDemoClock(0);
    }
  });
});
