/**
 * parseVast against the IAB VAST 3.0 / 4.1 samples (test/fixtures/vast, see README there).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseVast } from '../../../src/core/vast/parse-vast.ts';
import type { VastInlineAd, VastWrapperAd } from '../../../src/core/vast/model.ts';
import { fixture, mustParse } from './helpers.ts';

const samples = readdirSync(fileURLToPath(new URL('../../fixtures/vast/', import.meta.url))).filter((f) => f.endsWith('.xml'));

function inline(name: string): VastInlineAd {
  const ad = mustParse(fixture(name)).ads[0];
  if (ad?.kind !== 'inline') throw new Error(`${name}: first ad is not InLine`);
  return ad;
}

function linearOf(ad: VastInlineAd) {
  const linear = ad.creatives.find((c) => c.linear)?.linear;
  if (!linear) throw new Error('no Linear');
  return linear;
}

const QUARTILES = ['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];

describe('every IAB sample', () => {
  it('finds all 25 samples', () => expect(samples).toHaveLength(25));

  it.each(samples)('%s parses to one ad without diagnostics', (name) => {
    const r = parseVast(fixture(name));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.document.version).toBe(name.startsWith('v3.0') ? '3.0' : '4.1');
    expect(r.document.ads).toHaveLength(1);
    expect(r.diagnostics).toEqual([]);
    const ad = r.document.ads[0];
    expect(ad?.adSystem?.name).toBe('iabtechlab');
    expect(ad?.impressions.length).toBeGreaterThan(0);
  });
});

describe('VAST 3.0 samples', () => {
  it('Inline_Linear_Tag: duration, tracking per event, progress offset, clicks, media file, extension', () => {
    const ad = inline('v3.0-Inline_Linear_Tag-test.xml');
    expect(ad).toMatchObject({ id: '20001', adTitle: 'iabtechlab video ad', adSystem: { name: 'iabtechlab', version: '4.0' } });
    expect(ad.sequence).toBeUndefined();
    expect(ad.pricing).toEqual({ value: '25.00', model: 'cpm', currency: 'USD' });
    expect(ad.errors).toEqual(['http://example.com/error']);
    expect(ad.impressions).toEqual([{ url: 'http://example.com/track/impression', id: 'Impression-ID' }]);
    const linear = linearOf(ad);
    expect(linear.durationSec).toBe(16);
    expect(linear.durationRaw).toBe('00:00:16');
    for (const event of QUARTILES) {
      expect(linear.trackingEvents[event]).toEqual([{ url: `http://example.com/tracking/${event}` }]);
    }
    expect(linear.trackingEvents['progress']).toEqual([{ url: 'http://example.com/tracking/progress-10', offsetRaw: '00:00:10', offset: { kind: 'time', offsetSec: 10 } }]);
    expect(linear.videoClicks.clickTracking).toEqual([{ url: 'https://iabtechlab.com', id: 'blog' }]);
    expect(linear.videoClicks.customClick).toEqual([{ url: 'http://iabtechlab.com' }]);
    expect(linear.mediaFiles).toEqual([
      {
        url: 'https://iab-publicfiles.s3.amazonaws.com/vast/VAST-4.0-Short-Intro.mp4',
        id: '5241',
        delivery: 'progressive',
        type: 'video/mp4',
        width: 400,
        height: 300,
        codec: '0',
        bitrateKbps: 500,
        minBitrateKbps: 360,
        maxBitrateKbps: 1080,
        scalable: true,
        maintainAspectRatio: true,
      },
    ]);
    expect(ad.extensions).toHaveLength(1);
    expect(ad.extensions[0]?.type).toBe('iab-Count');
    expect(ad.extensions[0]?.content).toMatch(/^<total_available>\s*<!\[CDATA\[ 2 \]\]>\s*<\/total_available>$/);
  });

  it('Inline_Companion_Tag: companion attributes and resource next to the Linear', () => {
    const ad = inline('v3.0-Inline_Companion_Tag-test.xml');
    expect(ad.adTitle).toBe('VAST 4.0 Pilot - Scenario 5');
    expect(ad.description).toMatch(/^This is sample companion ad tag/);
    expect(ad.creatives).toHaveLength(2);
    const companions = ad.creatives[0]?.companionAds?.companions ?? [];
    expect(companions).toHaveLength(1);
    expect(companions[0]).toMatchObject({
      id: '1232',
      width: 300,
      height: 250,
      assetWidth: 250,
      assetHeight: 200,
      expandedWidth: 350,
      expandedHeight: 250,
      clickThrough: 'https://iabtechlab.com',
      resources: {
        staticResources: [{ url: 'https://www.iab.com/wp-content/uploads/2014/09/iab-tech-lab-6-644x290.png', creativeType: 'image/png' }],
        iframeResources: [],
        htmlResources: [],
      },
    });
    expect(linearOf(ad).durationSec).toBe(16);
  });

  it('Inline_Non-Linear_Tag: NonLinear attributes, CDATA with line breaks trimmed', () => {
    const ad = inline('v3.0-Inline_Non-Linear_Tag-test.xml');
    expect(ad.adTitle).toBe('NonLinear Image');
    expect(ad.errors).toEqual(['http://example.com/error']);
    expect(ad.impressions).toEqual([{ url: 'http://example.com/track/impression', id: 'Impression-ID' }]);
    const nonLinear = ad.creatives[0]?.nonLinearAds?.nonLinears[0];
    expect(nonLinear).toMatchObject({
      width: 480,
      height: 150,
      minSuggestedDurationRaw: '00:00:05',
      minSuggestedDurationSec: 5,
      scalable: true,
      maintainAspectRatio: true,
      clickThrough: 'http://iabtechlab.com',
      clickTracking: [{ url: 'http://example.com/trackingurl/clickTracking' }],
    });
    expect(nonLinear?.resources.staticResources).toEqual([{ url: 'http://mms.businesswire.com/media/20150623005446/en/473787/21/iab_tech_lab.jpg', creativeType: 'image/png' }]);
  });

  it('Event_Tracking: ClickThrough and MediaFile apiFramework', () => {
    const linear = linearOf(inline('v3.0-Event_Tracking-test.xml'));
    expect(linear.videoClicks.clickThrough).toEqual({ url: 'https://iabtechlab.com', id: 'blog' });
    expect(linear.mediaFiles[0]?.apiFramework).toBe('VAST');
  });

  it('Video_Clicks_and_click_tracking: ClickThrough plus ClickTracking', () => {
    const linear = linearOf(inline('v3.0-Video_Clicks_and_click_tracking-Inline-test.xml'));
    expect(linear.videoClicks.clickThrough?.url).toBe('https://iabtechlab.com');
    expect(linear.videoClicks.clickTracking).toEqual([{ url: 'http://example.com/trackingurl/clickTracking' }]);
  });

  it('Wrapper_Tag: VASTAdTagURI, wrapper defaults, companion in the wrapper', () => {
    const ad = mustParse(fixture('v3.0-Wrapper_Tag-test.xml')).ads[0] as VastWrapperAd;
    expect(ad.kind).toBe('wrapper');
    expect(ad.vastAdTagUri).toBe('https://raw.githubusercontent.com/InteractiveAdvertisingBureau/VAST_Samples/master/VAST%203.0%20Samples/Inline_Companion_Tag-test.xml');
    expect(ad.followAdditionalWrappers).toBe(true);
    expect(ad.allowMultipleAds).toBe(false);
    expect(ad.fallbackOnNoAd).toBeUndefined();
    expect(ad.impressions).toEqual([{ url: 'http://example.com/track/impression' }]);
    expect(ad.creatives[0]?.companionAds?.companions[0]?.id).toBe('1232');
  });
});

describe('VAST 4.1 samples', () => {
  it('Ad_Verification: verifications, sequence, conditionalAd, AdServingId, advertiser, empty category skipped', () => {
    const ad = inline('v4.1-Ad_Verification-test.xml');
    expect(ad).toMatchObject({ id: '20001', sequence: 1, conditionalAd: false, adServingId: 'a532d16d-4d7f-4440-bd29-2ec0e693fc80' });
    expect(ad.advertiser).toEqual({ name: 'IAB Sample Company' });
    expect(ad.categories).toEqual([]);
    expect(ad.adVerifications.map((v) => v.javaScriptResources[0]?.url)).toEqual(['https://verificationcompany1.com/verification_script1.js', 'https://verificationcompany.com/untrusted.js']);
    expect(linearOf(ad).mediaFiles.map((m) => [m.id, m.bitrateKbps, m.width])).toEqual([
      ['5241', 2000, 1280],
      ['5244', 1000, 854],
      ['5246', 600, 640],
    ]);
  });

  it('Universal_Ad_ID: Creative id, adId and UniversalAdId', () => {
    const creative = inline('v4.1-Universal_Ad_ID-test.xml').creatives[0];
    expect(creative).toMatchObject({ id: '5480', adId: '2447226', sequence: 1, universalAdId: { idRegistry: 'Ad-ID', value: '8465' } });
    expect(creative?.universalAdIds).toHaveLength(1);
  });

  it('Category: three categories with authority', () => {
    const ad = inline('v4.1-Category-test.xml');
    expect(ad.categories.map((c) => c.value)).toEqual(['American Cuisine', 'Guitar', 'Vegan']);
    expect(ad.categories[0]?.authority).toBe('https://www.iabtechlab.com/categoryauthority');
  });

  it('Closed_Caption: caption files with type and language', () => {
    const linear = linearOf(inline('v4.1-Closed_Caption_Test.xml'));
    expect(linear.closedCaptionFiles).toEqual([
      { url: 'https://mycdn.example.com/creatives/creative001.srt', type: 'text/srt', language: 'en' },
      { url: 'https://mycdn.example.com/creatives/creative001-1.srt', type: 'text/srt', language: 'fr' },
      { url: 'https://mycdn.example.com/creatives/creative001.vtt', type: 'text/vtt', language: 'zh-TW' },
      { url: 'https://mycdn.example.com/creatives/creative001.ttml', type: 'application/ttml+xml', language: 'zh-CH' },
    ]);
    expect(linear.mediaFiles).toHaveLength(3);
  });

  it('Conditional_Ad: conditionalAd and Creative@apiFramework', () => {
    const ad = inline('v4.1-Conditional_Ad-test.xml');
    expect(ad.conditionalAd).toBe(true);
    expect(ad.creatives[0]?.apiFramework).toBe('VAST');
  });

  it('Audio_DAAST: adType audio', () => {
    const ad = inline('v4.1-Audio_DAAST_Sample.xml');
    expect(ad.adType).toBe('audio');
    expect(linearOf(ad).mediaFiles[0]?.codec).toBe('FLAC');
  });

  it('Inline_Companion_Tag: adSlotId and pxratio on the companion', () => {
    const companion = inline('v4.1-Inline_Companion_Tag-test.xml').creatives[0]?.companionAds?.companions[0];
    expect(companion).toMatchObject({ adSlotId: '3214', pxratio: '1400', width: 100, height: 150 });
  });

  it('Inline_Non-Linear_Tag: click through and tracking', () => {
    const nonLinear = inline('v4.1-Inline_Non-Linear_Tag-test.xml').creatives[0]?.nonLinearAds?.nonLinears[0];
    expect(nonLinear).toMatchObject({
      width: 350,
      height: 350,
      clickThrough: 'https://iabtechlab.com',
      clickTracking: [{ url: 'https://example.com/tracking/clickTracking' }],
    });
  });

  it('SSAI mezzanine: Mezzanine kept apart from the MediaFiles', () => {
    const ad = inline('v4.1-SSAI_stitching_mezzanine_file_support-test.xml');
    const linear = linearOf(ad);
    expect(linear.mezzanine).toEqual({
      url: 'rtsp://pilot.iabtechlab.com/rawvideo?type=complete&imprid=s5-ea2f7f298e28c0c98374491aec3dfeb1&ts=4235',
      delivery: 'streaming',
      type: 'video/mp4',
      width: 1280,
      height: 120,
    });
    expect(linear.mediaFiles).toHaveLength(3);
    expect(ad.creatives[0]?.apiFramework).toBe('VPAID');
  });

  it('SSAI VPAID separation: InteractiveCreativeFile', () => {
    const linear = linearOf(inline('v4.1-SSAI_stitching__VPAID_separation-test.xml'));
    expect(linear.interactiveCreativeFiles).toEqual([{ url: 'https://pilot.iabtechlab.com/beacon?type=complete&imprid=s5-ea2f7f298e28c0c98374491aec3dfeb1&ts=4235' }]);
    expect(linear.mediaFiles).toHaveLength(1);
  });

  it('Inline_Simple: empty AdVerifications gives no verification', () => {
    const ad = inline('v4.1-Inline_Simple.xml');
    expect(ad.adTitle).toBe('Inline Simple Ad');
    expect(ad.adVerifications).toEqual([]);
    expect(ad.categories).toEqual([{ authority: 'https://www.iabtechlab.com/categoryauthority', value: 'AD CONTENT description category' }]);
  });

  it('Viewable_Impression (wrapper): attributes, viewability URLs, progress tracking kept for merging', () => {
    const ad = mustParse(fixture('v4.1-Viewable_Impression-test.xml')).ads[0] as VastWrapperAd;
    expect(ad).toMatchObject({ kind: 'wrapper', followAdditionalWrappers: false, allowMultipleAds: true, fallbackOnNoAd: false });
    expect(ad.viewableImpression?.id).toBe('1543');
    expect(ad.viewableImpression?.viewable).toHaveLength(1);
    expect(ad.viewableImpression?.notViewable).toHaveLength(1);
    expect(ad.viewableImpression?.viewUndetermined).toHaveLength(1);
    const linear = ad.creatives[0]?.linear;
    expect(linear?.trackingEvents['start']).toEqual([{ url: 'http://example.com/tracking/start' }]);
    expect(linear?.trackingEvents['progress']?.[0]?.offset).toEqual({ kind: 'time', offsetSec: 10 });
    expect(linear?.durationSec).toBeUndefined();
  });

  it('Wrapper_Tag: VAST 4 wrapper with companion apiFramework', () => {
    const ad = mustParse(fixture('v4.1-Wrapper_Tag-test.xml')).ads[0] as VastWrapperAd;
    expect(ad.vastAdTagUri).toBe('https://raw.githubusercontent.com/InteractiveAdvertisingBureau/VAST_Samples/master/VAST%204.0%20Samples/Inline_Companion_Tag-test.xml');
    expect(ad.creatives[0]?.companionAds?.companions[0]?.apiFramework).toBe('VPAID');
  });
});
