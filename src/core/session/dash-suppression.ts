/**
 * @module core/session/dash-suppression
 * Avail suppression in live DASH sessions (`AvailSuppression`, session values over the
 * configuration's; docs/dash.md "Avail suppression"), by the rules HLS sessions use
 * (core/avails/suppression `judgeBreak`):
 *
 * - the live edge at join is where the session's first MPD ends: `publishTime −
 *   availabilityStartTime` on the MPD timeline (ISO/IEC 23009-1 §5.3.9.5: a dynamic MPD's
 *   `@publishTime` is when it was generated, its newest segment being available by then);
 * - `BEHIND_LIVE_EDGE` leaves as content the avails that start at or before the edge minus
 *   `Value`; `AFTER_LIVE_EDGE` those that start within `Value` after it; with `FillPolicy`
 *   `PARTIAL_AVAIL`, a suppressed avail still running at the edge is filled from the edge on;
 * - an avail left as content is never asked about (no ADS request), and stays content.
 *
 * An avail's SCTE-35 Event stays in the MPD with its period, so a DASH session always sees a
 * break's start (never "joined mid-break" as HLS can be). The live pre-roll and VOD are not
 * suppressed. Pure.
 */
import { effectiveSuppression, judgeBreak } from '../avails/suppression.ts';
import { rational, type ParsedMpd } from '../dash/index.ts';
import { parseRatText, periodKeyOf, ratText, type DashAvail, type DashTimeline } from './dash-timeline.ts';
import type { SessionState } from './state.ts';

const { rat, add, sub, cmp, max, toSec } = rational;

/** Remembers the live edge of the session's first MPD (undefined without `@publishTime`). */
export function recordJoinEdge(tl: DashTimeline, mpd: ParsedMpd): void {
  const { publishTimeMs, availabilityStartTimeMs } = mpd.info;
  if (tl.vod || tl.joinEdge !== undefined || publishTimeMs === undefined || availabilityStartTimeMs === undefined) return;
  tl.joinEdge = ratText(rat(BigInt(publishTimeMs - availabilityStartTimeMs), 1000n));
}

/** Applies the session's suppression to an avail seen for the first time. */
export function suppressDashAvail(state: SessionState, tl: DashTimeline, mpd: ParsedMpd, a: DashAvail): void {
  const s = effectiveSuppression(state.record.config.AvailSuppression, state.record.params.features.availSuppression);
  if (tl.vod || !s || (s.Mode ?? 'OFF') === 'OFF' || tl.joinEdge === undefined || a.preroll || a.mode !== 'pending') return;
  const timing = mpd.periods.find((_, i) => periodKeyOf(mpd, i) === a.periodKey);
  if (!timing) return;
  const edge = parseRatText(tl.joinEdge);
  const start = add(timing.start, parseRatText(a.offset));
  const end = a.duration === undefined ? undefined : add(start, parseRatText(a.duration));
  const verdict = judgeBreak(s, toSec(edge), {
    startTimeSec: toSec(start),
    joined: false,
    inProgressAtJoin: cmp(start, edge) < 0 && (end === undefined || cmp(end, edge) > 0),
  });
  if (!verdict.fill) {
    a.mode = 'passthrough';
    a.reason = verdict.reason;
    return;
  }
  if (verdict.partial) {
    const from = sub(edge, timing.start);
    a.clip = { ...a.clip, from: ratText(a.clip?.from === undefined ? from : max(from, parseRatText(a.clip.from))) };
  }
}
