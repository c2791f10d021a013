/**
 * A DASH session's timeline (core/timeline/dash-facts; docs/session-timeline.md "DASH sessions"):
 * the demo's DASH origin MPDs served through the pure session rules, then the facts the timeline
 * records and draws: markers from the avails, what each MPD served held, ad and slate blocks from
 * the Periods written, the position of a `/v1/dashsegment` request and the time of a beacon, all
 * on the clock of the tracking JSON.
 */
import { describe, expect, it } from 'vitest';
import { parseMpd, type ParsedMpd } from '../../../src/core/dash/index.ts';
import { dashAdSegment } from '../../../src/core/session/dash-segment.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import { dashMarkerEntries, servedMpd } from '../../../src/core/timeline/dash-facts.ts';
import { beaconTimeSec } from '../../../src/core/timeline/facts.ts';
import { mediaLayout } from '../../../src/core/timeline/media-layout.ts';
import { DASH_LIVE, dashLiveMpd, dashVodMpd } from '../../../demo/dash-origin.ts';
import { DashSession, dashRecord } from '../../helpers/dash-session.ts';

const ROOT = 'https://origin.example/media/';

function parsed(text: string): ParsedMpd {
  const r = parseMpd(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('DASH VOD timeline', () => {
  const s = new DashSession(dashRecord(), () => ['ad-10s', 'ad-14s']);
  const origin = dashVodMpd(ROOT);
  const text = s.serve(origin);
  const out = parsed(text);
  const outEndSec = out.periods.reduce((end, p) => Math.max(end, p.startSec + (p.durationSec ?? 0)), 0);

  it('one marker per avail: its period, offset and insertion, no HLS sequence', () => {
    const markers = dashMarkerEntries(s.state.dash?.avails ?? [], 7);
    expect(markers.map((m) => [m.breakKey, m.availIndex, m.period, m.offsetSec, m.insertion, m.originSeq])).toEqual([
      ['vod-1', 1, 'vod-1', 0, true, undefined],
      ['vod-2', 2, 'vod-2', 0, true, undefined],
      ['vod-3', 3, 'vod-3', 0, true, undefined],
    ]);
  });

  it('the MPD served: its periods, from 0 to the origin end plus the ads inserted', () => {
    const w = servedMpd(s.state, parsed(origin), text, 0);
    expect(w).toEqual({ periods: 9, durationSec: outEndSec, startSec: 0, endSec: outEndSec, adBreaks: 3, contentBreaks: 0, complete: true });
  });

  it('ad blocks where the ad Periods are, content between them, as the tracking JSON places the ads', () => {
    const layout = mediaLayout(s.state, servedMpd(s.state, parsed(origin), text, 0));
    expect(layout.vod).toBe(true);
    expect(layout.blocks.map((b) => [b.kind, b.startSec, b.durationSec, b.availId ?? '', b.adIndex ?? ''])).toEqual([
      ['ad', 0, 10, 'vod-1', 0],
      ['ad', 10, 14, 'vod-1', 1],
      ['content', 24, 30, '', ''],
      ['ad', 54, 10, 'vod-2', 0],
      ['ad', 64, 14, 'vod-2', 1],
      ['content', 78, 28, '', ''],
      ['ad', 106, 10, 'vod-3', 0],
      ['ad', 116, 14, 'vod-3', 1],
      ['content', 130, outEndSec - 130, '', ''],
    ]);
    const t = sessionTracking(s.state, 0, null);
    const ads = t.ok ? t.value.avails.flatMap((a) => a.ads.map((x) => [x.startTimeInSeconds, x.durationInSeconds])) : [];
    expect(layout.blocks.filter((b) => b.kind === 'ad').map((b) => [b.startSec, b.durationSec])).toEqual(ads);
  });

  it('a /v1/dashsegment request sits at its Period start plus its offset in the ad; a beacon at its share of the ad', () => {
    const at = (periodId: string, path: string) => {
      const r = dashAdSegment(s.state, { availId: 'vod-2', periodId, path, probe: false, client: {}, requestId: 'unit-request', nowMs: 0, cacheBusting: '00000000' });
      return r.ok ? r.value.at : undefined;
    };
    expect(at('vod-2_2', 'v0/seg001.m4s')).toEqual({ availId: 'vod-2', adIndex: 1, timeSec: 64 });
    expect(at('vod-2_2', 'v0/seg003.m4s')).toEqual({ availId: 'vod-2', adIndex: 1, timeSec: 68 });
    // An initialization segment has no place in the ad: its Period start.
    expect(at('vod-2_2', 'v0/init.mp4')?.timeSec).toBe(64);
    expect(beaconTimeSec(s.state, 'vod-2', 1, 'midpoint')).toBe(71);
    expect(beaconTimeSec(s.state, 'vod-2', 1, 'complete')).toBe(78);
    expect(beaconTimeSec(s.state, 'vod-9', 0, 'start')).toBeUndefined();
  });
});

describe('DASH live timeline', () => {
  const breakK = 4 * 100 + 1;
  const nowMs = DASH_LIVE.epochMs + (breakK * 30 + 33) * 1000;
  const s = new DashSession(dashRecord(), () => ['ad-10s', 'ad-14s'], 'slate');
  const origin = dashLiveMpd(ROOT, nowMs);
  const text = s.serve(origin, nowMs);

  it('the MPD served spans the time-shift buffer up to the live edge, on the availabilityStartTime clock', () => {
    const w = servedMpd(s.state, parsed(origin), text, nowMs);
    expect(w.endSec).toBe(breakK * 30 + 33);
    expect(w.startSec).toBe(breakK * 30 + 33 - DASH_LIVE.windowSec);
    expect(w).toMatchObject({ periods: 5, durationSec: DASH_LIVE.windowSec, adBreaks: 1, contentBreaks: 0, complete: false });
  });

  it('the layout starts where the MPD does: content, two ads and the slate filling the 30 s break, content', () => {
    const layout = mediaLayout(s.state, servedMpd(s.state, parsed(origin), text, nowMs));
    const b0 = breakK * 30;
    expect(layout.vod).toBe(false);
    expect(layout.startSec).toBe(b0 + 33 - DASH_LIVE.windowSec);
    expect(layout.blocks.map((b) => [b.kind, b.startSec, b.durationSec])).toEqual([
      ['content', b0 + 33 - DASH_LIVE.windowSec, DASH_LIVE.windowSec - 33],
      ['ad', b0, 10],
      ['ad', b0 + 10, 14],
      ['slate', b0 + 24, 6],
      ['content', b0 + 30, 3],
    ]);
  });

  it('a session before its first MPD has an empty layout', () => {
    const fresh = new DashSession(dashRecord(), () => []);
    expect(mediaLayout(fresh.state)).toEqual({ vod: false, startSec: 0, endSec: 0, blocks: [] });
  });
});
