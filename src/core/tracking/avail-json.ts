/**
 * @module core/tracking/avail-json
 * One avail and its ads in the tracking JSON wire shape (contracts §3.1), from the session's plan
 * and placement (DESIGN §7 "One plan, two views": same ad ids, start times, durations and beacon
 * URLs as the manifests and the server-side beacons). Pure.
 */
import type { AvailPlan, PlannedAd } from '../avails/plan.ts';
import type { AdPlacement, AvailPlacement } from '../avails/timeline.ts';
import { isoMillis } from '../logs/time-format.ts';
import { linearCreative } from '../vast/media-select.ts';
import { adTrackingEvents } from './ad-events.ts';
import { adVerificationJson, companionAdJson, extensionJson, iconJson, mediaFilesJson } from './creative-json.ts';
import { isoDuration, wireSeconds } from './iso-duration.ts';
import type { BeaconGroupJson, TrackingAdJson, TrackingAvailJson } from './wire-types.ts';

/** VMAP break events first in playback order, then anything else the VMAP tracked. */
const BREAK_EVENT_ORDER = ['breakStart', 'breakEnd', 'error'];

/** `adBreakTrackingEvents` from the plan's VMAP break tracking (always an array). */
export function adBreakTrackingEvents(plan: AvailPlan): BeaconGroupJson[] {
  const names = Object.keys(plan.breakTracking).sort((a, b) => rank(a) - rank(b));
  const out: BeaconGroupJson[] = [];
  for (const eventType of names) {
    const beaconUrls = (plan.breakTracking[eventType] ?? []).filter((u) => u.trim() !== '');
    if (beaconUrls.length > 0) out.push({ beaconUrls, eventType });
  }
  return out;
}

function rank(event: string): number {
  const i = BREAK_EVENT_ORDER.indexOf(event);
  return i < 0 ? BREAK_EVENT_ORDER.length : i;
}

const pdt = (ms: number | undefined): string | null => (ms === undefined ? null : isoMillis(ms));

export function trackingAdJson(plannedAd: PlannedAd, placement: AdPlacement): TrackingAdJson {
  const { ad } = plannedAd;
  const creative = linearCreative(ad);
  const linear = creative?.linear;
  // Companions travel in their own Creative elements of the same ad (VAST 4.2 §3.13).
  const companionAds = ad.creatives.flatMap((c) => (c.companionAds?.companions ?? []).map((x) => companionAdJson(x, c.sequence)));
  return {
    adId: placement.adId,
    adParameters: linear?.adParameters?.value ?? '',
    adProgramDateTime: pdt(placement.pdtMs),
    adSystem: ad.adSystem?.name ?? '',
    adTitle: ad.adTitle ?? '',
    adVerifications: ad.adVerifications.map(adVerificationJson),
    companionAds,
    creativeId: creative?.id ?? '',
    creativeSequence: creative?.sequence === undefined ? '' : String(creative.sequence),
    duration: isoDuration(placement.durationSec),
    durationInSeconds: wireSeconds(placement.durationSec),
    extensions: ad.extensions.map(extensionJson),
    icons: (linear?.icons ?? []).map(iconJson),
    mediaFiles: mediaFilesJson(linear),
    skipOffset: linear?.skipoffset?.raw ?? null,
    startTime: isoDuration(placement.startTimeSec),
    startTimeInSeconds: wireSeconds(placement.startTimeSec),
    trackingEvents: adTrackingEvents(plannedAd, placement),
    vastAdId: ad.id ?? '',
  };
}

/** The avail with every ad the placement shows (ads the plan no longer knows are left out). */
export function trackingAvailJson(placement: AvailPlacement, plan: AvailPlan): TrackingAvailJson {
  const ads: TrackingAdJson[] = [];
  for (const adPlacement of placement.ads) {
    const plannedAd = plan.ads.find((a) => a.index === adPlacement.adIndex);
    if (plannedAd) ads.push(trackingAdJson(plannedAd, adPlacement));
  }
  return {
    adBreakTrackingEvents: adBreakTrackingEvents(plan),
    adMarkerDuration: plan.originAvailDurationSec === undefined ? null : isoDuration(plan.originAvailDurationSec),
    ads,
    availId: placement.availId,
    availProgramDateTime: pdt(placement.pdtMs),
    duration: isoDuration(placement.durationSec),
    durationInSeconds: wireSeconds(placement.durationSec),
    meta: null,
    nonLinearAdsList: [],
    startTime: isoDuration(placement.startTimeSec),
    startTimeInSeconds: wireSeconds(placement.startTimeSec),
  };
}
