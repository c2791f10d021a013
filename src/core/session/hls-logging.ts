/**
 * @module core/session/hls-logging
 * Where an HLS session's avails are for its ad log (core/session/decision-logging): an avail's
 * `availId` is the output media sequence of its first segment (MediaTailor: "the media sequence
 * number of the first segment of the avail"), known once the break has been written; a break
 * that played as content logs its ads as skipped (`ADS_TIMEOUT`, with why). An overlay avail's id is
 * the media sequence of its content segment, known once the breaks before it settle. Pure.
 */
import type { LedgerBreak } from '../avails/ledger.ts';
import { placeOverlay } from '../avails/overlay-register.ts';
import { unplayedPlan } from '../avails/plan.ts';
import type { PodLocation } from '../logs/events.ts';
import type { AvailPlaces } from './decision-logging.ts';
import type { SessionState } from './state.ts';

export function hlsAvailPlaces(state: SessionState): AvailPlaces {
  const { ledger } = state;
  const byKey = new Map(ledger.breaks.map((b) => [b.key, b]));
  const overlays = new Map((ledger.overlays ?? []).map((o) => [o.key, o]));
  return {
    vod: ledger.vod === true,
    place(u, plan) {
      const b = byKey.get(u.breakKey);
      // A break being personalized has its availId once it is written.
      if (b && b.outStartSeq === undefined && b.mode === 'personalize') return undefined;
      const overlay = overlays.get(u.breakKey);
      const overlayId = overlay ? placeOverlay(ledger, overlay)?.availId : undefined;
      if (overlay && overlayId === undefined) return undefined;
      return {
        availId: overlayId ?? (b?.outStartSeq !== undefined ? String(b.outStartSeq) : u.breakKey.replace(/^i/, '')),
        podLocation: podLocation(ledger.vod === true, b, ledger.anchorSeq, ledger.cursor?.seq),
        availIndex: b?.availIndex ?? plan.availIndex,
        plan: b?.mode === 'passthrough' ? unplayedPlan(plan, 'ADS_TIMEOUT', b.reason ?? 'break played as content') : plan,
        contentOffsetSec: b?.originTimeSec ?? 0,
      };
    },
    allDecided: () => ledger.breaks.every((b) => state.plans.has(b.key)),
  };
}

/** Uplynk format of docs/ad-logs.md pod_location: a live pre-roll, pre-roll at the start of VOD, post-roll at its end, mid-roll otherwise. */
function podLocation(vod: boolean, b: LedgerBreak | undefined, anchorSeq: number | undefined, cursorSeq: number | undefined): PodLocation {
  if (b?.preroll) return 'preroll';
  if (!vod || !b) return 'midroll';
  if (b.originStartSeq === anchorSeq) return 'preroll';
  return b.insertion && b.originStartSeq >= (cursorSeq ?? Infinity) ? 'postroll' : 'midroll';
}
