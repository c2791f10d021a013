/**
 * Analytics Engine data points (core/metrics; docs/metrics.md): the column layout of each family,
 * the configuration name as index within Analytics Engine's 96-byte limit, and the values derived
 * from a plan and its decision.
 */
import { describe, expect, it } from 'vitest';
import type { AvailPlan } from '../../../src/core/avails/plan.ts';
import { availMetric } from '../../../src/core/metrics/from-session.ts';
import { adsExchangePoint, availPoint, beaconPoint, configIndex, requestPoint } from '../../../src/core/metrics/points.ts';
import type { DecisionTrace } from '../../../src/core/session/decision-types.ts';

const scope = { configName: 'my-channel', playbackMode: 'live' as const, sessionType: 'HLS' as const };

describe('metric points', () => {
  it('keeps a configuration name as index when it fits 96 bytes, else a prefix and a hash', () => {
    expect(configIndex('my-channel')).toBe('my-channel');
    const long = 'ü'.repeat(100);
    const idx = configIndex(long);
    expect(new TextEncoder().encode(idx).length).toBeLessThanOrEqual(96);
    expect(idx.startsWith('ü'.repeat(30))).toBe(true);
    expect(configIndex(`${long}x`)).not.toBe(idx);
    // The blob keeps the name (up to 256 characters).
    expect(requestPoint({ ...scope, configName: long }, { route: 'media', status: 200, outcome: 'ok', latencyMs: 1 }).blobs[1]).toBe(long);
  });

  it('lays out each family as docs/metrics.md says', () => {
    expect(requestPoint(scope, { route: 'media', status: 504, outcome: 'origin-timeout', latencyMs: 2010, origin: { outcome: 'timeout', latencyMs: 2000 } })).toEqual({
      indexes: ['my-channel'],
      blobs: ['request', 'my-channel', 'live', 'HLS', 'media', 'origin-timeout', 'timeout'],
      doubles: [2010, 504, 1, 2000, 1, 1, 0],
    });
    expect(adsExchangePoint(scope, { outcome: 'http', status: 500, latencyMs: 30, root: false }).doubles).toEqual([30, 500, 1, 0]);
    expect(adsExchangePoint(scope, { outcome: 'ok', status: 200, latencyMs: 30, root: true }).blobs.slice(4)).toEqual(['ok', 'root']);
    expect(beaconPoint(scope, { event: 'midpoint', fired: false, latencyMs: 3000, attempt: 2 })).toMatchObject({ blobs: ['beacon', 'my-channel', 'live', 'HLS', 'failed', 'midpoint'], doubles: [3000, 0, 2, 0, 1] });
    expect(requestPoint(scope, { route: 'tracking', status: 200, outcome: 'ok', latencyMs: Number.NaN }).doubles[0]).toBe(0);
  });

  it('derives an avail from its plan and decision: fill, response ads, failure', () => {
    const plan = { outcome: 'slate', originAvailDurationSec: 30, filledDurationSec: 20, fillRate: 2 / 3, ads: [{ vastDurationSec: 20 }], skipped: [{ skippedReason: 'NEW_CREATIVE', vastDurationSec: 15 }], reason: undefined } as unknown as AvailPlan;
    const trace: DecisionTrace = { adsRequestUrl: 'u', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 100, finishedAtMs: 350, resolution: { trace: [{ outcome: 'vast_response', depth: 0, path: '', atMs: 0 }] } as never };
    const m = availMetric(plan, { trace, candidates: [{ vastDurationSec: 20 }, { vastDurationSec: 15 }] as never });
    expect(m).toMatchObject({ availDurationSec: 30, filledDurationSec: 20, responseAds: 2, responseAdsDurationSec: 35, plannedAds: 1, skippedAds: 1, decisionMs: 250, failed: false, timedOut: false, empty: false });
    // double6: the response's fill rate, capped at 1 (35 s of ads for 30 s).
    expect(availPoint(scope, m).doubles.slice(0, 6)).toEqual([30_000, 20_000, 2 / 3, 2, 35_000, 1]);
    const timedOut = availMetric({ ...plan, ads: [], skipped: [], outcome: 'content' } as AvailPlan, { trace: { ...trace, resolution: { trace: [{ outcome: 'timeout', depth: 0, path: '', atMs: 0 }] } as never }, candidates: [] });
    expect(timedOut).toMatchObject({ failed: true, timedOut: true, empty: false, responseAds: 0 });
    const failed = availMetric({ ...plan, ads: [], skipped: [] } as unknown as AvailPlan, { trace: { ...trace, failure: 'internal error' }, candidates: [] });
    expect(failed.failed).toBe(true);
  });
});
