/**
 * @module core/session/dash-placement
 * Where a DASH avail's ads sit in the MPD the player was given (core/avails/timeline's placement,
 * DASH flavour), read by the tracking API and the `/v1/dashsegment` beacons alike so both agree
 * with the MPD (docs/dash.md "Tracking and beacons"). Each ad is its own Period: its `adId` is the
 * Period@id, its start the Period@start (MediaTailor: live, seconds from
 * `MPD@availabilityStartTime`; VOD, from the session start), every event id the ad start's
 * presentation time at 90 kHz (MediaTailor's ptsTime); no program date-time (MediaTailor sets
 * none for DASH). Slots are the ad's segments numbered
 * through the break (bumpers included, slate not), as HLS numbers them, so the beacon schedule
 * (core/beacons) applies unchanged; an ad cut short by the end of a live break keeps only the
 * segments that play. Bumpers are part of the avail (its start and duration), not ads. Pure.
 */
import type { AvailPlan } from '../avails/plan.ts';
import { slotsUntil, type Occurrence } from '../avails/slots.ts';
import type { AdPlacement, AvailPlacement } from '../avails/timeline.ts';
import type { DashAvail } from './dash-timeline.ts';

/** A segment starting this close to its period's end does not play. */
const EDGE_SEC = 0.001;

export function placeDashAvail(avail: DashAvail, plan: AvailPlan): AvailPlacement | undefined {
  const placed = avail.placed;
  const first = placed?.[0];
  if (!placed || !first) return undefined;
  // Every occurrence but slate, numbered through the break (bumpers included); slots name the
  // plan's occurrence indexes, as the placed periods do.
  const finite = plan.occurrences.flatMap((o, i) => (o.loop ? [] : [i]));
  const planned = finite.reduce((t, i) => t + (plan.occurrences[i]?.refDurationsSec ?? []).reduce((a, x) => a + x, 0), 0);
  const slots = slotsUntil(finite.map((i) => plan.occurrences[i] as Occurrence), planned + 1).map((s) => ({ ...s, occurrence: finite[s.occurrence] ?? -1 }));
  const ads: AdPlacement[] = [];
  for (const p of placed) {
    const occ = plan.occurrences[p.occurrence];
    if (!occ || occ.loop || occ.adIndex === undefined) continue;
    const mine = slots.filter((s) => s.occurrence === p.occurrence);
    const adStart = mine[0]?.startSec ?? 0;
    const playing = mine.filter((s) => s.startSec - adStart < p.durationSec - EDGE_SEC);
    const firstSlot = playing[0];
    if (!firstSlot) continue;
    ads.push({
      adIndex: occ.adIndex,
      adId: p.id,
      firstSeq: firstSlot.k,
      firstSlot: firstSlot.k,
      slots: playing,
      startTimeSec: p.startSec,
      durationSec: Math.min(p.durationSec, playing.reduce((t, s) => t + s.durationSec, 0)),
      eventId: String(Math.round(p.startSec * 90_000)),
    });
  }
  return {
    availId: avail.availId,
    firstSeq: 0,
    startTimeSec: first.startSec,
    durationSec: placed.reduce((t, p) => t + p.durationSec, 0),
    ads,
  };
}
