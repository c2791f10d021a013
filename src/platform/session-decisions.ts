/**
 * @module platform/session-decisions
 * One ad decision per (session, avail), whatever the number of renditions asking at once
 * (DESIGN §4 single flight; §11 budget "one ADS request per (session, avail)"): a decision in
 * flight is shared through an in-memory promise, a finished one is a stored plan. Also the VOD
 * time-based schedule (contracts §6.4): for a VOD asset without markers, one ADS call whose VMAP
 * breaks (or VAST pre-roll) become insertion points.
 */
import type { Ledger, LedgerBreak } from '../core/avails/ledger.ts';
import { planFill } from '../core/avails/plan.ts';
import type { MediaPlaylist } from '../core/hls/media-playlist.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import type { Env } from '../env.ts';
import { decideAvail, decideVodSchedule, type AvailDecision, type DecisionInput, type DecisionTrace } from './ad-decision.ts';
import type { CreativeLoader } from './creatives.ts';
import type { SessionStore } from './session-store.ts';

export interface FinishedDecision {
  readonly breakKey: string;
  readonly decision: AvailDecision;
}

export class SessionDecisions {
  readonly #inflight = new Map<string, Promise<void>>();
  #vod: Promise<void> | undefined;
  /** Decisions whose log events wait for the break's placement (availId = its first media sequence). */
  readonly finished: FinishedDecision[] = [];

  constructor(
    private readonly env: Env,
    private readonly store: SessionStore,
    private readonly loader: () => CreativeLoader,
  ) {}

  /** Starts (or joins) the decision of a pending break; resolves when it is stored. */
  ensure(record: SessionRecord, key: string): Promise<void> {
    const stored = this.store.plan(key);
    if (stored) {
      applyPlanMode(this.store.ledger(), key, stored.occurrences.length > 0, stored.reason);
      return Promise.resolve();
    }
    let p = this.#inflight.get(key);
    if (!p) {
      p = this.#decide(record, key).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, p);
    }
    return p;
  }

  #input(record: SessionRecord): DecisionInput {
    return { env: this.env, record, loader: this.loader(), nowMs: Date.now, random: Math.random };
  }

  async #decide(record: SessionRecord, key: string): Promise<void> {
    const brk = this.store.ledger().breaks.find((b) => b.key === key);
    if (!brk || brk.mode !== 'pending') return;
    let decision: AvailDecision;
    try {
      decision = await decideAvail(this.#input(record), brk);
    } catch (e) {
      // Ads never break playback (DESIGN §9): an unexpected failure is an empty plan.
      console.error(JSON.stringify({ msg: 'ad decision failed', session: record.sessionId, break: key, error: String(e) }));
      const nowMs = Date.now();
      const plan = planFill({ breakKey: key, availIndex: brk.availIndex, insertion: brk.insertion, candidates: [], reason: 'internal error', nowMs });
      decision = { plan, trace: internalErrorTrace(nowMs) };
    }
    this.store.putPlan(decision.plan);
    applyPlanMode(this.store.ledger(), key, decision.plan.occurrences.length > 0, decision.plan.reason);
    this.store.saveLedger();
    this.finished.push({ breakKey: key, decision });
  }

  /**
   * VOD without markers: one ADS call; its breaks become insertion points before the segment that
   * starts at or before each offset (rounded down to a segment boundary, contracts §6.4).
   */
  ensureVodSchedule(record: SessionRecord, model: MediaPlaylist): Promise<void> {
    const ledger = this.store.ledger();
    if (this.store.kv.get('vodScheduled') || ledger.breaks.length > 0) return Promise.resolve();
    this.#vod ??= this.#scheduleVod(record, model).finally(() => (this.#vod = undefined));
    return this.#vod;
  }

  async #scheduleVod(record: SessionRecord, model: MediaPlaylist): Promise<void> {
    const total = model.segments.reduce((t, s) => t + s.durationSec, 0);
    let schedule: Awaited<ReturnType<typeof decideVodSchedule>>;
    try {
      schedule = await decideVodSchedule(this.#input(record), total);
    } catch (e) {
      console.error(JSON.stringify({ msg: 'VOD ad schedule failed', session: record.sessionId, error: String(e) }));
      schedule = { breaks: [], trace: internalErrorTrace(Date.now()) };
    }
    const ledger = this.store.ledger();
    if (this.store.kv.get('vodScheduled') || ledger.breaks.length > 0) return;
    const first = model.segments[0];
    const endSeq = (model.segments[model.segments.length - 1]?.seq ?? 0) + 1;
    let t = 0;
    const starts = model.segments.map((s) => ((t += s.durationSec), t - s.durationSec));
    for (const b of schedule.breaks) {
      // Post-roll: after the last segment. Otherwise the segment starting at or before the offset.
      const postRoll = b.offsetSec >= total - 0.001;
      let seq = postRoll ? endSeq : (first?.seq ?? 0);
      if (!postRoll) for (let i = 0; i < model.segments.length; i++) if ((starts[i] ?? 0) <= b.offsetSec + 0.001) seq = model.segments[i]?.seq ?? seq;
      if (ledger.breaks.some((x) => x.originStartSeq === seq)) continue;
      const discBefore = model.discontinuitySequence + model.segments.filter((x) => x.seq <= seq && x.discontinuity).length - (model.segments.find((x) => x.seq === seq)?.discontinuity ? 1 : 0);
      const brk = insertionBreak(ledger, seq, starts[seq - (first?.seq ?? 0)] ?? total, discBefore);
      const plan = planFill({ breakKey: brk.key, availIndex: brk.availIndex, insertion: true, candidates: b.candidates, breakTracking: b.breakTracking, adsRequestUrl: schedule.trace.adsRequestUrl, nowMs: Date.now() });
      this.store.putPlan(plan);
      brk.mode = plan.occurrences.length > 0 ? 'personalize' : 'passthrough';
      this.finished.push({ breakKey: brk.key, decision: { plan, trace: schedule.trace } });
    }
    ledger.breaks.sort((x, y) => x.originStartSeq - y.originStartSeq);
    this.store.kv.put('vodScheduled', true);
    this.store.saveLedger();
  }
}

/** The trace of a decision that threw (a bug, not an ad-server failure): logged, never played. */
function internalErrorTrace(nowMs: number): DecisionTrace {
  return { adsRequestUrl: '', unresolvedVariables: [], requestHeaders: {}, startedAtMs: nowMs, finishedAtMs: nowMs, failure: 'internal error' };
}

function applyPlanMode(ledger: Ledger, key: string, hasMedia: boolean, reason: string | undefined): void {
  const b = ledger.breaks.find((x) => x.key === key);
  if (!b || b.mode !== 'pending') return;
  b.mode = hasMedia ? 'personalize' : 'passthrough';
  if (!hasMedia && reason) b.reason = reason;
}

function insertionBreak(ledger: Ledger, seq: number, originTimeSec: number, discIndexBeforeStart: number): LedgerBreak {
  const b: LedgerBreak = {
    key: `i${seq}`,
    originStartSeq: seq,
    insertion: true,
    joined: false,
    contentDurationsSec: [],
    discIndexBeforeStart,
    mode: 'pending',
    closed: false,
    startLines: [],
    endLines: [],
    asset: {},
    availIndex: ++ledger.availCount,
    originTimeSec,
  };
  ledger.breaks.push(b);
  return b;
}
