/**
 * The overlay family of metric points (docs/metrics.md `overlay`; MediaTailor "Logging and
 * metrics for overlay ads"): one per overlay avail decided, with the AdDecisionServer.Overlay*
 * values taken from its plan and its decision's trace.
 */
import { describe, expect, it } from 'vitest';
import { overlayPlan } from '../../../src/core/avails/overlays.ts';
import { overlayMetric } from '../../../src/core/metrics/from-session.ts';
import { overlayPoint } from '../../../src/core/metrics/points.ts';
import { decisionFor, NONLINEAR_VAST } from '../../helpers/overlay-decisions.ts';

const scope = { configName: 'sports', playbackMode: 'live' as const, sessionType: 'DASH' as const };

async function metricOf(body: string, signalledDurationSec = 15) {
  const d = await decisionFor(body);
  const plan = overlayPlan({
    breakKey: 'o1',
    availIndex: 1,
    signalledDurationSec,
    offer: d.offer,
    breakTracking: {},
    nowMs: 0,
    ...(d.offer.ads.length === 0 ? { reason: 'empty VAST response' } : {}),
  });
  return overlayMetric(plan, d.trace);
}

describe('overlay metric points', () => {
  it('a NonLinear offered: filled, its minSuggestedDuration, the decision time', async () => {
    const m = await metricOf(NONLINEAR_VAST);
    expect(m).toEqual({ outcome: 'filled', ads: 1, minSuggestedDurationSec: 10, latencyMs: 1, timedOut: false });
    expect(overlayPoint(scope, m)).toEqual({
      indexes: ['sports'],
      blobs: ['overlay', 'sports', 'live', 'DASH', 'filled', ''],
      doubles: [1, 1, 10_000, 1, 0, 0],
    });
  });

  it('a NonLinear without minSuggestedDuration counts the signalled duration', async () => {
    const m = await metricOf(NONLINEAR_VAST.replace(' minSuggestedDuration="00:00:10"', ''), 15);
    expect(m.minSuggestedDurationSec).toBe(15);
  });

  it('an empty answer is an error (AdDecisionServer.OverlayErrors) with its reason; a body that is not VAST failed', async () => {
    const empty = await metricOf('<VAST version="4.2"/>');
    expect(empty).toMatchObject({ outcome: 'empty', reason: 'empty VAST response', ads: 0 });
    expect(overlayPoint(scope, empty).doubles).toEqual([0, 0, 0, 1, 1, 0]);
    expect((await metricOf('<html/>')).outcome).toBe('failed');
  });
});
