/**
 * @module core/tracking/overlay-json
 * An overlay avail in the tracking JSON (MediaTailor "Tracking overlay ads with client-side
 * metadata"; contracts §3.3): no linear ads, and one `nonLinearAdsList` item per VAST Creative
 * that holds `NonLinearAds`, with each NonLinear's fields and the creative's tracking events (the
 * ad's impressions first). Keys in alphabetical order and absent values `null` as in MediaTailor's
 * example; sizes are strings, `maintainAspectRatio`/`scalable` booleans. Shaka Player's MediaTailor
 * ad manager reads these (avail `startTimeInSeconds`, `nonLinearAdList[].staticResource`,
 * `trackingEvents[].eventType`/`beaconUrls`). Pure.
 */
import type { OverlayPlacement } from '../avails/overlays.ts';
import type { AvailPlan } from '../avails/plan.ts';
import { isoMillis } from '../logs/time-format.ts';
import type { VastCreative, VastInlineAd, VastNonLinear } from '../vast/index.ts';
import { adBreakTrackingEvents } from './avail-json.ts';
import { extensionJson } from './creative-json.ts';
import { isoDuration, wireSeconds } from './iso-duration.ts';
import type { NonLinearAdsJson, TrackingAvailJson } from './wire-types.ts';

/** An overlay avail: `ads` empty, its offer in `nonLinearAdsList`. */
export function overlayAvailJson(placement: OverlayPlacement, plan: AvailPlan): TrackingAvailJson {
  return {
    adBreakTrackingEvents: adBreakTrackingEvents(plan),
    adMarkerDuration: plan.originAvailDurationSec === undefined ? null : isoDuration(plan.originAvailDurationSec),
    ads: [],
    availId: placement.availId,
    availProgramDateTime: placement.pdtMs === undefined ? null : isoMillis(placement.pdtMs),
    duration: isoDuration(placement.durationSec),
    durationInSeconds: wireSeconds(placement.durationSec),
    meta: null,
    nonLinearAdsList: (plan.overlay?.ads ?? []).flatMap(nonLinearAdsJson),
    startTime: isoDuration(placement.startTimeSec),
    startTimeInSeconds: wireSeconds(placement.startTimeSec),
  };
}

/** One item per Creative of the ad that holds NonLinearAds. */
export function nonLinearAdsJson(ad: VastInlineAd): NonLinearAdsJson[] {
  const out: NonLinearAdsJson[] = [];
  for (const creative of ad.creatives) {
    const set = creative.nonLinearAds;
    if (!set || set.nonLinears.length === 0) continue;
    const trackingEvents = [{ eventType: 'impression', urls: ad.impressions.map((i) => i.url) }, ...Object.entries(set.trackingEvents).map(([eventType, urls]) => ({ eventType, urls: urls.map((u) => u.url) }))]
      .filter((e) => e.urls.length > 0)
      .map((e) => overlayEventJson(e.eventType, e.urls));
    out.push({
      extensions: ad.extensions.length > 0 ? ad.extensions.map(extensionJson) : null,
      nonLinearAdList: set.nonLinears.map((n) => nonLinearJson(ad, creative, n)),
      trackingEvents,
    });
  }
  return out;
}

/** An overlay's event: no place on the timeline (the player shows the overlay when it chooses). */
function overlayEventJson(eventType: string, beaconUrls: readonly string[]): Readonly<Record<string, unknown>> {
  return { beaconUrls, duration: null, durationInSeconds: 0, eventId: null, eventProgramDateTime: null, eventType, startTime: null, startTimeInSeconds: 0 };
}

const str = (v: number | string | undefined): string | null => (v === undefined ? null : String(v));

function nonLinearJson(ad: VastInlineAd, creative: VastCreative, n: VastNonLinear): Readonly<Record<string, unknown>> {
  const r = n.resources;
  const staticResource = r.staticResources[0];
  const click = n.clickTracking[0];
  return {
    adId: ad.id ?? '',
    adParameters: n.adParameters?.value ?? null,
    adSystem: ad.adSystem?.name ?? '',
    adTitle: ad.adTitle ?? '',
    apiFramework: n.apiFramework ?? null,
    clickThrough: n.clickThrough ?? null,
    clickTracking: click?.url ?? null,
    clickTrackingId: click?.id ?? null,
    creativeAdId: creative.adId ?? '',
    creativeId: creative.id ?? '',
    creativeSequence: creative.sequence === undefined ? '' : String(creative.sequence),
    duration: n.minSuggestedDurationSec === undefined ? null : isoDuration(n.minSuggestedDurationSec),
    durationInSeconds: n.minSuggestedDurationSec === undefined ? 0 : wireSeconds(n.minSuggestedDurationSec),
    expandedHeight: str(n.expandedHeight),
    expandedWidth: str(n.expandedWidth),
    height: str(n.height),
    htmlResource: r.htmlResources[0] ?? null,
    iFrameResource: r.iframeResources[0] ?? null,
    maintainAspectRatio: n.maintainAspectRatio === true,
    minSuggestedDuration: n.minSuggestedDurationRaw ?? null,
    scalable: n.scalable === true,
    staticResource: staticResource?.url ?? null,
    staticResourceCreativeType: staticResource?.creativeType ?? null,
    width: str(n.width),
  };
}
