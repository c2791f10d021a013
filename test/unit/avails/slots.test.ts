/**
 * slotsUntil's own guard against zero-length loops (issue 9 item 5, defence in depth): creatives
 * already refuse zero durations (core/creatives), but a looping occurrence whose pass adds no time
 * must not repeat until maxSlots on its own.
 */
import { describe, expect, it } from 'vitest';
import { slotsUntil, type Occurrence } from '../../../src/core/avails/slots.ts';

const slate = (refDurationsSec: number[]): Occurrence => ({ kind: 'slate', creativeKey: 's', refDurationsSec, loop: true });

describe('slotsUntil', () => {
  it('repeats looping slate until the limit', () => {
    const slots = slotsUntil([slate([2, 2])], 30);
    expect(slots).toHaveLength(15);
    expect(slots.filter((s) => s.discontinuityBefore)).toHaveLength(8);
  });

  it.each([[[0]], [[0, 0, 0]], [[Number.NaN]], [[-1, 1]]])('a looping pass of %j adds no time and is not repeated', (durations) => {
    const slots = slotsUntil([slate(durations)], 30);
    expect(slots.length).toBeLessThanOrEqual(durations.length);
  });

  it('an ad before zero-length slate keeps its slots; the slate (under MIN_LOOP_SEC) adds none', () => {
    const ad: Occurrence = { kind: 'ad', creativeKey: 'a', adIndex: 0, refDurationsSec: [2, 2] };
    const slots = slotsUntil([ad, slate([0])], 30);
    expect(slots.map((s) => s.occurrence)).toEqual([0, 0]);
  });
});
