/**
 * @module core/vast/parse-overlays
 * Reads the non-video creatives of a VAST Creative: `<CompanionAds>` (VAST 4.2 §3.13) and
 * `<NonLinearAds>` (§3.12). Pure, never throws. In a Wrapper these carry tracking only; the
 * same readers apply and simply find no resources.
 */
import { child, children, text, type XmlElement } from './xml-tree.ts';
import { parseClockSec } from './time.ts';
import { bool, defined, idUrlList, int, lowerStr, readResources, readTrackingEvents, str, urlOf } from './read-values.ts';
import { readAdParameters } from './parse-linear.ts';
import type { VastCompanion, VastCompanionAds, VastNonLinear, VastNonLinearAds } from './model-creative.ts';

export function readCompanionAds(el: XmlElement): VastCompanionAds {
  return defined({
    required: lowerStr(el, 'required'),
    companions: children(el, 'Companion').map(readCompanion),
  });
}

function readCompanion(el: XmlElement): VastCompanion {
  return defined({
    id: str(el, 'id'),
    width: int(el, 'width'),
    height: int(el, 'height'),
    assetWidth: int(el, 'assetWidth'),
    assetHeight: int(el, 'assetHeight'),
    expandedWidth: int(el, 'expandedWidth'),
    expandedHeight: int(el, 'expandedHeight'),
    apiFramework: str(el, 'apiFramework'),
    adSlotId: str(el, 'adSlotId') ?? str(el, 'adSlotID'),
    pxratio: str(el, 'pxratio'),
    renderingMode: str(el, 'renderingMode'),
    resources: readResources(el),
    altText: text(child(el, 'AltText')),
    adParameters: readAdParameters(child(el, 'AdParameters')),
    clickThrough: urlOf(child(el, 'CompanionClickThrough')),
    clickTracking: idUrlList(el, 'CompanionClickTracking'),
    // Companion tracking has no offsets; `creativeView` is its only standard event (§3.14.1).
    trackingEvents: readTrackingEvents(children(el, 'TrackingEvents'), false).events,
  });
}

export function readNonLinearAds(el: XmlElement): VastNonLinearAds {
  return {
    nonLinears: children(el, 'NonLinear').map(readNonLinear),
    trackingEvents: readTrackingEvents(children(el, 'TrackingEvents'), false).events,
  };
}

function readNonLinear(el: XmlElement): VastNonLinear {
  const minSuggestedDurationRaw = str(el, 'minSuggestedDuration');
  return defined({
    id: str(el, 'id'),
    width: int(el, 'width'),
    height: int(el, 'height'),
    expandedWidth: int(el, 'expandedWidth'),
    expandedHeight: int(el, 'expandedHeight'),
    scalable: bool(el, 'scalable'),
    maintainAspectRatio: bool(el, 'maintainAspectRatio'),
    minSuggestedDurationRaw,
    minSuggestedDurationSec: parseClockSec(minSuggestedDurationRaw),
    apiFramework: str(el, 'apiFramework'),
    resources: readResources(el),
    adParameters: readAdParameters(child(el, 'AdParameters')),
    clickThrough: urlOf(child(el, 'NonLinearClickThrough')),
    clickTracking: idUrlList(el, 'NonLinearClickTracking'),
  });
}
