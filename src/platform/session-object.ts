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
import { unplayedPlan } from '../core/avails/plan.ts';
import type { Rendition } from '../core/hls/multivariant.ts';
import type { PodLocation } from '../core/logs/events.ts';
import { INITIAL_TIMEOUT_MS, inactivityTimeoutMs } from '../core/session/expiry.ts';
import type { ClientInfo, SessionRecord } from '../core/session/session-record.ts';
import type { Env } from '../env.ts';
import { noteContentShape, sessionLadder } from './creative-ladder.ts';
import type { CreativeLoader } from './creatives.ts';
import { SessionBeacons } from './session-beacons.ts';
import { SessionDecisions } from './session-decisions.ts';
import { trackingResponse } from './session-tracking.ts';
import { SessionLogOutbox, LOG_RETRY_MS } from './session-log-outbox.ts';
import { adSegmentFor, serveMediaPlaylist, type MediaPlaylistResult } from './session-media.ts';
import { SessionStore } from './session-store.ts';

export type { MediaPlaylistResult } from './session-media.ts';

export class SessionObject extends DurableObject<Env> {
  readonly #store: SessionStore;
  readonly #decisions: SessionDecisions;
  readonly #logs: SessionLogOutbox;
  readonly #beacons: SessionBeacons;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new SessionStore(ctx.storage.kv);
    this.#decisions = new SessionDecisions(env, this.#store, () => this.#loader());
    this.#logs = new SessionLogOutbox(ctx.storage.kv, env);
    this.#beacons = new SessionBeacons(env, this.#store);
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
    noteContentShape(this.#store.kv, rendition, originText);
    const result = await serveMediaPlaylist({ store: this.#store, decisions: this.#decisions }, record, rendition, originText);
    this.#logDecisions(record);
    if (result.ok) this.#touch(inactivityTimeoutMs(result.playlistDurationSec));
    await this.#arm();
    return result;
  }

  /**
   * `/v1/segment/…/{n}/{seq}`: the ad segment URL, after claiming the beacons this request makes
   * due (server-side reporting sessions). Storage only, so the redirect never waits for a beacon.
   */
  async adSegment(index: number, outSeq: number, client: ClientInfo): Promise<{ url: string; beacons: number } | null> {
    const record = this.#store.record();
    const rendition = this.#store.renditions()?.[index];
    if (!record || !rendition) return null;
    this.#touch();
    const found = adSegmentFor(this.#store, rendition, outSeq);
    if (!found) return null;
    const beacons = record.serverBeacons ? this.#beacons.claim(outSeq, client, Date.now()) : 0;
    return { url: found.url, beacons };
  }

  /** Sends the claimed beacons (called from the route's waitUntil), then arms the retry alarm. */
  async flushBeacons(): Promise<void> {
    const record = this.#store.record();
    if (!record) return;
    await this.#beacons.flush(record, (events) => this.#logs.enqueue(record, events));
    await this.#arm(true);
  }

  /** The client-side tracking JSON (contracts §3), or a 400 for an unknown session or bad token. */
  async tracking(sinceToken: string | null): Promise<{ ok: true; body: unknown } | { ok: false; status: 400; message: string }> {
    if (!this.#store.record()) return { ok: false, status: 400, message: 'session not found or expired' };
    this.#touch();
    const result = trackingResponse(this.#store, Date.now(), sinceToken);
    if (result.ok) return { ok: true, body: result.value };
    return { ok: false, status: 400, message: result.error.kind === 'expired' ? 'nextToken has expired' : `nextToken is not valid: ${result.error.message}` };
  }

  override async alarm(): Promise<void> {
    const record = this.#store.record();
    if (record) {
      await this.#beacons.flush(record, (events) => this.#logs.enqueue(record, events));
      if (this.#logs.hasPending()) await this.#logs.flush(record);
    }
    const idleDue = this.#idleDueMs(0);
    const busy = record !== undefined && (this.#logs.hasPending() || this.#beacons.pending().length > 0);
    if (Date.now() >= idleDue && !busy) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.#store.reset();
      return;
    }
    await this.ctx.storage.setAlarm(this.#nextAlarmAtMs(idleDue));
  }

  /** The earliest of: idle expiry, the next beacon retry, the next ad-log retry (never in the past). */
  #nextAlarmAtMs(idleDue: number): number {
    const beaconWake = this.#beacons.nextWakeAtMs() ?? Infinity;
    const logWake = this.#logs.hasPending() ? Date.now() + LOG_RETRY_MS : Infinity;
    return Math.max(Date.now() + 1_000, Math.min(idleDue, beaconWake, logWake));
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
        podLocation: podLocation(ledger.vod === true, b?.originStartSeq, ledger.anchorSeq, b?.insertion === true && b.originStartSeq >= (ledger.cursor?.seq ?? Infinity)),
        adRequestIndex: (b?.availIndex ?? 1) - 1,
        adsRequestUrl: t.adsRequestUrl,
        unresolvedVariables: t.unresolvedVariables,
        requestHeaders: t.requestHeaders,
        ...(t.resolution ? { resolution: t.resolution } : {}),
        // A decision that came after its break had been shown as content (core/avails/settle-window)
        // played nothing: log it so (ADS_TIMEOUT: the ad server answered too late to play).
        plan: b?.mode === 'passthrough' ? unplayedPlan(f.decision.plan, 'ADS_TIMEOUT', b.reason ?? 'break played as content') : f.decision.plan,
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
      ladder: () => sessionLadder(this.#store.kv, this.#store.renditions()),
    };
  }

  /** When the session has been idle too long; `lastIfUnknownMs` stands in for a missing activity time. */
  #idleDueMs(lastIfUnknownMs: number): number {
    const kv = this.ctx.storage.kv;
    return (kv.get<number>('lastActivityMs') ?? lastIfUnknownMs) + (kv.get<number>('timeoutMs') ?? INITIAL_TIMEOUT_MS);
  }

  #touch(timeoutMs?: number): void {
    const kv = this.ctx.storage.kv;
    kv.put('lastActivityMs', Date.now());
    if (timeoutMs !== undefined) kv.put('timeoutMs', timeoutMs);
  }

  /**
   * One alarm at a time; it re-arms itself until the session has really been idle (alarms
   * reference B3). `sooner` moves an armed alarm earlier when a retry is due before it.
   */
  async #arm(sooner = false): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current !== null && !sooner) return;
    const next = this.#nextAlarmAtMs(this.#idleDueMs(Date.now()));
    if (current === null || next < current) await this.ctx.storage.setAlarm(next);
  }
}

/** seed 004 pod_location: pre-roll at the start of VOD, post-roll at its end, mid-roll otherwise. */
function podLocation(vod: boolean, startSeq: number | undefined, anchorSeq: number | undefined, atEnd: boolean): PodLocation {
  if (!vod) return 'midroll';
  if (startSeq !== undefined && startSeq === anchorSeq) return 'preroll';
  return atEnd ? 'postroll' : 'midroll';
}
