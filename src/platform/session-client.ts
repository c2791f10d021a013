/**
 * @module platform/session-client
 * Typed access to a session's Durable Object. RPC return types are structural (tuples become
 * arrays), so the records are re-typed here, once, instead of at every call site.
 */
import type { Rendition } from '../core/hls/multivariant.ts';
import type { ClientInfo, SessionRecord } from '../core/session/session-record.ts';
import type { Env } from '../env.ts';
import type { MediaPlaylistResult } from './session-media.ts';

export function sessionClient(env: Env, sessionId: string) {
  const stub = env.SESSIONS.getByName(sessionId);
  return {
    create: (record: SessionRecord): Promise<void> => stub.create(record),
    // SAFETY: the object stores exactly the SessionRecord it was given; RPC only widened tuple types.
    describe: async (): Promise<SessionRecord | null> => (await stub.describe()) as SessionRecord | null,
    recordRenditions: (renditions: readonly Rendition[]): Promise<void> => stub.recordRenditions(renditions),
    mediaContext: async (index: number): Promise<{ record: SessionRecord; rendition: Rendition } | null> =>
      (await stub.mediaContext(index)) as { record: SessionRecord; rendition: Rendition } | null,
    mediaPlaylist: async (index: number, originText: string): Promise<MediaPlaylistResult> =>
      (await stub.mediaPlaylist(index, originText)) as MediaPlaylistResult,
    adSegment: (index: number, outSeq: number, client: ClientInfo): Promise<{ url: string; beacons: number } | null> => stub.adSegment(index, outSeq, client),
    flushBeacons: (): Promise<void> => stub.flushBeacons(),
    tracking: async (sinceToken: string | null): Promise<{ ok: true; body: unknown } | { ok: false; status: 400; message: string }> =>
      (await stub.tracking(sinceToken)) as { ok: true; body: unknown } | { ok: false; status: 400; message: string },
  };
}
