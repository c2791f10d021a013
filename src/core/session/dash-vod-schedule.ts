/**
 * @module core/session/dash-vod-schedule
 * A DASH VOD asset without SCTE-35 signals gets its avails from one ADS call, as an HLS one does
 * (core/session/decisions `placeVodSchedule`): a VMAP's breaks at their offsets, or a plain VAST's
 * ads as a pre-roll. Each break becomes an insertion point in the period holding its offset,
 * rounded down to a segment boundary of the period's video (MediaTailor snaps 25 s to 24.024 s
 * with 6.006 s segments); a break at the end is a post-roll after the last period. Avail ids are
 * `{periodId}_{offset}` (MediaTailor's `8778696_PT25S` shape, with the offset as placed). Pure.
 */
import { planFill } from '../avails/plan.ts';
import { floorToSegmentStart, formatDuration, periodElements, periodSegmentStarts, rational, type ParsedMpd, type Rat, type XElement } from '../dash/index.ts';
import type { VodScheduleResult } from './decision-types.ts';
import { VOD_SCHEDULE_KEY } from './decisions.ts';
import { periodKeyOf, ratText, type DashTimeline } from './dash-timeline.ts';
import { putPlan, type SessionState } from './state.ts';

const { rat, sub, cmp, toSec } = rational;

export function placeDashVodSchedule(state: SessionState, tl: DashTimeline, mpd: ParsedMpd, schedule: VodScheduleResult, nowMs: number): void {
  if (state.vodScheduled || tl.avails.length > 0) return;
  const elements = periodElements(mpd.doc.root);
  const last = mpd.periods[mpd.periods.length - 1];
  let first: string | undefined;
  for (const b of schedule.breaks) {
    const at = place(mpd, elements, rat(BigInt(Math.round(b.offsetSec * 1000)), 1000n), last?.end);
    const key = at ? periodKeyOf(mpd, at.periodIndex) : undefined;
    if (!at || key === undefined) continue;
    const availId = `${key}_${formatDuration(at.offset)}`;
    if (tl.avails.some((a) => a.availId === availId)) continue;
    const availIndex = ++tl.availCount;
    const plan = planFill({
      breakKey: availId,
      availIndex,
      insertion: true,
      candidates: b.candidates,
      breakTracking: b.breakTracking,
      adsRequestUrl: schedule.trace.adsRequestUrl,
      ...(schedule.bumpers ? { bumpers: schedule.bumpers } : {}),
      nowMs,
    });
    putPlan(state, plan);
    tl.avails.push({
      availId,
      availIndex,
      periodKey: key,
      offset: ratText(at.offset),
      duration: '0/1',
      insertion: true,
      mode: plan.occurrences.length > 0 ? 'personalize' : 'passthrough',
      ...(plan.reason ? { reason: plan.reason } : {}),
    });
    // One ADS exchange decided every avail of the schedule: it is logged once, with the first.
    state.unlogged.push({
      breakKey: availId,
      trace: schedule.trace,
      ...(first !== undefined ? { requests: 'elsewhere' as const } : {}),
      ...(b.vmapBreakIndex !== undefined ? { vmapBreak: { index: b.vmapBreakIndex, offsetSec: b.offsetSec } } : {}),
    });
    first ??= availId;
  }
  if (first === undefined) state.unlogged.push({ breakKey: VOD_SCHEDULE_KEY, trace: schedule.trace, requests: 'only' });
  state.vodScheduled = true;
  state.changes.vodScheduled = true;
  state.changes.dash = true;
  state.changes.unlogged = true;
}

/** The period and the offset in it where a break at `offset` of the presentation goes. */
function place(mpd: ParsedMpd, elements: readonly XElement[], offset: Rat, end: Rat | undefined): { periodIndex: number; offset: Rat } | undefined {
  const lastIndex = mpd.periods.length - 1;
  const lastTiming = mpd.periods[lastIndex];
  if (!lastTiming || end === undefined) return undefined;
  // A post-roll: at (or past) the end, after the last period's content.
  if (toSec(offset) >= toSec(end) - 0.001) return { periodIndex: lastIndex, offset: sub(end, lastTiming.start) };
  for (const t of mpd.periods) {
    if (cmp(offset, t.start) < 0 || (t.end !== undefined && cmp(offset, t.end) >= 0)) continue;
    const el = elements[t.index];
    if (!el) return undefined;
    const length = t.end === undefined ? undefined : sub(t.end, t.start);
    return { periodIndex: t.index, offset: floorToSegmentStart(periodSegmentStarts(el, length), sub(offset, t.start)) };
  }
  return undefined;
}
