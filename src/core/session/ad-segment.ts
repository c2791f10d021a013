/**
 * @module core/session/ad-segment
 * `/v1/segment/{acct}/{cfg}/{sid}/{n}/{seq}`: the ad segment a server-side reporting session's
 * player asks for (docs/architecture.md "Tracking and beacons"). The request makes the events of
 * that segment due (impression and start on an ad's first segment, quartiles on the segments
 * that contain 25/50/75 %, complete on its last); each `(avail, ad, event)` is claimed once per
 * session, whatever the retries, renditions or parallel requests, and queued for sending with the
 * player's User-Agent and X-Forwarded-For, under the id of the request that claimed it (so its
 * log lines correlate with that segment request). A `HEAD` probe (a CDN or player checking the URL)
 * answers the same redirect and claims nothing. Pure: the clock and the cache-buster come in.
 */
import { dueBeaconsAtSeq, pendingFromDue, unclaimed } from '../beacons/index.ts';
import type { AvailPlan } from '../avails/plan.ts';
import { placeAvail, type AvailPlacement } from '../avails/timeline.ts';
import { failure, notFound, success, type Outcome } from '../errors.ts';
import type { QueuedBeacon, SessionEffect } from './effects.ts';
import type { ClientInfo } from './session-record.ts';
import { adSegmentAt } from './slot-media.ts';
import type { SessionState } from './state.ts';

export interface AdSegmentRequest {
  readonly index: number;
  readonly seq: number;
  readonly client: ClientInfo;
  /** `HEAD`: answer the redirect, fire nothing. */
  readonly probe: boolean;
  readonly nowMs: number;
  /** `[CACHEBUSTING]` value for the beacon URLs (eight digits). */
  readonly cacheBusting: string;
  /** This request's id: the beacons it claims are logged under it (MediaTailor `requestId`). */
  readonly requestId: string;
}

/** Where an ad segment sits in the session (its timeline entry and the timeline's playhead). */
export interface AdSegmentPosition {
  readonly availId: string;
  readonly adIndex?: number;
  /** Session media time of the segment's start. */
  readonly timeSec: number;
}

export function adSegment(state: SessionState, req: AdSegmentRequest): Outcome<{ url: string; effects: SessionEffect[]; at: AdSegmentPosition }> {
  const rendition = state.renditions?.[req.index];
  const found = rendition ? adSegmentAt(state, rendition, req.seq) : undefined;
  if (!found) return failure(notFound('unknown ad segment'));
  const effects: SessionEffect[] = [{ kind: 'keep-alive' }];
  if (state.record.serverBeacons && !req.probe) {
    const plan = state.plans.get(found.brk.key);
    const placement = plan ? placeAvail(found.brk, plan) : undefined;
    const beacons = plan && placement ? claimSegmentBeacons(state, req, plan, placement, req.seq) : [];
    if (beacons.length > 0) effects.push({ kind: 'send-beacons', beacons });
  }
  const { brk, slot } = found;
  const adIndex = state.plans.get(brk.key)?.occurrences[slot.occurrence]?.adIndex;
  const at = { availId: String(brk.outStartSeq), ...(adIndex !== undefined ? { adIndex } : {}), timeSec: (brk.outTimeSec ?? 0) + slot.startSec };
  return success({ url: found.url, effects, at });
}

/**
 * Claims the beacons that playing slot `seq` of `placement` makes due and not yet claimed (HLS:
 * the output media sequence; DASH: the slot index in the break), with the player's headers.
 */
export function claimSegmentBeacons(
  state: SessionState,
  req: Pick<AdSegmentRequest, 'client' | 'nowMs' | 'cacheBusting' | 'requestId'>,
  plan: AvailPlan,
  placement: AvailPlacement,
  seq: number,
): QueuedBeacon[] {
  const due = dueBeaconsAtSeq({ plan, placement, seq, macros: { timestampMs: req.nowMs, cacheBusting: req.cacheBusting } });
  const fresh = unclaimed(due, state.claims);
  if (fresh.length === 0) return [];
  for (const d of fresh) state.claims.add(d.dedupKey);
  state.changes.claims = true;
  const headers: Record<string, string> = {};
  if (req.client.userAgent) headers['user-agent'] = req.client.userAgent;
  const xff = req.client.forwardedFor ?? req.client.ip;
  if (xff) headers['x-forwarded-for'] = xff;
  return pendingFromDue(fresh, req.nowMs).map((beacon) => ({ beacon, headers, requestId: req.requestId }));
}
