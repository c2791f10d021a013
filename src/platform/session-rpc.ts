/**
 * @module platform/session-rpc
 * What the Worker sends the SessionObject (platform/session-object) in its RPC calls, apart from
 * the plain arguments: one request type per route that reaches a session (platform/session-client).
 */
import type { SessionClaim } from '../core/session/ownership.ts';
import type { ClientInfo, SessionRecord } from '../core/session/session-record.ts';

export interface MasterRequest {
  readonly claim: SessionClaim;
  readonly assetPath: string;
  /** Implicit init: the session to create before serving its first multivariant playlist. */
  readonly create?: SessionRecord;
}

export interface DashRequest {
  readonly claim: SessionClaim;
  readonly assetPath: string;
}

export interface DashSegmentRpc {
  readonly claim: SessionClaim;
  readonly availId: string;
  readonly periodId: string;
  readonly path: string;
  readonly client: ClientInfo;
  readonly probe: boolean;
  /** The route's request id: the beacons this request claims are logged under it. */
  readonly requestId: string;
}

export interface SegmentRequest {
  readonly claim: SessionClaim;
  readonly index: number;
  readonly seq: number;
  readonly client: ClientInfo;
  readonly probe: boolean;
  /** The route's request id: the beacons this request claims are logged under it. */
  readonly requestId: string;
}

/** What the timeline route asks for (routes/session-timeline.ts). */
export interface TimelineQuery {
  readonly accountId: string;
  /** The configuration the URL names, when it names one: a session of another one is unknown. */
  readonly configName?: string;
  /** Entries after this `seq` (0: from the oldest kept). */
  readonly sinceSeq: number;
  readonly limit: number;
}
