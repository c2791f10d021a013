/**
 * @module core/vast/merge
 * Merges a wrapper chain into the InLine ad it led to. Pure.
 *
 * Rules (VAST 4.2 §2.3.4, §2.3.5.2, §3.3.1, §3.4.4, §3.19): every tracker of every wrapper
 * fires with the InLine's — impressions, errors, Linear/NonLinear/Companion tracking per event,
 * click tracking, custom clicks, viewability and verifications are concatenated, outermost
 * wrapper first, InLine last. Where one value must win, the element closest to the InLine wins:
 * ClickThrough, icons and companion creatives (§2.3.5.2). Pricing is the outermost wrapper's
 * (§3.4.8: "only the value offered in the first Wrapper need be considered").
 * Extensions are listed InLine first, then wrappers innermost to outermost, so a lookup by
 * type finds the value closest to the InLine.
 */
import { defined, newTrackingEvents, pushTracking } from './read-values.ts';
import type { VastCompanion, VastCreative, VastIcon, VastLinear, VastNonLinearAds, VastTrackingEvents, VastUrl } from './model-creative.ts';
import type { VastInlineAd, VastWrapperAd } from './model.ts';

/** `wrappers` outermost first. With no wrappers the InLine is returned unchanged. */
export function mergeWrapperChain(wrappers: readonly VastWrapperAd[], inline: VastInlineAd): VastInlineAd {
  if (wrappers.length === 0) return inline;
  const innermostFirst = [...wrappers].reverse();
  const creatives = inline.creatives.map((c) => mergeCreative(c, wrappers));
  if (!inline.creatives.some((c) => c.companionAds && c.companionAds.companions.length > 0)) {
    // §2.3.5.2: without InLine companions, the wrapper closest to the InLine supplies them.
    const donor = innermostFirst.find((w) => displayableCompanions(w).length > 0);
    if (donor) creatives.push(...donor.creatives.filter((c) => c.companionAds && displayable(c.companionAds.companions).length > 0));
  }
  const viewables = [...wrappers.map((w) => w.viewableImpression), inline.viewableImpression].filter((v) => v !== undefined);
  return defined({
    ...inline,
    impressions: [...wrappers.flatMap((w) => w.impressions), ...inline.impressions],
    errors: [...wrappers.flatMap((w) => w.errors), ...inline.errors],
    pricing: wrappers.find((w) => w.pricing)?.pricing ?? inline.pricing,
    viewableImpression:
      viewables.length === 0
        ? undefined
        : defined({
            id: inline.viewableImpression?.id ?? innermostFirst.find((w) => w.viewableImpression?.id)?.viewableImpression?.id,
            viewable: viewables.flatMap((v) => v.viewable),
            notViewable: viewables.flatMap((v) => v.notViewable),
            viewUndetermined: viewables.flatMap((v) => v.viewUndetermined),
          }),
    adVerifications: [...wrappers.flatMap((w) => w.adVerifications), ...inline.adVerifications],
    extensions: [...inline.extensions, ...innermostFirst.flatMap((w) => w.extensions)],
    creatives,
  });
}

function mergeCreative(creative: VastCreative, wrappers: readonly VastWrapperAd[]): VastCreative {
  const linear = creative.linear ? mergeLinear(creative.linear, wrappers) : undefined;
  const nonLinearAds = creative.nonLinearAds ? mergeNonLinear(creative.nonLinearAds, wrappers) : undefined;
  const companionAds = creative.companionAds ? { ...creative.companionAds, companions: creative.companionAds.companions.map((c) => mergeCompanion(c, wrappers)) } : undefined;
  return defined({ ...creative, linear, nonLinearAds, companionAds });
}

function mergeLinear(linear: VastLinear, wrappers: readonly VastWrapperAd[]): VastLinear {
  const wrapperLinears = wrappers.flatMap((w) => w.creatives.flatMap((c) => (c.linear ? [c.linear] : [])));
  const closestFirst = [...wrapperLinears].reverse();
  const clickThrough = linear.videoClicks.clickThrough ?? closestFirst.find((l) => l.videoClicks.clickThrough)?.videoClicks.clickThrough;
  const icons: readonly VastIcon[] = linear.icons.length > 0 ? linear.icons : (closestFirst.find((l) => l.icons.length > 0)?.icons ?? []);
  return {
    ...linear,
    trackingEvents: mergeEvents([...wrapperLinears.map((l) => l.trackingEvents), linear.trackingEvents]),
    videoClicks: defined({
      clickThrough,
      clickTracking: [...wrapperLinears.flatMap((l) => l.videoClicks.clickTracking), ...linear.videoClicks.clickTracking],
      customClick: [...wrapperLinears.flatMap((l) => l.videoClicks.customClick), ...linear.videoClicks.customClick],
    }),
    icons,
  };
}

function mergeNonLinear(ads: VastNonLinearAds, wrappers: readonly VastWrapperAd[]): VastNonLinearAds {
  const wrapperSets = wrappers.flatMap((w) => w.creatives.flatMap((c) => (c.nonLinearAds ? [c.nonLinearAds] : [])));
  const wrapperClicks: VastUrl[] = wrapperSets.flatMap((s) => s.nonLinears.flatMap((n) => n.clickTracking));
  return {
    trackingEvents: mergeEvents([...wrapperSets.map((s) => s.trackingEvents), ads.trackingEvents]),
    nonLinears: ads.nonLinears.map((n) => ({ ...n, clickTracking: [...wrapperClicks, ...n.clickTracking] })),
  };
}

/**
 * Wrapper companions without a resource are tracking-only: their creativeView and click
 * trackers apply to every InLine companion.
 */
function mergeCompanion(companion: VastCompanion, wrappers: readonly VastWrapperAd[]): VastCompanion {
  const trackingOnly = wrappers.flatMap((w) => w.creatives.flatMap((c) => (c.companionAds ? c.companionAds.companions.filter((x) => !hasResource(x)) : [])));
  if (trackingOnly.length === 0) return companion;
  return {
    ...companion,
    trackingEvents: mergeEvents([...trackingOnly.map((c) => c.trackingEvents), companion.trackingEvents]),
    clickTracking: [...trackingOnly.flatMap((c) => c.clickTracking), ...companion.clickTracking],
  };
}

function displayableCompanions(wrapper: VastWrapperAd): VastCompanion[] {
  return wrapper.creatives.flatMap((c) => (c.companionAds ? displayable(c.companionAds.companions) : []));
}

function displayable(companions: readonly VastCompanion[]): VastCompanion[] {
  return companions.filter(hasResource);
}

function hasResource(c: VastCompanion): boolean {
  const r = c.resources;
  return r.staticResources.length + r.iframeResources.length + r.htmlResources.length > 0;
}

/** Concatenates tracking per event name, in the order given; event order follows first sight. */
export function mergeEvents(sources: readonly VastTrackingEvents[]): VastTrackingEvents {
  const out = newTrackingEvents();
  for (const source of sources) {
    for (const event of Object.keys(source)) for (const entry of source[event] ?? []) pushTracking(out, event, entry);
  }
  return out;
}
