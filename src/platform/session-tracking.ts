/**
 * @module platform/session-tracking
 * The session's tracking JSON (contracts §3; DESIGN §7 "One plan, two views"): built from the
 * same ledger and plans as the manifests, so ad ids, start times, durations and beacon URLs agree.
 */
import { placeAvail } from '../core/avails/timeline.ts';
import type { Result } from '../core/result.ts';
import { buildTrackingResponse, type NextTokenError, type TrackingAvailInput, type TrackingResponseJson } from '../core/tracking/index.ts';
import type { SessionStore } from './session-store.ts';

export function trackingResponse(store: SessionStore, nowMs: number, sinceToken: string | null): Result<TrackingResponseJson, NextTokenError> {
  const ledger = store.ledger();
  const avails: TrackingAvailInput[] = [];
  for (const b of ledger.breaks) {
    if (b.mode !== 'personalize') continue;
    const plan = store.plan(b.key);
    const placement = plan ? placeAvail(b, plan) : undefined;
    if (plan && placement && placement.ads.length > 0) avails.push({ placement, plan });
  }
  return buildTrackingResponse({
    avails,
    hlsAnchorMediaSequenceNumber: ledger.anchorSeq ?? null,
    dashAvailabilityStartTime: null,
    nowMs,
    sinceToken,
  });
}
