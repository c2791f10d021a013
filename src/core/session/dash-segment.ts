/**
 * @module core/session/dash-segment
 * `/v1/dashsegment/{acct}/{cfg}/{sid}/{availId}/{periodId}/{path}`: a segment of an ad or slate
 * period of a DASH session (docs/dash.md "Tracking and beacons"). The path must be one the
 * creative addresses (its initialization or media segments, core/dash segment-locate); the answer
 * is a redirect to that segment, written from the creative, never from the request. A video
 * segment of an ad makes its beacons due by the same schedule and claims as `/v1/segment`
 * (core/session/ad-segment): impression and start on its first segment, quartiles on the
 * segments that carry 25/50/75 %, complete on its last; an event whose segment was not requested
 * goes with the next one requested, so an ad's events are always claimed in order, each once; a
 * `HEAD` probe claims nothing. Only video segments count: a DASH player fetches each media type on its own, and its audio buffer
 * may run several segments ahead of the video, which would fire `complete` before the quartiles
 * (Shaka Player does). Pure.
 */
import { isDashCreative } from '../creatives/dash-creative.ts';
import { creativeSegmentPath, locateCreativeSegment } from '../dash/index.ts';
import { failure, notFound, success, type Outcome } from '../errors.ts';
import { resolveUri } from '../url/query.ts';
import { claimSegmentBeacons, type AdSegmentPosition, type AdSegmentRequest } from './ad-segment.ts';
import { occurrenceOfPeriod } from './dash-periods.ts';
import { placeDashAvail } from './dash-placement.ts';
import type { QueuedBeacon, SessionEffect } from './effects.ts';
import type { SessionState } from './state.ts';

export interface DashSegmentRequest extends Pick<AdSegmentRequest, 'client' | 'probe' | 'nowMs' | 'cacheBusting' | 'requestId'> {
  readonly availId: string;
  readonly periodId: string;
  /** The path after the period id, as requested (still percent-encoded). */
  readonly path: string;
}

const UNKNOWN = notFound('unknown ad segment');

export function dashAdSegment(state: SessionState, req: DashSegmentRequest): Outcome<{ url: string; effects: SessionEffect[]; at: AdSegmentPosition }> {
  const plan = state.plans.get(req.availId);
  const o = occurrenceOfPeriod(state, req.availId, req.periodId);
  const occ = o === undefined ? undefined : plan?.occurrences[o];
  const media = occ ? state.creatives.get(occ.creativeKey) : undefined;
  if (!plan || o === undefined || !occ || !isDashCreative(media)) return failure(UNKNOWN);
  const ref = locateCreativeSegment(media.creative, req.path);
  const path = ref ? creativeSegmentPath(ref) : undefined;
  const url = path === undefined ? undefined : resolveUri(path, media.creative.baseUrl);
  if (!ref || url === undefined) return failure(UNKNOWN);
  const effects: SessionEffect[] = [{ kind: 'keep-alive' }];
  const avail = state.dash?.avails.find((a) => a.availId === req.availId);
  const placement = avail ? placeDashAvail(avail, plan) : undefined;
  const slots = placement?.ads.find((a) => a.adIndex === occ.adIndex)?.slots ?? [];
  if (state.record.serverBeacons && !req.probe && typeof ref.segment === 'number' && ref.rendition.kind === 'video' && !occ.loop && avail) {
    const beacons: QueuedBeacon[] = [];
    // Up to this segment, in the ad's order: an event whose segment was never requested (a seek,
    // a player that skipped it) goes with a later one, after the events before it.
    for (const slot of slots) {
      if (!placement || slot.segment > ref.segment) break;
      beacons.push(...claimSegmentBeacons(state, req, plan, placement, slot.k));
    }
    if (beacons.length > 0) effects.push({ kind: 'send-beacons', beacons });
  }
  // Where the segment sits (the timeline's playhead): its Period's start, plus its offset in the ad.
  const periodStartSec = avail?.placed?.find((p) => p.id === req.periodId)?.startSec ?? 0;
  const slot = slots.find((s) => s.segment === ref.segment);
  const offsetSec = slot && slots[0] ? slot.startSec - slots[0].startSec : 0;
  return success({ url, effects, at: { availId: req.availId, ...(occ.adIndex !== undefined ? { adIndex: occ.adIndex } : {}), timeSec: periodStartSec + offsetSec } });
}
