/**
 * Bumpers in DASH sessions (core/session/dash-periods; MediaTailor "Bumpers"): the start bumper
 * is the break's first period, the end bumper its last (after the slate), the ads are fitted to
 * what they leave; without slate the content returns where the end bumper ends; a VOD insertion
 * is framed by them. The tracking JSON counts them in the avail, not as ads; `/v1/dashsegment`
 * serves their segments without beacons; a bumper that cannot play in the stream (no audio for
 * the content's audio) is left out with its reason in the ad log.
 */
import { describe, expect, it } from 'vitest';
import type { AdLogEvent } from '../../../src/core/logs/events.ts';
import { dashAdSegment } from '../../../src/core/session/dash-segment.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import { DASH_LIVE, dashLiveMpd, dashVodMpd } from '../../../demo/dash-origin.ts';
import { DashSession, servedPeriods, SELF, SID, dashRecord, demoDashClip } from '../../helpers/dash-session.ts';

const ROOT = 'https://origin.example/media/';
const K = 401;
const BREAK_START = K * DASH_LIVE.loopSec;
const nowAt = (sec: number): number => DASH_LIVE.epochMs + sec * 1000;

const periods = servedPeriods;
const filled = (events: readonly unknown[]) => (events as AdLogEvent[]).filter((e): e is Extract<AdLogEvent, { kind: 'filled-avail' }> => e.kind === 'filled-avail');
const BUMPERS = { start: demoDashClip('bumper-in', 4), end: demoDashClip('bumper-out', 4, 'ad-14s') };

describe('DASH bumpers, live', () => {
  it('start bumper, ads, slate, end bumper fill the 30 s break in that order; ads fitted to what the bumpers leave', () => {
    // 30 s − 8 s of bumpers leaves 22 s: two 10 s ads fit, the 14 s one does not.
    const s = new DashSession(dashRecord(), () => ['ad-10s', 'ad-14s', 'ad-10s'], 'slate', BUMPERS);
    const text = s.serve(dashLiveMpd(ROOT, nowAt(BREAK_START + 33)));
    const ps = periods(text).filter((p) => p.id.startsWith(`live-${K}_`));
    expect(ps.map((p) => [p.id, p.start - BREAK_START, p.duration])).toEqual([
      [`live-${K}_1`, 0, 4],
      [`live-${K}_2`, 4, 10],
      [`live-${K}_3`, 14, 10],
      [`live-${K}_4`, 24, 2],
      [`live-${K}_5`, 26, 4],
    ]);
    expect(ps.map((p) => p.base)).toEqual([1, 2, 3, 4, 5].map((n) => `${SELF}/v1/dashsegment/acct/cfg/${SID}/live-${K}/live-${K}_${n}/`));
    expect(periods(text).find((p) => p.id === `live-${K + 1}`)?.start).toBe(BREAK_START + 30);
    const plan = s.state.plans.get(`live-${K}`);
    expect(plan?.skipped.map((x) => [x.vastAdId, x.skippedReason])).toEqual([['ad-14s-2', 'AVAIL_DURATION_EXCEEDED']]);
    // Tracking: the avail is the whole break (bumpers included), the ads start after the start bumper.
    const t = sessionTracking(s.state, 0, null);
    expect(t.ok && t.value.avails.map((a) => [a.availId, a.startTimeInSeconds, a.durationInSeconds, a.ads.map((x) => [x.adId, x.startTimeInSeconds, x.durationInSeconds])])).toEqual([
      [
        `live-${K}`,
        BREAK_START,
        30,
        [
          [`live-${K}_2`, BREAK_START + 4, 10],
          [`live-${K}_3`, BREAK_START + 14, 10],
        ],
      ],
    ]);
    // The same periods on a reload; the ad log names both bumpers as played.
    expect(s.serve(dashLiveMpd(ROOT, nowAt(BREAK_START + 35))).includes(`live-${K}_5`)).toBe(true);
    expect(filled(s.logged)[0]?.avail.bumpers).toEqual([
      { position: 'start', uri: 'https://ads.example/bumper-in/manifest.mpd', played: true, durationSec: 4 },
      { position: 'end', uri: 'https://ads.example/bumper-out/manifest.mpd', played: true, durationSec: 4 },
    ]);
  });

  it('without slate, the end bumper follows the ads and the content returns where it ends', () => {
    const s = new DashSession(dashRecord(), () => ['ad-10s'], undefined, BUMPERS);
    const ps = periods(s.serve(dashLiveMpd(ROOT, nowAt(BREAK_START + 31))));
    const from = ps.findIndex((p) => p.id === `live-${K}_1`);
    expect(ps.slice(from, from + 4).map((p) => [p.id, p.start - BREAK_START, p.duration])).toEqual([
      [`live-${K}_1`, 0, 4],
      [`live-${K}_2`, 4, 10],
      [`live-${K}_3`, 14, 4],
      [`live-${K}_PT18S`, 18, 12],
    ]);
  });

  it('/v1/dashsegment serves bumper segments without beacons; the ad between them fires its own', () => {
    const s = new DashSession(dashRecord(), () => ['ad-10s'], 'slate', BUMPERS);
    s.serve(dashLiveMpd(ROOT, nowAt(BREAK_START + 31)));
    const hit = (periodId: string, path: string) => {
      const r = dashAdSegment(s.state, { availId: `live-${K}`, periodId, path, probe: false, client: { userAgent: 'UnitPlayer/1.0' }, requestId: 'unit-request', nowMs: 0, cacheBusting: '12345678' });
      if (!r.ok) return undefined;
      return { url: r.value.url, beacons: r.value.effects.flatMap((e) => (e.kind === 'send-beacons' ? e.beacons.map((b) => b.beacon.event) : [])) };
    };
    expect(hit(`live-${K}_1`, 'v0/seg002.m4s')).toEqual({ url: 'https://ads.example/bumper-in/v0/seg002.m4s', beacons: [] });
    expect(hit(`live-${K}_1`, 'v0/seg003.m4s')).toBeUndefined();
    expect(hit(`live-${K}_2`, 'v0/seg001.m4s')).toEqual({ url: 'https://ads.example/ad-10s/v0/seg001.m4s', beacons: ['impression', 'start'] });
    // Slate (two repeats, one base) and the end bumper, numbered after it.
    expect(hit(`live-${K}_3`, 'v0/seg001.m4s')?.url).toBe('https://ads.example/slate/v0/seg001.m4s');
    expect(hit(`live-${K}_5`, 'a0/seg002.m4s')).toEqual({ url: 'https://ads.example/bumper-out/a0/seg002.m4s', beacons: [] });
  });

  it("a bumper without the content's audio is left out of the break, and the ad log says why", () => {
    const s = new DashSession(dashRecord(), () => ['ad-10s'], 'slate', { start: demoDashClip('mute-bumper', 4, 'ad-10s', ['video']), end: BUMPERS.end });
    const ps = periods(s.serve(dashLiveMpd(ROOT, nowAt(BREAK_START + 31)))).filter((p) => p.id.startsWith(`live-${K}_`));
    expect(ps.map((p) => [p.start - BREAK_START, p.duration])).toEqual([
      [0, 10],
      [10, 10],
      [20, 6],
      [26, 4],
    ]);
    expect(s.state.dash?.avails[0]?.mode).toBe('personalize');
    expect(filled(s.logged)[0]?.avail.bumpers).toEqual([
      { position: 'end', uri: 'https://ads.example/bumper-out/manifest.mpd', played: true, durationSec: 4 },
      { position: 'start', uri: 'https://ads.example/mute-bumper/manifest.mpd', played: false, reason: expect.stringMatching(/^unusable in this DASH stream: creative .*mute-bumper.* has no audio/) },
    ]);
  });
});

describe('DASH bumpers, VOD', () => {
  it('frame the ads inserted at each insertion point', () => {
    const s = new DashSession(dashRecord(), () => ['ad-10s'], undefined, BUMPERS);
    const ps = periods(s.serve(dashVodMpd(ROOT)));
    expect(ps.slice(0, 4).map((p) => [p.id, p.start, p.duration])).toEqual([
      ['vod-1_1', 0, 4],
      ['vod-1_2', 4, 10],
      ['vod-1_3', 14, 4],
      ['vod-1', 18, 30],
    ]);
    const t = sessionTracking(s.state, 0, null);
    expect(t.ok && t.value.avails[0] && [t.value.avails[0].durationInSeconds, t.value.avails[0].ads.map((a) => [a.adId, a.startTimeInSeconds])]).toEqual([18, [['vod-1_2', 4]]]);
  });
});
