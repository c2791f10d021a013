/**
 * @module core/session/beacon-log
 * The ad-log event of one beacon attempt (`BEACON_FIRED` / `ERROR_FIRING_BEACON_FAILED`,
 * docs/ad-logs.md), and what the attempt means for the outbox (done, retry later, give up).
 * Pure: the attempt's outcome, timing and ids come in.
 */
import { nextRetry, type BeaconOutcome, type PendingBeacon, type RetryDecision } from '../beacons/index.ts';
import type { AdLogEvent, LogHeader } from '../logs/events.ts';
import { linearCreative } from '../vast/index.ts';
import type { SessionState } from './state.ts';

export interface BeaconAttempt {
  readonly beacon: PendingBeacon;
  readonly headers: Readonly<Record<string, string>>;
  readonly outcome: BeaconOutcome;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  /** The `/v1/segment` request that claimed the beacon (MediaTailor `requestId`); a fresh id when unknown. */
  readonly requestId?: string;
  /** What the endpoint's response measured, when one came (headers already fit to log). */
  readonly response?: { readonly headers: readonly LogHeader[]; readonly headersMs?: number; readonly bodyMs?: number; readonly bytes?: number };
}

/** The outbox's next step for the beacon and the event that logs the attempt. */
export function beaconAttempted(state: SessionState, a: BeaconAttempt, newId: () => string): { decision: RetryDecision; event: AdLogEvent } {
  const { record, ledger } = state;
  const b = a.beacon;
  const decision = nextRetry(b, a.outcome, a.finishedAtMs);
  // HLS avail ids are output media sequences of ledger breaks; DASH avail ids are the plan keys.
  const brk = ledger.breaks.find((x) => String(x.outStartSeq) === b.availId);
  const plan = brk ? state.plans.get(brk.key) : state.dash ? state.plans.get(b.availId) : undefined;
  const ad = plan?.ads.find((x) => x.index === b.adIndex);
  const creativeUniqueId = ad ? (linearCreative(ad.ad)?.id ?? ad.creative.creativeKey) : undefined;
  const status = a.outcome.kind === 'response' ? a.outcome.status : undefined;
  const error = decision.action === 'done' ? undefined : `${decision.reason}${decision.action === 'give-up' ? ' (given up)' : ' (will retry)'}`;
  const base = {
    eventId: newId(),
    timestampMs: a.finishedAtMs,
    sessionId: record.sessionId,
    sessionType: record.sessionType,
    configName: record.configName,
    accountId: record.accountId,
    requestId: a.requestId ?? newId(),
    availId: b.availId,
    assetId: record.assetPath,
    playbackMode: ledger.vod || state.dash?.vod ? ('vod' as const) : ('live' as const),
  };
  const beacon = {
    trackingEvent: b.event,
    adIndex: b.adIndex,
    urlIndex: b.urlIndex,
    ...(creativeUniqueId ? { creativeUniqueId } : {}),
    attempt: b.attempts + 1,
    http: {
      url: b.url,
      requestHeaders: Object.entries(a.headers).map(([name, value]) => ({ name, value })),
      ...(a.response ? { responseHeaders: a.response.headers } : {}),
      ...(status !== undefined ? { statusCode: status } : {}),
      startedAtMs: a.startedAtMs,
      durationMs: Math.max(0, a.finishedAtMs - a.startedAtMs),
      ...(a.response?.headersMs !== undefined ? { headersMs: a.response.headersMs } : {}),
      ...(a.response?.bodyMs !== undefined ? { bodyMs: a.response.bodyMs } : {}),
      ...(a.response?.bytes !== undefined ? { responseBytes: a.response.bytes } : {}),
    },
  };
  const event: AdLogEvent = error === undefined ? { ...base, kind: 'beacon-fired', availId: b.availId, beacon } : { ...base, kind: 'beacon-failed', availId: b.availId, beacon, error };
  return { decision, event };
}
