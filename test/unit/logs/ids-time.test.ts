/** Derived ids and timestamp renderings. */
import { describe, expect, it } from 'vitest';
import { nameUuid, spanId63, uplynkJobId } from '../../../src/core/logs/ids.ts';
import { jsonLine, rawInteger } from '../../../src/core/logs/json-line.ts';
import { isoMicros, isoMillis, msToNs, utcParts } from '../../../src/core/logs/time-format.ts';

describe('ids', () => {
  it('derives stable, distinct, well-formed UUIDs', () => {
    const a = nameUuid('job/s1/a1');
    expect(a).toBe(nameUuid('job/s1/a1'));
    expect(a).not.toBe(nameUuid('job/s1/a2'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uplynkJobId('s1', undefined)).toBe(nameUuid('job/s1/session'));
  });

  it('derives span ids below 2^63', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => BigInt(spanId63(`ads/s/${i}`)));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id < 2n ** 63n && id >= 0n).toBe(true);
  });

  it('writes raw integers exactly and keeps key order', () => {
    const line = jsonLine([
      ['b', 1],
      ['a', rawInteger('9223372036854775807')],
      ['skip', undefined],
      ['s', 'x"y'],
    ]);
    expect(line).toBe('{"b":1,"a":9223372036854775807,"s":"x\\"y"}');
    expect(() => jsonLine([['a', rawInteger('12a')]])).toThrow(RangeError);
  });
});

describe('timestamps', () => {
  const t = Date.UTC(2019, 5, 29, 3, 13, 7, 340);
  it('renders MediaTailor/Brightcove milliseconds and Uplynk microseconds (docs/ad-logs.md)', () => {
    expect(isoMillis(t)).toBe('2019-06-29T03:13:07.340Z');
    expect(isoMicros(t + 0.889)).toBe('2019-06-29T03:13:07.340889Z');
    expect(isoMicros(t)).toBe('2019-06-29T03:13:07.340000Z');
  });
  it('splits UTC calendar fields and converts to nanoseconds', () => {
    expect(utcParts(t)).toEqual({ yyyy: '2019', MM: '06', dd: '29', HH: '03', mm: '13', ss: '07' });
    expect(msToNs(1910.203645)).toBe(1_910_203_645);
  });
});
