/**
 * buildTrackingResponse: the tracking JSON field by field (docs/mediatailor-compat.md §3.1), event timing and
 * eventIds (§3.4), and the plan → placement → JSON path through planFill and placeAvail.
 */
import { describe, expect, it } from 'vitest';
import { planFill } from '../../../src/core/avails/plan.ts';
import { placeAvail } from '../../../src/core/avails/timeline.ts';
import type { LedgerBreak } from '../../../src/core/avails/ledger.ts';
import { buildTrackingResponse, type TrackingResponseJson } from '../../../src/core/tracking/index.ts';
import type { TrackingAvailInput } from '../../../src/core/tracking/index.ts';
import { availPlan, inlineAds, placeAds, plannedAd, repeat, RICH_VAST, standardAvail } from './helpers.ts';

const NOW = Date.UTC(2024, 0, 1, 12);

function build(avails: readonly TrackingAvailInput[], extra: { hls?: number | null; dash?: string | null } = {}): TrackingResponseJson {
  const r = buildTrackingResponse({
    avails,
    hlsAnchorMediaSequenceNumber: extra.hls === undefined ? 77 : extra.hls,
    dashAvailabilityStartTime: extra.dash ?? null,
    nowMs: NOW,
  });
  if (!r.ok) throw new Error(r.error.kind);
  return r.value;
}

const byType = <E extends { readonly eventType: string }>(events: readonly E[], type: string): E[] => events.filter((e) => e.eventType === type);

describe('root', () => {
  it('has exactly the five root keys, arrays present', () => {
    const json = build([standardAvail()]);
    expect(Object.keys(json)).toEqual(['avails', 'dashAvailabilityStartTime', 'hlsAnchorMediaSequenceNumber', 'nextToken', 'nonLinearAvails']);
    expect(json.hlsAnchorMediaSequenceNumber).toBe(77);
    expect(json.dashAvailabilityStartTime).toBeNull();
    expect(json.nonLinearAvails).toEqual([]);
    expect(typeof json.nextToken).toBe('string');
  });

  it('an empty window: no avails, every array still present, null token', () => {
    const json = build([], { hls: null, dash: '2022-10-05T19:38:39.263Z' });
    expect(json).toEqual({
      avails: [],
      dashAvailabilityStartTime: '2022-10-05T19:38:39.263Z',
      hlsAnchorMediaSequenceNumber: null,
      nextToken: null,
      nonLinearAvails: [],
    });
  });
});

describe('avail', () => {
  it('every field, from plan and placement', () => {
    const avail = standardAvail({
      breakTracking: { error: ['https://vmap.example/err'], breakEnd: ['https://vmap.example/be'], breakStart: ['https://vmap.example/bs'] },
      originAvailDurationSec: 30,
    });
    const a = build([avail]).avails[0];
    expect(a && Object.keys(a)).toEqual([
      'adBreakTrackingEvents',
      'adMarkerDuration',
      'ads',
      'availId',
      'availProgramDateTime',
      'duration',
      'durationInSeconds',
      'meta',
      'nonLinearAdsList',
      'startTime',
      'startTimeInSeconds',
    ]);
    expect(a?.adBreakTrackingEvents).toEqual([
      { beaconUrls: ['https://vmap.example/bs'], eventType: 'breakStart' },
      { beaconUrls: ['https://vmap.example/be'], eventType: 'breakEnd' },
      { beaconUrls: ['https://vmap.example/err'], eventType: 'error' },
    ]);
    expect(a?.adMarkerDuration).toBe('PT30S');
    expect(a?.availId).toBe('100');
    expect(a?.availProgramDateTime).toBe('2023-07-31T16:11:40.693Z');
    expect([a?.duration, a?.durationInSeconds]).toEqual(['PT30S', 30]);
    expect([a?.startTime, a?.startTimeInSeconds]).toEqual(['PT1M', 60]);
    expect(a?.meta).toBeNull();
    expect(a?.nonLinearAdsList).toEqual([]);
    expect(a?.ads.map((x) => x.adId)).toEqual(['100', '110']);
  });

  it('no VMAP tracking, no signalled duration, no PDT: [] and nulls', () => {
    const [ad] = inlineAds(RICH_VAST);
    if (!ad) throw new Error('ad');
    const placement = placeAds({ firstSeq: 5, startTimeSec: 0, ads: [repeat(2, 10)] });
    const a = build([{ placement, plan: availPlan([plannedAd(ad, 0, repeat(2, 10))]) }]).avails[0];
    expect(a?.adBreakTrackingEvents).toEqual([]);
    expect(a?.adMarkerDuration).toBeNull();
    expect(a?.availProgramDateTime).toBeNull();
    expect(a?.ads[0]?.adProgramDateTime).toBeNull();
    expect(a?.ads[0]?.trackingEvents.every((e) => e.eventProgramDateTime === null)).toBe(true);
  });

  it('avails are listed by start time; an avail without ads (slate only) is left out', () => {
    const late = standardAvail();
    const [ad] = inlineAds(RICH_VAST);
    if (!ad) throw new Error('ad');
    const early = { placement: placeAds({ firstSeq: 10, startTimeSec: 20, ads: [repeat(2, 10)] }), plan: availPlan([plannedAd(ad, 0, repeat(2, 10))]) };
    const slate = { placement: { availId: '50', firstSeq: 50, startTimeSec: 40, durationSec: 10, ads: [] }, plan: availPlan([], { outcome: 'slate' }) };
    expect(build([late, slate, early]).avails.map((a) => a.availId)).toEqual(['10', '100']);
  });
});

describe('ad', () => {
  it('the rich ad, every field', () => {
    const ad = build([standardAvail()]).avails[0]?.ads[0];
    expect(ad && Object.keys(ad)).toEqual([
      'adId',
      'adParameters',
      'adProgramDateTime',
      'adSystem',
      'adTitle',
      'adVerifications',
      'companionAds',
      'creativeId',
      'creativeSequence',
      'duration',
      'durationInSeconds',
      'extensions',
      'icons',
      'mediaFiles',
      'skipOffset',
      'startTime',
      'startTimeInSeconds',
      'trackingEvents',
      'vastAdId',
    ]);
    expect(ad?.adId).toBe('100');
    expect(ad?.adParameters).toBe('{"a":1}');
    expect(ad?.adProgramDateTime).toBe('2023-07-31T16:11:40.693Z');
    expect(ad?.adSystem).toBe('TestADS');
    expect(ad?.adTitle).toBe('Skiing');
    expect(ad?.adVerifications).toEqual([
      {
        executableResource: [{ apiFramework: 'omid', language: 'en', type: 'exe', uri: 'https://verify.example/v.exe' }],
        javaScriptResource: [{ apiFramework: 'omid', browserOptional: 'true', uri: 'https://verify.example/v.js' }],
        trackingEvents: [{ event: 'verificationNotExecuted', uri: 'https://verify.example/not-executed' }],
        vendor: 'v1',
        verificationParameters: 'k=v',
      },
    ]);
    expect(ad?.companionAds).toEqual([
      {
        adParameters: null,
        altText: null,
        attributes: {
          adSlotId: '',
          apiFramework: '',
          assetHeight: '',
          assetWidth: '',
          expandedHeight: '',
          expandedWidth: '',
          height: '250',
          id: '2',
          pxratio: '',
          renderingMode: '',
          width: '300',
        },
        companionClickThrough: 'https://advertiser.example/c',
        companionClickTracking: 'https://ads.example/companion-click',
        htmlResource: null,
        iFrameResource: null,
        sequence: '1',
        staticResource: 'https://cdn.example/companion.png',
        trackingEvents: [{ beaconUrls: ['https://ads.example/companion-view'], eventType: 'creativeView' }],
      },
    ]);
    expect([ad?.creativeId, ad?.creativeSequence]).toEqual(['cr-1', '1']);
    expect([ad?.duration, ad?.durationInSeconds]).toEqual(['PT20S', 20]);
    expect(ad?.extensions).toEqual([{ content: 'fallback=1', type: 'waterfall' }]);
    expect(ad?.icons).toEqual([
      {
        attributes: {
          apiFramework: '',
          duration: '00:00:10',
          height: '20',
          offset: '00:00:01',
          program: 'AdChoices',
          pxratio: '',
          width: '20',
          xPosition: 'right',
          yPosition: 'top',
        },
        htmlResource: null,
        iFrameResource: null,
        iconClicks: {
          iconClickFallbackImages: [],
          iconClickThrough: 'https://adchoices.example/',
          iconClickTracking: { id: 'ict', uri: 'https://ads.example/icon-click' },
        },
        iconViewTracking: 'https://ads.example/icon-view',
        staticResource: { creativeType: 'image/png', uri: 'https://cdn.example/adchoices.png' },
      },
    ]);
    expect(ad?.mediaFiles).toEqual({
      mediaFilesList: [
        {
          apiFramework: 'VPAID',
          delivery: 'progressive',
          height: 144,
          maintainAspectRatio: false,
          mediaFileUri: 'https://cdn.example/vpaid.js',
          mediaType: 'application/javascript',
          scalable: false,
          width: 176,
        },
        {
          bitrate: 2000,
          delivery: 'streaming',
          height: 720,
          maintainAspectRatio: true,
          mediaFileUri: 'https://cdn.example/ad1/master.m3u8',
          mediaType: 'application/x-mpegURL',
          scalable: true,
          width: 1280,
        },
      ],
      mezzanine: 'https://cdn.example/ad1/mezz.mp4',
    });
    expect(ad?.skipOffset).toBe('00:00:05');
    expect([ad?.startTime, ad?.startTimeInSeconds]).toEqual(['PT1M', 60]);
    expect(ad?.vastAdId).toBe('ad-1');
  });

  it('the bare ad: every array present and empty, "" and null for what VAST lacks', () => {
    const ad = build([standardAvail()]).avails[0]?.ads[1];
    expect(ad).toMatchObject({
      adId: '110',
      adParameters: '',
      adProgramDateTime: '2023-07-31T16:12:00.693Z',
      adVerifications: [],
      companionAds: [],
      creativeId: '',
      creativeSequence: '',
      extensions: [],
      icons: [],
      mediaFiles: { mezzanine: '' },
      skipOffset: null,
      startTime: 'PT1M20S',
      startTimeInSeconds: 80,
    });
    expect(ad?.trackingEvents.map((e) => e.eventType)).toEqual(['impression', 'start', 'complete']);
  });
});

describe('trackingEvents', () => {
  it('impression carries the ad duration; the others PT0S; each has the eight keys', () => {
    const events = build([standardAvail()]).avails[0]?.ads[0]?.trackingEvents ?? [];
    for (const e of events) {
      expect(Object.keys(e)).toEqual(['beaconUrls', 'duration', 'durationInSeconds', 'eventId', 'eventProgramDateTime', 'eventType', 'startTime', 'startTimeInSeconds']);
      const isImpression = e.eventType === 'impression';
      expect([e.duration, e.durationInSeconds]).toEqual(isImpression ? ['PT20S', 20] : ['PT0S', 0]);
    }
  });

  it('linear events at 0/0/25/50/75/100 % with the eventId of the segment carrying them (20 s of 2 s)', () => {
    const events = build([standardAvail()]).avails[0]?.ads[0]?.trackingEvents ?? [];
    const linear = events.slice(0, 6).map((e) => [e.eventType, e.startTimeInSeconds, e.startTime, e.eventId, e.eventProgramDateTime]);
    expect(linear).toEqual([
      ['impression', 60, 'PT1M', '100', '2023-07-31T16:11:40.693Z'],
      ['start', 60, 'PT1M', '100', '2023-07-31T16:11:40.693Z'],
      ['firstQuartile', 65, 'PT1M5S', '102', '2023-07-31T16:11:45.693Z'], // 3rd segment
      ['midpoint', 70, 'PT1M10S', '104', '2023-07-31T16:11:50.693Z'], // 5th
      ['thirdQuartile', 75, 'PT1M15S', '107', '2023-07-31T16:11:55.693Z'], // 8th
      ['complete', 80, 'PT1M20S', '109', '2023-07-31T16:12:00.693Z'], // last
    ]);
    expect(byType(events, 'impression')[0]?.beaconUrls).toEqual(['https://ads.example/imp1?t=[TIMESTAMP]', 'https://ads.example//imp2//x?cb=[CACHEBUSTING]&e=[ERRORCODE]&u=http://r.example//a']);
    expect(byType(events, 'complete')[0]?.beaconUrls).toEqual(['https://ads.example/complete', 'https://third.example/complete']);
  });

  it('other VAST events at the ad start with the ad id; progress at its offset; clicks', () => {
    const events = build([standardAvail()]).avails[0]?.ads[0]?.trackingEvents ?? [];
    const rest = events.slice(6).map((e) => [e.eventType, e.startTimeInSeconds, e.eventId, e.beaconUrls.join(' ')]);
    expect(rest).toEqual([
      ['creativeView', 60, '100', 'https://ads.example/creativeView'],
      ['pause', 60, '100', 'https://ads.example/pause'],
      ['mute', 60, '100', 'https://ads.example/mute'],
      ['progress', 62, '100', 'https://ads.example/progress10pc'],
      ['progress', 65, '102', 'https://ads.example/progress5s'],
      ['clickThrough', 60, '100', 'https://advertiser.example/'],
      ['clickTracking', 60, '100', 'https://ads.example/click'],
    ]);
  });

  it('docs/mediatailor-compat.md §3.4 example: start 17.817, 15.1 s → 21.592 / 25.367 / 29.142 / 32.917, eventIds as in the guide', () => {
    // The guide's ad (fixture 07): adId 8104385, quartile eventIds …86/…87/…88, complete …90:
    // 3 s segments and a 0.1 s tail reproduce them.
    const [ad] = inlineAds(RICH_VAST);
    if (!ad) throw new Error('ad');
    const durations = [3, 3, 3, 3, 3, 0.1];
    const placement = placeAds({ firstSeq: 8104385, startTimeSec: 17.817, ads: [durations] });
    const json = build([{ placement, plan: availPlan([plannedAd(ad, 0, durations)]) }]);
    const a = json.avails[0];
    expect([a?.availId, a?.duration, a?.durationInSeconds, a?.startTime, a?.startTimeInSeconds]).toEqual(['8104385', 'PT15.1S', 15.1, 'PT17.817S', 17.817]);
    const events = (a?.ads[0]?.trackingEvents ?? []).slice(0, 6);
    expect(events.map((e) => [e.eventType, e.startTimeInSeconds, e.eventId])).toEqual([
      ['impression', 17.817, '8104385'],
      ['start', 17.817, '8104385'],
      ['firstQuartile', 21.592, '8104386'],
      ['midpoint', 25.367, '8104387'],
      ['thirdQuartile', 29.142, '8104388'],
      ['complete', 32.917, '8104390'],
    ]);
    expect(events[0]?.duration).toBe('PT15.1S');
    expect(events[2]?.startTime).toBe('PT21.592S');
  });

  it('an ad cut by an early cue-in: no events past the cut', () => {
    const [ad] = inlineAds(RICH_VAST);
    if (!ad) throw new Error('ad');
    const durations = repeat(2, 10);
    const placement = placeAds({ firstSeq: 100, startTimeSec: 0, ads: [durations], slotCount: 6 });
    const events = build([{ placement, plan: availPlan([plannedAd(ad, 0, durations)]) }]).avails[0]?.ads[0]?.trackingEvents ?? [];
    expect(events.slice(0, 4).map((e) => e.eventType)).toEqual(['impression', 'start', 'firstQuartile', 'midpoint']);
    expect(byType(events, 'thirdQuartile')).toEqual([]);
    expect(byType(events, 'complete')).toEqual([]);
    expect(byType(events, 'impression')[0]?.durationInSeconds).toBe(12);
  });
});

describe('through planFill and placeAvail', () => {
  it('the ids and times in the JSON are the placement the manifests use', () => {
    const [ad1, ad2] = inlineAds(RICH_VAST);
    if (!ad1 || !ad2) throw new Error('ads');
    const plan = planFill({
      breakKey: '500',
      availIndex: 1,
      availDurationSec: 40,
      insertion: false,
      candidates: [
        { ad: ad1, wrapperDepth: 0, vastDurationSec: 20, creative: { creativeKey: 'a', source: 'streaming', sourceUrl: 'https://cdn.example/a.m3u8', refDurationsSec: repeat(2, 10) } },
        { ad: ad2, wrapperDepth: 0, vastDurationSec: 10, creative: { creativeKey: 'b', source: 'streaming', sourceUrl: 'https://cdn.example/b.m3u8', refDurationsSec: [4, 4, 2] } },
      ],
      slate: { creativeKey: 'slate', source: 'store', sourceUrl: 'slate', refDurationsSec: [2] },
      breakTracking: { breakStart: ['https://vmap.example/bs'] },
      nowMs: NOW,
    });
    const ledgerBreak: LedgerBreak = {
      key: '500',
      originStartSeq: 500,
      insertion: false,
      joined: false,
      seen: [{ fromSeq: 500, durationsSec: repeat(2, 20), discIndex: repeat(0, 20) }],
      discIndexBeforeStart: 0,
      outStartSeq: 520,
      outDiscBefore: 3,
      outTimeSec: 1000,
      pdtMs: Date.UTC(2024, 0, 1, 11, 0, 0),
      mode: 'personalize',
      closed: true,
      outputCount: 18,
      startLines: [],
      endLines: [],
      asset: {},
      availIndex: 1,
      originTimeSec: 1000,
    };
    // 13 ad slots + 5 slate slots of 2 s = the 40 s break.
    const placement = placeAvail(ledgerBreak, plan);
    if (!placement) throw new Error('not placed');
    const a = build([{ placement, plan }]).avails[0];
    expect([a?.availId, a?.startTimeInSeconds, a?.durationInSeconds, a?.adMarkerDuration]).toEqual(['520', 1000, 40, 'PT40S']);
    expect(a?.ads.map((x) => [x.adId, x.startTimeInSeconds, x.durationInSeconds])).toEqual([
      ['520', 1000, 20],
      ['530', 1020, 10],
    ]);
    expect(a?.ads[1]?.trackingEvents.map((e) => [e.eventType, e.eventId])).toEqual([
      ['impression', '530'],
      ['start', '530'],
      ['complete', '532'],
    ]);
    expect(a?.adBreakTrackingEvents).toEqual([{ beaconUrls: ['https://vmap.example/bs'], eventType: 'breakStart' }]);
  });
});
