/**
 * @module platform/session-object
 * One Durable Object per playback session (docs/architecture.md "State"), addressed with
 * `getByName(sessionId)`: the single place where a session's ads are decided, so every rendition,
 * the tracking API and the segment route read the same plan. Each RPC method is one round trip for
 * the Worker: it loads the state, fetches what the request needs from the origin, calls the session
 * rules (core/session), runs the effects they return (ADS decisions, beacons, log events), and saves
 * what changed, once. The rules live in core; this class holds state, storage and I/O.
 */
import { DurableObject } from 'cloudflare:workers';
import { failure, success, UNKNOWN_SESSION, type Outcome } from '../core/errors.ts';
import { packagingLadder } from '../core/creatives/packaging-ladder.ts';
import { adSegment } from '../core/session/ad-segment.ts';
import type { AvailRequest, VodScheduleResult } from '../core/session/decision-types.ts';
import { internalErrorTrace, recordAvailDecision } from '../core/session/decisions.ts';
import type { SessionEffect } from '../core/session/effects.ts';
import { INITIAL_TIMEOUT_MS } from '../core/session/expiry.ts';
import { finishDashMedia, openDashMedia } from '../core/session/dash-media.ts';
import { dashAdSegment } from '../core/session/dash-segment.ts';
import { finishHlsMedia, openHlsMedia } from '../core/session/hls-media.ts';
import { serveMultivariant } from '../core/session/master.ts';
import { checkOwnership, type SessionClaim } from '../core/session/ownership.ts';
import type { ClientInfo, SessionRecord } from '../core/session/session-record.ts';
import { newSessionState, putCreative, type SessionState } from '../core/session/state.ts';
import { sessionTracking } from '../core/session/tracking.ts';
import type { TrackingResponseJson } from '../core/tracking/index.ts';
import type { Env } from '../env.ts';
import { runAvailDecision, runVodSchedule } from './ad-decision.ts';
import type { CreativeLoader } from './creatives.ts';
import { fetchOriginMpd, fetchOriginPlaylist } from './origin.ts';
import { SessionActivity } from './session-activity.ts';
import { SessionBeacons } from './session-beacons.ts';
import { SessionLogOutbox, LOG_RETRY_MS } from './session-log-outbox.ts';
import { loadSessionState, saveSessionState, storeNewSession } from './session-storage.ts';

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

export class SessionObject extends DurableObject<Env> {
  /** The loaded state; null until loaded, undefined for an unknown or expired session. */
  #state: SessionState | undefined | null = null;
  readonly #activity: SessionActivity;
  readonly #logs: SessionLogOutbox;
  readonly #beacons: SessionBeacons;
  readonly #deciding = new Map<string, Promise<void>>();
  #vodSchedule: Promise<VodScheduleResult> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#activity = new SessionActivity(ctx.storage);
    this.#logs = new SessionLogOutbox(ctx.storage.kv, env);
    this.#beacons = new SessionBeacons(ctx.storage.kv, env);
  }

  /** Creates the session (explicit init). Idempotent for the same id. */
  async create(record: SessionRecord): Promise<void> {
    this.#createIfAbsent(record);
    await this.#activity.touch(INITIAL_TIMEOUT_MS, (due) => this.#nextAlarmAtMs(due));
  }

  /** The multivariant playlist of the session (and, for implicit init, the session itself). */
  async master(req: MasterRequest): Promise<Outcome<{ text: string; sessionId: string }>> {
    if (req.create) this.#createIfAbsent(req.create);
    const state = this.#load();
    const denied = checkOwnership(state?.record, req.claim);
    if (denied || !state) return failure(denied ?? UNKNOWN_SESSION);
    if (state.record.assetPath !== req.assetPath) return failure({ kind: 'asset-mismatch' });
    const r = state.record;
    const origin = await fetchOriginPlaylist(this.env, r.originUrl, r.params.originParams, r.selfOrigin);
    if (!origin.ok) return origin;
    const text = serveMultivariant(state, origin.value.text);
    this.#save(state);
    await this.#activity.touch(req.create ? INITIAL_TIMEOUT_MS : undefined, (due) => this.#nextAlarmAtMs(due));
    return success({ text, sessionId: r.sessionId });
  }

  /** Media playlist `index`, personalized: one round trip for the Worker. */
  async media(claim: SessionClaim, index: number): Promise<Outcome<{ text: string }>> {
    const state = this.#load();
    const denied = checkOwnership(state?.record, claim);
    if (denied || !state) return failure(denied ?? UNKNOWN_SESSION);
    const rendition = state.renditions?.[index];
    if (!rendition) return failure({ kind: 'not-found', what: 'unknown media playlist' });
    const r = state.record;
    const origin = await fetchOriginPlaylist(this.env, rendition.originUrl, r.params.originParams, r.selfOrigin);
    if (!origin.ok) return origin;
    const opened = openHlsMedia(state, { rendition, originText: origin.value.text, random: Math.random });
    if (!opened.ok) return opened;
    const vodSchedule = await this.#decide(state, opened.value.effects);
    const done = finishHlsMedia(state, opened.value.opened, { nowMs: Date.now(), newId: () => crypto.randomUUID(), ...(vodSchedule ? { vodSchedule } : {}) });
    await this.#run(state, done.effects);
    this.#save(state);
    return success({ text: done.text });
  }

  /** The session's personalized DASH MPD: one round trip for the Worker, like `media`. */
  async dash(req: DashRequest): Promise<Outcome<{ text: string }>> {
    const state = this.#load();
    const denied = checkOwnership(state?.record, req.claim);
    if (denied || !state) return failure(denied ?? UNKNOWN_SESSION);
    const r = state.record;
    if (r.assetPath !== req.assetPath || r.sessionType !== 'DASH') return failure({ kind: 'asset-mismatch' });
    const origin = await fetchOriginMpd(this.env, r.originUrl, r.params.originParams, r.selfOrigin);
    if (!origin.ok) return origin;
    const opened = openDashMedia(state, { originText: origin.value.text, originUrl: r.originUrl, random: Math.random });
    if (!opened.ok) return opened;
    const vodSchedule = await this.#decide(state, opened.value.effects);
    const done = finishDashMedia(state, opened.value.opened, { nowMs: Date.now(), newId: () => crypto.randomUUID(), ...(vodSchedule ? { vodSchedule } : {}) });
    await this.#run(state, done.effects);
    this.#save(state);
    return success({ text: done.text });
  }

  /**
   * `/v1/segment/…/{n}/{seq}`: the ad segment URL, after claiming and storing the beacons this
   * request makes due. Storage only, so the redirect never waits for a beacon endpoint.
   */
  async segment(req: SegmentRequest): Promise<Outcome<{ url: string; beacons: number }>> {
    return this.#adSegment(req.claim, (state, nowMs, cacheBusting) => adSegment(state, { index: req.index, seq: req.seq, client: req.client, probe: req.probe, requestId: req.requestId, nowMs, cacheBusting }));
  }

  /** `/v1/dashsegment/…/{availId}/{periodId}/{path}`: the same, for a DASH ad or slate period. */
  async dashSegment(req: DashSegmentRpc): Promise<Outcome<{ url: string; beacons: number }>> {
    return this.#adSegment(req.claim, (state, nowMs, cacheBusting) => dashAdSegment(state, { availId: req.availId, periodId: req.periodId, path: req.path, client: req.client, probe: req.probe, requestId: req.requestId, nowMs, cacheBusting }));
  }

  async #adSegment(claim: SessionClaim, rule: (state: SessionState, nowMs: number, cacheBusting: string) => Outcome<{ url: string; effects: SessionEffect[] }>): Promise<Outcome<{ url: string; beacons: number }>> {
    const state = this.#load();
    const denied = checkOwnership(state?.record, claim);
    if (denied || !state) return failure(denied ?? UNKNOWN_SESSION);
    const found = rule(state, Date.now(), String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
    if (!found.ok) return found;
    const beacons = found.value.effects.reduce((n, e) => n + (e.kind === 'send-beacons' ? e.beacons.length : 0), 0);
    await this.#run(state, found.value.effects);
    this.#save(state);
    return success({ url: found.value.url, beacons });
  }

  /** Sends the claimed beacons (called from the route's waitUntil), then arms the retry alarm. */
  async flushBeacons(): Promise<void> {
    const state = this.#load();
    if (!state) return;
    await this.#beacons.flush(state, (events) => this.#logs.enqueue(state.record, events));
    await this.#activity.arm(true, (due) => this.#nextAlarmAtMs(due));
  }

  /** The client-side tracking JSON. */
  async tracking(claim: SessionClaim, sinceToken: string | null): Promise<Outcome<TrackingResponseJson>> {
    const state = this.#load();
    const denied = checkOwnership(state?.record, claim);
    if (denied || !state) return failure(denied ?? UNKNOWN_SESSION);
    await this.#activity.touch(undefined, (due) => this.#nextAlarmAtMs(due));
    return sessionTracking(state, Date.now(), sinceToken);
  }

  override async alarm(): Promise<void> {
    const state = this.#load();
    if (state) {
      await this.#beacons.flush(state, (events) => this.#logs.enqueue(state.record, events));
      if (this.#logs.hasPending()) await this.#logs.flush(state.record);
    }
    const busy = state !== undefined && (this.#logs.hasPending() || this.#beacons.pending().length > 0);
    if (this.#activity.idle(Date.now()) && !busy) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.#state = undefined;
      this.#activity.reset();
      return;
    }
    await this.#activity.rearm((due) => this.#nextAlarmAtMs(due));
  }

  #load(): SessionState | undefined {
    if (this.#state === null) this.#state = loadSessionState(this.ctx.storage.kv);
    return this.#state;
  }

  #createIfAbsent(record: SessionRecord): void {
    if (this.#load()) return;
    storeNewSession(this.ctx.storage.kv, record);
    this.#state = newSessionState(record);
  }

  #save(state: SessionState): void {
    saveSessionState(this.ctx.storage.kv, state);
  }

  /**
   * Starts (or joins) the decisions the rules asked for and waits for them, at most as long as the
   * effects allow; a decision still running then finishes on its own and is stored when it does.
   */
  async #decide(state: SessionState, effects: readonly SessionEffect[]): Promise<VodScheduleResult | undefined> {
    const waits: Promise<unknown>[] = [];
    let waitMs = 0;
    let vod: Promise<VodScheduleResult> | undefined;
    for (const e of effects) {
      if (e.kind === 'decide-avail') {
        waits.push(this.#decideAvail(state, e.avail, e.request));
        waitMs = Math.max(waitMs, e.waitMs);
      } else if (e.kind === 'decide-vod-schedule') {
        vod = this.#vodSchedule ??= this.#runVod(state, e.request, e.contentDurationSec);
        waits.push(vod);
        waitMs = Math.max(waitMs, e.waitMs);
      }
    }
    if (waits.length > 0) await waitAtMost(Promise.all(waits), waitMs);
    return vod ? await Promise.race([vod, Promise.resolve(undefined)]) : undefined;
  }

  #decideAvail(state: SessionState, avail: AvailRequest, request: Extract<SessionEffect, { kind: 'decide-avail' }>['request']): Promise<void> {
    let p = this.#deciding.get(avail.key);
    if (!p) {
      p = (async () => {
        let result;
        try {
          result = await runAvailDecision({ env: this.env, record: state.record, loader: this.#loader(state), nowMs: Date.now }, request);
        } catch (e) {
          // Ads never break playback: an unexpected failure is a decision without ads.
          console.error(JSON.stringify({ msg: 'ad decision failed', session: state.record.sessionId, break: avail.key, error: String(e) }));
          result = { trace: internalErrorTrace(Date.now()), candidates: [], breakTracking: {} };
        }
        // The object may have expired meanwhile: store nothing for a session that is gone.
        if (this.#state !== state) return;
        recordAvailDecision(state, avail, result, Date.now());
        saveSessionState(this.ctx.storage.kv, state, { ledger: false });
      })().finally(() => this.#deciding.delete(avail.key));
      this.#deciding.set(avail.key, p);
    }
    return p;
  }

  async #runVod(state: SessionState, request: Extract<SessionEffect, { kind: 'decide-vod-schedule' }>['request'], contentDurationSec: number): Promise<VodScheduleResult> {
    try {
      return await runVodSchedule({ env: this.env, record: state.record, loader: this.#loader(state), nowMs: Date.now }, request, contentDurationSec);
    } catch (e) {
      console.error(JSON.stringify({ msg: 'VOD ad schedule failed', session: state.record.sessionId, error: String(e) }));
      return { breaks: [], trace: internalErrorTrace(Date.now()) };
    }
  }

  /** Runs the effects that follow a response: beacons and logs stored durably, activity recorded. */
  async #run(state: SessionState, effects: readonly SessionEffect[]): Promise<void> {
    let timeoutMs: number | undefined;
    let active = false;
    for (const e of effects) {
      if (e.kind === 'send-beacons') this.#beacons.enqueue(e.beacons);
      else if (e.kind === 'log') this.#logs.enqueue(state.record, e.events);
      else if (e.kind === 'keep-alive') {
        active = true;
        timeoutMs = e.timeoutMs ?? timeoutMs;
      }
    }
    if (active) await this.#activity.touch(timeoutMs, (due) => this.#nextAlarmAtMs(due));
  }

  /** The earliest of: idle expiry, the next beacon retry, the next ad-log retry (never in the past). */
  #nextAlarmAtMs(idleDueMs: number): number {
    const beaconWake = this.#beacons.nextWakeAtMs() ?? Infinity;
    const logWake = this.#logs.hasPending() ? Date.now() + LOG_RETRY_MS : Infinity;
    return Math.max(Date.now() + 1_000, Math.min(idleDueMs, beaconWake, logWake));
  }

  #loader(state: SessionState): CreativeLoader {
    const prefix = state.record.config.CdnConfiguration?.AdSegmentUrlPrefix;
    return {
      env: this.env,
      format: state.record.sessionType,
      selfOrigin: state.record.selfOrigin,
      ...(prefix ? { adSegmentUrlPrefix: prefix } : {}),
      cache: { get: (k) => state.creatives.get(k), put: (m) => putCreative(state, m) },
      nowMs: Date.now,
      ladder: () => packagingLadder(state.renditions ?? [], state.contentShape),
    };
  }
}

async function waitAtMost(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  if (timer !== undefined) clearTimeout(timer);
}
