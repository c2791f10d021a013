/**
 * src/core/dash and src/core/time stay pure (docs/dash.md): the scan of test/helpers/purity.ts;
 * and the xs:dateTime writer that replaces a Date object agrees with Date.
 */
import { describe, expect, it } from 'vitest';
import { formatDateTimeMs, parseDateTimeMs } from '../../../src/core/dash/index.ts';
import { describePurity } from '../../helpers/purity.ts';
import { Prng } from '../../helpers/prng.ts';

describePurity('dash', 15);
describePurity('time', 1);

describe('formatDateTimeMs', () => {
  it('agrees with Date over random instants from 1970 to 2400 and reads back', () => {
    const rng = new Prng(7);
    for (let i = 0; i < 2000; i++) {
      const ms = rng.int(0, 13_569_465_600_000) + (i % 3 === 0 ? 0 : rng.int(0, 999));
      const expected = new Date(ms).toISOString().replace('.000Z', 'Z');
      expect(formatDateTimeMs(ms)).toBe(expected);
      expect(parseDateTimeMs(formatDateTimeMs(ms))).toBe(ms);
    }
  });
});
