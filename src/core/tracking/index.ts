/**
 * @module core/tracking
 * Public surface of the client-side tracking API core (contracts §3; DESIGN §7): the wire-shaped
 * tracking JSON built from the session's plans and placements, and `nextToken` paging. Pure.
 */
export { buildTrackingResponse } from './build-response.ts';
export type { TrackingRequest, TrackingAvailInput, OverlayAvailInput } from './build-response.ts';
export { overlayAvailJson, nonLinearAdsJson } from './overlay-json.ts';
export { trackingAvailJson, trackingAdJson, adBreakTrackingEvents } from './avail-json.ts';
export { adTrackingEvents } from './ad-events.ts';
export { encodeNextToken, parseNextToken, TOKEN_LIFETIME_MS } from './next-token.ts';
export type { NextToken, NextTokenError } from './next-token.ts';
export { pageAvails, lastStartMs } from './paging.ts';
export { isoDuration, isoDurationFromMs, parseIsoDurationMs, wireMs, wireSeconds } from './iso-duration.ts';
export type * from './wire-types.ts';
