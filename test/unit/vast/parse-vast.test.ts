/**
 * parseVast on hand-written responses: VAST 2.0 and 4.2 pods, no-ad responses, error values,
 * lenient reads and the elements the IAB samples do not cover.
 */
import { describe, expect, it } from 'vitest';
import { parseVast } from '../../../src/core/vast/parse-vast.ts';
import type { VastInlineAd } from '../../../src/core/vast/model.ts';
import { mustParse } from './helpers.ts';

const VAST2_POD = `<?xml version="1.0" encoding="UTF-8"?>
<VAST version="2.0">
  <Ad id="second" sequence="2">
    <InLine>
      <AdSystem>legacy</AdSystem><AdTitle>Second</AdTitle>
      <Impression>http://legacy.example/imp?ad=2&amp;x=1</Impression>
      <Creatives><Creative AdID="AD-2" sequence="1"><Linear>
        <Duration>00:00:30</Duration>
        <TrackingEvents><Tracking event="start">http://legacy.example/start?ad=2</Tracking>
          <Tracking event="fullscreen">http://legacy.example/fs?ad=2</Tracking></TrackingEvents>
        <MediaFiles><MediaFile delivery="progressive" type="video/x-flv" bitrate="400" width="640" height="360">http://legacy.example/2.flv</MediaFile></MediaFiles>
      </Linear></Creative></Creatives>
    </InLine>
  </Ad>
  <Ad id="first" sequence="1">
    <InLine>
      <AdSystem>legacy</AdSystem><AdTitle>First</AdTitle>
      <Impression><![CDATA[http://legacy.example/imp?ad=1&x=1]]></Impression>
      <Creatives><Creative><Linear>
        <Duration>00:00:15</Duration>
        <MediaFiles><MediaFile delivery="progressive" type="video/mp4" bitrate="800" width="1280" height="720"><![CDATA[http://legacy.example/1.mp4]]></MediaFile></MediaFiles>
      </Linear></Creative></Creatives>
    </InLine>
  </Ad>
</VAST>`;

const VAST42_POD = `<VAST version="4.2" xmlns="http://www.iab.com/VAST">
  <Ad id="pod-1" sequence="1" adType="video">
    <InLine>
      <AdSystem version="9">adserver</AdSystem>
      <Error><![CDATA[https://ads.example/err?c=[ERRORCODE]]]></Error>
      <Impression id="a"><![CDATA[https://ads.example/imp/1]]></Impression>
      <Impression id="b"><![CDATA[https://third.example/imp/1]]></Impression>
      <AdServingId>srv-1</AdServingId>
      <AdTitle>One</AdTitle>
      <Advertiser id="adv-9">brand.example</Advertiser>
      <Survey type="text/javascript"><![CDATA[https://survey.example/s.js]]></Survey>
      <Expires>3600</Expires>
      <AdVerifications>
        <Verification vendor="company.com-omid">
          <JavaScriptResource apiFramework="omid" browserOptional="true"><![CDATA[https://verify.example/omid.js]]></JavaScriptResource>
          <ExecutableResource apiFramework="custom" type="executable" language="swift"><![CDATA[https://verify.example/bin]]></ExecutableResource>
          <TrackingEvents><Tracking event="verificationNotExecuted"><![CDATA[https://verify.example/nx?r=[REASON]]]></Tracking></TrackingEvents>
          <VerificationParameters><![CDATA[{"k":"v"}]]></VerificationParameters>
        </Verification>
      </AdVerifications>
      <Creatives>
        <Creative id="cr-1" adId="ad-id-1" sequence="1" apiFramework="SIMID">
          <UniversalAdId idRegistry="ad-id.org">ABCD0001000H</UniversalAdId>
          <UniversalAdId idRegistry="clearcast.co.uk">XYZ</UniversalAdId>
          <CreativeExtensions><CreativeExtension type="creative_signaling"><![CDATA[123abc]]></CreativeExtension></CreativeExtensions>
          <Linear skipoffset="00:00:05.500">
            <Duration>00:00:15.015</Duration>
            <AdParameters xmlEncoded="true">&lt;params a="1"/&gt;</AdParameters>
            <TrackingEvents>
              <Tracking event="FirstQuartile"><![CDATA[https://ads.example/q1]]></Tracking>
              <Tracking event="progress" offset="25%"><![CDATA[https://ads.example/p25]]></Tracking>
              <Tracking event="progress" offset="soon"><![CDATA[https://ads.example/bad]]></Tracking>
              <Tracking><![CDATA[https://ads.example/noevent]]></Tracking>
              <Tracking event="impression"><![CDATA[about:blank]]></Tracking>
            </TrackingEvents>
            <VideoClicks>
              <ClickThrough><![CDATA[https://brand.example/]]></ClickThrough>
              <CustomClick id="cc"><![CDATA[https://ads.example/custom]]></CustomClick>
            </VideoClicks>
            <MediaFiles>
              <MediaFile id="hls" delivery="Streaming" type="application/x-mpegURL" width="1920" height="1080" minBitrate="500" maxBitrate="6000" fileSize="12345"><![CDATA[
                https://cdn.example/ad1/master.m3u8
              ]]></MediaFile>
              <MediaFile id="mp4" delivery="progressive" type="video/mp4" width="1920" height="1080" bitrate="6000" mediaType="2D" apiframework="none"><![CDATA[https://cdn.example/ad1.mp4]]></MediaFile>
              <MediaFile id="empty" delivery="progressive" type="video/mp4"><![CDATA[ ]]></MediaFile>
              <Mezzanine delivery="progressive" type="video/mp4" width="1920" height="1080" codec="avc1" fileSize="99999"><![CDATA[https://cdn.example/ad1-mezz.mov]]></Mezzanine>
            </MediaFiles>
            <Icons>
              <Icon program="AdChoices" width="20" height="20" xPosition="right" yPosition="top" duration="00:00:10" offset="00:00:01" apiFramework="none" pxratio="2">
                <StaticResource creativeType="image/png"><![CDATA[https://icons.example/i.png]]></StaticResource>
                <IconClicks>
                  <IconClickThrough><![CDATA[https://icons.example/why]]></IconClickThrough>
                  <IconClickTracking id="ict"><![CDATA[https://icons.example/ct]]></IconClickTracking>
                  <IconClickFallbackImages>
                    <IconClickFallbackImage width="300" height="200">
                      <AltText>Why this ad</AltText>
                      <StaticResource creativeType="image/png"><![CDATA[https://icons.example/fallback.png]]></StaticResource>
                    </IconClickFallbackImage>
                  </IconClickFallbackImages>
                </IconClicks>
                <IconViewTracking><![CDATA[https://icons.example/view]]></IconViewTracking>
              </Icon>
            </Icons>
          </Linear>
        </Creative>
        <Creative id="cr-1-companion">
          <CompanionAds required="All">
            <Companion id="c1" width="300" height="250" renderingMode="end-card">
              <HTMLResource><![CDATA[<div class="x">Hi &amp; bye</div>]]></HTMLResource>
              <IFrameResource><![CDATA[https://companion.example/frame.html]]></IFrameResource>
              <AltText>Brand</AltText>
              <AdParameters><![CDATA[p=1]]></AdParameters>
              <CompanionClickThrough><![CDATA[https://brand.example/c]]></CompanionClickThrough>
              <CompanionClickTracking id="cct"><![CDATA[https://ads.example/cct]]></CompanionClickTracking>
              <TrackingEvents><Tracking event="creativeView"><![CDATA[https://ads.example/cv]]></Tracking></TrackingEvents>
            </Companion>
          </CompanionAds>
        </Creative>
        <Creative id="cr-1-second-linear"><Linear><Duration>00:00:30</Duration></Linear></Creative>
      </Creatives>
      <Extensions><Extension type="waterfall"><![CDATA[ plain text ]]></Extension></Extensions>
    </InLine>
  </Ad>
  <Ad id="pod-2" sequence="2">
    <InLine>
      <AdSystem>adserver</AdSystem><AdTitle>Two</AdTitle>
      <Impression><![CDATA[https://ads.example/imp/2]]></Impression>
      <Creatives><Creative id="cr-2">
        <NonLinearAds>
          <TrackingEvents><Tracking event="creativeView"><![CDATA[https://ads.example/nl-cv]]></Tracking></TrackingEvents>
          <NonLinear id="nl" width="728" height="90" expandedWidth="728" expandedHeight="300" scalable="false" maintainAspectRatio="true" minSuggestedDuration="00:00:10" apiFramework="SIMID">
            <StaticResource creativeType="image/jpeg"><![CDATA[https://overlay.example/o.jpg]]></StaticResource>
            <AdParameters><![CDATA[x=1]]></AdParameters>
            <NonLinearClickThrough><![CDATA[https://brand.example/nl]]></NonLinearClickThrough>
            <NonLinearClickTracking id="nlct"><![CDATA[https://ads.example/nl-click]]></NonLinearClickTracking>
          </NonLinear>
        </NonLinearAds>
      </Creative></Creatives>
    </InLine>
  </Ad>
  <Ad id="standalone"><InLine><AdSystem>adserver</AdSystem><AdTitle>Buffet</AdTitle>
    <Impression><![CDATA[https://ads.example/imp/3]]></Impression><Creatives/></InLine></Ad>
</VAST>`;

function first(xml: string): VastInlineAd {
  const ad = mustParse(xml).ads[0];
  if (ad?.kind !== 'inline') throw new Error('not inline');
  return ad;
}

describe('VAST 2.0 pod', () => {
  const doc = mustParse(VAST2_POD);

  it('keeps document order and the sequence of each ad', () => {
    expect(doc.version).toBe('2.0');
    expect(doc.ads.map((a) => [a.id, a.sequence, a.index])).toEqual([
      ['second', 2, 0],
      ['first', 1, 1],
    ]);
  });

  it('decodes entities and reads the legacy AdID attribute and FLV media', () => {
    const second = doc.ads[0] as VastInlineAd;
    expect(second.impressions[0]?.url).toBe('http://legacy.example/imp?ad=2&x=1');
    expect(second.creatives[0]?.adId).toBe('AD-2');
    const linear = second.creatives[0]?.linear;
    expect(linear?.durationSec).toBe(30);
    expect(linear?.trackingEvents['fullscreen']).toEqual([{ url: 'http://legacy.example/fs?ad=2' }]);
    expect(linear?.mediaFiles[0]).toMatchObject({ type: 'video/x-flv', bitrateKbps: 400, url: 'http://legacy.example/2.flv' });
    expect((doc.ads[1] as VastInlineAd).impressions[0]?.url).toBe('http://legacy.example/imp?ad=1&x=1');
  });
});

describe('VAST 4.2 pod', () => {
  const parsed = parseVast(VAST42_POD);
  if (!parsed.ok) throw new Error('parse failed');
  const [one, two, three] = parsed.document.ads as VastInlineAd[];
  const creative = one?.creatives[0];
  const linear = creative?.linear;

  it('reads the InLine header elements', () => {
    expect(one).toMatchObject({
      id: 'pod-1',
      sequence: 1,
      adType: 'video',
      adSystem: { name: 'adserver', version: '9' },
      adServingId: 'srv-1',
      adTitle: 'One',
      advertiser: { name: 'brand.example', id: 'adv-9' },
      survey: [{ url: 'https://survey.example/s.js', type: 'text/javascript' }],
      expiresSec: 3600,
      errors: ['https://ads.example/err?c=[ERRORCODE]'],
    });
    expect(one?.impressions).toEqual([
      { url: 'https://ads.example/imp/1', id: 'a' },
      { url: 'https://third.example/imp/1', id: 'b' },
    ]);
    expect(three?.sequence).toBeUndefined();
  });

  it('reads a full Verification', () => {
    expect(one?.adVerifications).toEqual([
      {
        vendor: 'company.com-omid',
        javaScriptResources: [{ url: 'https://verify.example/omid.js', apiFramework: 'omid', browserOptional: true }],
        executableResources: [{ url: 'https://verify.example/bin', apiFramework: 'custom', type: 'executable', language: 'swift' }],
        trackingEvents: [{ event: 'verificationNotExecuted', url: 'https://verify.example/nx?r=[REASON]' }],
        verificationParameters: '{"k":"v"}',
      },
    ]);
  });

  it('reads Creative ids, several UniversalAdIds and creative extensions', () => {
    expect(creative).toMatchObject({ id: 'cr-1', adId: 'ad-id-1', sequence: 1, apiFramework: 'SIMID' });
    expect(creative?.universalAdId).toEqual({ idRegistry: 'ad-id.org', value: 'ABCD0001000H' });
    expect(creative?.universalAdIds).toHaveLength(2);
    expect(creative?.creativeExtensions).toEqual([{ type: 'creative_signaling', content: '123abc' }]);
    expect(one?.extensions).toEqual([{ type: 'waterfall', content: 'plain text' }]);
  });

  it('reads duration with milliseconds, skipoffset, decoded AdParameters', () => {
    expect(linear?.durationSec).toBe(15.015);
    expect(linear?.skipoffset).toEqual({ raw: '00:00:05.500', offset: { kind: 'time', offsetSec: 5.5 } });
    expect(linear?.adParameters).toEqual({ value: '<params a="1"/>', xmlEncoded: true });
  });

  it('normalises event case, keeps percent progress offsets, drops about:blank and event-less tracking', () => {
    expect(linear?.trackingEvents['firstQuartile']).toEqual([{ url: 'https://ads.example/q1' }]);
    expect(linear?.trackingEvents['progress']).toEqual([
      { url: 'https://ads.example/p25', offsetRaw: '25%', offset: { kind: 'percent', percent: 25 } },
      { url: 'https://ads.example/bad', offsetRaw: 'soon' },
    ]);
    expect(linear?.trackingEvents['impression']).toBeUndefined();
    expect(Object.keys(linear?.trackingEvents ?? {})).toEqual(['firstQuartile', 'progress']);
  });

  it('reads media files leniently: delivery case, trimmed URL, case-insensitive attribute names', () => {
    expect(linear?.mediaFiles.map((m) => m.id)).toEqual(['hls', 'mp4']);
    expect(linear?.mediaFiles[0]).toMatchObject({
      url: 'https://cdn.example/ad1/master.m3u8',
      delivery: 'streaming',
      minBitrateKbps: 500,
      maxBitrateKbps: 6000,
      fileSizeBytes: 12345,
    });
    expect(linear?.mediaFiles[1]).toMatchObject({ apiFramework: 'none', mediaType: '2D', bitrateKbps: 6000 });
    expect(linear?.mezzanine).toMatchObject({ url: 'https://cdn.example/ad1-mezz.mov', codec: 'avc1', fileSizeBytes: 99999 });
    expect(linear?.videoClicks).toEqual({
      clickThrough: { url: 'https://brand.example/' },
      clickTracking: [],
      customClick: [{ url: 'https://ads.example/custom', id: 'cc' }],
    });
  });

  it('reads icons with click fallback images and view tracking', () => {
    expect(linear?.icons).toEqual([
      {
        program: 'AdChoices',
        width: 20,
        height: 20,
        xPosition: 'right',
        yPosition: 'top',
        durationRaw: '00:00:10',
        durationSec: 10,
        offsetRaw: '00:00:01',
        offsetSec: 1,
        apiFramework: 'none',
        pxratio: '2',
        resources: { staticResources: [{ url: 'https://icons.example/i.png', creativeType: 'image/png' }], iframeResources: [], htmlResources: [] },
        clickThrough: 'https://icons.example/why',
        clickTracking: [{ url: 'https://icons.example/ct', id: 'ict' }],
        clickFallbackImages: [{ width: 300, height: 200, altText: 'Why this ad', staticResource: { url: 'https://icons.example/fallback.png', creativeType: 'image/png' } }],
        viewTracking: ['https://icons.example/view'],
      },
    ]);
  });

  it('reads companions: required, HTML kept verbatim, iframe, tracking', () => {
    const companionAds = one?.creatives[1]?.companionAds;
    expect(companionAds?.required).toBe('all');
    expect(companionAds?.companions[0]).toMatchObject({
      id: 'c1',
      renderingMode: 'end-card',
      altText: 'Brand',
      adParameters: { value: 'p=1' },
      clickThrough: 'https://brand.example/c',
      clickTracking: [{ url: 'https://ads.example/cct', id: 'cct' }],
      resources: {
        staticResources: [],
        iframeResources: ['https://companion.example/frame.html'],
        htmlResources: ['<div class="x">Hi &amp; bye</div>'],
      },
    });
    expect(companionAds?.companions[0]?.trackingEvents['creativeView']).toEqual([{ url: 'https://ads.example/cv' }]);
  });

  it('reads NonLinearAds with their shared tracking', () => {
    const nl = two?.creatives[0]?.nonLinearAds;
    expect(nl?.trackingEvents['creativeView']).toEqual([{ url: 'https://ads.example/nl-cv' }]);
    expect(nl?.nonLinears[0]).toMatchObject({
      id: 'nl',
      width: 728,
      height: 90,
      expandedWidth: 728,
      expandedHeight: 300,
      scalable: false,
      maintainAspectRatio: true,
      minSuggestedDurationSec: 10,
      apiFramework: 'SIMID',
      adParameters: { value: 'x=1' },
      clickThrough: 'https://brand.example/nl',
      clickTracking: [{ url: 'https://ads.example/nl-click', id: 'nlct' }],
    });
  });

  it('keeps the first Linear only and reports the oddities', () => {
    expect(one?.creatives.map((c) => c.id)).toEqual(['cr-1', 'cr-1-companion']);
    expect(parsed.diagnostics.map((d) => [d.code, d.adIndex])).toEqual([
      ['tracking_without_event', 0],
      ['invalid_progress_offset', 0],
      ['media_file_without_url', 0],
      ['multiple_linear', 0],
    ]);
  });
});

describe('no-ad and error responses', () => {
  it('an empty <VAST/> is ok with zero ads', () => {
    const r = parseVast('<VAST version="3.0"/>');
    expect(r).toEqual({ ok: true, document: { version: '3.0', ads: [], errors: [] }, diagnostics: [] });
  });

  it('keeps the root Error URIs of a no-ad response', () => {
    const doc = mustParse('<VAST version="4.2"><Error><![CDATA[https://ads.example/noad?c=[ERRORCODE]]]></Error><Error>https://two.example/noad</Error></VAST>');
    expect(doc.errors).toEqual(['https://ads.example/noad?c=[ERRORCODE]', 'https://two.example/noad']);
  });

  it.each([
    ['garbage', 'this is not xml'],
    ['truncated', '<VAST version="3.0"><Ad id="1"><InLine><AdTitle>x</AdTitle>'],
    ['mismatched tags', '<VAST><Ad></VAST>'],
    ['empty string', ''],
    ['JSON', '{"ads": []}'],
    ['hostile name', '<VAST><__proto__ x="1"/></VAST>'],
  ])('%s → parse_error', (_, xml) => {
    const r = parseVast(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('parse_error');
  });

  it('a foreign root → unknown_root with its name', () => {
    const r = parseVast('<VideoAdServingTemplate><Ad/></VideoAdServingTemplate>');
    expect(r).toEqual({
      ok: false,
      error: { kind: 'unknown_root', message: 'root element <VideoAdServingTemplate> is not <VAST>', rootElement: 'VideoAdServingTemplate' },
    });
  });

  it('a VMAP is not a VAST', () => {
    const r = parseVast('<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0"/>');
    expect(r.ok === false && r.error.kind).toBe('unknown_root');
  });
});

describe('leniency and odd structures', () => {
  it('tolerates a bare ampersand in a URL outside CDATA', () => {
    const ad = first('<VAST version="3.0"><Ad><InLine><AdSystem>s</AdSystem><Impression>http://x.example/i?a=1&b=2</Impression></InLine></Ad></VAST>');
    expect(ad.impressions).toEqual([{ url: 'http://x.example/i?a=1&b=2' }]);
  });

  it('reads <Inline> and sloppy boolean/numeric attributes', () => {
    const doc = mustParse(`<VAST version="3.0"><Ad id="x" sequence="abc"><Inline><AdSystem>s</AdSystem>
      <Creatives><Creative><Linear><Duration>15</Duration><MediaFiles>
      <MediaFile delivery="PROGRESSIVE" type="video/mp4" width="wide" scalable="TRUE" bitrate="1,000"><![CDATA[https://m.example/a.mp4]]></MediaFile>
      </MediaFiles></Linear></Creative></Creatives></Inline></Ad></VAST>`);
    const ad = doc.ads[0] as VastInlineAd;
    expect(ad.sequence).toBeUndefined();
    const mf = ad.creatives[0]?.linear?.mediaFiles[0];
    expect(mf).toEqual({ url: 'https://m.example/a.mp4', delivery: 'progressive', type: 'video/mp4', scalable: true });
    expect(ad.creatives[0]?.linear?.durationSec).toBe(15);
  });

  it('reports an unreadable duration and skipoffset instead of guessing', () => {
    const r = parseVast(`<VAST version="3.0"><Ad><InLine><AdSystem>s</AdSystem><Creatives><Creative><Linear skipoffset="later">
      <Duration>fifteen</Duration></Linear></Creative></Creatives></InLine></Ad></VAST>`);
    if (!r.ok) throw new Error('parse failed');
    const linear = (r.document.ads[0] as VastInlineAd).creatives[0]?.linear;
    expect(linear?.durationSec).toBeUndefined();
    expect(linear?.durationRaw).toBe('fifteen');
    expect(linear?.skipoffset).toEqual({ raw: 'later' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid_duration', 'invalid_skipoffset']);
  });

  it('skips an Ad with neither InLine nor Wrapper, keeps a Wrapper without VASTAdTagURI for the resolver', () => {
    const r = parseVast('<VAST version="4.2"><Ad id="a"/><Ad id="b"><Wrapper><AdSystem>w</AdSystem></Wrapper></Ad></VAST>');
    if (!r.ok) throw new Error('parse failed');
    expect(r.document.ads).toHaveLength(1);
    expect(r.document.ads[0]).toMatchObject({ kind: 'wrapper', id: 'b', index: 1, vastAdTagUri: '' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ad_without_inline_or_wrapper', 'missing_vast_ad_tag_uri']);
  });

  it('reports duplicate sequence values', () => {
    const r = parseVast('<VAST><Ad sequence="1"><InLine/></Ad><Ad sequence="1"><InLine/></Ad></VAST>');
    expect(r.ok && r.diagnostics.map((d) => d.code)).toEqual(['duplicate_sequence']);
  });

  it('reads VAST 3 verifications from Extension type="AdVerifications"', () => {
    const ad = first(`<VAST version="3.0"><Ad><InLine><AdSystem>s</AdSystem><Extensions>
      <Extension type="AdVerifications"><AdVerifications><Verification vendor="v3">
        <JavaScriptResource apiFramework="omid"><![CDATA[https://v3.example/omid.js]]></JavaScriptResource>
        <VerificationParameters><![CDATA[a=b]]></VerificationParameters>
      </Verification></AdVerifications></Extension></Extensions></InLine></Ad></VAST>`);
    expect(ad.adVerifications).toEqual([
      {
        vendor: 'v3',
        javaScriptResources: [{ url: 'https://v3.example/omid.js', apiFramework: 'omid' }],
        executableResources: [],
        trackingEvents: [],
        verificationParameters: 'a=b',
      },
    ]);
    expect(ad.extensions[0]?.type).toBe('AdVerifications');
    expect(ad.extensions[0]?.content).toContain('<Verification vendor="v3">');
  });

  it('an event named like an Object member is just an event', () => {
    const ad = first(`<VAST><Ad><InLine><Creatives><Creative><Linear><TrackingEvents>
      <Tracking event="constructor"><![CDATA[https://x.example/c]]></Tracking></TrackingEvents></Linear></Creative></Creatives></InLine></Ad></VAST>`);
    const events = ad.creatives[0]?.linear?.trackingEvents ?? {};
    expect(events['constructor']).toEqual([{ url: 'https://x.example/c' }]);
    expect(events['toString']).toBeUndefined();
  });
});
