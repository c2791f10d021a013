/**
 * @module core/session/decisions
 * The session rules around ad decisions (docs/architecture.md "Ads"): which ads of a response an
 * avail plays, the fill rules applied once their media is known, an overlay avail's offer, the
 * VOD schedule of an asset without markers placed as insertion points, and the ledger breaks a
 * stored plan settles. Pure:
 * the SessionObject runs the ADS requests (effects) and hands their results to these functions.
 */
import { openSessionBreak } from '../avails/ledger.ts';
import { overlayPlan } from '../avails/overlays.ts';
import { planFill, type AvailPlan } from '../avails/plan.ts';
import { SEG, type MediaPlaylist } from '../hls/media-playlist.ts';
import type { AdResolution, ResolvedAd, VmapAdBreak } from '../vast/index.ts';
import type { AvailDecisionResult, AvailRequest, DecisionTrace, OverlayDecisionResult, VodScheduleResult } from './decision-types.ts';
import { putPlan, type SessionState } from './state.ts';

/** The ads an avail plays from a response, in pod order: a VAST's, or a VMAP's first break's. */
export function availAds(r: AdResolution): { ads: readonly ResolvedAd[]; breakTracking: Record<string, string[]> } {
  if (r.responseKind !== 'vmap') return { ads: r.ads, breakTracking: {} };
  const first = r.breaks[0];
  return { ads: first?.ads ?? [], breakTracking: vmapBreakTracking(first?.adBreak) };
}

/**
 * The breaks of a VOD time-based schedule: a VMAP's breaks at their offsets (start, clock time,
 * n %, end), or one pre-roll for a plain VAST response. Unknown offsets are dropped.
 */
export function vodScheduleBreaks(r: AdResolution, contentDurationSec: number): { offsetSec: number; vmapBreakIndex?: number; ads: readonly ResolvedAd[]; breakTracking: Record<string, string[]> }[] {
  if (r.responseKind !== 'vmap') return r.ads.length > 0 ? [{ offsetSec: 0, ads: r.ads, breakTracking: {} }] : [];
  return r.breaks
    .map((b) => ({ offsetSec: vmapOffsetSec(b.adBreak, contentDurationSec), vmapBreakIndex: b.adBreak.index, ads: b.ads, breakTracking: vmapBreakTracking(b.adBreak) }))
    .filter((b) => Number.isFinite(b.offsetSec));
}

/** Why an avail has no ads, for the plan and the log. */
function noAdReason(trace: DecisionTrace): string {
  if (trace.failure) return trace.failure;
  const r = trace.resolution;
  const e = r?.errors[0];
  if (e) return `${e.kind}: ${e.message}`;
  return r?.emptyResponse ? 'empty ad response' : 'no ad in the response';
}

function failedOrEmpty(trace: DecisionTrace): boolean {
  const r = trace.resolution;
  return trace.failure !== undefined || r === undefined || r.errors.length > 0 || r.emptyResponse;
}

/** Applies the fill rules to a finished decision and stores the avail's plan. */
export function recordAvailDecision(state: SessionState, avail: AvailRequest, result: AvailDecisionResult, nowMs: number): AvailPlan {
  const cfg = state.record.config;
  // The live pre-roll fits its ads under MaxDurationSeconds and returns to content when the last
  // one ends: no slate, no bumpers, no threshold (MediaTailor "Pre-roll ad insertion").
  const preroll = avail.preroll === true;
  const plan = planFill({
    breakKey: avail.key,
    availIndex: avail.availIndex,
    insertion: avail.insertion,
    ...(cfg.PersonalizationThresholdSeconds !== undefined && !preroll ? { personalizationThresholdSec: cfg.PersonalizationThresholdSeconds } : {}),
    ...(avail.signalledDurationSec !== undefined && !avail.insertion ? { availDurationSec: avail.signalledDurationSec } : {}),
    ...(result.slate && !preroll ? { slate: result.slate } : {}),
    adsRequestUrl: result.trace.adsRequestUrl,
    candidates: result.candidates,
    breakTracking: result.breakTracking,
    // MediaTailor plays bumpers in every break but the live pre-roll (docs/mediatailor-compat.md §6.5).
    ...(result.bumpers && !preroll ? { bumpers: result.bumpers } : {}),
    ...(result.candidates.length === 0 ? { reason: noAdReason(result.trace) } : {}),
    nowMs,
  });
  putPlan(state, plan);
  state.unlogged.push({ breakKey: avail.key, trace: result.trace });
  state.changes.unlogged = true;
  return plan;
}

/** Stores an overlay avail's offer (core/avails/overlays): nothing is stitched, the tracking API lists it. */
export function recordOverlayDecision(state: SessionState, avail: AvailRequest, result: OverlayDecisionResult, nowMs: number): AvailPlan {
  const plan = overlayPlan({
    breakKey: avail.key,
    availIndex: avail.availIndex,
    ...(avail.signalledDurationSec !== undefined ? { signalledDurationSec: avail.signalledDurationSec } : {}),
    offer: result.offer,
    breakTracking: result.breakTracking,
    adsRequestUrl: result.trace.adsRequestUrl,
    // A response that failed or was empty says why; one with only linear ads gets overlayPlan's reason.
    ...(result.offer.ads.length === 0 && failedOrEmpty(result.trace) ? { reason: noAdReason(result.trace) } : {}),
    nowMs,
  });
  putPlan(state, plan);
  state.unlogged.push({ breakKey: avail.key, trace: result.trace });
  state.changes.unlogged = true;
  return plan;
}

/** The trace of a decision that threw (a bug, not an ad-server failure): logged, never played. */
export function internalErrorTrace(nowMs: number): DecisionTrace {
  return { adsRequestUrl: '', unresolvedVariables: [], requestHeaders: {}, startedAtMs: nowMs, finishedAtMs: nowMs, failure: 'internal error' };
}

/** Settles the pending breaks whose plan is stored: personalized with ads, passed through without. */
export function applyStoredPlans(state: SessionState): void {
  for (const b of state.ledger.breaks) {
    if (b.mode !== 'pending') continue;
    const plan = state.plans.get(b.key);
    if (!plan) continue;
    b.mode = plan.occurrences.length > 0 ? 'personalize' : 'passthrough';
    if (plan.occurrences.length === 0 && plan.reason) b.reason = plan.reason;
    state.changes.ledger = true;
  }
}

/** Stands for a VOD schedule that placed no avail (its ADS exchange is still logged). */
export const VOD_SCHEDULE_KEY = 'vod';

/**
 * Places a VOD schedule in the ledger: each break becomes an insertion point before the segment
 * that starts at or before its offset (rounded down to a segment boundary, as MediaTailor does), a
 * post-roll goes after the last segment. Runs once per session, on the first window of the asset.
 */
export function placeVodSchedule(state: SessionState, model: MediaPlaylist, schedule: VodScheduleResult, nowMs: number): void {
  const ledger = state.ledger;
  if (state.vodScheduled || ledger.breaks.length > 0) return;
  const n = model.count;
  const firstSeq = model.mediaSequence;
  const endSeq = firstSeq + n;
  const starts: number[] = [];
  const discBefore: number[] = [];
  let t = 0;
  let d = model.discontinuitySequence;
  for (let i = 0; i < n; i++) {
    starts.push(t);
    discBefore.push(d);
    if (((model.flags[i] as number) & SEG.DISCONTINUITY) !== 0) d++;
    t += model.durationsSec[i] as number;
  }
  const total = t;
  let first: string | undefined;
  for (const b of schedule.breaks) {
    const postRoll = b.offsetSec >= total - 0.001;
    let i = postRoll ? n : 0;
    if (!postRoll) for (let j = 0; j < n; j++) if ((starts[j] ?? 0) <= b.offsetSec + 0.001) i = j;
    const seq = postRoll ? endSeq : firstSeq + i;
    if (ledger.breaks.some((x) => x.originStartSeq === seq)) continue;
    const brk = openSessionBreak(ledger, {
      key: `i${seq}`,
      originStartSeq: seq,
      insertion: true,
      originTimeSec: postRoll ? total : (starts[i] ?? total),
      discIndexBeforeStart: postRoll ? d : (discBefore[i] ?? d),
    });
    const plan = planFill({
      breakKey: brk.key,
      availIndex: brk.availIndex,
      insertion: true,
      candidates: b.candidates,
      breakTracking: b.breakTracking,
      adsRequestUrl: schedule.trace.adsRequestUrl,
      ...(schedule.bumpers ? { bumpers: schedule.bumpers } : {}),
      nowMs,
    });
    putPlan(state, plan);
    brk.mode = plan.occurrences.length > 0 ? 'personalize' : 'passthrough';
    // One ADS exchange decided every avail of the schedule: it is logged once, with the first.
    state.unlogged.push({
      breakKey: brk.key,
      trace: schedule.trace,
      ...(first !== undefined ? { requests: 'elsewhere' as const } : {}),
      ...(b.vmapBreakIndex !== undefined ? { vmapBreak: { index: b.vmapBreakIndex, offsetSec: b.offsetSec } } : {}),
    });
    first ??= brk.key;
  }
  if (first === undefined) state.unlogged.push({ breakKey: VOD_SCHEDULE_KEY, trace: schedule.trace, requests: 'only' });
  ledger.breaks.sort((x, y) => x.originStartSeq - y.originStartSeq);
  state.vodScheduled = true;
  state.changes.vodScheduled = true;
  state.changes.ledger = true;
  state.changes.unlogged = true;
}

function vmapBreakTracking(b: VmapAdBreak | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [event, urls] of Object.entries(b?.trackingEvents ?? {})) out[event] = urls.map((u) => u.url);
  return out;
}

/** VMAP `timeOffset` in content seconds (start, HH:MM:SS, n %, end); rounding to segments is the caller's. */
function vmapOffsetSec(b: VmapAdBreak, contentDurationSec: number): number {
  const o = b.timeOffset;
  switch (o.kind) {
    case 'start':
      return 0;
    case 'end':
      return contentDurationSec;
    case 'time':
      return o.offsetSec;
    case 'percent':
      return (contentDurationSec * o.percent) / 100;
    default:
      return Number.NaN;
  }
}
