/**
 * The session timeline of a DASH session (issue 14 §1; docs/session-timeline.md "DASH sessions"):
 * the MPD requests with their origin fetch and what they served, a marker per avail, the ADS
 * requests and plans, each `/v1/dashsegment` request with its place in the session, the beacons
 * it fired, and the media timeline drawn from the ad Periods; the demo page's own timeline route
 * answers for the demo-dash configuration only.
 */
import { describe, expect, it } from 'vitest';
import type { TimelineView } from '../../src/core/timeline/view.ts';
import { type DashPeriod, implicitDash, periodsOf } from './dash-helpers.ts';
import { ADMIN, json, req, until } from './helpers.ts';

describe('session timeline, DASH', () => {
  it('records a DASH VOD session: MPD requests, markers, ADS requests, plans, /v1/dashsegment requests and beacons', async () => {
    const s = await implicitDash('demo-dash', 'dash/vod/index.mpd', '', { 'user-agent': 'TimelineTest/1.0' });
    const second = periodsOf(s.body)[1] as DashPeriod;
    // The pre-roll's second ad (14 s), its second video segment (2–4 s): impression and start go
    // with it (its first segment was not asked for), and firstQuartile (3.5 s).
    const seg = await req(`${second.baseUrl}v0/seg002.m4s`, { redirect: 'manual', headers: { 'user-agent': 'TimelineTest/1.0' } });
    expect(seg.status).toBe(302);
    const read = () => json<TimelineView>(`/sessions/${s.sid}/timeline`, { headers: ADMIN });
    const t = await until(read, (r) => r.body.entries?.some((e) => e.kind === 'beacon' && e.outcome === 'fired') === true);
    expect(t.status).toBe(200);
    const v = t.body;
    expect(v.sessionType).toBe('DASH');
    expect(v.configName).toBe('demo-dash');
    const mpd = v.entries.filter((e) => e.kind === 'manifest');
    expect(mpd.map((e) => e.kind === 'manifest' && [e.request, e.status, e.originStatus])).toEqual([['mpd', 200, 200]]);
    const served = mpd[0]?.kind === 'manifest' ? mpd[0].served : undefined;
    expect(served).toMatchObject({ periods: periodsOf(s.body).length, startSec: 0, adBreaks: 3, contentBreaks: 0, complete: true });
    const markers = v.entries.flatMap((e) => (e.kind === 'marker' ? [[e.breakKey, e.period, e.offsetSec, e.insertion]] : []));
    expect(markers).toEqual([['vod-1', 'vod-1', 0, true], ['vod-2', 'vod-2', 0, true], ['vod-3', 'vod-3', 0, true]]);
    expect(v.entries.filter((e) => e.kind === 'ads-request').length).toBe(3);
    expect(v.entries.flatMap((e) => (e.kind === 'plan' ? [e.outcome] : []))).toEqual(['filled', 'filled', 'filled']);
    const segment = v.entries.find((e) => e.kind === 'segment');
    expect(segment?.kind === 'segment' && [segment.periodId, segment.path, segment.availId, segment.adIndex, segment.timeSec, segment.events]).toEqual([second.id, 'v0/seg002.m4s', 'vod-1', 1, second.startSec + 2, ['impression', 'start', 'firstQuartile']]);
    const beacon = v.entries.find((e) => e.kind === 'beacon');
    expect(beacon?.kind === 'beacon' && [beacon.availId, beacon.adIndex, beacon.timeSec]).toEqual(['vod-1', 1, second.startSec]);
    // The media timeline: an ad block per ad Period, as the MPD placed them; the playhead at the segment.
    const adPeriods = periodsOf(s.body).filter((p) => p.baseUrl?.includes('/v1/dashsegment/'));
    expect(v.media.blocks.filter((b) => b.kind === 'ad').map((b) => [b.startSec, b.durationSec])).toEqual(adPeriods.map((p) => [p.startSec, p.durationSec]));
    expect(v.media.vod).toBe(true);
    expect(v.media.endSec).toBe(served?.endSec);
    expect(v.media.playhead).toMatchObject({ source: 'segment', timeSec: second.startSec + 2 });
  });

  it('the demo page reads a demo-dash session through /demo/sessions/{sid}/timeline?cfg=demo-dash, and no other configuration', async () => {
    const s = await implicitDash('demo-dash', 'dash/vod/index.mpd');
    const ok = await json<TimelineView>(`/demo/sessions/${s.sid}/timeline?cfg=demo-dash`);
    expect(ok.status).toBe(200);
    expect(ok.body.entries.some((e) => e.kind === 'manifest' && e.request === 'mpd')).toBe(true);
    const wrong = await json<{ message: string }>(`/demo/sessions/${s.sid}/timeline?cfg=demo`);
    expect(wrong.status).toBe(404);
    expect(wrong.body.message).toBe('session not found or expired');
  });
});
