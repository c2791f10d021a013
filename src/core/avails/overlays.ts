/**
 * @module core/avails/overlays
 * Overlay avails (docs/mediatailor-compat.md §6.9; MediaTailor "Overlay ads"): a SCTE-35 overlay
 * placement opportunity (segmentation type 0x38, or the distributor's 0x3A) in a live stream asks
 * the ad server like any avail, but nothing is stitched: the content stays in the manifest, and
 * the response's non-linear ads (VAST `NonLinearAds` creatives) are offered to the player through
 * the tracking API, in the avail's `nonLinearAdsList`. The avail is listed under `avails`, or under
 * `nonLinearAvails` when the response is a VMAP whose break is `breakType="nonlinear"` (MediaTailor
 * "Tracking overlay ads with client-side metadata"). Linear ads of the response are ignored.
 * Format-neutral: where the avail is (its id and time) is the manifest format's. Pure.
 */
import type { AdResolution, ResolvedAd, VastInlineAd } from '../vast/index.ts';
import type { AvailPlan } from './plan.ts';

/** What an overlay avail offers, stored with its plan. */
export interface OverlayOffer {
  /** The response's ads with at least one NonLinear creative, in response order. */
  readonly ads: readonly VastInlineAd[];
  /** The response is a VMAP whose break is `breakType="nonlinear"`: the avail goes under `nonLinearAvails`. */
  readonly nonLinearBreak: boolean;
}

/** Where an overlay avail is in the session's output (the tracking API's availId, startTime, …). */
export interface OverlayPlacement {
  readonly availId: string;
  readonly startTimeSec: number;
  /** The signalled duration of the opportunity; 0 when none was signalled. */
  readonly durationSec: number;
  readonly pdtMs?: number;
}

/** What an overlay avail offers from a response, given the ads the avail takes from it (a VAST's, or a VMAP's first break's). */
export function overlayOffer(r: AdResolution, ads: readonly ResolvedAd[]): OverlayOffer {
  return {
    ads: ads.map((a) => a.ad).filter(hasNonLinear),
    nonLinearBreak: r.responseKind === 'vmap' && r.breaks[0]?.adBreak.breakTypes.includes('nonlinear') === true,
  };
}

export function hasNonLinear(ad: VastInlineAd): boolean {
  return ad.creatives.some((c) => (c.nonLinearAds?.nonLinears.length ?? 0) > 0);
}

export interface OverlayPlanInput {
  readonly breakKey: string;
  readonly availIndex: number;
  readonly signalledDurationSec?: number;
  readonly offer: OverlayOffer;
  readonly breakTracking: Readonly<Record<string, readonly string[]>>;
  readonly adsRequestUrl?: string;
  /** Why the response offers nothing (timeout, empty response, …). */
  readonly reason?: string;
  readonly nowMs: number;
}

/**
 * The plan of an overlay avail: nothing to stitch (no ads, no occurrences: the break plays its
 * content), the offer kept for the tracking API.
 */
export function overlayPlan(input: OverlayPlanInput): AvailPlan {
  const offered = input.offer.ads.length > 0;
  return {
    breakKey: input.breakKey,
    availIndex: input.availIndex,
    outcome: 'content',
    ...(offered ? {} : { reason: input.reason ?? 'no non-linear ad in the response' }),
    ads: [],
    occurrences: [],
    skipped: [],
    ...(input.signalledDurationSec !== undefined ? { originAvailDurationSec: input.signalledDurationSec } : {}),
    filledDurationSec: 0,
    fillRate: 0,
    ...(input.adsRequestUrl ? { adsRequestUrl: input.adsRequestUrl } : {}),
    breakTracking: input.breakTracking,
    overlay: input.offer,
    decidedAtMs: input.nowMs,
  };
}
