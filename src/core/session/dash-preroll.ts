/**
 * @module core/session/dash-preroll
 * The live pre-roll of a DASH session (`LivePreRollConfiguration`; MediaTailor "Pre-roll ad
 * insertion"; docs/dash.md "Live pre-roll"), beside the HLS one (core/avails/preroll):
 *
 * - opened on the session's first live MPD at `(publishTime − availabilityStartTime) −
 *   max(suggestedPresentationDelay, minBufferTime)` on the MPD timeline (where a player joining
 *   the stream starts), rounded down to a video segment start of the period holding it; its avail
 *   id is `{periodId}_{offset}`, its ads asked of `LivePreRollConfiguration.AdDecisionServerUrl`
 *   for at most `MaxDurationSeconds`; it plays its ads whole (no slate, no bumpers), then the
 *   content where they end, even when they run past the end of the period it starts in (the
 *   content they cover in the next periods is cut);
 * - settled when the MPD that first shows it is written: played if its decision is there, content
 *   for good otherwise (as every live avail);
 * - an origin break it overlaps is not personalized where they overlap: one that begins before it
 *   ends where it starts; one that begins inside it is filled from its end; one inside it plays as
 *   content. A break decided for its whole length before that was known has its plan fitted again
 *   to what is left (ads that no longer fit are skipped, `AVAIL_DURATION_EXCEEDED`).
 *
 * `aws.preroll=disabled` (or `"preroll": "disabled"`) and VOD sessions get none. Pure.
 */
import { planFill, type AvailPlan } from '../avails/plan.ts';
import { durationAttr, floorToSegmentStart, formatDuration, periodElements, periodSegmentStarts, rational, type BreakEdit, type ParsedMpd, type Rat } from '../dash/index.ts';
import { dashAvailEdit } from './dash-periods.ts';
import { availSpan, parseRatText, periodKeyOf, prerollSpan, ratText, markUndecided, type DashAvail, type DashTimeline } from './dash-timeline.ts';
import { putPlan, type SessionState } from './state.ts';

const { rat, add, sub, cmp, max, min, toSec } = rational;

/** Why an origin avail the pre-roll covers plays as content. */
const INSIDE = 'inside the live pre-roll';

/**
 * Where a player joining the live MPD starts, which is where MediaTailor puts the pre-roll:
 * `(publishTime − availabilityStartTime) − max(suggestedPresentationDelay, minBufferTime)`.
 */
export function dashPrerollStart(mpd: ParsedMpd): Rat | undefined {
  const { publishTimeMs, availabilityStartTimeMs } = mpd.info;
  if (publishTimeMs === undefined || availabilityStartTimeMs === undefined) return undefined;
  const root = mpd.doc.root;
  const delay = max(durationAttr(root, 'suggestedPresentationDelay') ?? rat(0n), durationAttr(root, 'minBufferTime') ?? rat(0n));
  return sub(rat(BigInt(publishTimeMs - availabilityStartTimeMs), 1000n), delay);
}

/** Opens the pre-roll on the session's first live MPD, when the configuration and the session ask for one. */
export function openDashPreroll(state: SessionState, tl: DashTimeline, mpd: ParsedMpd): void {
  const c = state.record.config.LivePreRollConfiguration;
  if (tl.vod || tl.preroll || !c?.AdDecisionServerUrl || state.record.params.features.preroll === false) return;
  const at = dashPrerollStart(mpd);
  if (!at) return;
  // The last period starting at or before it (the first when it is earlier than all).
  let i = 0;
  for (const t of mpd.periods) if (cmp(t.start, at) <= 0) i = t.index;
  const timing = mpd.periods[i];
  const el = periodElements(mpd.doc.root)[i];
  const key = periodKeyOf(mpd, i);
  if (!timing || !el || key === undefined) return;
  const length = timing.end === undefined ? undefined : sub(timing.end, timing.start);
  const offset = floorToSegmentStart(periodSegmentStarts(el, length), max(rat(0n), sub(at, timing.start)));
  const availId = `${key}_${formatDuration(offset)}`;
  const ast = mpd.info.availabilityStartTimeMs;
  const maxSec = c.MaxDurationSeconds;
  tl.avails.push({
    availId,
    availIndex: ++tl.availCount,
    periodKey: key,
    offset: ratText(offset),
    ...(maxSec !== undefined && maxSec > 0 ? { duration: ratText(rat(BigInt(Math.round(maxSec * 1000)), 1000n)) } : {}),
    insertion: false,
    preroll: true,
    ...(ast !== undefined ? { pdtMs: ast + Math.round(toSec(add(timing.start, offset)) * 1000) } : {}),
    mode: 'pending',
  });
  tl.preroll = { availId, start: ratText(add(timing.start, offset)), settled: false };
}

/**
 * Settles the pre-roll in the MPD that first shows it (before its edits are built): played when
 * its decision is there and its periods can be written, content for good otherwise; when played,
 * the origin avails it overlaps are clipped to what it leaves of them.
 */
export function settleDashPreroll(state: SessionState, tl: DashTimeline, mpd: ParsedMpd): void {
  const p = tl.preroll;
  if (!p || p.settled) return;
  const a = tl.avails.find((x) => x.availId === p.availId);
  const index = a ? mpd.periods.findIndex((_, i) => periodKeyOf(mpd, i) === a.periodKey) : -1;
  const content = periodElements(mpd.doc.root)[index];
  if (!a || !content) return;
  p.settled = true;
  if (a.mode === 'pending') markUndecided(a);
  if (a.mode !== 'personalize') return;
  const r = dashAvailEdit(state, a, index, content);
  if (!r.ok) {
    a.mode = 'passthrough';
    a.reason = r.reason;
    a.skipReason = r.skip;
    return;
  }
  const played = r.edit.periods.reduce((t, x) => add(t, x.duration), rat(0n));
  if (played.n === 0n) return;
  p.end = ratText(add(parseRatText(p.start), played));
  for (const o of tl.avails) if (o !== a) clipToPreroll(state, tl, mpd, o);
}

/**
 * Takes the live pre-roll's span out of an origin avail (a new one, or one registered with it):
 * ends it where the pre-roll starts, starts it where the pre-roll ends, or plays it as content.
 * A plan already decided for more than what is left is fitted again.
 */
export function clipToPreroll(state: SessionState, tl: DashTimeline, mpd: ParsedMpd, a: DashAvail): void {
  const span = prerollSpan(tl);
  const timing = mpd.periods.find((_, i) => periodKeyOf(mpd, i) === a.periodKey);
  if (!span || !timing || a.preroll || a.insertion || a.placed || a.mode === 'passthrough') return;
  const before = availSpan(a);
  const start = add(timing.start, before.offset);
  const end = before.duration === undefined ? undefined : add(start, before.duration);
  if (cmp(start, span.end) >= 0 || (end !== undefined && cmp(end, span.start) <= 0)) return;
  if (cmp(start, span.start) < 0) a.clip = { ...a.clip, to: ratText(sub(span.start, timing.start)) };
  else a.clip = { ...a.clip, from: ratText(sub(span.end, timing.start)) };
  const after = availSpan(a);
  const periodLength = timing.end === undefined ? undefined : sub(timing.end, timing.start);
  if ((after.duration !== undefined && after.duration.n === 0n) || (periodLength !== undefined && cmp(after.offset, periodLength) >= 0)) {
    a.mode = 'passthrough';
    a.reason = INSIDE;
    a.skipReason = 'AVAIL_DURATION_EXCEEDED';
    return;
  }
  const plan = state.plans.get(a.availId);
  if (plan && after.duration !== undefined && (plan.originAvailDurationSec === undefined || toSec(after.duration) < plan.originAvailDurationSec)) putPlan(state, refitPlan(state, plan, toSec(after.duration)));
}

/**
 * Edits that cut the content the pre-roll's ads cover in the periods after the one it starts in
 * (its own edit lets its periods run past that period's end).
 */
export function prerollContinuationEdits(tl: DashTimeline, mpd: ParsedMpd): BreakEdit[] {
  const span = prerollSpan(tl);
  const own = tl.avails.find((a) => a.preroll)?.periodKey;
  if (!span) return [];
  const edits: BreakEdit[] = [];
  for (const [i, t] of mpd.periods.entries()) {
    if (periodKeyOf(mpd, i) === own || cmp(t.start, span.start) <= 0 || cmp(t.start, span.end) >= 0) continue;
    const cover = sub(span.end, t.start);
    edits.push({ periodIndex: i, offset: rat(0n), mode: 'replace', replaceDuration: t.end === undefined ? cover : min(cover, sub(t.end, t.start)), periods: [] });
  }
  return edits;
}

/** The plan fitted again to `availDurationSec` (the part of its break the pre-roll leaves); what no longer fits is skipped. */
function refitPlan(state: SessionState, plan: AvailPlan, availDurationSec: number): AvailPlan {
  const threshold = state.record.config.PersonalizationThresholdSeconds;
  const bumper = (position: 'start' | 'end') => plan.bumpers?.find((b) => b.position === position);
  const start = bumper('start');
  const end = bumper('end');
  const refit = planFill({
    breakKey: plan.breakKey,
    availIndex: plan.availIndex,
    availDurationSec,
    insertion: false,
    candidates: plan.ads.map((x) => ({ ad: x.ad, ...(x.sequence !== undefined ? { sequence: x.sequence } : {}), wrapperDepth: x.wrapperDepth, vastDurationSec: x.vastDurationSec, creative: x.creative })),
    ...(plan.slate ? { slate: plan.slate } : {}),
    ...(threshold !== undefined ? { personalizationThresholdSec: threshold } : {}),
    ...(plan.reason ? { reason: plan.reason } : {}),
    ...(plan.adsRequestUrl ? { adsRequestUrl: plan.adsRequestUrl } : {}),
    breakTracking: plan.breakTracking,
    ...(start || end ? { bumpers: { ...(start ? { start: { creative: start.creative } } : {}), ...(end ? { end: { creative: end.creative } } : {}) } } : {}),
    nowMs: plan.decidedAtMs,
  });
  const skippedBumpers = [...(plan.skippedBumpers ?? []), ...(refit.skippedBumpers ?? [])];
  return { ...refit, skipped: [...plan.skipped, ...refit.skipped], ...(skippedBumpers.length > 0 ? { skippedBumpers } : {}) };
}
