/**
 * Which events a segment request makes due (docs/mediatailor-compat.md §4, §4.3), and that the tracking
 * JSON's eventIds name the same segments (docs/architecture.md §7 "One plan, two views").
 */
import { describe, expect, it } from 'vitest';
import { beaconEventsDueAtSlot, eventsDueAtSlot, LINEAR_EVENTS, linearEventPoints, locateSeq } from '../../../src/core/beacons/index.ts';
import { buildTrackingResponse } from '../../../src/core/tracking/index.ts';
import { placeAds, repeat, standardAvail } from '../tracking/helpers.ts';

/** Events due at each slot of a one-ad avail, as `{ slotPosition: events }` (empty slots left out). */
function dueBySlot(durations: readonly number[], opts: { slotCount?: number; fullDurationSec?: number } = {}): Record<number, string[]> {
  const placement = placeAds({ firstSeq: 1000, startTimeSec: 0, ads: [durations], ...(opts.slotCount !== undefined ? { slotCount: opts.slotCount } : {}) });
  const ad = placement.ads[0];
  if (!ad) throw new Error('no ad');
  const out: Record<number, string[]> = {};
  for (const slot of ad.slots) {
    const due = eventsDueAtSlot(ad, slot.k, opts.fullDurationSec);
    if (due.length > 0) out[slot.k] = due;
  }
  return out;
}

describe('eventsDueAtSlot', () => {
  it('20 s ad of 2 s segments: impression+start on the 1st, quartiles on the 3rd/5th/8th, complete on the 10th', () => {
    expect(dueBySlot(repeat(2, 10))).toEqual({
      0: ['impression', 'start'],
      2: ['firstQuartile'],
      4: ['midpoint'],
      7: ['thirdQuartile'],
      9: ['complete'],
    });
  });

  it('uneven segments 4 + 4 + 2: 2.5 s on the 1st; 5 and 7.5 s on the 2nd; complete on the short last', () => {
    expect(dueBySlot([4, 4, 2])).toEqual({
      0: ['impression', 'start', 'firstQuartile'],
      1: ['midpoint', 'thirdQuartile'],
      2: ['complete'],
    });
  });

  it('a long last segment can carry thirdQuartile and complete together', () => {
    expect(dueBySlot([2, 2, 2, 6])).toEqual({
      0: ['impression', 'start'],
      1: ['firstQuartile'], // 3 s
      2: ['midpoint'], // 6 s, on the segment that ends there
      3: ['thirdQuartile', 'complete'], // 9 s and 12 s
    });
  });

  it('a short uneven tail (MediaTailor guide ad, 3 s × 5 + 0.1 s)', () => {
    expect(dueBySlot([3, 3, 3, 3, 3, 0.1])).toEqual({
      0: ['impression', 'start'],
      1: ['firstQuartile'], // 3.775
      2: ['midpoint'], // 7.55
      3: ['thirdQuartile'], // 11.325
      5: ['complete'],
    });
  });

  it('HLS-typical 6.006 s segments: float sums do not push a point to the wrong segment', () => {
    // 4 × 6.006 = 24.024 s: quartiles at 6.006 (end of the 1st), 12.012 (end of the 2nd), 18.018.
    expect(dueBySlot(repeat(6.006, 4))).toEqual({
      0: ['impression', 'start', 'firstQuartile'],
      1: ['midpoint'],
      2: ['thirdQuartile'],
      3: ['complete'],
    });
  });

  it('a one-segment ad fires everything on it', () => {
    expect(dueBySlot([15])).toEqual({ 0: [...LINEAR_EVENTS] });
  });

  it('an ad cut by an early cue-in after 6 of 10 segments: no thirdQuartile, no complete', () => {
    expect(dueBySlot(repeat(2, 10), { slotCount: 6, fullDurationSec: 20 })).toEqual({
      0: ['impression', 'start'],
      2: ['firstQuartile'],
      4: ['midpoint'],
    });
  });

  it('every event is due exactly once over random segmentations', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      const n = 1 + Math.floor(rand() * 12);
      const durations = Array.from({ length: n }, () => Math.round((0.5 + rand() * 6) * 1000) / 1000);
      const fired = Object.values(dueBySlot(durations)).flat();
      expect(fired.sort()).toEqual([...LINEAR_EVENTS].sort());
    }
  });

  it('slots of other ads make nothing due for this one', () => {
    const placement = placeAds({ firstSeq: 0, startTimeSec: 0, ads: [repeat(2, 5), repeat(2, 5)] });
    const second = placement.ads[1];
    if (!second) throw new Error('ad');
    expect(eventsDueAtSlot(second, 0)).toEqual([]);
    expect(eventsDueAtSlot(second, 5)).toEqual(['impression', 'start']);
  });
});

describe('locateSeq and break events', () => {
  const placement = placeAds({ firstSeq: 100, startTimeSec: 0, ads: [repeat(2, 10), [4, 4, 2]] });

  it('finds the ad and slot of a media sequence number; undefined outside the ads', () => {
    expect(locateSeq(placement, 100)?.ad.adIndex).toBe(0);
    expect(locateSeq(placement, 109)?.slotK).toBe(9);
    expect(locateSeq(placement, 110)).toMatchObject({ position: 1, slotK: 10 });
    expect(locateSeq(placement, 113)).toBeUndefined(); // slate or content after the ads
    expect(locateSeq(placement, 99)).toBeUndefined();
  });

  it('breakStart goes before the first ad impression, breakEnd after the last ad complete', () => {
    const at = (seq: number): string[] => {
      const loc = locateSeq(placement, seq);
      return loc ? beaconEventsDueAtSlot(placement, loc) : [];
    };
    expect(at(100)).toEqual(['breakStart', 'impression', 'start']);
    expect(at(109)).toEqual(['complete']);
    expect(at(110)).toEqual(['impression', 'start', 'firstQuartile']);
    expect(at(112)).toEqual(['complete', 'breakEnd']);
  });
});

describe('one plan, two views', () => {
  it("the tracking JSON's eventIds are the segments whose requests make the events due", () => {
    const avail = standardAvail();
    const r = buildTrackingResponse({ avails: [avail], hlsAnchorMediaSequenceNumber: 0, dashAvailabilityStartTime: null, nowMs: 0 });
    if (!r.ok) throw new Error('token');
    for (const [i, adJson] of (r.value.avails[0]?.ads ?? []).entries()) {
      const adPlacement = avail.placement.ads[i];
      if (!adPlacement) throw new Error('placement');
      const points = linearEventPoints(adPlacement, avail.plan.ads[i]?.mediaDurationSec);
      for (const e of adJson.trackingEvents.filter((x) => (LINEAR_EVENTS as readonly string[]).includes(x.eventType))) {
        const slotK = Number(e.eventId) - avail.placement.firstSeq;
        expect(eventsDueAtSlot(adPlacement, slotK, avail.plan.ads[i]?.mediaDurationSec)).toContain(e.eventType);
        expect(points.find((p) => p.event === e.eventType)?.seq).toBe(Number(e.eventId));
      }
    }
  });
});
