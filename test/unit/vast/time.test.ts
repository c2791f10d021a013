/**
 * Time values of VAST (Duration, skipoffset, progress offset) and VMAP (timeOffset, repeatAfter).
 */
import { describe, expect, it } from 'vitest';
import { formatClock, parseClockSec, parseVastOffset, parseVmapTimeOffset } from '../../../src/core/vast/time.ts';

describe('parseClockSec', () => {
  it.each([
    ['00:00:15', 15],
    ['00:00:15.015', 15.015],
    ['01:02:03.5', 3723.5],
    ['0:0:7', 7],
    ['100:00:00', 360000],
    [' 00:00:30.000 ', 30],
    ['00:00:10,250', 10.25],
    ['15', 15],
    ['15.5', 15.5],
  ])('%j → %d', (raw, sec) => expect(parseClockSec(raw)).toBe(sec));

  it.each(['', 'abc', '00:60:00', '00:00:61', '-00:00:01', '1:2', '00:00:15.', undefined])('%j → undefined', (raw) => {
    expect(parseClockSec(raw)).toBeUndefined();
  });
});

describe('parseVastOffset', () => {
  it('times and percentages', () => {
    expect(parseVastOffset('00:00:05')).toEqual({ kind: 'time', offsetSec: 5 });
    expect(parseVastOffset('25%')).toEqual({ kind: 'percent', percent: 25 });
    expect(parseVastOffset('12.5 %')).toEqual({ kind: 'percent', percent: 12.5 });
    expect(parseVastOffset('101%')).toBeUndefined();
    expect(parseVastOffset('later')).toBeUndefined();
  });
});

describe('parseVmapTimeOffset', () => {
  it.each([
    ['start', { kind: 'start', raw: 'start' }],
    ['END', { kind: 'end', raw: 'END' }],
    ['00:10:00.500', { kind: 'time', raw: '00:10:00.500', offsetSec: 600.5 }],
    ['75%', { kind: 'percent', raw: '75%', percent: 75 }],
    ['#3', { kind: 'position', raw: '#3', position: 3 }],
  ])('%j', (raw, expected) => expect(parseVmapTimeOffset(raw)).toEqual(expected));

  it.each(['#0', '#x', 'middle', '', undefined])('%j → undefined', (raw) => expect(parseVmapTimeOffset(raw)).toBeUndefined());
});

describe('formatClock', () => {
  it('round-trips with parseClockSec', () => {
    for (const sec of [0, 15.015, 59.999, 3723.5, 86399.001]) expect(parseClockSec(formatClock(sec))).toBe(sec);
    expect(formatClock(15.015)).toBe('00:00:15.015');
  });
});
