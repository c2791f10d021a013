/**
 * @module platform/session-client
 * Typed access to a session's Durable Object. RPC return types are structural (tuples become
 * arrays, readonly is dropped), so the answers are re-typed here, once, instead of at every call.
 */
import type { Outcome } from '../core/errors.ts';
import type { SessionClaim } from '../core/session/ownership.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import type { TrackingResponseJson } from '../core/tracking/index.ts';
import type { Env } from '../env.ts';
import type { TimelineView } from '../core/timeline/view.ts';
import type { DashRequest, DashSegmentRpc, MasterRequest, SegmentRequest, TimelineQuery } from './session-rpc.ts';

export interface SessionClient {
  create(record: SessionRecord): Promise<void>;
  master(req: MasterRequest): Promise<Outcome<{ text: string; sessionId: string }>>;
  media(claim: SessionClaim, index: number): Promise<Outcome<{ text: string }>>;
  segment(req: SegmentRequest): Promise<Outcome<{ url: string; beacons: number }>>;
  dash(req: DashRequest): Promise<Outcome<{ text: string }>>;
  dashSegment(req: DashSegmentRpc): Promise<Outcome<{ url: string; beacons: number }>>;
  flushBeacons(): Promise<void>;
  tracking(claim: SessionClaim, sinceToken: string | null): Promise<Outcome<TrackingResponseJson>>;
  timeline(q: TimelineQuery): Promise<Outcome<TimelineView>>;
}

/** Called after each round trip to the object (its duration), for the Server-Timing header. */
export type CallObserver = (durationMs: number) => void;

export function sessionClient(env: Env, sessionId: string, observe?: CallObserver): SessionClient {
  const stub = env.SESSIONS.getByName(sessionId);
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const startedMs = Date.now();
    try {
      return await call();
    } finally {
      observe?.(Date.now() - startedMs);
    }
  };
  // SAFETY: each method returns exactly the object's declared type; RPC only widened it structurally.
  return {
    create: (record) => timed(() => stub.create(record)),
    master: (req) => timed(async () => (await stub.master(req)) as Outcome<{ text: string; sessionId: string }>),
    media: (claim, index) => timed(async () => (await stub.media(claim, index)) as Outcome<{ text: string }>),
    segment: (req) => timed(async () => (await stub.segment(req)) as Outcome<{ url: string; beacons: number }>),
    dash: (req) => timed(async () => (await stub.dash(req)) as Outcome<{ text: string }>),
    dashSegment: (req) => timed(async () => (await stub.dashSegment(req)) as Outcome<{ url: string; beacons: number }>),
    // After the response (waitUntil): not part of the request's timing.
    flushBeacons: () => stub.flushBeacons(),
    tracking: (claim, token) => timed(async () => (await stub.tracking(claim, token)) as Outcome<TrackingResponseJson>),
    timeline: async (q) => (await stub.timeline(q)) as Outcome<TimelineView>,
  };
}
