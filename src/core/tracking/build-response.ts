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
 * - `nonLinearAvails` is passed through as built by the overlay path (not paged), `[]` by default.
 */
import type { AvailPlan } from '../avails/plan.ts';
import type { AvailPlacement } from '../avails/timeline.ts';
import { ok, type Result } from '../result.ts';
import { trackingAvailJson } from './avail-json.ts';
import { encodeNextToken, parseNextToken, type NextTokenError } from './next-token.ts';
import { lastStartMs, pageAvails } from './paging.ts';
import type { TrackingAvailJson, TrackingResponseJson } from './wire-types.ts';

export interface TrackingAvailInput {
  readonly placement: AvailPlacement;
  readonly plan: AvailPlan;
}

export interface TrackingRequest {
  /** Placed avails in the session's tracking window (any order; listed by start time). */
  readonly avails: readonly TrackingAvailInput[];
  readonly nonLinearAvails?: readonly TrackingAvailJson[];
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
  const all = [...req.avails]
    .sort((a, b) => a.placement.startTimeSec - b.placement.startTimeSec)
    .map(({ placement, plan }) => trackingAvailJson(placement, plan));
  const avails = pageAvails(all, afterMs);
  const last = lastStartMs(avails);
  const nextToken = last === undefined ? (sent ?? null) : encodeNextToken({ lastEventStartMs: last, issuedAtMs: req.nowMs });
  return ok({
    avails,
    dashAvailabilityStartTime: req.dashAvailabilityStartTime,
    hlsAnchorMediaSequenceNumber: req.hlsAnchorMediaSequenceNumber,
    nextToken,
    nonLinearAvails: [...(req.nonLinearAvails ?? [])],
  });
}
