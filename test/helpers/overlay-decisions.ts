/**
 * Overlay decisions for the session-rule tests (core/avails/overlays): a VAST with one NonLinear
 * creative, a VMAP whose break carries it, and the decision a response body gives, resolved as
 * the platform resolves it (core/vast resolveAdResponse against an in-memory ad server).
 */
import { overlayOffer } from '../../src/core/avails/overlays.ts';
import type { OverlayDecisionResult } from '../../src/core/session/decision-types.ts';
import { resolveAdResponse } from '../../src/core/vast/index.ts';

export const NONLINEAR_VAST = `<VAST version="4.2"><Ad id="ov-1"><InLine><AdSystem>Overlays</AdSystem><AdTitle>Lower third</AdTitle>
  <Impression id="imp"><![CDATA[https://t.example/imp]]></Impression>
  <Creatives><Creative id="18" adId="ca-18" sequence="1"><NonLinearAds>
    <NonLinear id="n1" width="640" height="360" minSuggestedDuration="00:00:10" scalable="true" maintainAspectRatio="false" apiFramework="none">
      <StaticResource creativeType="image/png"><![CDATA[https://cdn.example/overlay.png]]></StaticResource>
      <NonLinearClickThrough><![CDATA[https://brand.example/]]></NonLinearClickThrough>
      <NonLinearClickTracking id="ct"><![CDATA[https://t.example/click]]></NonLinearClickTracking>
    </NonLinear>
    <TrackingEvents><Tracking event="creativeView"><![CDATA[https://t.example/view]]></Tracking><Tracking event="close"><![CDATA[https://t.example/close]]></Tracking></TrackingEvents>
  </NonLinearAds></Creative></Creatives>
  <Extensions><Extension type="x"><![CDATA[ext]]></Extension></Extensions></InLine></Ad></VAST>`;

export const vmapNonLinear = (breakType: string): string => `<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">
  <vmap:AdBreak timeOffset="start" breakType="${breakType}" breakId="ov"><vmap:AdSource id="s"><vmap:VASTAdData>${NONLINEAR_VAST}</vmap:VASTAdData></vmap:AdSource>
  <vmap:TrackingEvents><vmap:Tracking event="breakStart"><![CDATA[https://t.example/bs]]></vmap:Tracking></vmap:TrackingEvents></vmap:AdBreak></vmap:VMAP>`;

/** The overlay decision a response body gives, resolved as the platform resolves it. */
export async function decisionFor(body: string): Promise<OverlayDecisionResult> {
  const resolution = await resolveAdResponse({
    rootUrl: 'https://ads.example/vast',
    fetchXml: async () => ({ ok: true, status: 200, body, durationMs: 1 }),
    maxDepth: 7,
    requestTimeoutMs: 1000,
    isAllowedUrl: () => ({ ok: true }),
    budgetMs: 5000,
    nowMs: () => 0,
  });
  const first = resolution.responseKind === 'vmap' ? resolution.breaks[0] : undefined;
  const ads = first ? first.ads : resolution.ads;
  const breakTracking: Record<string, string[]> = {};
  for (const [e, urls] of Object.entries(first?.adBreak.trackingEvents ?? {})) breakTracking[e] = urls.map((u) => u.url);
  return {
    trace: { adsRequestUrl: 'https://ads.example/vast', unresolvedVariables: [], requestHeaders: {}, resolution, startedAtMs: 1, finishedAtMs: 2 },
    offer: overlayOffer(resolution, ads),
    breakTracking,
  };
}
