/**
 * @module platform/session-beacons
 * The session's durable beacon outbox (docs/architecture.md "Tracking and beacons"): beacons the
 * session rules claimed are stored before the `/v1/segment` redirect is answered, sent after it
 * with a 3 s timeout, in order per ad and host (core/beacons/outbox), each attempt logged; failures stay for the alarm to retry
 * with backoff for up to an hour (core/beacons/outbox decides). Storage keys `beacon:{avail}/{ad}/{order}/{url}`.
 */
import { leaseForAttempt, nextWakeAtMs, sendableNow, type BeaconOutcome } from '../core/beacons/index.ts';
import type { QueuedBeacon } from '../core/session/effects.ts';
import { beaconAttempted } from '../core/session/beacon-log.ts';
import type { SessionState } from '../core/session/state.ts';
import type { AdLogEvent } from '../core/logs/events.ts';
import { loggableResponseHeaders } from '../core/logs/http-headers.ts';
import { allowPrivateHosts, type Env } from '../env.ts';
import { fetchText } from './upstream.ts';

export const BEACON_TIMEOUT_MS = 3_000;
const PREFIX = 'beacon:';

export class SessionBeacons {
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly kv: SyncKvStorage,
    private readonly env: Env,
  ) {}

  /** Stores claimed beacons durably (synchronous storage: done before the redirect is answered). */
  enqueue(beacons: readonly QueuedBeacon[]): void {
    for (const q of beacons) {
      const b = q.beacon;
      this.kv.put(`${PREFIX}${b.availId}/${String(b.adIndex).padStart(4, '0')}/${String(b.order).padStart(2, '0')}/${b.urlIndex}`, q);
    }
  }

  pending(): [string, QueuedBeacon][] {
    return [...this.kv.list<QueuedBeacon>({ prefix: PREFIX })];
  }

  /** When the outbox next needs the alarm, if ever. */
  nextWakeAtMs(): number | undefined {
    return nextWakeAtMs(this.pending().map(([, s]) => s.beacon));
  }

  /** Sends every beacon that may go now, in order per ad and host; one flush at a time per session. */
  flush(state: SessionState, log: (events: AdLogEvent[]) => void): Promise<void> {
    this.#flushing ??= this.#flush(state, log).finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #flush(state: SessionState, log: (events: AdLogEvent[]) => void): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const entries = this.pending();
      const byId = new Map(entries.map(([key, s]) => [s.beacon.id, { key, s }]));
      const now = Date.now();
      const sendable = sendableNow(
        entries.map(([, s]) => s.beacon),
        now,
      );
      if (sendable.length === 0) return;
      for (const b of sendable) {
        const e = byId.get(b.id);
        if (e) this.kv.put(e.key, { ...e.s, beacon: leaseForAttempt(b, now) });
      }
      await Promise.all(
        sendable.map(async (b) => {
          const e = byId.get(b.id);
          if (!e) return;
          const startedAtMs = Date.now();
          const res = await fetchText(b.url, {
            timeoutMs: BEACON_TIMEOUT_MS,
            allowPrivateHosts: allowPrivateHosts(this.env),
            selfOrigin: state.record.selfOrigin,
            env: this.env,
            headers: e.s.headers,
            maxBytes: 64 * 1024,
          });
          const outcome: BeaconOutcome =
            res.ok || res.kind === 'http' ? { kind: 'response', status: res.status ?? 0 } : res.kind === 'timeout' ? { kind: 'timeout' } : { kind: 'network', message: res.message };
          const response = res.responseHeaders
            ? {
                headers: loggableResponseHeaders(res.responseHeaders),
                ...(res.headersMs !== undefined ? { headersMs: res.headersMs } : {}),
                ...(res.bodyMs !== undefined ? { bodyMs: res.bodyMs } : {}),
                ...(res.responseBytes !== undefined ? { bytes: res.responseBytes } : {}),
              }
            : undefined;
          const { decision, event } = beaconAttempted(
            state,
            {
              beacon: b,
              headers: e.s.headers,
              ...(e.s.requestId !== undefined ? { requestId: e.s.requestId } : {}),
              outcome,
              startedAtMs,
              finishedAtMs: Date.now(),
              ...(response ? { response } : {}),
            },
            () => crypto.randomUUID(),
          );
          if (decision.action === 'retry') this.kv.put(e.key, { ...e.s, beacon: decision.state });
          else this.kv.delete(e.key);
          log([event]);
        }),
      );
    }
  }
}
