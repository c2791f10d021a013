/**
 * @module core/beacons/outbox
 * The retry policy of the durable beacon outbox (docs/architecture.md §7; docs/mediatailor-compat.md §4.4–§4.5): what a pending
 * beacon is, what happens after an attempt, which beacons may go now, and when to wake up. Pure:
 * the Durable Object stores the states, sets the alarm and does the fetches; the clock is passed in.
 *
 * Policy, after MediaTailor's server-side features (docs/mediatailor-compat.md §4.5):
 * - success (2xx/3xx) → done; a client error that retrying cannot fix (4xx other than 408/429)
 *   → give up at once.
 * - timeout, network error, 408, 429, 5xx → retry with exponential backoff: 30 s, 60 s, 120 s …
 *   capped at 15 min, never closer than 30 s, until one hour after the first attempt; the last
 *   retry is pulled in to the one-hour mark when the backoff would overshoot it.
 * - in order per ad and measurement domain (docs/architecture.md "Tracking and beacons"): a
 *   beacon does not go while an earlier event of the same ad (same avail and ad index, lower
 *   order) to the same host has not yet had its first attempt, or is due at the same time. Once
 *   that attempt has failed and waits for its retry, later events go: a retry's backoff never
 *   holds back the rest of the ad, and different hosts never wait for each other.
 */
import type { DueBeacon } from './due-beacons.ts';

export const MIN_RETRY_SPACING_MS = 30_000;
export const MAX_RETRY_SPACING_MS = 15 * 60_000;
export const GIVE_UP_AFTER_MS = 60 * 60_000;

export interface PendingBeacon {
  /** `(availId, adIndex, eventType)` key plus the URL's index: unique per URL. */
  readonly id: string;
  readonly dedupKey: string;
  readonly url: string;
  readonly event: string;
  readonly availId: string;
  readonly adIndex: number;
  readonly urlIndex: number;
  readonly order: number;
  /** Attempts made so far. */
  readonly attempts: number;
  readonly createdAtMs: number;
  /** Undefined until the first attempt is made. */
  readonly firstAttemptAtMs?: number;
  /** Not before this instant (a blocked beacon may still wait for an earlier one). */
  readonly nextAttemptAtMs: number;
}

export type BeaconOutcome = { readonly kind: 'response'; readonly status: number } | { readonly kind: 'timeout' } | { readonly kind: 'network'; readonly message: string };

export type RetryDecision =
  | { readonly action: 'done'; readonly state: PendingBeacon }
  | { readonly action: 'retry'; readonly state: PendingBeacon; readonly reason: string }
  | { readonly action: 'give-up'; readonly state: PendingBeacon; readonly reason: string };

/** One pending beacon per URL of each due beacon, due now. */
export function pendingFromDue(due: readonly DueBeacon[], nowMs: number): PendingBeacon[] {
  return due.flatMap((d) =>
    d.urls.map((url, urlIndex) => ({
      id: `${d.dedupKey}#${urlIndex}`,
      dedupKey: d.dedupKey,
      url,
      event: d.event,
      availId: d.availId,
      adIndex: d.adIndex,
      urlIndex,
      order: d.order,
      attempts: 0,
      createdAtMs: nowMs,
      nextAttemptAtMs: nowMs,
    })),
  );
}

/** Whether an outcome is worth another attempt, and how to describe it in the failure log. */
export function classifyOutcome(outcome: BeaconOutcome): { readonly ok: boolean; readonly retryable: boolean; readonly reason: string } {
  if (outcome.kind === 'timeout') return { ok: false, retryable: true, reason: 'timeout' };
  if (outcome.kind === 'network') return { ok: false, retryable: true, reason: `network error: ${outcome.message}` };
  const { status } = outcome;
  if (status >= 200 && status < 400) return { ok: true, retryable: false, reason: `HTTP ${status}` };
  // 408/429 and every 5xx (MediaTailor names 503, 504, 507) are the server's momentary trouble.
  const retryable = status === 408 || status === 429 || status >= 500;
  return { ok: false, retryable, reason: `HTTP ${status}` };
}

/** Backoff before retry number `attempts` (1 = the wait after the first failed attempt). */
export function backoffMs(attempts: number): number {
  const exp = MIN_RETRY_SPACING_MS * 2 ** Math.max(0, attempts - 1);
  return Math.min(MAX_RETRY_SPACING_MS, Math.max(MIN_RETRY_SPACING_MS, exp));
}

/** What to do after an attempt that ended at `nowMs` with `outcome`. */
export function nextRetry(state: PendingBeacon, outcome: BeaconOutcome, nowMs: number): RetryDecision {
  const firstAttemptAtMs = state.firstAttemptAtMs ?? nowMs;
  const attempts = state.attempts + 1;
  const tried: PendingBeacon = { ...state, attempts, firstAttemptAtMs };
  const verdict = classifyOutcome(outcome);
  if (verdict.ok) return { action: 'done', state: tried };
  if (!verdict.retryable) return { action: 'give-up', state: tried, reason: verdict.reason };
  const deadlineMs = firstAttemptAtMs + GIVE_UP_AFTER_MS;
  let nextAttemptAtMs = nowMs + backoffMs(attempts);
  if (nextAttemptAtMs > deadlineMs) {
    // One last try at the deadline, if it is still ≥ 30 s away; otherwise the hour is up.
    if (deadlineMs - nowMs < MIN_RETRY_SPACING_MS) {
      return { action: 'give-up', state: tried, reason: `${verdict.reason}; retried for an hour` };
    }
    nextAttemptAtMs = deadlineMs;
  }
  return { action: 'retry', state: { ...tried, nextAttemptAtMs }, reason: verdict.reason };
}

/**
 * Marks a beacon as in flight: if the isolate dies mid-request, the beacon becomes due again
 * after the lease, and while its first attempt is in flight it holds back the later events of its
 * ad at its host.
 */
export function leaseForAttempt(state: PendingBeacon, nowMs: number, leaseMs = MIN_RETRY_SPACING_MS): PendingBeacon {
  return { ...state, firstAttemptAtMs: state.firstAttemptAtMs ?? nowMs, nextAttemptAtMs: nowMs + leaseMs };
}

/**
 * What the order applies within: one ad (avail, ad index) and one endpoint host. MediaTailor
 * keeps beacons in order per measurement domain (docs/mediatailor-compat.md §4.8), and the server that counts an
 * ad's events expects them in playback order: the impression and start at its first frame, the
 * quartiles and complete as playback reaches them (VAST 4.2 `Impression`, §3.14.1 tracking
 * events). Different hosts count separately and never wait for each other.
 */
function orderKey(b: PendingBeacon): string {
  let host: string;
  try {
    host = new URL(b.url).host.toLowerCase();
  } catch {
    host = b.url;
  }
  return `${b.availId}/${b.adIndex}/${host}`;
}

/**
 * Per order key, the lowest order of a beacon that holds back later events: one whose first
 * attempt has not finished (queued, or in flight), or one due now (it goes first this round).
 * `nowMs` undefined: only the first kind (for the wake-up time).
 */
function holdingOrders(pending: readonly PendingBeacon[], nowMs: number | undefined): Map<string, number> {
  const lowest = new Map<string, number>();
  for (const b of pending) {
    if (b.attempts > 0 && (nowMs === undefined || b.nextAttemptAtMs > nowMs)) continue;
    const k = orderKey(b);
    const cur = lowest.get(k);
    if (cur === undefined || b.order < cur) lowest.set(k, b.order);
  }
  return lowest;
}

function blocked(b: PendingBeacon, holding: ReadonlyMap<string, number>): boolean {
  const lowest = holding.get(orderKey(b));
  return lowest !== undefined && lowest < b.order;
}

/**
 * The beacons that may be attempted now: due, and not behind an earlier event of their ad to the
 * same host that holds them back. URLs of the same event go in parallel. Order: by ad and host,
 * then event order, then URL.
 */
export function sendableNow(pending: readonly PendingBeacon[], nowMs: number): PendingBeacon[] {
  const holding = holdingOrders(pending, nowMs);
  return pending
    .filter((b) => b.nextAttemptAtMs <= nowMs && !blocked(b, holding))
    .map((b) => ({ b, k: orderKey(b) }))
    .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : x.b.order - y.b.order || x.b.urlIndex - y.b.urlIndex))
    .map((x) => x.b);
}

/**
 * When the outbox next has something to do (the alarm time), or undefined when empty. Beacons
 * waiting for an earlier event's first attempt do not count: they become sendable when that
 * attempt finishes, which is itself an event the outbox handles.
 */
export function nextWakeAtMs(pending: readonly PendingBeacon[]): number | undefined {
  const holding = holdingOrders(pending, undefined);
  let wake: number | undefined;
  for (const b of pending) {
    if (blocked(b, holding)) continue;
    if (wake === undefined || b.nextAttemptAtMs < wake) wake = b.nextAttemptAtMs;
  }
  return wake;
}
