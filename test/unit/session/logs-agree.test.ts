/**
 * The three log formats tell the same story of one session (issue 9 item 12): a session played
 * through the session rules against an in-memory ad server, its ad-log events projected to
 * MediaTailor, Brightcove and Uplynk lines and counted by the report command. Ad requests = the
 * requests the ad server received, avails = the session's avails, beacons = the beacons that
 * went out, in every format.
 */
import { describe, expect, it } from 'vitest';
import type { AdLogEvent } from '../../../src/core/logs/events.ts';
import { dashVodMpd } from '../../../demo/dash-origin.ts';
import { CoreDashSession } from '../../helpers/core-dash-session.ts';
import { CoreSession, SEGMENT_SEC, testRecord, vodPlaylist } from '../../helpers/core-session.ts';
import { linesOf, reportPerFormat, storyPerFormat } from '../../helpers/log-formats.ts';
import { scriptedAdServer } from '../../helpers/scripted-ad-server.ts';

const ADS = 'https://ads.example';
const tracking = (id: string): string =>
  ['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'pause', 'mute']
    .map((e) => `<Tracking event="${e}"><![CDATA[https://${e === 'complete' ? 'measure.example' : 'track.example'}/t?e=${e}&ad=${id}]]></Tracking>`)
    .join('');
const inline = (id: string, seq: number): string =>
  `<Ad id="${id}" sequence="${seq}"><InLine><AdSystem>t</AdSystem><AdTitle>${id}</AdTitle><Impression><![CDATA[https://track.example/imp?ad=${id}]]></Impression>` +
  `<Creatives><Creative id="c-${id}"><Linear><Duration>00:00:10</Duration><TrackingEvents>${tracking(id)}</TrackingEvents><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="640" height="360"><![CDATA[https://cdn.example/${id}/master.m3u8]]></MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad>`;
const wrapper = (id: string, next: string): string =>
  `<Ad id="${id}" sequence="1"><Wrapper><AdSystem>w</AdSystem><VASTAdTagURI><![CDATA[${next}]]></VASTAdTagURI><Impression><![CDATA[https://track.example/imp?w=${id}]]></Impression></Wrapper></Ad>`;
const vast = (...ads: string[]): string => `<VAST version="4.2">${ads.join('')}</VAST>`;
const embedded = (offset: string, doc: string): string =>
  `<vmap:AdBreak timeOffset="${offset}" breakType="linear"><vmap:AdSource><vmap:VASTAdData>${doc}</vmap:VASTAdData></vmap:AdSource></vmap:AdBreak>`;
const byTag = (offset: string, url: string): string =>
  `<vmap:AdBreak timeOffset="${offset}" breakType="linear"><vmap:AdSource><vmap:AdTagURI templateType="vast4"><![CDATA[${url}]]></vmap:AdTagURI></vmap:AdSource></vmap:AdBreak>`;
const vmap = (...breaks: string[]): string => `<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">${breaks.join('')}</vmap:VMAP>`;

/** The first attempt of every `midpoint` fails once; everything else is answered 204. */
function sendAll(s: CoreSession): void {
  s.sendBeacons((q) => (q.beacon.event === 'midpoint' && q.beacon.attempts === 0 ? { kind: 'response', status: 503 } : { kind: 'response', status: 204 }));
  s.sendBeacons();
}

/** Plays every ad segment of the stitched playlist. */
async function play(s: CoreSession, originText: string): Promise<void> {
  const text = await s.media(originText);
  let n = 0;
  for (const seq of CoreSession.adSegmentSeqs(text)) s.segment(seq, `seg-req-${++n}`);
  sendAll(s);
}

/** A live window of 8 segments from `first`: a 20 s break from sequence 10 to 20 (CUE-OUT … CUE-IN). */
function liveWindow(first: number): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${SEGMENT_SEC}`, `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (let q = first; q < first + 8; q++) {
    if (q === 10) lines.push('#EXT-X-CUE-OUT:20.000');
    if (q === 20) lines.push('#EXT-X-CUE-IN');
    lines.push(`#EXTINF:${SEGMENT_SEC}.000,`, `live${q}.ts`);
  }
  return `${lines.join('\n')}\n`;
}

/** A live player: reloads as the window slides over the break, asks for each ad segment once. */
async function playLive(s: CoreSession): Promise<void> {
  const asked = new Set<number>();
  for (let first = 0; first <= 24; first++) {
    s.nowMs += SEGMENT_SEC * 1000;
    for (const seq of CoreSession.adSegmentSeqs(await s.media(liveWindow(first)))) {
      if (!asked.has(seq)) s.segment(seq, `live-seg-${seq}`);
      asked.add(seq);
    }
  }
  sendAll(s);
}

/** A DASH player: every video ad segment of the stitched MPD, in order. */
async function playDash(s: CoreDashSession, originText: string): Promise<void> {
  const text = await s.mpd(originText);
  const urls = CoreDashSession.adSegmentUrls(text, s.state.record.originUrl);
  expect(urls.length).toBeGreaterThan(0);
  for (const [i, u] of urls.entries()) s.dashSegment(u, `dash-seg-${i}`);
  sendAll(s);
}

function expectSameStory(events: readonly AdLogEvent[], want: { requests: number; avails: number; beacons: number }): void {
  const story = storyPerFormat(events);
  for (const f of ['mediatailor', 'brightcove', 'uplynk'] as const) {
    expect(story[f], f).toEqual({ requests: want.requests, successful: story.mediatailor.successful, avails: want.avails, beacons: want.beacons });
  }
  // The report's delivery rate is the same number in every format.
  const r = reportPerFormat(events);
  expect(new Set([r.mediatailor.adDeliveryRate, r.brightcove.adDeliveryRate, r.uplynk.adDeliveryRate]).size).toBe(1);
}

/** Beacons that went out: one per URL of each claimed event, failed attempts not counted. */
const firedBeacons = (events: readonly AdLogEvent[]): number => events.filter((e) => e.kind === 'beacon-fired').length;

describe('one session, three formats, one story', () => {
  it('VOD with a VMAP schedule (embedded VAST, an AdTagURI through a wrapper)', async () => {
    const server = scriptedAdServer({
      [`${ADS}/vmap`]: vmap(embedded('start', vast(inline('pre-1', 1), inline('pre-2', 2))), byTag('00:01:00', `${ADS}/mid`), embedded('end', vast(inline('post-1', 1)))),
      [`${ADS}/mid`]: vast(wrapper('w', `${ADS}/mid-inline`)),
      [`${ADS}/mid-inline`]: vast(inline('mid-1', 1)),
    });
    const s = new CoreSession(testRecord(`${ADS}/vmap`), server);
    await play(s, vodPlaylist(60));
    expect(server.requests).toEqual([`${ADS}/vmap`, `${ADS}/mid`, `${ADS}/mid-inline`]);
    const fired = firedBeacons(s.events);
    // impression, start, 3 quartiles, complete per ad, plus the wrapper's impression of the mid-roll.
    expect(fired).toBe(4 * 6 + 1);
    expectSameStory(s.events, { requests: 3, avails: 3, beacons: fired });
    // Seed 003: one SessionSummary per VOD session (summary_id = session id), for all its avails,
    // however many times the playlist is requested.
    await s.media(vodPlaylist(60));
    const summaries = linesOf(s.events, 'brightcove')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l['kind'] === 'SessionSummary');
    expect(summaries).toHaveLength(1);
    const summary = summaries[0] as { summary_id: string; ad_count: number; ads: { type: string; fk: string }[]; adbreaks: { type: string; ad_count: number; adbreak_id: string }[]; odur: number };
    expect(summary.summary_id).toBe(s.state.record.sessionId);
    expect(summary.ads.map((a) => [a.type, a.fk])).toEqual([
      ['preroll', 'c-pre-1'],
      ['preroll', 'c-pre-2'],
      ['midroll', 'c-mid-1'],
      ['postroll', 'c-post-1'],
    ]);
    expect(summary.adbreaks.map((b) => [b.type, b.ad_count])).toEqual([
      ['preroll', 2],
      ['midroll', 1],
      ['postroll', 1],
    ]);
    expect(summary.ad_count).toBe(4);
    // MediaTailor's VOD time-based plan: each AdBreak's VAST response at its offset, then the plan.
    const mt = linesOf(s.events, 'mediatailor').map((l) => JSON.parse(l) as Record<string, unknown>);
    const forOffset = mt.filter((l) => l['eventType'] === 'VOD_TIME_BASED_AVAIL_PLAN_VAST_RESPONSE_FOR_OFFSET');
    expect(forOffset.map((l) => l['vodVastResponseTimeOffset'])).toEqual([0, 60, 120]);
    expect(forOffset.map((l) => (l['vastResponse'] as { vastAds: { vastAdId: string }[] }).vastAds.map((a) => a.vastAdId))).toEqual([['pre-1', 'pre-2'], ['mid-1'], ['post-1']]);
    const success = mt.filter((l) => l['eventType'] === 'VOD_TIME_BASED_AVAIL_PLAN_SUCCESS');
    expect(success).toHaveLength(1);
    const offsets = success[0]?.['vodCreativeOffsets'] as Record<string, { creativeUniqueId: string; uri: string }[]>;
    expect(Object.fromEntries(Object.entries(offsets).map(([k, v]) => [k, v.map((c) => c.creativeUniqueId)]))).toEqual({ '0': ['c-pre-1', 'c-pre-2'], '60': ['c-mid-1'], '120': ['c-post-1'] });
    // In the log, the plan comes after the VMAP exchange and before the avails' FILLED_AVAIL.
    const order = mt.map((l) => l['eventType']);
    expect(order.indexOf('VOD_TIME_BASED_AVAIL_PLAN_SUCCESS')).toBeGreaterThan(order.indexOf('VAST_RESPONSE'));
    expect(order.indexOf('VOD_TIME_BASED_AVAIL_PLAN_SUCCESS')).toBeLessThan(order.indexOf('FILLED_AVAIL'));
    // Every Creative line hangs under the session's summary span, its adbreak_id one of the summary's.
    const creatives = linesOf(s.events, 'brightcove')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l['kind'] === 'Creative');
    expect(creatives).toHaveLength(4);
    for (const c of creatives) {
      expect(c['parent_span_id']).toBe((summaries[0] as Record<string, unknown>)['span_id']);
      expect(summary.adbreaks.map((b) => b.adbreak_id)).toContain(c['adbreak_id']);
    }
  });

  it('VOD with markers: one ADS request per avail, a wrapper loop and an empty answer', async () => {
    let avail = 0;
    const server = scriptedAdServer((url) => {
      if (url.startsWith(`${ADS}/vast`)) {
        avail++;
        if (avail === 1) return vast(inline('a', 1), inline('b', 2));
        if (avail === 2) return vast(wrapper('w', `${ADS}/loop`));
        return vast();
      }
      if (url === `${ADS}/loop`) return vast(wrapper('w2', `${ADS}/loop`));
      return { status: 404 };
    });
    const s = new CoreSession(testRecord(`${ADS}/vast?avail=[avail.index]`), server);
    await play(s, vodPlaylist(60, [0, 20, 40]));
    expect(server.requests.length).toBe(4);
    const fired = firedBeacons(s.events);
    expect(fired).toBe(2 * 6);
    expectSameStory(s.events, { requests: 4, avails: 3, beacons: fired });
    expect(s.events.some((e) => e.kind === 'ads-resolution-warning' && e.outcome === 'loop_detected')).toBe(true);
    // Breaks from markers are no time-based plan.
    expect(s.events.some((e) => e.kind === 'vod-avail-plan' || e.kind === 'vod-avail-plan-offset')).toBe(false);
  });

  it('one run of a session mix (HLS live, VOD with markers, VMAP VOD, DASH VMAP VOD and DASH VOD with markers; wrappers, a loop, an empty answer): the same ad requests, avails and beacons in all three formats', async () => {
    let markerAvail = 0;
    const server = scriptedAdServer((url) => {
      const path = url.slice(ADS.length);
      // Live: a wrapper to a pod of two (the wrapper allows them), one avail.
      if (path.startsWith('/live?')) return vast(wrapper('lw', `${ADS}/live-pod`).replace('<Wrapper>', '<Wrapper allowMultipleAds="true">'));
      if (path === '/live-pod') return vast(inline('live-1', 1), inline('live-2', 2));
      // VOD with markers (HLS and DASH): a pod, then a wrapper loop, then nothing.
      if (path.startsWith('/markers?')) {
        const n = ++markerAvail % 3;
        if (n === 1) return vast(inline(`m-${markerAvail}-a`, 1), inline(`m-${markerAvail}-b`, 2));
        if (n === 2) return vast(wrapper(`mw-${markerAvail}`, `${ADS}/loop`));
        return vast();
      }
      if (path === '/loop') return vast(wrapper('lw2', `${ADS}/loop`));
      // VMAP VOD (HLS and DASH): embedded VAST, an AdTagURI through a wrapper, embedded post-roll.
      if (path.startsWith('/vmap?')) {
        const tag = new URL(url).searchParams.get('s') ?? '';
        return vmap(embedded('start', vast(inline(`${tag}-pre`, 1))), byTag('00:00:30', `${ADS}/mid?s=${tag}`), embedded('end', vast(inline(`${tag}-post`, 1))));
      }
      if (path.startsWith('/mid?')) return vast(wrapper('vw', `${ADS}/mid-inline?${path.split('?')[1] ?? ''}`));
      if (path.startsWith('/mid-inline?')) return vast(inline(`${new URL(url).searchParams.get('s') ?? ''}-mid`, 1));
      return { status: 404 };
    });
    const sid = (n: number): string => `5e0c7a52-2f4b-4c1d-9a7e-3b8d6f1e2a9${n}`;
    const live = new CoreSession(testRecord(`${ADS}/live?avail=[avail.index]`, { sessionId: sid(1) }), server);
    const vod = new CoreSession(testRecord(`${ADS}/markers?avail=[avail.index]`, { sessionId: sid(2) }), server);
    const vmapVod = new CoreSession(testRecord(`${ADS}/vmap?s=hls`, { sessionId: sid(3) }), server);
    const dashVmap = new CoreDashSession(testRecord(`${ADS}/vmap?s=dash`, { sessionId: sid(4) }), server);
    const dashMarkers = new CoreDashSession(testRecord(`${ADS}/markers?avail=[avail.index]`, { sessionId: sid(5) }), server);
    await playLive(live);
    await play(vod, vodPlaylist(60, [0, 20, 40]));
    await play(vmapVod, vodPlaylist(60));
    await playDash(dashVmap, dashVodMpd('https://origin.example/dash/', false));
    await playDash(dashMarkers, dashVodMpd('https://origin.example/dash/'));
    const sessions = [live, vod, vmapVod, dashVmap, dashMarkers];
    const events = sessions.flatMap((s) => s.events);

    // What the ad server received: live 1 avail × 2 (wrapper, pod); markers 2 sessions × 3 avails,
    // the loop avail 2 requests (the second hop of the loop is refused, never sent); VMAP 2
    // sessions × 3 (VMAP, AdTagURI, its wrapped inline).
    expect(server.requests.filter((u) => u.includes('/live'))).toHaveLength(2);
    expect(server.requests.filter((u) => u.includes('/vmap?') || u.includes('/mid'))).toHaveLength(6);
    const avails = sessions.reduce((n, s) => n + s.state.plans.size, 0);
    expect(avails).toBe(1 + 3 + 3 + 3 + 3);
    const fired = firedBeacons(events);
    // Every ad played to its end fires its six events (plus a wrapper's impression): none missing.
    const claimedAds = new Set(events.filter((e) => e.kind === 'beacon-fired').map((e) => `${e.sessionId}/${e.availId}/${e.beacon.adIndex}`));
    expect(claimedAds.size).toBe(2 + 2 + 3 + 3 + 2);
    expect(fired).toBeGreaterThanOrEqual(6 * claimedAds.size);
    expectSameStory(events, { requests: server.requests.length, avails, beacons: fired });
    for (const s of [dashVmap, dashMarkers]) expect(s.events.every((e) => e.sessionType === 'DASH')).toBe(true);
    // A DASH VOD session, like an HLS one: one SessionSummary; from a VMAP, the time-based plan.
    for (const s of [vmapVod, vod, dashVmap, dashMarkers]) {
      expect(linesOf(s.events, 'brightcove').filter((l) => l.includes('"kind":"SessionSummary"'))).toHaveLength(1);
    }
    const plan = linesOf(dashVmap.events, 'mediatailor').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(plan.filter((l) => l['eventType'] === 'VOD_TIME_BASED_AVAIL_PLAN_VAST_RESPONSE_FOR_OFFSET').map((l) => l['vodVastResponseTimeOffset'])).toEqual([0, 30, 60]);
    const success = plan.filter((l) => l['eventType'] === 'VOD_TIME_BASED_AVAIL_PLAN_SUCCESS');
    expect(success.map((l) => Object.keys(l['vodCreativeOffsets'] as object))).toEqual([['0', '30', '60']]);
  });
});
