/**
 * @module platform/session-object
 * One Durable Object per playback session (docs/architecture.md "State"), addressed with
 * `getByName(sessionId)`: the single place where a session's ads are decided, so every rendition,
 * the tracking API and the segment route read the same plan. Each RPC method is one round trip for
 * the Worker: it loads the state, fetches what the request needs from the origin, calls the session
 * rules (core/session), runs the effects they return (ADS decisions, beacons, log events), and saves
 * what changed, once. The rules live in core; this class holds state, storage and I/O. As the
 * effects run, the observer (platform/session-observer) records the session's timeline, metrics
 * and debug log events.
 */
import { DurableObject } from 'cloudflare:workers';
import { failure, success, UNKNOWN_SESSION, type Outcome } from '../core/errors.ts';
import { packagingLadder } from '../core/creatives/packaging-ladder.ts';
import { adSegment, type AdSegmentPosition } from '../core/session/ad-segment.ts';
import type { AvailRequest, VodScheduleResult } from '../core/session/decision-types.ts';
import { internalErrorTrace, recordAvailDecision, recordOverlayDecision } from '../core/session/decisions.ts';
import type { SessionEffect } from '../core/session/effects.ts';
import { INITIAL_TIMEOUT_MS } from '../core/session/expiry.ts';
import { finishDashMedia, openDashMedia } from '../core/session/dash-media.ts';
import { dashAdSegment } from '../core/session/dash-segment.ts';
import { finishHlsMedia, openHlsMedia } from '../core/session/hls-media.ts';
import { serveMultivariant } from '../core/session/master.ts';
import { checkOwnership, type SessionClaim } from '../core/session/ownership.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import { newSessionState, putCreative, type SessionState } from '../core/session/state.ts';
import { sessionTracking } from '../core/session/tracking.ts';
import type { AdLogEvent } from '../core/logs/events.ts';
import type { TrackingResponseJson } from '../core/tracking/index.ts';
import type { Env } from '../env.ts';
import { runAvailDecision, runOverlayDecision, runVodSchedule } from './ad-decision.ts';
import type { CreativeLoader } from './creatives.ts';
import { SessionActivity } from './session-activity.ts';
import { SessionBeacons } from './session-beacons.ts';
import { SessionLogOutbox, LOG_RETRY_MS } from './session-log-outbox.ts';
import { SessionObserver } from './session-observer.ts';
import type { DashRequest, DashSegmentRpc, MasterRequest, SegmentRequest, TimelineQuery } from './session-rpc.ts';
import { loadSessionState, saveSessionState, storeNewSession } from './session-storage.ts';
import { servedWindow, type AdsExchange } from '../core/timeline/facts.ts';
import { servedMpd } from '../core/timeline/dash-facts.ts';
import type { SegmentEntry } from '../core/timeline/entries.ts';
import type { DashAvail } from '../core/session/dash-timeline.ts';
import { timelineView, type TimelineView } from '../core/timeline/view.ts';

export type { DashRequest, DashSegmentRpc, MasterRequest, SegmentRequest, TimelineQuery } from './session-rpc.ts';

export class SessionObject extends DurableObject<Env> {
  /** The loaded state; null until loaded, undefined for an unknown or expired session. */
  #state: SessionState | undefined | null = null;
  readonly #activity: SessionActivity;
  readonly #logs: SessionLogOutbox;
  readonly #beacons: SessionBeacons;
  readonly #observe: SessionObserver;
  readonly #deciding = new Map<string, Promise<void>>();
  #vodSchedule: Promise<VodScheduleResult> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#activity = new SessionActivity(ctx.storage);
    this.#logs = new SessionLogOutbox(ctx.storage.kv, env);
    this.#beacons = new SessionBeacons(ctx.storage.kv, env);
    this.#observe = new SessionObserver(ctx.storage.sql, env, this.#logs);
  }

  /** Creates the session (explicit init). Idempotent for the same id. */
  async create(record: SessionRecord): Promise<void> {
    this.#createIfAbsent(record);
    await this.#activity.touch(INITIAL_TIMEOUT_MS, (due) => this.#nextAlarmAtMs(due));
  }

  /** The multivariant playlist of the session (and, for implicit init, the session itself). */
  async master(req: MasterRequest): Promise<Outcome<{ text: string; sessionId: string }>> {
    const watch = this.#observe.manifest('multivariant', req.claim.configName);
    if (req.create) this.#createIfAbsent(req.create);
    const state = this.#load();
    const denied = checkOwnership(state?.record, req.claim);
    if (denied || !state) return watch.done(undefined, failure(denied ?? UNKNOWN_SESSION));
    if (state.record.assetPath !== req.assetPath) return watch.done(state, failure({ kind: 'asset-mismatch' }));
    const r = state.record;
    const origin = await watch.fetchOrigin(r.originUrl, r.params.originParams, r.selfOrigin);
    if (!origin.ok) return watch.done(state, origin);
    const text = serveMultivariant(state, origin.value.text);
    this.#save(state);
    await this.#activity.touch(req.create ? INITIAL_TIMEOUT_MS : undefined, (due) => this.#nextAlarmAtMs(due));
    return watch.done(state, success({ text, sessionId: r.sessionId }), text);
  }

  /** Media playlist `index`, personalized: one round trip for the Worker. */
  async media(claim: SessionClaim, index: number): Promise<Outcome<{ text: string }>> {
    const watch = this.#observe.manifest('media', claim.configName, index);
    const state = this.#load();
    const denied = checkOwnership(state?.record, claim);
    if (denied || !state) return watch.done(undefined, failure(denied ?? UNKNOWN_SESSION));
    const rendition = state.renditions?.[index];
    if (!rendition) return watch.done(state, failure({ kind: 'not-found', what: 'unknown media playlist' }));
    const r = state.record;
    const origin = await watch.fetchOrigin(rendition.originUrl, r.params.originParams, r.selfOrigin);
    if (!origin.ok) return watch.done(state, origin);
    const opened = openHlsMedia(state, { rendition, originText: origin.value.text, random: Math.random });
    if (!opened.ok) return watch.done(state, opened);
    const window = opened.value.opened;
    if (window.kind === 'stitch') this.#observe.markers(window.window.opened);
    const vodSchedule = await this.#decide(state, opened.value.effects);
    const scheduledBefore = state.vodScheduled;
    const done = finishHlsMedia(state, window, { nowMs: Date.now(), newId: () => crypto.randomUUID(), ...(vodSchedule ? { vodSchedule } : {}) });
    // A VOD schedule placed its avails now: the plans this request put are theirs.
    if (!scheduledBefore && state.vodScheduled) for (const key of state.changes.plans) this.#planned(state, key);
    if (window.kind === 'stitch') watch.served(servedWindow(state.ledger, window.window.index, done.text, done.durationSec, window.window.model.endList));
    await this.#run(state, done.effects);
    this.#save(state);
    return watch.done(state, success({ text: done.text }), done.text);
  }

  /** The session's personalized DASH MPD: one round trip for the Worker, like `media`. */
  async dash(req: DashRequest): Promise<Outcome<{ text: string }>> {
    const watch = this.#observe.manifest('mpd', req.claim.configName);
    const state = this.#load();
    const denied = checkOwnership(state?.record, req.claim);
    if (denied || !state) return watch.done(undefined, failure(denied ?? UNKNOWN_SESSION));
    const r = state.record;
    if (r.assetPath !== req.assetPath || r.sessionType !== 'DASH') return watch.done(state, failure({ kind: 'asset-mismatch' }));
    const origin = await watch.fetchOrigin(r.originUrl, r.params.originParams, r.selfOrigin);
    if (!origin.ok) return watch.done(state, origin);
    const known = new Set(state.dash?.avails.map((a) => a.availId));
    const newAvails = (): DashAvail[] => {
      const fresh = (state.dash?.avails ?? []).filter((a) => !known.has(a.availId));
      for (const a of fresh) known.add(a.availId);
      return fresh;
    };
    const opened = openDashMedia(state, { originText: origin.value.text, originUrl: r.originUrl, random: Math.random });
    if (!opened.ok) return watch.done(state, opened);
    this.#observe.dashMarkers(newAvails());
    const vodSchedule = await this.#decide(state, opened.value.effects);
    const scheduledBefore = state.vodScheduled;
    const done = finishDashMedia(state, opened.value.opened, { nowMs: Date.now(), newId: () => crypto.randomUUID(), ...(vodSchedule ? { vodSchedule } : {}) });
    // A VOD schedule (VMAP) placed its avails now: their markers, then the plans this request put.
    if (!scheduledBefore && state.vodScheduled) {
      this.#observe.dashMarkers(newAvails());
      for (const key of state.changes.plans) this.#planned(state, key);
    }
    watch.served(servedMpd(state, opened.value.opened.mpd, done.text, Date.now()));
    await this.#run(state, done.effects);
    this.#save(state);
    return watch.done(state, success({ text: done.text }), done.text);
  }

  /**
   * `/v1/segment/…/{n}/{seq}`: the ad segment URL, after claiming and storing the beacons this
   * request makes due. Storage only, so the redirect never waits for a beacon endpoint.
   */
  async segment(req: SegmentRequest): Promise<Outcome<{ url: string; beacons: number }>> {
    return this.#adSegment(req.claim, `rendition ${req.index}, sequence ${req.seq}`, { rendition: req.index, mediaSeq: req.seq, probe: req.probe }, (state, nowMs, cacheBusting) =>
      adSegment(state, { index: req.index, seq: req.seq, client: req.client, probe: req.probe, requestId: req.requestId, nowMs, cacheBusting }),
    );
  }

  /** `/v1/dashsegment/…/{availId}/{periodId}/{path}`: the same, for a DASH ad or slate period. */
  async dashSegment(req: DashSegmentRpc): Promise<Outcome<{ url: string; beacons: number }>> {
    return this.#adSegment(req.claim, `period ${req.periodId}, ${req.path}`, { periodId: req.periodId, path: req.path, probe: req.probe }, (state, nowMs, cacheBusting) =>
      dashAdSegment(state, { availId: req.availId, periodId: req.periodId, path: req.path, client: req.client, probe: req.probe, requestId: req.requestId, nowMs, cacheBusting }),
    );
  }

  /** An ad segment request, HLS or DASH: `rule` finds the segment and claims its beacons; `where` and `asked` name it in the timeline. */
  async #adSegment(
    claim: SessionClaim,
    where: string,
    asked: Pick<SegmentEntry, 'rendition' | 'mediaSeq' | 'periodId' | 'path' | 'probe'>,
    rule: (state: SessionState, nowMs: number, cacheBusting: string) => Outcome<{ url: string; effects: SessionEffect[]; at: AdSegmentPosition }>,
  ): Promise<Outcome<{ url: string; beacons: number }>> {
    const startedAtMs = Date.now();
    const state = this.#load();
    const denied = checkOwnership(state?.record, claim);
    const answered = <T>(o: Outcome<T>): Outcome<T> => this.#observe.request(denied ? undefined : state, claim.configName, 'segment', startedAtMs, o);
    if (denied || !state) return answered(failure(denied ?? UNKNOWN_SESSION));
    const found = rule(state, startedAtMs, String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
    if (!found.ok) {
      this.#observe.error('segment', `${where}: ${found.error.kind === 'not-found' ? found.error.what : found.error.kind}`);
      return answered(found);
    }
    const claimed = found.value.effects.flatMap((e) => (e.kind === 'send-beacons' ? e.beacons.map((b) => b.beacon.event) : []));
    this.#observe.segment({ atMs: startedAtMs, ...asked, ...found.value.at, url: found.value.url, events: claimed });
    await this.#run(state, found.value.effects);
    this.#save(state);
    return answered(success({ url: found.value.url, beacons: claimed.length }));
  }

  /** Sends the claimed beacons (called from the route's waitUntil), then arms the retry alarm. */
  async flushBeacons(): Promise<void> {
    const state = this.#load();
    if (!state) return;
    await this.#beacons.flush(state, (events) => this.#beaconsAttempted(state, events));
    await this.#activity.arm(true, (due) => this.#nextAlarmAtMs(due));
  }

  /** The client-side tracking JSON. */
  async tracking(claim: SessionClaim, sinceToken: string | null): Promise<Outcome<TrackingResponseJson>> {
    const startedAtMs = Date.now();
    const state = this.#load();
    const denied = checkOwnership(state?.record, claim);
    if (denied || !state) return this.#observe.request(undefined, claim.configName, 'tracking', startedAtMs, failure(denied ?? UNKNOWN_SESSION));
    await this.#activity.touch(undefined, (due) => this.#nextAlarmAtMs(due));
    const out = sessionTracking(state, Date.now(), sinceToken);
    this.#observe.tracking(state, startedAtMs, out);
    return out;
  }

  /**
   * The session's timeline (docs/session-timeline.md): its media timeline, playhead and the
   * entries after `sinceSeq`. An unknown or expired session, or one of another account or of
   * another configuration than the query names, is unknown.
   */
  async timeline(q: TimelineQuery): Promise<Outcome<TimelineView>> {
    const state = this.#load();
    const r = state?.record;
    if (!state || !r || r.accountId !== q.accountId || (q.configName !== undefined && r.configName !== q.configName)) return failure(UNKNOWN_SESSION);
    const read = this.#observe.timeline.read(q.sinceSeq, q.limit);
    return success(timelineView(state, read.stats, read.entries, read.lastPosition, read.lastServed));
  }

  override async alarm(): Promise<void> {
    const state = this.#load();
    if (state) {
      await this.#beacons.flush(state, (events) => this.#beaconsAttempted(state, events));
      if (this.#logs.hasPending()) await this.#logs.flush(state.record);
    }
    const busy = state !== undefined && (this.#logs.hasPending() || this.#beacons.pending().length > 0);
    if (this.#activity.idle(Date.now()) && !busy) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.#state = undefined;
      this.#observe.timeline.reset();
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
    this.#observe.created(this.#state);
  }

  /** Beacon attempts: logged, and recorded in the timeline and metrics. */
  #beaconsAttempted(state: SessionState, events: AdLogEvent[]): void {
    this.#logs.enqueue(state.record, events);
    this.#observe.beacons(state, events);
  }

  /** Records the plan of `breakKey` that a VOD schedule placed. */
  #planned(state: SessionState, breakKey: string): void {
    const plan = state.plans.get(breakKey);
    if (plan) this.#observe.plan(state, plan);
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
        const deps = {
          env: this.env,
          record: state.record,
          loader: this.#loader(state),
          nowMs: Date.now,
          observe: (x: AdsExchange, root: boolean) => this.#observe.adsExchange(state, avail, x, root),
        };
        let record: () => void;
        try {
          if (avail.overlay) {
            const result = await runOverlayDecision(deps, request);
            record = () => this.#observe.overlay(state, recordOverlayDecision(state, avail, result, Date.now()), result.trace);
          } else {
            const result = await runAvailDecision(deps, request);
            record = () => this.#observe.plan(state, recordAvailDecision(state, avail, result, Date.now()), result);
          }
        } catch (e) {
          // Ads never break playback: an unexpected failure is a decision without ads.
          console.error(JSON.stringify({ msg: 'ad decision failed', session: state.record.sessionId, break: avail.key, error: String(e) }));
          this.#observe.error('ad decision', `avail ${avail.availIndex}: ${String(e)}`);
          const trace = internalErrorTrace(Date.now());
          const empty = { trace, candidates: [], breakTracking: {} };
          record = avail.overlay
            ? () => recordOverlayDecision(state, avail, { trace, offer: { ads: [], nonLinearBreak: false }, breakTracking: {} }, Date.now())
            : () => this.#observe.plan(state, recordAvailDecision(state, avail, empty, Date.now()), empty);
        }
        // The object may have expired meanwhile: store nothing for a session that is gone.
        if (this.#state !== state) return;
        record();
        saveSessionState(this.ctx.storage.kv, state, { ledger: false });
      })().finally(() => this.#deciding.delete(avail.key));
      this.#deciding.set(avail.key, p);
    }
    return p;
  }

  async #runVod(state: SessionState, request: Extract<SessionEffect, { kind: 'decide-vod-schedule' }>['request'], contentDurationSec: number): Promise<VodScheduleResult> {
    try {
      const schedule = { key: 'vod', availIndex: 1 };
      return await runVodSchedule(
        { env: this.env, record: state.record, loader: this.#loader(state), nowMs: Date.now, observe: (x, root) => this.#observe.adsExchange(state, schedule, x, root) },
        request,
        contentDurationSec,
      );
    } catch (e) {
      console.error(JSON.stringify({ msg: 'VOD ad schedule failed', session: state.record.sessionId, error: String(e) }));
      this.#observe.error('VOD ad schedule', String(e));
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
