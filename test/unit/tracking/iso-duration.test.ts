/** ISO-8601 durations and `…InSeconds` values of the tracking JSON (docs/mediatailor-compat.md §3.1, §3.4). */
import { describe, expect, it } from 'vitest';
import { isoDuration, isoDurationFromMs, parseIsoDurationMs, wireMs, wireSeconds } from '../../../src/core/tracking/iso-duration.ts';

describe('isoDuration', () => {
  it.each([
    [0, 'PT0S'],
    [15.015, 'PT15.015S'],
    [116.06, 'PT1M56.06S'],
    [15.1, 'PT15.1S'],
    [60, 'PT1M'],
    [3600, 'PT1H'],
    [3661.5, 'PT1H1M1.5S'],
    [0.001, 'PT0.001S'],
    [30, 'PT30S'],
  ])('%s s → %s', (sec, iso) => {
    expect(isoDuration(sec)).toBe(iso);
  });

  it('truncates to the millisecond like MediaTailor (17.817798612 → 17.817, 15.066667 → 15.066)', () => {
    expect(isoDuration(17.817798612)).toBe('PT17.817S');
    expect(wireSeconds(17.817798612)).toBe(17.817);
    expect(wireSeconds(15.066667079)).toBe(15.066);
  });

  it('float noise does not lose a millisecond (0.1 + 0.2, 17.817 + 3.775)', () => {
    expect(wireMs(0.1 + 0.2)).toBe(300);
    expect(wireSeconds(17.817 + 3.775)).toBe(21.592);
    expect(wireSeconds(2.002 * 3)).toBe(6.006);
  });

  it('negative and non-finite inputs read as zero', () => {
    expect(isoDuration(-1)).toBe('PT0S');
    expect(wireSeconds(Number.NaN)).toBe(0);
    expect(isoDurationFromMs(-5)).toBe('PT0S');
  });
});

describe('parseIsoDurationMs', () => {
  it.each([
    ['PT39.339S', 39_339],
    ['PT17.817798612S', 17_817],
    ['PT1M56.060003037S', 116_060],
    ['PT0S', 0],
    ['PT1H', 3_600_000],
    ['P1DT1S', 86_401_000],
    ['pt2m', 120_000],
  ])('%s → %s ms', (text, ms) => {
    expect(parseIsoDurationMs(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'PT-1S', 'P1Y', 'P1W', '39.3S', 'PT1.S', 'PTxS'])('%j is unreadable', (text) => {
    expect(parseIsoDurationMs(text)).toBeUndefined();
  });

  it('round-trips every whole millisecond value we write', () => {
    for (const ms of [0, 1, 999, 1000, 59_999, 60_000, 61_001, 3_599_999, 3_600_000, 86_399_999, 123_456_789]) {
      expect(parseIsoDurationMs(isoDurationFromMs(ms))).toBe(ms);
    }
  });
});
