/**
 * @module platform/session-object
 * One Durable Object per playback session (DESIGN §4), addressed with `getByName(sessionId)`.
 * Holds the immutable init data and the rendition list, serves the session's media playlists,
 * and deletes itself after inactivity (alarm + deleteAll). RPC methods only; logic is in core.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Rendition } from '../core/hls/multivariant.ts';
import { INITIAL_TIMEOUT_MS, inactivityTimeoutMs } from '../core/session/expiry.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import type { Env } from '../env.ts';
import { renderMediaPlaylist, type MediaPlaylistResult } from './session-media.ts';

const K = { record: 'record', renditions: 'renditions', lastActivityMs: 'lastActivityMs', timeoutMs: 'timeoutMs' } as const;

export class SessionObject extends DurableObject<Env> {
  /** Creates the session. Idempotent for the same id (a retried init stores the same record). */
  async create(record: SessionRecord): Promise<void> {
    const kv = this.ctx.storage.kv;
    if (kv.get(K.record) === undefined) kv.put(K.record, record);
    this.#touch(INITIAL_TIMEOUT_MS);
    await this.#armExpiry();
  }

  /** The init record, or null for an unknown or expired session. Counts as activity. */
  async describe(): Promise<SessionRecord | null> {
    const record = this.#record();
    if (!record) return null;
    this.#touch();
    await this.#armExpiry();
    return record;
  }

  /** Stores the media playlists of the multivariant playlist (index `n` → origin URL). */
  async recordRenditions(renditions: readonly Rendition[]): Promise<void> {
    if (!this.#record()) return;
    this.ctx.storage.kv.put(K.renditions, renditions);
  }

  /** The record and rendition `n`, or null when either is unknown. */
  async mediaContext(index: number): Promise<{ record: SessionRecord; rendition: Rendition } | null> {
    const record = this.#record();
    const rendition = this.ctx.storage.kv.get<Rendition[]>(K.renditions)?.[index];
    if (!record || !rendition) return null;
    return { record, rendition };
  }

  /** Personalizes origin media playlist text for rendition `n`. */
  async mediaPlaylist(index: number, originText: string): Promise<MediaPlaylistResult> {
    const record = this.#record();
    const renditions = this.ctx.storage.kv.get<Rendition[]>(K.renditions);
    const rendition = renditions?.[index];
    if (!record || !renditions || !rendition) return { ok: false, status: 400, message: 'session not found or expired' };
    const result = renderMediaPlaylist(record, rendition, originText);
    if (result.ok) {
      this.#touch(inactivityTimeoutMs(result.playlistDurationSec));
      await this.#armExpiry();
    }
    return result;
  }

  override async alarm(): Promise<void> {
    const kv = this.ctx.storage.kv;
    const last = kv.get<number>(K.lastActivityMs) ?? 0;
    const timeout = kv.get<number>(K.timeoutMs) ?? INITIAL_TIMEOUT_MS;
    const due = last + timeout;
    if (Date.now() >= due) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      return;
    }
    await this.ctx.storage.setAlarm(due);
  }

  #record(): SessionRecord | undefined {
    return this.ctx.storage.kv.get<SessionRecord>(K.record);
  }

  #touch(timeoutMs?: number): void {
    const kv = this.ctx.storage.kv;
    kv.put(K.lastActivityMs, Date.now());
    if (timeoutMs !== undefined) kv.put(K.timeoutMs, timeoutMs);
  }

  /** One alarm at a time; it re-arms itself until the session has really been idle (alarms reference B3). */
  async #armExpiry(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return;
    const timeout = this.ctx.storage.kv.get<number>(K.timeoutMs) ?? INITIAL_TIMEOUT_MS;
    await this.ctx.storage.setAlarm(Date.now() + timeout);
  }
}
