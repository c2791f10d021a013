/**
 * @module bench/load/audit
 * What the demo's beacon sink (`GET /demo/beacons?sid=`) saw of each session, against what its
 * player did: ADS requests per (session, avail) (the demo ad server records each as an
 * `ads-request` hit: one per avail is right), and server-side beacons: each ad played through
 * fires impression, start, the three quartiles and complete once; a second hit of the same
 * (avail, ad, event) is a duplicate, a fully played ad's event that never arrived is missing.
 * VMAP sessions' ADS requests go to `/demo/ads/vmap`, which records nothing.
 */
import type { LoadClient, PlayedSession } from './player.ts';

const LINEAR = new Set(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']);

export interface SessionAudit {
  readonly kind: PlayedSession['kind'];
  readonly sid: string;
  /** ADS requests per avail index, as the ad server received them. */
  readonly adsRequestsPerAvail: readonly number[];
  readonly expectedBeacons: number;
  readonly receivedBeacons: number;
  readonly duplicateBeacons: number;
  readonly missingBeacons: number;
  /** Distinct events beyond those of the ads played through (an ad the player did not finish). */
  readonly extraBeacons: number;
}

interface Hit {
  readonly event: string;
  readonly url: string;
}

export async function auditSession(client: LoadClient, base: string, s: PlayedSession): Promise<SessionAudit> {
  const r = await client.get(`${base}/demo/beacons?sid=${encodeURIComponent(s.sid)}&limit=10000`, true);
  const hits = r.status === 200 ? (JSON.parse(r.body) as { hits: Hit[] }).hits : [];
  const perAvail = new Map<string, number>();
  const keys = new Map<string, number>();
  for (const h of hits) {
    const q = new URL(h.url).searchParams;
    if (h.event === 'ads-request') perAvail.set(q.get('avail') ?? '?', (perAvail.get(q.get('avail') ?? '?') ?? 0) + 1);
    else if (LINEAR.has(h.event)) {
      const key = `${q.get('avail') ?? ''}/${q.get('ad') ?? ''}/${h.event}`;
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
  }
  const received = [...keys.values()].reduce((a, b) => a + b, 0);
  const expected = s.fullAds * LINEAR.size;
  return {
    kind: s.kind,
    sid: s.sid,
    adsRequestsPerAvail: [...perAvail.values()],
    expectedBeacons: expected,
    receivedBeacons: received,
    duplicateBeacons: received - keys.size,
    missingBeacons: Math.max(0, expected - keys.size),
    extraBeacons: Math.max(0, keys.size - expected),
  };
}

/** Waits until the sink's count of linear beacons for the sessions stops growing (retries land ≥ 30 s later). */
export async function settleBeacons(client: LoadClient, base: string, sessions: readonly PlayedSession[], quietMs: number, maxMs: number): Promise<number> {
  const started = Date.now();
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    let total = 0;
    for (const s of sessions) {
      const r = await client.get(`${base}/demo/beacons?sid=${encodeURIComponent(s.sid)}&limit=10000`, true);
      if (r.status === 200) total += (JSON.parse(r.body) as { hits: Hit[] }).hits.filter((h) => LINEAR.has(h.event)).length;
    }
    if (total !== last) {
      last = total;
      stableSince = Date.now();
    }
    if (Date.now() - stableSince >= quietMs || Date.now() - started >= maxMs) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}
