/**
 * The MediaTailor guide's DASH examples (test/fixtures/dash/mediatailor, README there) replayed
 * through the whole route: each origin example is served by the demo's custom origin, played
 * through `/v1/dash/…` with the demo's DASH ads, and our MPD is compared with MediaTailor's own
 * output for meaning (read by an independent parser where it can): where the breaks go, which
 * period ids and starts the ads get, that the content keeps its segments and timing, and that the
 * ad periods' BaseURLs have MediaTailor's `/v1/dashsegment/{acct}/{cfg}/{sid}/{availId}/{periodId}/`
 * shape. Ads differ (ours are the demo's), so absolute times after an ad are compared net of the
 * ads inserted before them.
 */
import { describe, expect, it } from 'vitest';
import vodOrigin from '../fixtures/dash/mediatailor/dash-manifest-vod-01.xml?raw';
import vodMediaTailor from '../fixtures/dash/mediatailor/dash-manifest-vod-02.mpd?raw';
import spliceOrigin from '../fixtures/dash/mediatailor/dash-manifest-splice-insert-example-01.xml?raw';
import spliceMediaTailor from '../fixtures/dash/mediatailor/dash-manifest-splice-insert-example-02.xml?raw';
import timeSignalOrigin from '../fixtures/dash/mediatailor/dash-manifest-time-signal-example-01.xml?raw';
import timeSignalMediaTailor from '../fixtures/dash/mediatailor/dash-manifest-time-signal-example-02.xml?raw';
import singleOrigin from '../fixtures/dash/mediatailor/single-period-dash-manifest-example-01.xml?raw';
import singleMediaTailor from '../fixtures/dash/mediatailor/single-period-dash-manifest-example-02.xml?raw';
import { ACCT, ORIGIN, putConfig, req } from './helpers.ts';
import { implicitDash, meaning, periodsOf, type DashPeriod } from './dash-helpers.ts';

const NS = 'xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="http://www.scte.org/schemas/35/2016" profiles="urn:mpeg:dash:profile:isoff-live:2011"';
const live = (periods: string): string => `<?xml version="1.0"?>\n<MPD ${NS} type="dynamic" availabilityStartTime="1970-01-01T00:00:00Z" publishTime="2018-07-27T09:35:44Z" minimumUpdatePeriod="PT2S">\n${periods}\n</MPD>\n`;
const VAST = '{{self}}/demo/ads/vast?duration=[session.avail_duration_secs]&session=[session.id]&avail=[avail.index]';
const SLATE = '{{self}}/demo/media/slate/dash/manifest.mpd';

/** Serves `body` from the demo's custom origin under `name` and points configuration `name` at it. */
async function originConfig(name: string, body: string, extra: Record<string, unknown> = {}): Promise<void> {
  const put = await req(`/demo/origin/custom/${name}`, { method: 'PUT', body, headers: { 'content-type': 'application/dash+xml' } });
  expect(put.status).toBe(204);
  const cfg = await putConfig({ Name: name, VideoContentSourceUrl: `{{self}}/demo/origin/custom/${name}`, AdDecisionServerUrl: VAST, SlateAdUrl: SLATE, ...extra });
  expect(cfg.status).toBe(200);
}

/** Content time of each output period start: output time less the ads inserted before it. */
function contentStarts(periods: readonly DashPeriod[], ad: (p: DashPeriod) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  let ads = 0;
  for (const p of periods) {
    if (ad(p)) ads += p.durationSec ?? 0;
    else out.set(p.id, Math.round((p.startSec - ads) * 1e6) / 1e6);
  }
  return out;
}

describe('the MediaTailor DASH examples through the route', () => {
  it('VOD (dash-manifest-vod): a VMAP pre-roll and a mid-roll at 25 s, snapped to 24.024 s as MediaTailor does; content kept', async () => {
    const mediaRoot = `${ORIGIN}/demo/media/ads`;
    const vmap = `<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">${[['start', 'pre'], ['00:00:25.000', 'mid']].map(([offset, id]) => `
      <vmap:AdBreak timeOffset="${offset}" breakType="linear" breakId="${id}"><vmap:AdSource id="${id}"><vmap:VASTAdData><VAST version="4.2"><Ad id="${id}-ad"><InLine><AdSystem>t</AdSystem><AdTitle>t</AdTitle><Impression><![CDATA[${ORIGIN}/demo/beacons/hit?event=impression]]></Impression><Creatives><Creative id="${id}-c"><Linear><Duration>00:00:14</Duration><MediaFiles><MediaFile delivery="streaming" type="application/dash+xml" width="320" height="180"><![CDATA[${mediaRoot}/ad-14s/dash/manifest.mpd]]></MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST></vmap:VASTAdData></vmap:AdSource></vmap:AdBreak>`).join('')}
    </vmap:VMAP>`;
    expect((await req('/demo/origin/custom/mt-vmap', { method: 'PUT', body: vmap })).status).toBe(204);
    await originConfig('mt-vod', `<?xml version="1.0"?>\n<MPD ${NS} type="static" mediaPresentationDuration="PT48.047S" minBufferTime="PT2S">\n${vodOrigin}\n</MPD>\n`, { AdDecisionServerUrl: '{{self}}/demo/origin/custom/mt-vmap/vmap.xml' });
    const s = await implicitDash('mt-vod', 'vod.mpd');
    const ours = periodsOf(s.body);
    const theirs = periodsOf(vodMediaTailor);
    const ourAd = (p: DashPeriod): boolean => p.baseUrl?.includes('/v1/dashsegment/') === true;
    const theirAd = (p: DashPeriod): boolean => p.baseUrl?.includes('/v1/dashsegment/') === true;
    // Breaks at the same content times: MediaTailor's ad periods sit at content 0 and 24.024 s.
    const breaksAt = (periods: readonly DashPeriod[], ad: (p: DashPeriod) => boolean): number[] => {
      const at: number[] = [];
      let ads = 0;
      let prevAd = false;
      for (const p of periods) {
        if (ad(p) && !prevAd) at.push(Math.round((p.startSec - ads) * 1000) / 1000);
        if (ad(p)) ads += p.durationSec ?? 0;
        prevAd = ad(p);
      }
      return at;
    };
    expect(breaksAt(ours, ourAd)).toEqual([0, 24.024]);
    expect(breaksAt(theirs, theirAd)).toEqual([0, 24.024]);
    // The content periods split the same way (durations 24.024 + 5.205 of 8778696, then 8778704 whole).
    expect(ours.filter((p) => !ourAd(p)).map((p) => p.durationSec)).toEqual(theirs.filter((p) => !theirAd(p)).map((p) => p.durationSec));
    // Every content segment plays at the same content time in both (URLs relative to their BaseURL).
    const rel = (url: string): string => url.replace(/^.*\/(index_[^/]+)$/, '$1');
    const contentTimes = (text: string, url: string, periods: readonly DashPeriod[], ad: (p: DashPeriod) => boolean): Map<string, number[]> => {
      const starts = contentStarts(periods, ad);
      const out = new Map<string, number[]>();
      for (const r of meaning(text, url)) {
        const p = periods.find((x) => Math.abs(x.startSec - r.periodStart) < 1e-6 && !ad(x));
        if (!p) continue;
        const shift = p.startSec - (starts.get(p.id) ?? 0);
        for (const seg of r.segments) out.set(`${r.id}:${rel(seg.url)}`, [...(out.get(`${r.id}:${rel(seg.url)}`) ?? []), Math.round((seg.at - shift) * 1000) / 1000]);
      }
      return out;
    };
    const a = contentTimes(s.body, s.url, ours, ourAd);
    const b = contentTimes(vodMediaTailor, 'https://12345.mediatailor.us-west-2.amazonaws.com/v1/dash/x/y/vod.mpd', theirs, theirAd);
    expect(a.size).toBeGreaterThan(20);
    expect(Object.fromEntries(a)).toEqual(Object.fromEntries(b));
    for (const p of ours.filter(ourAd)) expect(p.baseUrl).toMatch(new RegExp(`^${ORIGIN}/v1/dashsegment/${ACCT}/mt-vod/${s.sid}/8778696_PT(0|24\\.024)S/8778696_PT(0|24\\.024)S_\\d+/$`));
  });

  it('splice_insert (dash-manifest-splice-insert-example): the ads replace the period from its start, ids {periodId}_{n} as MediaTailor writes them', async () => {
    await originConfig('mt-splice', live(spliceOrigin));
    const s = await implicitDash('mt-splice', 'live.mpd');
    const ours = periodsOf(s.body);
    const theirs = periodsOf(live(spliceMediaTailor));
    expect(ours[0]?.id).toBe(theirs[0]?.id);
    expect(ours[0]?.startSec).toBe(theirs[0]?.startSec);
    expect(ours[0]?.baseUrl).toBe(`${ORIGIN}/v1/dashsegment/${ACCT}/mt-splice/${s.sid}/46041/46041_1/`);
    const fill = ours.filter((p) => p.id.startsWith('46041_'));
    expect(fill.reduce((t, p) => t + (p.durationSec ?? 0), 0)).toBeLessThanOrEqual(105 + 1e-9);
  });

  it('time_signal (dash-manifest-time-signal-example): the Event@duration break from the period start, as MediaTailor places 178443_1', async () => {
    await originConfig('mt-timesignal', live(timeSignalOrigin));
    const s = await implicitDash('mt-timesignal', 'live.mpd');
    const ours = periodsOf(s.body);
    const theirs = periodsOf(live(timeSignalMediaTailor));
    expect(ours[0]?.id).toBe('178443_1');
    expect(ours[0]?.startSec).toBe(theirs.find((p) => p.id === '178443_1')?.startSec);
    // The break (59 s, Event@duration) is filled with ads and slate; the period's last 2.561 s stay content.
    const fill = ours.filter((p) => /^178443_\d+$/.test(p.id));
    expect(fill.reduce((t, p) => t + (p.durationSec ?? 0), 0)).toBeCloseTo(59, 9);
    const rest = ours.find((p) => p.id === '178443_PT59S');
    expect(rest?.startSec).toBeCloseTo(346530.25 + 59, 6);
    expect(rest?.durationSec).toBeCloseTo(2.561, 6);
  });

  it('single period (single-period-dash-manifest-example, SINGLE_PERIOD): each binary splice_insert Event is an avail at its time', async () => {
    const video = '<AdaptationSet contentType="video" mimeType="video/mp4" id="2"><Representation id="video=700000" bandwidth="700000" codecs="avc1.64001F" width="1280" height="720"><SegmentTemplate timescale="1" media="v-$Time$.dash" initialization="v-init.dash"><SegmentTimeline><S t="1550252700" d="6" r="69"/></SegmentTimeline></SegmentTemplate></Representation></AdaptationSet>';
    await originConfig('mt-single', live(singleOrigin.replace(/<AdaptationSet\.\.\.\s*<\/AdaptationSet>/, video)), { DashConfiguration: { OriginManifestType: 'SINGLE_PERIOD' } });
    const s = await implicitDash('mt-single', 'live.mpd');
    const ours = periodsOf(s.body);
    const theirs = periodsOf(live(singleMediaTailor));
    // MediaTailor's first ad period starts at the first Event (1550252760 s); ours too, for each of the three.
    const theirFirstAd = theirs.find((p) => p.id.endsWith('_1'));
    const starts = ['136', '137', '138'].map((e) => ours.find((p) => p.id === `1_${e}_1`)?.startSec);
    expect(starts[0]).toBe(theirFirstAd?.startSec);
    expect(starts).toEqual([1550252760, 1550252880, 1550253000]);
    // Content between the breaks keeps its segments at their times.
    for (const r of meaning(s.body, s.url, Date.UTC(2019, 1, 15, 18, 0, 0))) {
      for (const seg of r.segments.filter((x) => x.url.includes('/v-'))) expect(seg.url).toContain(`v-${Math.round(seg.at)}.dash`);
    }
  });
});
