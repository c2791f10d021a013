/**
 * Exact time values: xs:duration (core/time/iso-duration), xs:dateTime, rationals, period start
 * resolution (ISO/IEC 23009-1 §5.3.2.1) and SegmentTimeline expansion (§5.3.9.6).
 */
import { describe, expect, it } from 'vitest';
import { compressTimeline, expandTimeline, formatDateTimeMs, parseDateTimeMs, rational } from '../../../src/core/dash/index.ts';
import { isoDurationFromNs, parseIsoDurationNs } from '../../../src/core/time/iso-duration.ts';
import { mustParse } from '../../helpers/dash-fixtures.ts';

const { rat, add, sub, toTicks, toSec, parseDecimal, floorDiv, ceilDiv } = rational;

describe('xs:duration', () => {
  it.each([
    ['PT0S', 0n],
    ['PT29.952S', 29_952_000_000n],
    ['PT48H10M2.036S', 173_402_036_000_000n],
    ['PT430625H46M14.966S', 1_550_252_774_966_000_000n],
    ['PT17.817798612S', 17_817_798_612n],
    ['P1DT1S', 86_401_000_000_000n],
    ['PT0.5M', 30_000_000_000n],
    ['pt2m', 120_000_000_000n],
  ])('%s', (text, ns) => {
    expect(parseIsoDurationNs(text)).toBe(ns);
  });

  it('years and months only in the dash calendar (365 / 30 days, as dash.js)', () => {
    expect(parseIsoDurationNs('P1Y')).toBeUndefined();
    expect(parseIsoDurationNs('P1Y2M', { calendar: 'dash' })).toBe((365n + 60n) * 86_400n * 1_000_000_000n);
  });

  it.each(['', 'P', 'PT', '-PT5S', 'PT-1S', 'PT1.S', '5S', 'P1W', 'PTS', 'PT1H1H'])('%j is unreadable', (text) => {
    expect(parseIsoDurationNs(text)).toBeUndefined();
  });

  it('writes what it reads, Java style', () => {
    for (const text of ['PT0S', 'PT0.001S', 'PT1M', 'PT1H0.5S', 'PT96H15M30.25S', 'PT0.000000001S']) expect(isoDurationFromNs(parseIsoDurationNs(text) ?? -1n)).toBe(text);
    expect(isoDurationFromNs(-5n)).toBe('PT0S');
  });
});

describe('xs:dateTime', () => {
  it('reads UTC, offsets and no zone (UTC), to the millisecond', () => {
    expect(parseDateTimeMs('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseDateTimeMs('2018-07-27T09:35:44.011Z')).toBe(Date.UTC(2018, 6, 27, 9, 35, 44, 11));
    expect(parseDateTimeMs('2018-07-27T09:35:44.0119999')).toBe(Date.UTC(2018, 6, 27, 9, 35, 44, 11));
    expect(parseDateTimeMs('2018-07-27T11:35:44+02:00')).toBe(Date.UTC(2018, 6, 27, 9, 35, 44));
    expect(parseDateTimeMs('2018-13-27T11:35:44Z')).toBeUndefined();
    expect(parseDateTimeMs('yesterday')).toBeUndefined();
    expect(formatDateTimeMs(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00Z');
    expect(formatDateTimeMs(Date.UTC(2026, 0, 1, 0, 0, 0, 5))).toBe('2026-01-01T00:00:00.005Z');
  });
});

describe('rationals', () => {
  it('adds 1001/30000 s thirty thousand times without drift', () => {
    let t = rat(0n);
    for (let i = 0; i < 30_000; i++) t = add(t, rat(1001n, 30000n));
    expect(t).toEqual(rat(1001n));
    expect(toTicks(rat(1001n, 30000n), 48_000n)).toBe(1602n);
    expect(toTicks(rat(1n, 3n), 2n)).toBe(1n);
    expect(toTicks(rat(1n, 3n), 2n, 'floor')).toBe(0n);
    expect(toTicks(rat(1n, 3n), 2n, 'ceil')).toBe(1n);
    expect(toSec(rat(10_000_000n * 1_700_000_000n + 1n, 10_000_000n))).toBeCloseTo(1_700_000_000 + 1e-7, 6);
    expect(parseDecimal('12.50')).toEqual(rat(25n, 2n));
    expect(parseDecimal('x')).toBeUndefined();
    expect([floorDiv(-7n, 2n), ceilDiv(-7n, 2n), floorDiv(7n, 2n), ceilDiv(7n, 2n)]).toEqual([-4n, -3n, 3n, 4n]);
    expect(sub(rat(1n, 2n), rat(1n, 3n))).toEqual(rat(1n, 6n));
  });
});

describe('period starts and ends', () => {
  const set = '<AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1"><BaseURL>v.mp4</BaseURL><SegmentBase indexRange="0-9"/></Representation></AdaptationSet>';
  it('explicit, derived from the previous duration, implicit 0, ends from the next start or mediaPresentationDuration', () => {
    const m = mustParse(`<MPD type="static" mediaPresentationDuration="PT1M"><Period id="a" duration="PT10.5S">${set}</Period><Period id="b">${set}</Period><Period id="c" start="PT30S">${set}</Period></MPD>`);
    expect(m.periods.map((p) => [p.id, p.start, p.end, p.explicitStart])).toEqual([
      ['a', rat(0n), rat(21n, 2n), false],
      ['b', rat(21n, 2n), rat(30n), false],
      ['c', rat(30n), rat(60n), true],
    ]);
    const live = mustParse(`<MPD type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z" publishTime="2026-01-01T01:00:00Z" timeShiftBufferDepth="PT1M" minimumUpdatePeriod="PT2S"><Period id="x" start="PT3600S">${set}</Period></MPD>`);
    expect(live.periods[0]?.end).toBeUndefined();
    expect(live.info).toMatchObject({ type: 'dynamic', availabilityStartTimeMs: Date.UTC(2026, 0, 1), publishTimeMs: Date.UTC(2026, 0, 1, 1), timeShiftBufferDepth: rat(60n), minimumUpdatePeriod: rat(2n) });
  });
});

describe('SegmentTimeline', () => {
  it('expands r, r=-1 up to the next S@t or a limit, and compresses back', () => {
    const entries = [{ t: 100n, d: 10n, r: 2n }, { d: 5n, r: -1n }, { t: 200n, d: 20n, r: -1n }];
    const x = expandTimeline(entries, 250n);
    expect(x.segments.map((s) => s.t)).toEqual([100n, 110n, 120n, 130n, 135n, 140n, 145n, 150n, 155n, 160n, 165n, 170n, 175n, 180n, 185n, 190n, 195n, 200n, 220n, 240n]);
    expect(x.openEnded).toBe(true);
    expect(compressTimeline(x.segments, true)).toEqual([{ t: 100n, d: 10n, r: 2n }, { d: 5n, r: 13n }, { d: 20n, r: -1n }]);
    expect(expandTimeline([{ t: 0n, d: 1n, r: 10_000_000_000n }], undefined, 1000).truncated).toBe(true);
  });
});
