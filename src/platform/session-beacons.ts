/**
 * @module platform/session-beacons
 * Server-side beacons of one session (DESIGN §7; seed 001; contracts §4): a `/v1/segment`
 * request claims the events its segment makes due (each `(avail, ad, event)` once per session,
 * whatever the retries, renditions or parallel requests) into a durable outbox, in storage,
 * before the redirect is answered; `flush` then sends them with the player's User-Agent and
 * X-Forwarded-For and a 3 s timeout, in order per ad, logs each attempt, and leaves failures for
 * the alarm to retry with backoff for up to an hour.
 */
import { dueBeaconsAtSeq, leaseForAttempt, nextRetry, nextWakeAtMs, pendingFromDue, sendableNow, unclaimed, type BeaconOutcome, type PendingBeacon } from '../core/beacons/index.ts';
import { findSlot } from '../core/avails/ledger.ts';
import { placeAvail } from '../core/avails/timeline.ts';
import type { AdLogEvent } from '../core/logs/events.ts';
import type { ClientInfo, SessionRecord } from '../core/session/session-record.ts';
import { linearCreative } from '../core/vast/index.ts';
import { allowPrivateHosts, type Env } from '../env.ts';
import type { SessionStore } from './session-store.ts';
import { fetchText } from './upstream.ts';

export const BEACON_TIMEOUT_MS = 3_000;
const CLAIMED = 'beacons:claimed';
const PREFIX = 'beacon:';

interface StoredBeacon {
  readonly beacon: PendingBeacon;
  readonly headers: Record<string, string>;
}

export class SessionBeacons {
  #flushing: Promise<void> | undefined;

  constructor(private readonly env: Env, private readonly store: SessionStore) {}

  /** Claims what the request of output segment `outSeq` makes due. Synchronous storage only. */
  claim(outSeq: number, client: ClientInfo, nowMs: number): number {
    const found = findSlot(this.store.ledger(), outSeq);
    const plan = found ? this.store.plan(found.brk.key) : undefined;
    const placement = found && plan ? placeAvail(found.brk, plan) : undefined;
    if (!found || !plan || !placement) return 0;
    const due = dueBeaconsAtSeq({ plan, placement, seq: outSeq, macros: { timestampMs: nowMs, cacheBusting: String(Math.floor(Math.random() * 1e8)).padStart(8, '0') } });
    const kv = this.store.kv;
    const claimed = new Set(kv.get<string[]>(CLAIMED) ?? []);
    const fresh = unclaimed(due, claimed);
    if (fresh.length === 0) return 0;
    for (const d of fresh) claimed.add(d.dedupKey);
    kv.put(CLAIMED, [...claimed]);
    // contracts §4.4: beacons carry the player's User-Agent and X-Forwarded-For.
    const headers: Record<string, string> = {};
    if (client.userAgent) headers['user-agent'] = client.userAgent;
    const xff = client.forwardedFor ?? client.ip;
    if (xff) headers['x-forwarded-for'] = xff;
    let n = 0;
    for (const b of pendingFromDue(fresh, nowMs)) {
      kv.put(`${PREFIX}${b.availId}/${String(b.adIndex).padStart(4, '0')}/${String(b.order).padStart(2, '0')}/${b.urlIndex}`, { beacon: b, headers } satisfies StoredBeacon);
      n++;
    }
    return n;
  }

  pending(): [string, StoredBeacon][] {
    return [...this.store.kv.list<StoredBeacon>({ prefix: PREFIX })];
  }

  /** When the outbox next needs the alarm, if ever. */
  nextWakeAtMs(): number | undefined {
    return nextWakeAtMs(this.pending().map(([, s]) => s.beacon));
  }

  /** Sends every beacon that may go now, in order per ad; one flush at a time per session. */
  flush(record: SessionRecord, log: (events: AdLogEvent[]) => void): Promise<void> {
    this.#flushing ??= this.#flush(record, log).finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #flush(record: SessionRecord, log: (events: AdLogEvent[]) => void): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const entries = this.pending();
      const byId = new Map(entries.map(([key, s]) => [s.beacon.id, { key, s }]));
      const now = Date.now();
      const sendable = sendableNow(entries.map(([, s]) => s.beacon), now);
      if (sendable.length === 0) return;
      const kv = this.store.kv;
      for (const b of sendable) {
        const e = byId.get(b.id);
        if (e) kv.put(e.key, { ...e.s, beacon: leaseForAttempt(b, now) });
      }
      await Promise.all(
        sendable.map(async (b) => {
          const e = byId.get(b.id);
          if (!e) return;
          const startedAtMs = Date.now();
          const res = await fetchText(b.url, { timeoutMs: BEACON_TIMEOUT_MS, allowPrivateHosts: allowPrivateHosts(this.env), selfOrigin: record.selfOrigin, env: this.env, headers: e.s.headers, maxBytes: 64 * 1024 });
          const outcome: BeaconOutcome = res.ok || res.kind === 'http'
            ? { kind: 'response', status: res.status ?? 0 }
            : res.kind === 'timeout' ? { kind: 'timeout' } : { kind: 'network', message: res.message };
          const decision = nextRetry(b, outcome, Date.now());
          if (decision.action === 'retry') kv.put(e.key, { ...e.s, beacon: decision.state });
          else kv.delete(e.key);
          log([this.#event(record, b, e.s.headers, startedAtMs, res.ok || res.kind === 'http' ? res.status : undefined, decision.action === 'done' ? undefined : `${decision.reason}${decision.action === 'give-up' ? ' (given up)' : ' (will retry)'}`)]);
        }),
      );
    }
  }

  #event(record: SessionRecord, b: PendingBeacon, headers: Record<string, string>, startedAtMs: number, status: number | undefined, error: string | undefined): AdLogEvent {
    const ledger = this.store.ledger();
    const brk = ledger.breaks.find((x) => String(x.outStartSeq) === b.availId);
    const ad = brk ? this.store.plan(brk.key)?.ads.find((a) => a.index === b.adIndex) : undefined;
    const creativeUniqueId = ad ? (linearCreative(ad.ad)?.id ?? ad.creative.creativeKey) : undefined;
    const base = {
      eventId: crypto.randomUUID(), timestampMs: Date.now(), sessionId: record.sessionId, sessionType: record.sessionType,
      configName: record.configName, accountId: record.accountId, requestId: crypto.randomUUID(), availId: b.availId,
      assetId: record.assetPath, playbackMode: ledger.vod ? ('vod' as const) : ('live' as const),
    };
    const beacon = {
      trackingEvent: b.event, adIndex: b.adIndex, urlIndex: b.urlIndex, ...(creativeUniqueId ? { creativeUniqueId } : {}), attempt: b.attempts + 1,
      http: { url: b.url, requestHeaders: Object.entries(headers).map(([name, value]) => ({ name, value })), ...(status !== undefined ? { statusCode: status } : {}), startedAtMs, durationMs: Math.max(0, Date.now() - startedAtMs) },
    };
    return error === undefined ? { ...base, kind: 'beacon-fired', availId: b.availId, beacon } : { ...base, kind: 'beacon-failed', availId: b.availId, beacon, error };
  }
}
