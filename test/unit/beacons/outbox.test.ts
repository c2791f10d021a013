/** The beacon outbox policy (docs/mediatailor-compat.md §4): backoff ≥ 30 s, give up after 1 h, in order per ad and host. */
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  classifyOutcome,
  dueBeaconsAtSeq,
  GIVE_UP_AFTER_MS,
  leaseForAttempt,
  nextRetry,
  nextWakeAtMs,
  pendingFromDue,
  sendableNow,
  type BeaconOutcome,
  type PendingBeacon,
} from '../../../src/core/beacons/index.ts';
import { standardAvail } from '../tracking/helpers.ts';

const T0 = Date.UTC(2024, 0, 1, 12);
const MACROS = { timestampMs: T0, cacheBusting: '1' };
const TIMEOUT: BeaconOutcome = { kind: 'timeout' };

function beacon(over: Partial<PendingBeacon> = {}): PendingBeacon {
  return {
    id: '100/0/start#0',
    dedupKey: '100/0/start',
    url: 'https://t.example/start',
    event: 'start',
    availId: '100',
    adIndex: 0,
    urlIndex: 0,
    order: 2,
    attempts: 0,
    createdAtMs: T0,
    nextAttemptAtMs: T0,
    ...over,
  };
}

describe('classifyOutcome', () => {
  it.each([
    [{ kind: 'response', status: 200 }, true, false],
    [{ kind: 'response', status: 204 }, true, false],
    [{ kind: 'response', status: 302 }, true, false],
    [{ kind: 'response', status: 404 }, false, false],
    [{ kind: 'response', status: 400 }, false, false],
    [{ kind: 'response', status: 408 }, false, true],
    [{ kind: 'response', status: 429 }, false, true],
    [{ kind: 'response', status: 500 }, false, true],
    [{ kind: 'response', status: 503 }, false, true],
    [{ kind: 'response', status: 504 }, false, true],
    [{ kind: 'response', status: 507 }, false, true],
    [{ kind: 'timeout' }, false, true],
    [{ kind: 'network', message: 'reset' }, false, true],
  ] as const)('%j → ok %s, retryable %s', (outcome, okExpected, retryable) => {
    expect(classifyOutcome(outcome)).toMatchObject({ ok: okExpected, retryable });
  });
});

describe('nextRetry', () => {
  it('success → done, attempts counted', () => {
    expect(nextRetry(beacon(), { kind: 'response', status: 200 }, T0)).toMatchObject({ action: 'done', state: { attempts: 1, firstAttemptAtMs: T0 } });
  });

  it('a 404 is given up at once', () => {
    expect(nextRetry(beacon(), { kind: 'response', status: 404 }, T0)).toMatchObject({ action: 'give-up', reason: 'HTTP 404' });
  });

  it('backoff doubles from 30 s, capped at 15 min, never under 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
    expect(backoffMs(0)).toBe(30_000);
  });

  it('a beacon that keeps timing out: retried at 30 s, 1.5, 3.5, 7.5, 15.5, 30.5, 45.5 min, 1 h, then given up', () => {
    let state = beacon();
    let now = T0;
    const attemptsAtSec: number[] = [];
    for (;;) {
      attemptsAtSec.push((now - T0) / 1000);
      const d = nextRetry(state, TIMEOUT, now);
      if (d.action !== 'retry') {
        expect(d.action).toBe('give-up');
        expect(d.state.attempts).toBe(9);
        break;
      }
      expect(d.state.nextAttemptAtMs - now).toBeGreaterThanOrEqual(30_000);
      state = d.state;
      now = d.state.nextAttemptAtMs;
    }
    expect(attemptsAtSec).toEqual([0, 30, 90, 210, 450, 930, 1830, 2730, 3600]);
    expect(now - T0).toBe(GIVE_UP_AFTER_MS);
  });

  it('the hour runs from the first attempt, not from when the beacon was queued', () => {
    const queuedLongAgo = beacon({ createdAtMs: T0 - 5 * GIVE_UP_AFTER_MS });
    expect(nextRetry(queuedLongAgo, TIMEOUT, T0)).toMatchObject({ action: 'retry', state: { firstAttemptAtMs: T0, nextAttemptAtMs: T0 + 30_000 } });
  });

  it('gives up when less than 30 s of the hour is left', () => {
    const late = beacon({ attempts: 8, firstAttemptAtMs: T0 });
    expect(nextRetry(late, TIMEOUT, T0 + GIVE_UP_AFTER_MS - 29_000).action).toBe('give-up');
    expect(nextRetry(late, TIMEOUT, T0 + GIVE_UP_AFTER_MS - 30_000)).toMatchObject({ action: 'retry', state: { nextAttemptAtMs: T0 + GIVE_UP_AFTER_MS } });
  });

  it('leaseForAttempt: in flight until the lease runs out, first attempt time recorded', () => {
    expect(leaseForAttempt(beacon(), T0 + 10)).toMatchObject({ firstAttemptAtMs: T0 + 10, nextAttemptAtMs: T0 + 10 + 30_000, attempts: 0 });
    expect(leaseForAttempt(beacon({ firstAttemptAtMs: T0 }), T0 + 99).firstAttemptAtMs).toBe(T0);
  });
});

describe('in order per ad and host', () => {
  const avail = standardAvail();
  const due = (seq: number) => dueBeaconsAtSeq({ ...avail, seq, macros: MACROS });

  it('pendingFromDue: one pending beacon per URL, due now', () => {
    const pending = pendingFromDue(due(100), T0);
    expect(pending.map((p) => [p.id, p.order, p.attempts, p.nextAttemptAtMs])).toEqual([
      ['100/0/impression#0', 1, 0, T0],
      ['100/0/impression#1', 1, 0, T0],
      ['100/0/start#0', 2, 0, T0],
    ]);
  });

  it('the earliest pending event of an ad at a host goes first (its URLs in parallel); later ones wait for its first attempt', () => {
    const pending = pendingFromDue(due(100), T0);
    expect(sendableNow(pending, T0).map((p) => p.id)).toEqual(['100/0/impression#0', '100/0/impression#1']);
    // In flight (leased): start, same host, still waits.
    const inFlight = [leaseForAttempt(pending[0] as PendingBeacon, T0), leaseForAttempt(pending[1] as PendingBeacon, T0), pending[2] as PendingBeacon];
    expect(sendableNow(inFlight, T0 + 1000)).toEqual([]);
    expect(nextWakeAtMs(inFlight)).toBe(T0 + 30_000);
  });

  it('once that attempt failed and waits for its retry, later events go; the retry does not hold them back', () => {
    const pending = pendingFromDue(due(100), T0);
    // Impression #0 sent, #1 failed and retries in 30 s: start goes now.
    const retrying = nextRetry(pending[1] as PendingBeacon, TIMEOUT, T0);
    if (retrying.action !== 'retry') throw new Error('retry');
    const left = [retrying.state, pending[2] as PendingBeacon];
    expect(sendableNow(left, T0 + 1000).map((p) => p.id)).toEqual(['100/0/start#0']);
    expect(nextWakeAtMs(left)).toBe(T0);
    // A quartile due while the impression is retrying goes too.
    const quartile = pendingFromDue(due(102), T0 + 4000);
    expect(sendableNow([retrying.state, ...quartile], T0 + 4000).map((p) => p.event)).toEqual(quartile.map((q) => q.event));
  });

  it('a retry due at the same time as a later event of its ad and host goes first', () => {
    const impression = beacon({ id: '100/0/impression#0', event: 'impression', url: 'https://t.example/imp', order: 1, attempts: 1, firstAttemptAtMs: T0, nextAttemptAtMs: T0 + 30_000 });
    const start = beacon({ attempts: 1, firstAttemptAtMs: T0, nextAttemptAtMs: T0 + 30_000 });
    expect(sendableNow([impression, start], T0 + 30_000).map((p) => p.id)).toEqual(['100/0/impression#0']);
    expect(sendableNow([start], T0 + 30_000).map((p) => p.id)).toEqual(['100/0/start#0']);
  });

  it('different hosts (measurement domains) do not wait for each other', () => {
    const imp = beacon({ id: '100/0/impression#0', event: 'impression', url: 'https://imp.example/i', order: 1 });
    const impOther = beacon({ id: '100/0/impression#1', event: 'impression', url: 'https://VENDOR.example:443/i', urlIndex: 1, order: 1 });
    const startSame = beacon({ url: 'https://imp.example/s' });
    const startVendor = beacon({ id: '100/0/start#1', url: 'https://vendor.example/s', urlIndex: 1 });
    const startThird = beacon({ id: '100/0/start#2', url: 'https://third.example/s', urlIndex: 2 });
    expect(
      sendableNow([imp, impOther, startSame, startVendor, startThird], T0)
        .map((p) => p.id)
        .sort(),
    ).toEqual(['100/0/impression#0', '100/0/impression#1', '100/0/start#2']);
  });

  it('ads do not block each other', () => {
    const ad0 = beacon({ id: '100/0/impression#0', event: 'impression', order: 1, nextAttemptAtMs: T0 + 60_000 });
    const ad1 = pendingFromDue(due(110), T0);
    expect(sendableNow([ad0, ...ad1], T0).map((p) => p.id)).toEqual(['100/1/impression#0']);
    expect(nextWakeAtMs([ad0, ...ad1])).toBe(T0);
  });

  it('a flaky endpoint (every URL fails once) delays complete by its own retry, not one retry per earlier event', () => {
    // One 10 s ad: impression and start at 0 s, quartiles at 2.5 / 5 / 7.5 s, complete at 10 s, all to one host.
    const events: [string, number, number][] = [
      ['impression', 1, 0],
      ['start', 2, 0],
      ['firstQuartile', 3, 2_500],
      ['midpoint', 4, 5_000],
      ['thirdQuartile', 5, 7_500],
      ['complete', 6, 10_000],
    ];
    const failedOnce = new Set<string>();
    const sentAt = new Map<string, number>();
    let outbox: PendingBeacon[] = [];
    for (let now = T0; now <= T0 + 10 * 60_000 && sentAt.size < events.length; now += 500) {
      for (const [event, order, atMs] of events)
        if (now === T0 + atMs) outbox.push(beacon({ id: `100/0/${event}#0`, event, order, url: `https://t.example/${event}`, createdAtMs: now, nextAttemptAtMs: now }));
      // The outbox's flush: rounds of parallel attempts until nothing may go (each attempt takes 100 ms).
      for (let round = 0; round < 10; round++) {
        const go = sendableNow(outbox, now);
        if (go.length === 0) break;
        for (const b of go) {
          const outcome: BeaconOutcome = failedOnce.has(b.id) ? { kind: 'response', status: 204 } : { kind: 'response', status: 503 };
          failedOnce.add(b.id);
          const d = nextRetry(b, outcome, now + 100);
          outbox = outbox.filter((x) => x.id !== b.id);
          if (d.action === 'retry') outbox.push(d.state);
          else sentAt.set(b.event, now);
        }
      }
    }
    expect(sentAt.size).toBe(events.length);
    // Each event is retried 30 s after its own first attempt, whatever happened to the others.
    for (const [event, , atMs] of events) expect((sentAt.get(event) ?? Infinity) - (T0 + atMs), event).toBeLessThanOrEqual(31_000);
    const order = [...sentAt.entries()].sort((a, b) => a[1] - b[1]).map(([e]) => e);
    expect(order).toEqual(events.map(([e]) => e));
  });

  it('nextWakeAtMs of an empty outbox is undefined', () => {
    expect(nextWakeAtMs([])).toBeUndefined();
  });
});
