/**
 * Property test of live personalization (docs/architecture.md §6 invariants 1–5, §12 "property tests for
 * parsers and stitching"): random origins, windows, decisions and reload orders
 * (helpers/live-property). Every response must satisfy the InvariantChecker, parse cleanly in
 * m3u8-parser and in our own parser, keep PDT increasing, and every personalized break must last
 * its content duration within one segment. PROPERTY_SEEDS=n widens the run; a failure names its
 * seed (replay it with runSession(seed, trace)).
 */
import { describe, expect, it } from 'vitest';
import { runSession } from '../../helpers/live-property.ts';

const SEEDS = Number(process.env.PROPERTY_SEEDS ?? 120);

describe('live personalization, random origins and reloads', () => {
  it(`keeps every invariant over ${SEEDS} random sessions`, () => {
    const failures: string[] = [];
    let served = 0;
    let personalized = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const o = runSession(seed);
      served += o.served;
      personalized += o.personalized;
      if (o.problems.length) failures.push(...o.problems.slice(0, 3));
    }
    expect(failures).toEqual([]);
    // The run must exercise what it claims to: many responses, many personalized breaks.
    expect(served).toBeGreaterThan(SEEDS * 50);
    expect(personalized).toBeGreaterThan(SEEDS * 2);
  }, 120_000);
});
