/**
 * The DASH session rules without I/O (core/session/dash-*): the demo's origin MPDs served through
 * openDashMedia/finishDashMedia with decisions made by the shared fill rules. VOD insertion points
 * and a VMAP schedule; a live avail whose decision was late stays content (and is logged so);
 * creatives that cannot cover the content's audio are not played; `/v1/dashsegment` claims each
 * beacon once, in order, and only for paths the creative addresses; the tracking JSON matches the
 * MPD; a live session forgets the avails that left the window.
 */
import { describe, expect, it } from 'vitest';
import { isDashCreative } from '../../../src/core/creatives/dash-creative.ts';
import { childElements, parseMpd, rational } from '../../../src/core/dash/index.ts';
import { dashAvailEdit } from '../../../src/core/session/dash-periods.ts';
import { dashAdSegment } from '../../../src/core/session/dash-segment.ts';
import { recordAvailDecision } from '../../../src/core/session/decisions.ts';
import { putCreative } from '../../../src/core/session/state.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import type { AdLogEvent } from '../../../src/core/logs/events.ts';
import { DASH_LIVE, dashLiveMpd, dashVodMpd } from '../../../demo/dash-origin.ts';
import { DashSession, servedPeriods, SELF, SID, dashRecord, demoDashCreative, pod } from '../../helpers/dash-session.ts';

const ROOT = 'https://origin.example/media/';

const periods = servedPeriods;

const filled = (events: readonly unknown[]): Extract<AdLogEvent, { kind: 'filled-avail' }>[] =>
  (events as AdLogEvent[]).filter((e): e is Extract<AdLogEvent, { kind: 'filled-avail' }> => e.kind === 'filled-avail');

describe('DASH VOD', () => {
  it("inserts each insertion point's ads before its content; logs each avail by period id; the same MPD on every reload", () => {
    const s = new DashSession(dashRecord(), () => ['ad-10s', 'ad-14s']);
    const text = s.serve(dashVodMpd(ROOT));
    expect(periods(text).map((p) => p.id)).toEqual(['vod-1_1', 'vod-1_2', 'vod-1', 'vod-2_1', 'vod-2_2', 'vod-2', 'vod-3_1', 'vod-3_2', 'vod-3']);
    expect(periods(text).map((p) => p.start)).toEqual([0, 10, 24, 54, 64, 78, 106, 116, 130]);
    expect(periods(text)[0]?.base).toBe(`${SELF}/v1/dashsegment/acct/cfg/${SID}/vod-1/vod-1_1/`);
    expect(s.asked.map((a) => [a.key, a.availIndex, a.insertion])).toEqual([
      ['vod-1', 1, true],
      ['vod-2', 2, true],
      ['vod-3', 3, true],
    ]);
    const logged = filled(s.logged);
    expect(logged.map((e) => [e.availId, e.podLocation, e.adRequestIndex])).toEqual([
      ['vod-1', 'preroll', 0],
      ['vod-2', 'midroll', 1],
      ['vod-3', 'midroll', 2],
    ]);
    expect((s.logged as AdLogEvent[]).every((e) => e.sessionType === 'DASH' && e.playbackMode === 'vod')).toBe(true);
    expect(s.serve(dashVodMpd(ROOT))).toBe(text);
    expect(s.asked.length).toBe(3);
    expect(filled(s.logged).length).toBe(3);
  });

  it('a VOD without markers: the VMAP breaks placed at segment boundaries, a post-roll after the last period', () => {
    const s = new DashSession(dashRecord(), () => []);
    const text = s.serve(dashVodMpd(ROOT, false), 0, (state) => ({
      trace: { adsRequestUrl: 'https://ads.example/vmap', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 0 },
      breaks: [0, 33, 60].map((offsetSec) => ({ offsetSec, candidates: pod(state, ['ad-10s']), breakTracking: {} })),
    }));
    // 33 s is 3 s into vod-2: snapped down to its segment at 2 s; 60 s is the end: after vod-3's 2 s.
    expect(periods(text).map((p) => p.id)).toEqual(['vod-1_PT0S_1', 'vod-1', 'vod-2', 'vod-2_PT2S_1', 'vod-2_PT2S', 'vod-3', 'vod-3_PT2S_1']);
    expect(filled(s.logged).map((e) => [e.availId, e.podLocation])).toEqual([
      ['vod-1_PT0S', 'preroll'],
      ['vod-2_PT2S', 'midroll'],
      ['vod-3_PT2S', 'postroll'],
    ]);
  });

  it('tracking JSON: avail ids are period ids, ad ids the ad period ids, start times the period starts', () => {
    const s = new DashSession(dashRecord({}, false), () => ['ad-10s', 'ad-14s']);
    const text = s.serve(dashVodMpd(ROOT));
    expect(periods(text)[0]?.base).toBe('https://ads.example/ad-10s/');
    const t = sessionTracking(s.state, 0, null);
    if (!t.ok) throw new Error('tracking');
    expect(t.value.hlsAnchorMediaSequenceNumber).toBeNull();
    expect(t.value.dashAvailabilityStartTime).toBeNull();
    expect(t.value.avails.map((a) => [a.availId, a.startTimeInSeconds, a.durationInSeconds])).toEqual([
      ['vod-1', 0, 24],
      ['vod-2', 54, 24],
      ['vod-3', 106, 24],
    ]);
    const ad = t.value.avails[1]?.ads[1];
    expect([ad?.adId, ad?.startTimeInSeconds, ad?.durationInSeconds, ad?.adProgramDateTime]).toEqual(['vod-2_2', 64, 14, null]);
    const quartiles = ad?.trackingEvents.filter((e) => ['firstQuartile', 'midpoint', 'thirdQuartile'].includes(e.eventType)).map((e) => [e.startTimeInSeconds, e.eventId]);
    expect(quartiles).toEqual([
      [67.5, '5760000'],
      [71, '5760000'],
      [74.5, '5760000'],
    ]);
  });
});

describe('DASH VOD, a break signalled for longer than its period (issue 9, fuzz)', () => {
  it('writes slate only to the end of the period: a few pieces, not thousands cut away', () => {
    // vod-3 (2 s) with a break of 2^53 ticks at 90 kHz (3,168 years). Before, 10,000 slate periods
    // were built on every reload and all but one cut by the stitcher (seconds of CPU).
    const years = dashVodMpd(ROOT).replace('duration="0" id="3"', 'duration="9007199254740991" id="3"');
    const s = new DashSession(dashRecord(), () => [], 'slate');
    const text = s.serve(years);
    const slate = periods(text).filter((p) => p.id.startsWith('vod-3_'));
    expect(slate.map((p) => [p.id, p.duration])).toEqual([['vod-3_1', 2]]);
    // The edit the stitcher gets (the MPD above is the same either way: it cuts what overruns).
    const avail = s.state.dash?.avails.find((a) => a.availId === 'vod-3');
    const parsed = parseMpd(years);
    const content = parsed.ok ? childElements(parsed.value.doc.root, 'Period')[2] : undefined;
    if (!avail || !content) throw new Error('no vod-3');
    const edit = dashAvailEdit(s.state, avail, 2, content, rational.rat(2n));
    expect(edit.ok && edit.edit.periods.length).toBe(1);
  });
});

describe('DASH live', () => {
  const nowAt = (sec: number): number => DASH_LIVE.epochMs + sec * 1000;
  const breakK = 4 * 100 + 1;

  it('replaces the break with ads and slate filling its 30 s, content after it untouched, Location and no EventStream', () => {
    const s = new DashSession(dashRecord(), () => ['ad-10s', 'ad-14s'], 'slate');
    const text = s.serve(dashLiveMpd(ROOT, nowAt(breakK * 30 + 33)));
    const ps = periods(text);
    expect(ps.map((p) => p.id)).toEqual([`live-${breakK - 1}`, `live-${breakK}_1`, `live-${breakK}_2`, `live-${breakK}_3`, `live-${breakK + 1}`]);
    expect(ps.slice(1, 4).map((p) => p.duration)).toEqual([10, 14, 6]);
    expect(ps[4]?.start).toBe((breakK + 1) * 30);
    expect(text).not.toContain('scte35:');
    expect(text).toContain(`<Location>${SELF}/v1/dash/acct/cfg/live/index.mpd?aws.sessionId=${SID}</Location>`);
    const t = sessionTracking(s.state, 0, null);
    expect(t.ok && t.value.dashAvailabilityStartTime).toBe('2026-01-01T00:00:00.000Z');
    expect(t.ok && t.value.avails.map((a) => [a.availId, a.startTimeInSeconds, a.durationInSeconds, a.ads.map((x) => x.adId)])).toEqual([
      [`live-${breakK}`, breakK * 30, 30, [`live-${breakK}_1`, `live-${breakK}_2`]],
    ]);
  });

  it('an avail whose decision came too late plays as content for good, and is logged with its ads skipped (ADS_TIMEOUT)', () => {
    const s = new DashSession(dashRecord(), () => 'hold');
    const first = s.serve(dashLiveMpd(ROOT, nowAt(breakK * 30 + 3)));
    expect(periods(first).map((p) => p.id)).toContain(`live-${breakK}`);
    const avail = s.asked[0];
    if (!avail) throw new Error('no decision asked');
    recordAvailDecision(
      s.state,
      avail,
      { trace: { adsRequestUrl: 'u', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 2_000 }, candidates: pod(s.state, ['ad-10s']), breakTracking: {} },
      2_000,
    );
    const later = s.serve(dashLiveMpd(ROOT, nowAt(breakK * 30 + 5)));
    expect(periods(later).map((p) => p.id)).toContain(`live-${breakK}`);
    expect(periods(later).some((p) => p.id.startsWith(`live-${breakK}_`))).toBe(false);
    const f = filled(s.logged)[0];
    expect(f?.availId).toBe(`live-${breakK}`);
    expect(f?.avail.creativeAds).toEqual([]);
    expect(f?.avail.skippedAds.map((x) => x.skippedReason)).toEqual(['ADS_TIMEOUT']);
  });

  it("creatives without the content's audio are not played: the avail stays content (NO_VARIANT_MATCH)", () => {
    // The decision is recorded here, with a video-only copy of the demo ad in the session.
    const t = new DashSession(dashRecord(), (a, st) => {
      const candidates = pod(st, ['ad-10s']);
      const m = st.creatives.get('d-ad-10s');
      if (isDashCreative(m)) putCreative(st, { ...m, creative: { ...m.creative, renditions: m.creative.renditions.filter((r) => r.kind === 'video') } });
      recordAvailDecision(st, a, { trace: { adsRequestUrl: 'u', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 0 }, candidates, breakTracking: {} }, 0);
      return 'hold';
    });
    const out = t.serve(dashLiveMpd(ROOT, nowAt(breakK * 30 + 3)));
    expect(periods(out).map((p) => p.id)).toContain(`live-${breakK}`);
    expect(t.state.dash?.avails[0]?.mode).toBe('passthrough');
    expect(t.state.dash?.avails[0]?.reason).toMatch(/has no audio/);
    expect(filled(t.logged)[0]?.avail.skippedAds.map((x) => x.skippedReason)).toEqual(['NO_VARIANT_MATCH']);
  });

  it('a break signalled for days: slate only up to what the origin has published, the rest on later reloads (issue 9, fuzz)', () => {
    // Event@duration in seconds (timescale 1): 2,700,000 s, a month. Before, every reload wrote
    // 10,000 slate periods (15 MB, seconds of CPU).
    const month = (text: string): string => text.replace('timescale="90000"><Event presentationTime="0" duration="2700000"', 'timescale="1"><Event presentationTime="0" duration="2700000"');
    const s = new DashSession(dashRecord(), () => [], 'slate');
    const early = s.serve(month(dashLiveMpd(ROOT, nowAt(breakK * 30 + 12))));
    const slateSec = demoDashCreative('slate').durationSec;
    const first = periods(early).filter((p) => p.id.startsWith(`live-${breakK}_`));
    // The newest published segment starts at 10 s (2 s segments, 12 s in): pieces up to the first starting at or after it.
    expect(first.length).toBe(Math.ceil(10 / slateSec));
    expect(early.length).toBeLessThan(50_000);
    const later = periods(s.serve(month(dashLiveMpd(ROOT, nowAt(breakK * 30 + 29)))));
    const second = later.filter((p) => p.id.startsWith(`live-${breakK}_`));
    expect(second.length).toBe(Math.ceil(26 / slateSec));
    // What was written stays as it was: same ids, starts and durations.
    expect(second.slice(0, first.length)).toEqual(first);
    expect(first.every((p) => p.duration === slateSec)).toBe(true);
  });

  it('forgets avails, plans and creatives once their period has left the window', () => {
    const s = new DashSession(dashRecord(), () => ['ad-10s'], 'slate');
    s.serve(dashLiveMpd(ROOT, nowAt(breakK * 30 + 31)));
    expect(s.state.plans.has(`live-${breakK}`)).toBe(true);
    // Two minutes on, the window holds the next break only.
    s.serve(dashLiveMpd(ROOT, nowAt(breakK * 30 + 130)));
    expect(s.state.dash?.avails.map((a) => a.availId)).toEqual([`live-${breakK + 4}`]);
    expect([...s.state.plans.keys()]).toEqual([`live-${breakK + 4}`]);
  });
});

describe('/v1/dashsegment', () => {
  const req = (availId: string, periodId: string, path: string, probe = false) => ({
    availId,
    periodId,
    path,
    probe,
    client: { userAgent: 'UnitPlayer/1.0' },
    nowMs: 0,
    cacheBusting: '12345678',
    requestId: `req ${periodId}/${path}`,
  });

  it("redirects to the creative's segment and claims each beacon once, in order; HEAD and unknown paths claim nothing", () => {
    const s = new DashSession(dashRecord(), () => ['ad-10s', 'ad-14s']);
    s.serve(dashVodMpd(ROOT));
    const events: string[] = [];
    const claimedBy: string[] = [];
    const hit = (path: string, probe = false, periodId = 'vod-1_1'): string | undefined => {
      const r = dashAdSegment(s.state, req('vod-1', periodId, path, probe));
      if (!r.ok) return undefined;
      for (const e of r.value.effects) if (e.kind === 'send-beacons') events.push(...e.beacons.map((b) => `${b.beacon.adIndex}:${b.beacon.event}`));
      for (const e of r.value.effects) if (e.kind === 'send-beacons') claimedBy.push(...e.beacons.map((b) => b.requestId ?? ''));
      return r.value.url;
    };
    expect(hit('v1/init.mp4')).toBe('https://ads.example/ad-10s/v1/init.mp4');
    expect(hit('v1/seg001.m4s', true)).toBe('https://ads.example/ad-10s/v1/seg001.m4s');
    expect(events).toEqual([]);
    for (const bad of ['v1/seg000.m4s', 'v1/seg006.m4s', 'v1/../v0/seg001.m4s', 'v9/seg001.m4s', 'v1/seg001.m4sx', '']) expect(hit(bad), bad).toBeUndefined();
    expect(hit('v1/seg001.m4s', false, 'vod-1_9')).toBeUndefined();
    expect(hit('v1/seg001.m4s', false, 'vod-1')).toBeUndefined();
    // Audio runs ahead of video in DASH players: it redirects and claims nothing.
    for (let i = 1; i <= 5; i++) expect(hit(`a0/seg${String(i).padStart(3, '0')}.m4s`)).toBe(`https://ads.example/ad-10s/a0/seg${String(i).padStart(3, '0')}.m4s`);
    expect(events).toEqual([]);
    for (let i = 1; i <= 5; i++) for (const r of ['v1', 'v0']) hit(`${r}/seg${String(i).padStart(3, '0')}.m4s?x=1`);
    expect(events).toEqual(['0:impression', '0:start', '0:firstQuartile', '0:midpoint', '0:thirdQuartile', '0:complete']);
    // Each beacon is logged under the id of the /v1/dashsegment request that claimed it (docs/ad-logs.md).
    expect(claimedBy).toEqual([
      'req vod-1_1/v1/seg001.m4s?x=1',
      'req vod-1_1/v1/seg001.m4s?x=1',
      'req vod-1_1/v1/seg002.m4s?x=1',
      'req vod-1_1/v1/seg003.m4s?x=1',
      'req vod-1_1/v1/seg004.m4s?x=1',
      'req vod-1_1/v1/seg005.m4s?x=1',
    ]);
    // A player that skips segments: the events before the one it asks for go first, in order.
    hit('v0/seg003.m4s', false, 'vod-1_2');
    expect(events.slice(6)).toEqual(['1:impression', '1:start', '1:firstQuartile']);
    hit('v0/seg001.m4s', false, 'vod-1_2');
    expect(events.length).toBe(9);
  });

  it('client-side sessions claim nothing; slate segments redirect without beacons', () => {
    const s = new DashSession(dashRecord({}, false), () => ['ad-10s']);
    s.serve(dashVodMpd(ROOT));
    const r = dashAdSegment(s.state, req('vod-1', 'vod-1_1', 'v0/seg001.m4s'));
    expect(r.ok && r.value.effects.map((e) => e.kind)).toEqual(['keep-alive']);
    const live = new DashSession(dashRecord(), () => ['ad-10s'], 'slate');
    live.serve(dashLiveMpd(ROOT, DASH_LIVE.epochMs + (401 * 30 + 31) * 1000));
    const slate = dashAdSegment(live.state, req('live-401', 'live-401_2', 'v0/seg001.m4s'));
    expect(slate.ok && slate.value.url).toBe('https://ads.example/slate/v0/seg001.m4s');
    expect(slate.ok && slate.value.effects.map((e) => e.kind)).toEqual(['keep-alive']);
  });
});
