/**
 * @module platform/session-object
 * One Durable Object per playback session (DESIGN §4), addressed with `getByName(sessionId)`: the
 * single place where the session's ads are decided, so every rendition, the tracking API and the
 * segment route read the same plan. Holds the immutable init data, the rendition list, the
 * ledger, plans and creative media; deletes itself after inactivity (alarm + deleteAll). RPC
 * methods only; the logic lives in core and the session-* modules.
 */
import { DurableObject } from 'cloudflare:workers';
import { decisionEvents } from '../core/avails/decision-log.ts';
import type { Rendition } from '../core/hls/multivariant.ts';
import type { PodLocation } from '../core/logs/events.ts';
import { INITIAL_TIMEOUT_MS, inactivityTimeoutMs } from '../core/session/expiry.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import type { Env } from '../env.ts';
import type { CreativeLoader } from './creatives.ts';
import { SessionDecisions } from './session-decisions.ts';
import { SessionLogOutbox, LOG_RETRY_MS } from './session-log-outbox.ts';
import { adSegmentFor, serveMediaPlaylist, type MediaPlaylistResult } from './session-media.ts';
import { SessionStore } from './session-store.ts';

export type { MediaPlaylistResult } from './session-media.ts';

export class SessionObject extends DurableObject<Env> {
  readonly #store: SessionStore;
  readonly #decisions: SessionDecisions;
  readonly #logs: SessionLogOutbox;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new SessionStore(ctx.storage.kv);
    this.#decisions = new SessionDecisions(env, this.#store, () => this.#loader());
    this.#logs = new SessionLogOutbox(ctx.storage.kv, env);
  }

  /** Creates the session. Idempotent for the same id (a retried init stores the same record). */
  async create(record: SessionRecord): Promise<void> {
    if (!this.#store.record()) this.#store.putRecord(record);
    this.#touch(INITIAL_TIMEOUT_MS);
    await this.#arm();
  }

  /** The init record, or null for an unknown or expired session. Counts as activity. */
  async describe(): Promise<SessionRecord | null> {
    const record = this.#store.record();
    if (!record) return null;
    this.#touch();
    await this.#arm();
    return record;
  }

  /** Stores the media playlists of the multivariant playlist (index `n` → origin URL). */
  async recordRenditions(renditions: readonly Rendition[]): Promise<void> {
    if (this.#store.record()) this.#store.putRenditions(renditions);
  }

  /** The record and rendition `n`, or null when either is unknown. */
  async mediaContext(index: number): Promise<{ record: SessionRecord; rendition: Rendition } | null> {
    const record = this.#store.record();
    const rendition = this.#store.renditions()?.[index];
    return record && rendition ? { record, rendition } : null;
  }

  /** Personalizes origin media playlist text for rendition `n`. */
  async mediaPlaylist(index: number, originText: string): Promise<MediaPlaylistResult> {
    const record = this.#store.record();
    const rendition = this.#store.renditions()?.[index];
    if (!record || !rendition) return { ok: false, status: 400, message: 'session not found or expired' };
    const result = await serveMediaPlaylist({ store: this.#store, decisions: this.#decisions }, record, rendition, originText);
    this.#logDecisions(record);
    if (result.ok) this.#touch(inactivityTimeoutMs(result.playlistDurationSec));
    await this.#arm();
    return result;
  }

  /** The ad segment URL for `/v1/segment/…/{n}/{seq}`, or null when that segment is not an ad. */
  async adSegment(index: number, outSeq: number): Promise<{ url: string } | null> {
    const rendition = this.#store.renditions()?.[index];
    if (!this.#store.record() || !rendition) return null;
    this.#touch();
    const found = adSegmentFor(this.#store, rendition, outSeq);
    return found ? { url: found.url } : null;
  }

  override async alarm(): Promise<void> {
    const kv = this.ctx.storage.kv;
    const due = (kv.get<number>('lastActivityMs') ?? 0) + (kv.get<number>('timeoutMs') ?? INITIAL_TIMEOUT_MS);
    const record = this.#store.record();
    if (record && this.#logs.hasPending()) await this.#logs.flush(record);
    if (Date.now() >= due && !(record && this.#logs.hasPending())) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      return;
    }
    const retry = record && this.#logs.hasPending() ? Date.now() + LOG_RETRY_MS : Infinity;
    await this.ctx.storage.setAlarm(Math.min(Math.max(due, Date.now() + 1000), retry));
  }

  /** Ad-log events of finished decisions, once their break has a place in the output (availId). */
  #logDecisions(record: SessionRecord): void {
    const ledger = this.#store.ledger();
    const remaining = [];
    for (const f of this.#decisions.finished) {
      const b = ledger.breaks.find((x) => x.key === f.breakKey);
      if (b && b.outStartSeq === undefined && b.mode === 'personalize') {
        remaining.push(f);
        continue;
      }
      const availId = b?.outStartSeq !== undefined ? String(b.outStartSeq) : f.breakKey.replace(/^i/, '');
      const t = f.decision.trace;
      this.#logs.enqueue(record, decisionEvents({
        base: {
          sessionId: record.sessionId, sessionType: record.sessionType, configName: record.configName,
          accountId: record.accountId, requestId: crypto.randomUUID(), assetId: record.assetPath,
          playbackMode: ledger.vod ? 'vod' : 'live',
        },
        availId,
        podLocation: podLocation(ledger.vod === true, b?.originStartSeq, ledger.anchorSeq, b?.insertion === true && f.breakKey !== undefined && (b?.originStartSeq ?? 0) > (ledger.cursor?.seq ?? Infinity) - 1),
        adRequestIndex: (b?.availIndex ?? 1) - 1,
        adsRequestUrl: t.adsRequestUrl,
        unresolvedVariables: t.unresolvedVariables,
        requestHeaders: t.requestHeaders,
        ...(t.resolution ? { resolution: t.resolution } : {}),
        plan: f.decision.plan,
        startedAtMs: t.startedAtMs,
        finishedAtMs: t.finishedAtMs,
        clientOnlyTracking: !record.serverBeacons,
        newId: () => crypto.randomUUID(),
      }));
    }
    this.#decisions.finished.splice(0, this.#decisions.finished.length, ...remaining);
  }

  #loader(): CreativeLoader {
    const record = this.#store.record();
    const prefix = record?.config.CdnConfiguration?.AdSegmentUrlPrefix;
    return {
      env: this.env,
      selfOrigin: record?.selfOrigin ?? '',
      ...(prefix ? { adSegmentUrlPrefix: prefix } : {}),
      cache: { get: (k) => this.#store.creative(k), put: (m) => this.#store.putCreative(m) },
      nowMs: Date.now,
    };
  }

  #touch(timeoutMs?: number): void {
    const kv = this.ctx.storage.kv;
    kv.put('lastActivityMs', Date.now());
    if (timeoutMs !== undefined) kv.put('timeoutMs', timeoutMs);
  }

  /** One alarm at a time; it re-arms itself until the session has really been idle (alarms reference B3). */
  async #arm(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return;
    const timeout = this.ctx.storage.kv.get<number>('timeoutMs') ?? INITIAL_TIMEOUT_MS;
    await this.ctx.storage.setAlarm(Date.now() + Math.min(timeout, this.#logs.hasPending() ? LOG_RETRY_MS : timeout));
  }
}

/** seed 004 pod_location: pre-roll at the start of VOD, post-roll at its end, mid-roll otherwise. */
function podLocation(vod: boolean, startSeq: number | undefined, anchorSeq: number | undefined, atEnd: boolean): PodLocation {
  if (!vod) return 'midroll';
  if (startSeq !== undefined && startSeq === anchorSeq) return 'preroll';
  return atEnd ? 'postroll' : 'midroll';
}
