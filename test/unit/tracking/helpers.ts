/**
 * Test helpers for the tracking and beacon tests: a rich test VAST, planned ads built from it,
 * and avail placements built directly (slots laid out the way core/avails/timeline does).
 */
import { parseVast } from '../../../src/core/vast/parse-vast.ts';
import type { VastInlineAd } from '../../../src/core/vast/model.ts';
import type { AvailPlan, PlannedAd } from '../../../src/core/avails/plan.ts';
import type { AdPlacement, AvailPlacement } from '../../../src/core/avails/timeline.ts';
import type { Slot } from '../../../src/core/avails/slots.ts';

/** Ad 1: everything the wire shape can carry. Ad 2: the bare minimum. */
export const RICH_VAST = `<?xml version="1.0"?>
<VAST version="4.2">
 <Ad id="ad-1" sequence="1"><InLine>
  <AdSystem version="4.0">TestADS</AdSystem><AdTitle>Skiing</AdTitle>
  <Impression id="i1"><![CDATA[https://ads.example/imp1?t=[TIMESTAMP]]]></Impression>
  <Impression><![CDATA[https://ads.example//imp2//x?cb=[CACHEBUSTING]&e=[ERRORCODE]&u=http://r.example//a]]></Impression>
  <Error><![CDATA[https://ads.example/err?c=[ERRORCODE]]]></Error>
  <AdVerifications><Verification vendor="v1">
    <JavaScriptResource apiFramework="omid" browserOptional="true"><![CDATA[https://verify.example/v.js]]></JavaScriptResource>
    <ExecutableResource apiFramework="omid" type="exe" language="en"><![CDATA[https://verify.example/v.exe]]></ExecutableResource>
    <TrackingEvents><Tracking event="verificationNotExecuted"><![CDATA[https://verify.example/not-executed]]></Tracking></TrackingEvents>
    <VerificationParameters><![CDATA[k=v]]></VerificationParameters>
  </Verification></AdVerifications>
  <Extensions><Extension type="waterfall"><![CDATA[fallback=1]]></Extension></Extensions>
  <Creatives>
   <Creative id="cr-1" sequence="1"><Linear skipoffset="00:00:05">
     <Duration>00:00:20</Duration>
     <AdParameters><![CDATA[{"a":1}]]></AdParameters>
     <TrackingEvents>
       <Tracking event="creativeView"><![CDATA[https://ads.example/creativeView]]></Tracking>
       <Tracking event="start"><![CDATA[https://ads.example/start]]></Tracking>
       <Tracking event="firstQuartile"><![CDATA[https://ads.example/q1]]></Tracking>
       <Tracking event="midpoint"><![CDATA[https://ads.example/mid]]></Tracking>
       <Tracking event="thirdQuartile"><![CDATA[https://ads.example/q3]]></Tracking>
       <Tracking event="complete"><![CDATA[https://ads.example/complete]]></Tracking>
       <Tracking event="complete"><![CDATA[https://third.example/complete]]></Tracking>
       <Tracking event="pause"><![CDATA[https://ads.example/pause]]></Tracking>
       <Tracking event="mute"><![CDATA[https://ads.example/mute]]></Tracking>
       <Tracking event="progress" offset="00:00:05"><![CDATA[https://ads.example/progress5s]]></Tracking>
       <Tracking event="progress" offset="10%"><![CDATA[https://ads.example/progress10pc]]></Tracking>
     </TrackingEvents>
     <VideoClicks>
       <ClickThrough><![CDATA[https://advertiser.example/]]></ClickThrough>
       <ClickTracking><![CDATA[https://ads.example/click]]></ClickTracking>
     </VideoClicks>
     <MediaFiles>
       <MediaFile delivery="progressive" type="application/javascript" apiFramework="VPAID" width="176" height="144"><![CDATA[https://cdn.example/vpaid.js]]></MediaFile>
       <MediaFile delivery="streaming" type="application/x-mpegURL" width="1280" height="720" bitrate="2000" scalable="true" maintainAspectRatio="true"><![CDATA[https://cdn.example/ad1/master.m3u8]]></MediaFile>
       <Mezzanine delivery="progressive" type="video/mp4" width="1920" height="1080"><![CDATA[https://cdn.example/ad1/mezz.mp4]]></Mezzanine>
     </MediaFiles>
     <Icons><Icon program="AdChoices" width="20" height="20" xPosition="right" yPosition="top" duration="00:00:10" offset="00:00:01">
       <StaticResource creativeType="image/png"><![CDATA[https://cdn.example/adchoices.png]]></StaticResource>
       <IconClicks>
         <IconClickThrough><![CDATA[https://adchoices.example/]]></IconClickThrough>
         <IconClickTracking id="ict"><![CDATA[https://ads.example/icon-click]]></IconClickTracking>
       </IconClicks>
       <IconViewTracking><![CDATA[https://ads.example/icon-view]]></IconViewTracking>
     </Icon></Icons>
   </Linear></Creative>
   <Creative id="cr-1c" sequence="1"><CompanionAds><Companion id="2" width="300" height="250">
     <StaticResource creativeType="image/png"><![CDATA[https://cdn.example/companion.png]]></StaticResource>
     <TrackingEvents><Tracking event="creativeView"><![CDATA[https://ads.example/companion-view]]></Tracking></TrackingEvents>
     <CompanionClickThrough><![CDATA[https://advertiser.example/c]]></CompanionClickThrough>
     <CompanionClickTracking><![CDATA[https://ads.example/companion-click]]></CompanionClickTracking>
   </Companion></CompanionAds></Creative>
  </Creatives>
 </InLine></Ad>
 <Ad id="ad-2" sequence="2"><InLine>
  <AdSystem>Bare</AdSystem><AdTitle>Bare</AdTitle>
  <Impression><![CDATA[https://ads.example/imp-2]]></Impression>
  <Creatives><Creative><Linear><Duration>00:00:10</Duration>
    <TrackingEvents>
      <Tracking event="start"><![CDATA[https://ads.example/start-2]]></Tracking>
      <Tracking event="complete"><![CDATA[https://ads.example/complete-2]]></Tracking>
    </TrackingEvents>
    <MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL"><![CDATA[https://cdn.example/ad2/master.m3u8]]></MediaFile></MediaFiles>
  </Linear></Creative></Creatives>
 </InLine></Ad>
</VAST>`;

export function inlineAds(xml: string): VastInlineAd[] {
  const r = parseVast(xml);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.document.ads.map((a) => {
    if (a.kind !== 'inline') throw new Error('not inline');
    return a;
  });
}

export function plannedAd(ad: VastInlineAd, index: number, refDurationsSec: readonly number[]): PlannedAd {
  return {
    index,
    ad,
    wrapperDepth: 0,
    creative: { creativeKey: `key-${index}`, source: 'streaming', sourceUrl: `https://cdn.example/${index}.m3u8`, refDurationsSec },
    vastDurationSec: refDurationsSec.reduce((a, b) => a + b, 0),
    mediaDurationSec: refDurationsSec.reduce((a, b) => a + b, 0),
  };
}

export function availPlan(ads: readonly PlannedAd[], extra: Partial<AvailPlan> = {}): AvailPlan {
  return {
    breakKey: '100',
    availIndex: 1,
    outcome: 'filled',
    ads,
    occurrences: ads.map((a) => ({ kind: 'ad', creativeKey: a.creative.creativeKey, adIndex: a.index, refDurationsSec: a.creative.refDurationsSec })),
    skipped: [],
    filledDurationSec: ads.reduce((t, a) => t + a.mediaDurationSec, 0),
    fillRate: 1,
    breakTracking: {},
    decidedAtMs: 0,
    ...extra,
  };
}

export interface PlaceSpec {
  readonly firstSeq: number;
  readonly startTimeSec: number;
  readonly pdtMs?: number;
  /** Segment durations per ad, in pod order (ad index = position). */
  readonly ads: readonly (readonly number[])[];
  /** Only this many break slots play (an early cue-in). */
  readonly slotCount?: number;
}

/** An avail placement with slots laid out back to back, as core/avails/timeline does. */
export function placeAds(spec: PlaceSpec): AvailPlacement {
  const ads: AdPlacement[] = [];
  let k = 0;
  let t = 0;
  spec.ads.forEach((durations, adIndex) => {
    const slots: Slot[] = [];
    durations.forEach((durationSec, segment) => {
      if (spec.slotCount === undefined || k < spec.slotCount) {
        slots.push({ k, occurrence: adIndex, segment, startSec: t, durationSec, discontinuityBefore: segment === 0 });
      }
      k++;
      t += durationSec;
    });
    const first = slots[0];
    if (!first) return;
    ads.push({
      adIndex,
      adId: String(spec.firstSeq + first.k),
      firstSeq: spec.firstSeq + first.k,
      firstSlot: first.k,
      slots,
      startTimeSec: spec.startTimeSec + first.startSec,
      durationSec: slots.reduce((a, s) => a + s.durationSec, 0),
      ...(spec.pdtMs !== undefined ? { pdtMs: spec.pdtMs + first.startSec * 1000 } : {}),
    });
  });
  return {
    availId: String(spec.firstSeq),
    firstSeq: spec.firstSeq,
    startTimeSec: spec.startTimeSec,
    durationSec: ads.reduce((a, x) => a + x.durationSec, 0),
    ...(spec.pdtMs !== undefined ? { pdtMs: spec.pdtMs } : {}),
    ads,
  };
}

export const repeat = (durationSec: number, n: number): number[] => Array.from({ length: n }, () => durationSec);

/** The standard test avail: ad 1 = 20 s of 2 s segments, ad 2 = 10 s as 4 + 4 + 2; seq 100, t = 60 s. */
export function standardAvail(extra: Partial<AvailPlan> = {}): { plan: AvailPlan; placement: AvailPlacement } {
  const [ad1, ad2] = inlineAds(RICH_VAST);
  if (!ad1 || !ad2) throw new Error('two ads expected');
  const d1 = repeat(2, 10);
  const d2 = [4, 4, 2];
  const plan = availPlan([plannedAd(ad1, 0, d1), plannedAd(ad2, 1, d2)], extra);
  const placement = placeAds({ firstSeq: 100, startTimeSec: 60, pdtMs: Date.UTC(2023, 6, 31, 16, 11, 40, 693), ads: [d1, d2] });
  return { plan, placement };
}
