/**
 * @module core/tracking/paging
 * `nextToken` paging of the tracking JSON (contracts §3.4). Pure.
 *
 * - No token: everything in the window. With a token: only events whose `startTimeInSeconds` is
 *   later than the token's; an ad left with no events is dropped, and so is an avail left with
 *   no ads. Comparisons are on whole milliseconds, the precision both sides are written in.
 * - An ad that has no tracking events at all counts by its own start time, so it is listed once
 *   and then not again.
 * - Avails without ads (slate or content only) are not listed: there is nothing to track or show.
 *   An overlay avail (no ads, non-linear ads offered) counts by its own start time, like an ad
 *   without events.
 */
import type { TrackingAdJson, TrackingAvailJson } from './wire-types.ts';

/** `…InSeconds` values are whole milliseconds already; rounding only removes float noise. */
const msOf = (seconds: number): number => Math.round(seconds * 1000);

function pageAd(ad: TrackingAdJson, afterMs: number | undefined): TrackingAdJson | undefined {
  if (afterMs === undefined) return ad;
  if (ad.trackingEvents.length === 0) return msOf(ad.startTimeInSeconds) > afterMs ? ad : undefined;
  const trackingEvents = ad.trackingEvents.filter((e) => msOf(e.startTimeInSeconds) > afterMs);
  return trackingEvents.length > 0 ? { ...ad, trackingEvents } : undefined;
}

/** The avails and ads a call returns: all of them without a token, the new ones with one. */
export function pageAvails(avails: readonly TrackingAvailJson[], afterMs: number | undefined): TrackingAvailJson[] {
  const out: TrackingAvailJson[] = [];
  for (const avail of avails) {
    if (isOverlay(avail)) {
      if (afterMs === undefined || msOf(avail.startTimeInSeconds) > afterMs) out.push(avail);
      continue;
    }
    const ads = avail.ads.flatMap((ad) => pageAd(ad, afterMs) ?? []);
    if (ads.length > 0) out.push(ads.length === avail.ads.length && afterMs === undefined ? avail : { ...avail, ads });
  }
  return out;
}

/** Latest start (whole ms) among the returned events (and event-less ads); undefined if none. */
export function lastStartMs(avails: readonly TrackingAvailJson[]): number | undefined {
  let last: number | undefined;
  const see = (seconds: number): void => {
    const ms = msOf(seconds);
    if (last === undefined || ms > last) last = ms;
  };
  for (const avail of avails) {
    if (isOverlay(avail)) see(avail.startTimeInSeconds);
    for (const ad of avail.ads) {
      if (ad.trackingEvents.length === 0) see(ad.startTimeInSeconds);
      for (const e of ad.trackingEvents) see(e.startTimeInSeconds);
    }
  }
  return last;
}

/** An overlay avail: nothing stitched, non-linear ads offered (core/tracking/overlay-json). */
function isOverlay(avail: TrackingAvailJson): boolean {
  return avail.ads.length === 0 && avail.nonLinearAdsList.length > 0;
}
