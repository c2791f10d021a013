/**
 * @module core/session/effects
 * What the session rules ask the SessionObject to do after a call (docs/architecture.md
 * "Session core"): the I/O they cannot do themselves. The object runs them and feeds the results
 * back through the rules (`recordAvailDecision`, `recordVodSchedule`). Pure types.
 */
import type { PendingBeacon } from '../beacons/index.ts';
import type { AdLogEvent } from '../logs/events.ts';
import type { AdsRequestSpec, AvailRequest } from './decision-types.ts';

/** A server-side beacon to send, with the player's headers it carries. */
export interface QueuedBeacon {
  readonly beacon: PendingBeacon;
  readonly headers: Readonly<Record<string, string>>;
  /** The `/v1/segment` request that claimed it: the `requestId` of its log lines (absent in outboxes stored before it was kept). */
  readonly requestId?: string;
}

export type SessionEffect =
  /**
   * Decide `avail` (one ADS call per avail and session, however many renditions ask): run the
   * request, resolve wrappers, load the creatives. The response may wait `waitMs` for it.
   */
  | { readonly kind: 'decide-avail'; readonly avail: AvailRequest; readonly request: AdsRequestSpec; readonly waitMs: number }
  /** A VOD asset without markers: one ADS call whose VMAP breaks (or VAST pre-roll) become its avails. */
  | { readonly kind: 'decide-vod-schedule'; readonly request: AdsRequestSpec; readonly contentDurationSec: number; readonly waitMs: number }
  /** Store in the durable outbox, then send after the response (each beacon at most once). */
  | { readonly kind: 'send-beacons'; readonly beacons: readonly QueuedBeacon[] }
  /** Store in the durable ad-log outbox, then deliver to the log shards. */
  | { readonly kind: 'log'; readonly events: readonly AdLogEvent[] }
  /** The session was used: it expires after `timeoutMs` without activity. */
  | { readonly kind: 'keep-alive'; readonly timeoutMs?: number };

/** Live reloads wait this long for a new avail's decision, then hold the playlist at the break. */
export const LIVE_DECISION_WAIT_MS = 1_500;
/** A VOD playlist is complete: its first response waits for every decision, up to this long. */
export const VOD_DECISION_WAIT_MS = 15_000;
