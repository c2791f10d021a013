/**
 * mergeWrapperChain: the precedence rules of VAST 4.2 §2.3.5.2 and the tracking that only a
 * wrapper can carry (companion creativeView, NonLinear tracking, verifications, viewability).
 */
import { describe, expect, it } from 'vitest';
import { mergeWrapperChain } from '../../../src/core/vast/merge.ts';
import type { VastInlineAd, VastWrapperAd } from '../../../src/core/vast/model.ts';
import { fixture, mustParse } from './helpers.ts';

function wrapper(body: string, attrs = ''): VastWrapperAd {
  const ad = mustParse(`<VAST version="4.2"><Ad id="w"><Wrapper ${attrs}><AdSystem>w</AdSystem>
    <VASTAdTagURI><![CDATA[https://next.example/vast]]></VASTAdTagURI>${body}</Wrapper></Ad></VAST>`).ads[0];
  if (ad?.kind !== 'wrapper') throw new Error('not a wrapper');
  return ad;
}

function inline(body: string): VastInlineAd {
  const ad = mustParse(`<VAST version="4.2"><Ad id="i"><InLine><AdSystem>i</AdSystem><AdTitle>t</AdTitle>${body}</InLine></Ad></VAST>`).ads[0];
  if (ad?.kind !== 'inline') throw new Error('not inline');
  return ad;
}

const LINEAR_INLINE = `<Creatives><Creative id="c"><Linear><Duration>00:00:10</Duration>
  <MediaFiles><MediaFile delivery="progressive" type="video/mp4"><![CDATA[https://cdn.example/a.mp4]]></MediaFile></MediaFiles>
</Linear></Creative></Creatives>`;

describe('mergeWrapperChain', () => {
  it('no wrappers: the InLine unchanged', () => {
    const ad = inline(LINEAR_INLINE);
    expect(mergeWrapperChain([], ad)).toBe(ad);
  });

  it('ClickThrough: the InLine wins; without one, the wrapper closest to the InLine', () => {
    const outer = wrapper('<Creatives><Creative><Linear><VideoClicks><ClickThrough>https://outer.example/</ClickThrough></VideoClicks></Linear></Creative></Creatives>');
    const inner = wrapper('<Creatives><Creative><Linear><VideoClicks><ClickThrough>https://inner.example/</ClickThrough></VideoClicks></Linear></Creative></Creatives>');
    const without = mergeWrapperChain([outer, inner], inline(LINEAR_INLINE));
    expect(without.creatives[0]?.linear?.videoClicks.clickThrough?.url).toBe('https://inner.example/');
    const withOwn = mergeWrapperChain([outer, inner], inline(LINEAR_INLINE.replace('</Duration>', '</Duration><VideoClicks><ClickThrough>https://own.example/</ClickThrough></VideoClicks>')));
    expect(withOwn.creatives[0]?.linear?.videoClicks.clickThrough?.url).toBe('https://own.example/');
  });

  it('icons come from the closest wrapper when the InLine has none', () => {
    const w = wrapper(`<Creatives><Creative><Linear><Icons><Icon program="AdChoices" width="10" height="10">
      <StaticResource creativeType="image/png">https://icons.example/w.png</StaticResource></Icon></Icons></Linear></Creative></Creatives>`);
    const merged = mergeWrapperChain([w], inline(LINEAR_INLINE));
    expect(merged.creatives[0]?.linear?.icons.map((i) => i.program)).toEqual(['AdChoices']);
  });

  it('pricing: the outermost wrapper; verifications and viewability: all, wrappers first', () => {
    const outer = wrapper(`<Pricing model="cpm" currency="EUR">9</Pricing>
      <ViewableImpression id="vo"><Viewable>https://w.example/v</Viewable></ViewableImpression>
      <AdVerifications><Verification vendor="w-vendor"><JavaScriptResource apiFramework="omid" browserOptional="false">https://w.example/omid.js</JavaScriptResource></Verification></AdVerifications>
      <Extensions><Extension type="outer">o</Extension></Extensions>`);
    const inner = wrapper('<Pricing model="cpm" currency="USD">5</Pricing><Extensions><Extension type="inner">n</Extension></Extensions>');
    const merged = mergeWrapperChain(
      [outer, inner],
      inline(`<Pricing model="cpm" currency="USD">1</Pricing><ViewableImpression><Viewable>https://i.example/v</Viewable></ViewableImpression>
        <AdVerifications><Verification vendor="i-vendor"><JavaScriptResource>https://i.example/omid.js</JavaScriptResource></Verification></AdVerifications>
        <Extensions><Extension type="own">i</Extension></Extensions>${LINEAR_INLINE}`),
    );
    expect(merged.pricing).toEqual({ value: '9', model: 'cpm', currency: 'EUR' });
    expect(merged.adVerifications.map((v) => v.vendor)).toEqual(['w-vendor', 'i-vendor']);
    expect(merged.viewableImpression).toEqual({ id: 'vo', viewable: ['https://w.example/v', 'https://i.example/v'], notViewable: [], viewUndetermined: [] });
    expect(merged.extensions.map((e) => e.type)).toEqual(['own', 'inner', 'outer']);
  });

  it('wrapper companions: tracking-only ones add creativeView and click tracking to the InLine companions', () => {
    const w = wrapper(`<Creatives><Creative><CompanionAds><Companion>
      <CompanionClickTracking>https://w.example/cclick</CompanionClickTracking>
      <TrackingEvents><Tracking event="creativeView">https://w.example/cview</Tracking></TrackingEvents>
    </Companion></CompanionAds></Creative></Creatives>`);
    const merged = mergeWrapperChain(
      [w],
      inline(`<Creatives><Creative><CompanionAds><Companion id="own" width="300" height="250">
        <StaticResource creativeType="image/png">https://i.example/c.png</StaticResource>
        <TrackingEvents><Tracking event="creativeView">https://i.example/cview</Tracking></TrackingEvents>
      </Companion></CompanionAds></Creative></Creatives>`),
    );
    const companion = merged.creatives[0]?.companionAds?.companions[0];
    expect(companion?.trackingEvents['creativeView']?.map((t) => t.url)).toEqual(['https://w.example/cview', 'https://i.example/cview']);
    expect(companion?.clickTracking.map((c) => c.url)).toEqual(['https://w.example/cclick']);
    expect(merged.creatives).toHaveLength(1);
  });

  it('wrapper companions with a resource are used when the InLine has none (IAB wrapper sample)', () => {
    const w = mustParse(fixture('v4.1-Wrapper_Tag-test.xml')).ads[0] as VastWrapperAd;
    const merged = mergeWrapperChain([w], inline(LINEAR_INLINE));
    expect(merged.creatives.map((c) => [c.id, Boolean(c.linear), Boolean(c.companionAds)])).toEqual([
      ['c', true, false],
      ['5480', false, true],
    ]);
    expect(merged.creatives[1]?.companionAds?.companions[0]?.id).toBe('1232');
  });

  it('NonLinearAds: wrapper tracking and click tracking merged into each InLine NonLinear', () => {
    const w = wrapper(`<Creatives><Creative><NonLinearAds>
      <TrackingEvents><Tracking event="creativeView">https://w.example/nl-view</Tracking></TrackingEvents>
      <NonLinear><NonLinearClickTracking>https://w.example/nl-click</NonLinearClickTracking></NonLinear>
    </NonLinearAds></Creative></Creatives>`);
    const merged = mergeWrapperChain(
      [w],
      inline(`<Creatives><Creative><NonLinearAds>
        <TrackingEvents><Tracking event="creativeView">https://i.example/nl-view</Tracking><Tracking event="close">https://i.example/close</Tracking></TrackingEvents>
        <NonLinear id="a"><StaticResource creativeType="image/png">https://i.example/o.png</StaticResource>
          <NonLinearClickTracking>https://i.example/nl-click</NonLinearClickTracking></NonLinear>
      </NonLinearAds></Creative></Creatives>`),
    );
    const nl = merged.creatives[0]?.nonLinearAds;
    expect(nl?.trackingEvents['creativeView']?.map((t) => t.url)).toEqual(['https://w.example/nl-view', 'https://i.example/nl-view']);
    expect(nl?.trackingEvents['close']?.map((t) => t.url)).toEqual(['https://i.example/close']);
    expect(nl?.nonLinears[0]?.clickTracking.map((c) => c.url)).toEqual(['https://w.example/nl-click', 'https://i.example/nl-click']);
  });

  it('the IAB viewable-impression wrapper over the IAB inline: progress tracking from both', () => {
    const w = mustParse(fixture('v4.1-Viewable_Impression-test.xml')).ads[0] as VastWrapperAd;
    const i = mustParse(fixture('v4.1-Inline_Linear_Tag-test.xml')).ads[0] as VastInlineAd;
    const merged = mergeWrapperChain([w], i);
    const linear = merged.creatives.find((c) => c.linear)?.linear;
    expect(linear?.trackingEvents['start']?.map((t) => t.url)).toEqual(['http://example.com/tracking/start', 'https://example.com/tracking/start']);
    expect(linear?.trackingEvents['progress']?.map((t) => t.offsetRaw)).toEqual(['00:00:10', '00:00:10']);
    expect(merged.impressions).toHaveLength(2);
    expect(merged.errors).toEqual(['https://example.com/error', 'https://example.com/error']);
  });
});
