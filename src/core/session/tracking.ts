/**
 * @module core/session/tracking
 * The session's client-side tracking JSON (MediaTailor's tracking API; docs/architecture.md
 * "Tracking and beacons"): built from the same ledger (HLS) or DASH timeline and plans as the
 * manifests, so ad ids, start times, durations and beacon URLs agree with what the player was
 * given; overlay avails with the non-linear ads they offer. Pure.
 */
import { placeOverlay } from '../avails/overlay-register.ts';
import { placeAvail } from '../avails/timeline.ts';
import { badRequest, failure, success, type Outcome } from '../errors.ts';
import { buildTrackingResponse, type OverlayAvailInput, type TrackingAvailInput, type TrackingResponseJson } from '../tracking/index.ts';
import { placeDashAvail } from './dash-placement.ts';
import type { SessionState } from './state.ts';

export function sessionTracking(state: SessionState, nowMs: number, sinceToken: string | null): Outcome<TrackingResponseJson> {
  const { ledger, dash } = state;
  const avails: TrackingAvailInput[] = [];
  for (const b of ledger.breaks) {
    if (b.mode !== 'personalize') continue;
    const plan = state.plans.get(b.key);
    const placement = plan ? placeAvail(b, plan) : undefined;
    if (plan && placement && placement.ads.length > 0) avails.push({ placement, plan });
  }
  // DASH: avail ids are period ids, ad ids the ad Period ids (core/session/dash-placement).
  for (const a of dash?.avails ?? []) {
    if (a.mode !== 'personalize') continue;
    const plan = state.plans.get(a.availId);
    const placement = plan ? placeDashAvail(a, plan) : undefined;
    if (plan && placement && placement.ads.length > 0) avails.push({ placement, plan });
  }
  const overlays: OverlayAvailInput[] = [];
  for (const o of ledger.overlays ?? []) {
    const plan = state.plans.get(o.key);
    const placement = plan?.overlay ? placeOverlay(ledger, o) : undefined;
    if (plan && placement) overlays.push({ placement, plan });
  }
  // DASH overlays sit where their Event is on the MPD timeline (live: from availabilityStartTime);
  // no program date-time, as for DASH avails (core/session/dash-placement).
  for (const o of dash?.overlays ?? []) {
    const plan = state.plans.get(o.key);
    if (plan?.overlay) overlays.push({ placement: { availId: o.key, startTimeSec: o.startSec, durationSec: o.durationSec ?? 0 }, plan });
  }
  const r = buildTrackingResponse({
    avails,
    overlays,
    hlsAnchorMediaSequenceNumber: dash ? null : (ledger.anchorSeq ?? null),
    dashAvailabilityStartTime: dash?.availabilityStartTime ?? null,
    nowMs,
    sinceToken,
  });
  if (r.ok) return success(r.value);
  return failure(badRequest(r.error.kind === 'expired' ? 'nextToken has expired' : `nextToken is not valid: ${r.error.message}`));
}
