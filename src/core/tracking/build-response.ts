/**
 * @module core/tracking/build-response
 * `GET /v1/tracking/...` body (contracts §3.1 wire shape, §3.4 timing and paging; DESIGN §7).
 * Pure: the session's plans and placements, the anchors and the clock are passed in.
 *
 * Decisions where the contracts leave room:
 * - `nextToken` is null when nothing has ever been returned (no token and no events): a client
 *   sending nothing back then gets the full window again, which is what a token for "nothing
 *   seen" would mean. With a token and nothing new, the same token string comes back.
 * - A bad or expired token is an error value (`malformed` / `expired`); the route answers 400.
 * - Overlay avails (core/avails/overlays) go under `avails`, or under `nonLinearAvails` when their
 *   response was a VMAP `breakType="nonlinear"` break; both lists are paged alike.
 */
import type { AvailPlan } from '../avails/plan.ts';
import type { AvailPlacement } from '../avails/timeline.ts';
import { ok, type Result } from '../result.ts';
import type { OverlayPlacement } from '../avails/overlays.ts';
import { trackingAvailJson } from './avail-json.ts';
import { overlayAvailJson } from './overlay-json.ts';
import { encodeNextToken, parseNextToken, type NextTokenError } from './next-token.ts';
import { lastStartMs, pageAvails } from './paging.ts';
import type { TrackingResponseJson } from './wire-types.ts';

export interface TrackingAvailInput {
  readonly placement: AvailPlacement;
  readonly plan: AvailPlan;
}

export interface OverlayAvailInput {
  readonly placement: OverlayPlacement;
  readonly plan: AvailPlan;
}

export interface TrackingRequest {
  /** Placed avails in the session's tracking window (any order; listed by start time). */
  readonly avails: readonly TrackingAvailInput[];
  /** Overlay avails that offer non-linear ads (any order). */
  readonly overlays?: readonly OverlayAvailInput[];
  /** HLS: oldest origin media sequence the session saw; null for DASH. */
  readonly hlsAnchorMediaSequenceNumber: number | null;
  /** Live DASH: origin `MPD@availabilityStartTime`; null otherwise. */
  readonly dashAvailabilityStartTime: string | null;
  readonly nowMs: number;
  /** The client's `nextToken`, if it sent one (query `nextToken` or POST body `NextToken`). */
  readonly sinceToken?: string | null;
}

export function buildTrackingResponse(req: TrackingRequest): Result<TrackingResponseJson, NextTokenError> {
  const sent = req.sinceToken?.trim() ? req.sinceToken.trim() : undefined;
  let afterMs: number | undefined;
  if (sent !== undefined) {
    const parsed = parseNextToken(sent, req.nowMs);
    if (!parsed.ok) return parsed;
    afterMs = parsed.value.lastEventStartMs;
  }
  const overlays = (req.overlays ?? []).filter((o) => (o.plan.overlay?.ads.length ?? 0) > 0);
  const all = [
    ...req.avails.map(({ placement, plan }) => ({ startTimeSec: placement.startTimeSec, json: () => trackingAvailJson(placement, plan) })),
    ...overlays.filter((o) => o.plan.overlay?.nonLinearBreak !== true).map(({ placement, plan }) => ({ startTimeSec: placement.startTimeSec, json: () => overlayAvailJson(placement, plan) })),
  ]
    .sort((a, b) => a.startTimeSec - b.startTimeSec)
    .map((a) => a.json());
  const nonLinear = overlays
    .filter((o) => o.plan.overlay?.nonLinearBreak === true)
    .sort((a, b) => a.placement.startTimeSec - b.placement.startTimeSec)
    .map(({ placement, plan }) => overlayAvailJson(placement, plan));
  const avails = pageAvails(all, afterMs);
  const nonLinearAvails = pageAvails(nonLinear, afterMs);
  const last = Math.max(lastStartMs(avails) ?? -Infinity, lastStartMs(nonLinearAvails) ?? -Infinity);
  const nextToken = last === -Infinity ? (sent ?? null) : encodeNextToken({ lastEventStartMs: last, issuedAtMs: req.nowMs });
  return ok({
    avails,
    dashAvailabilityStartTime: req.dashAvailabilityStartTime,
    hlsAnchorMediaSequenceNumber: req.hlsAnchorMediaSequenceNumber,
    nextToken,
    nonLinearAvails,
  });
}
