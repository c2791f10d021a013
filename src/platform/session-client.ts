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
import type { DashRequest, DashSegmentRpc, MasterRequest, SegmentRequest } from './session-object.ts';

export interface SessionClient {
  create(record: SessionRecord): Promise<void>;
  master(req: MasterRequest): Promise<Outcome<{ text: string; sessionId: string }>>;
  media(claim: SessionClaim, index: number): Promise<Outcome<{ text: string }>>;
  segment(req: SegmentRequest): Promise<Outcome<{ url: string; beacons: number }>>;
  dash(req: DashRequest): Promise<Outcome<{ text: string }>>;
  dashSegment(req: DashSegmentRpc): Promise<Outcome<{ url: string; beacons: number }>>;
  flushBeacons(): Promise<void>;
  tracking(claim: SessionClaim, sinceToken: string | null): Promise<Outcome<TrackingResponseJson>>;
}

export function sessionClient(env: Env, sessionId: string): SessionClient {
  const stub = env.SESSIONS.getByName(sessionId);
  // SAFETY: each method returns exactly the object's declared type; RPC only widened it structurally.
  return {
    create: (record) => stub.create(record),
    master: async (req) => (await stub.master(req)) as Outcome<{ text: string; sessionId: string }>,
    media: async (claim, index) => (await stub.media(claim, index)) as Outcome<{ text: string }>,
    segment: async (req) => (await stub.segment(req)) as Outcome<{ url: string; beacons: number }>,
    dash: async (req) => (await stub.dash(req)) as Outcome<{ text: string }>,
    dashSegment: async (req) => (await stub.dashSegment(req)) as Outcome<{ url: string; beacons: number }>,
    flushBeacons: () => stub.flushBeacons(),
    tracking: async (claim, token) => (await stub.tracking(claim, token)) as Outcome<TrackingResponseJson>,
  };
}
