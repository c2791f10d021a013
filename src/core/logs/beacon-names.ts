/**
 * @module core/logs/beacon-names
 * VAST tracking event names (VAST 4.2 §3.14.1) → the names the other formats use. Pure.
 * - Brightcove format of docs/ad-logs.md `impression_type`: AdStart, AdFirstQuartile, AdMidpoint, AdThirdQuartile, AdComplete
 *   (+ AdcreativeView in its metrics list). Its sample SessionSummary lists the VAST
 *   `impression` URL as `AdStart`, so both `impression` and `start` map to AdStart.
 * - Uplynk format of docs/ad-logs.md `event_callback_name`: lower case, plural (`impressions`, `thirdquartiles` in its
 *   samples), so the VAST name lower-cased with an `s`.
 */

const BRIGHTCOVE_TYPES: Readonly<Record<string, string>> = {
  impression: 'AdStart',
  start: 'AdStart',
  creativeView: 'AdCreativeView',
  firstQuartile: 'AdFirstQuartile',
  midpoint: 'AdMidpoint',
  thirdQuartile: 'AdThirdQuartile',
  complete: 'AdComplete',
};

/** Seed 003 impression type of a VAST tracking event; unknown events become `Ad<Event>`. */
export function brightcoveImpressionType(trackingEvent: string): string {
  const known = BRIGHTCOVE_TYPES[trackingEvent];
  if (known !== undefined) return known;
  return `Ad${trackingEvent.charAt(0).toUpperCase()}${trackingEvent.slice(1)}`;
}

/** Seed 004 callback name of a VAST tracking event. */
export function uplynkCallbackName(trackingEvent: string): string {
  const lower = trackingEvent.toLowerCase();
  return lower.endsWith('s') ? lower : `${lower}s`;
}

/** Playback order of the VAST events, for listing an ad's impressions (Brightcove format of docs/ad-logs.md `imps`). */
const ORDER = ['impression', 'creativeView', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];

export function byPlaybackOrder(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib) || (a < b ? -1 : a > b ? 1 : 0);
}
