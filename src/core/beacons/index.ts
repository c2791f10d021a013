/**
 * @module core/beacons
 * Public surface of the server-side beacon core (docs/architecture.md §7; docs/mediatailor-compat.md §4): the
 * schedule (which events a segment request makes due), the URLs to GET, the dedup keys, and the
 * outbox retry policy. Pure.
 */
export { LINEAR_EVENTS, EVENT_SHARE, linearEventPoints, pointAt, slotPositionAt, seqAtPosition } from './event-points.ts';
export type { LinearEvent, EventPoint } from './event-points.ts';
export { BEACON_EVENTS, eventOrder, eventsDueAtSlot, locateSeq, beaconEventsDueAtSlot } from './schedule.ts';
export type { BeaconEvent, SlotLocation } from './schedule.ts';
export { collapsePathSlashes, applyVastMacros, prepareBeaconUrl } from './beacon-url.ts';
export type { BeaconMacroValues } from './beacon-url.ts';
export { beaconsFor, breakBeaconsFor, beaconDedupKey, dueBeaconsAtSeq, unclaimed } from './due-beacons.ts';
export type { DueBeacon, DueBeaconsInput } from './due-beacons.ts';
export {
  MIN_RETRY_SPACING_MS,
  MAX_RETRY_SPACING_MS,
  GIVE_UP_AFTER_MS,
  pendingFromDue,
  classifyOutcome,
  backoffMs,
  nextRetry,
  leaseForAttempt,
  sendableNow,
  nextWakeAtMs,
} from './outbox.ts';
export type { PendingBeacon, BeaconOutcome, RetryDecision } from './outbox.ts';
