/**
 * @module core/avails/suppression
 * Which breaks a session personalizes at all (docs/mediatailor-compat.md §6.5 "Avail suppression", live only):
 * `OFF`, `BEHIND_LIVE_EDGE` (breaks starting at or before the live edge at join minus Value are
 * left as content; `00:00:00` → only breaks after the join), `AFTER_LIVE_EDGE` (breaks starting
 * within Value after the live edge at join are left as content). A break the session joined
 * after its cue-out slid away is left as content unless FillPolicy is PARTIAL_AVAIL, which fills
 * the rest of it. Pure.
 */
import type { AvailSuppression } from '../config/playback-configuration.ts';

export type SuppressionVerdict = { readonly fill: true; readonly partial: boolean } | { readonly fill: false; readonly reason: string };

export interface BreakTiming {
  /** Session-relative origin time of the break start (or of the first segment seen, joined). */
  readonly startTimeSec: number;
  readonly joined: boolean;
  /** True when the break had started before the first window's live edge (in progress at join). */
  readonly inProgressAtJoin: boolean;
}

export function judgeBreak(s: AvailSuppression | undefined, joinEdgeTimeSec: number, t: BreakTiming): SuppressionVerdict {
  const mode = s?.Mode ?? 'OFF';
  const partial = s?.FillPolicy === 'PARTIAL_AVAIL';
  const valueSec = hmsToSec(s?.Value ?? '00:00:00');
  if (mode === 'BEHIND_LIVE_EDGE' && t.startTimeSec <= joinEdgeTimeSec - valueSec) {
    if (partial && t.inProgressAtJoin) return { fill: true, partial: true };
    return { fill: false, reason: `avail suppression BEHIND_LIVE_EDGE ${s?.Value ?? '00:00:00'}` };
  }
  if (mode === 'AFTER_LIVE_EDGE' && t.startTimeSec >= joinEdgeTimeSec && t.startTimeSec < joinEdgeTimeSec + valueSec) {
    return { fill: false, reason: `avail suppression AFTER_LIVE_EDGE ${s?.Value ?? '00:00:00'}` };
  }
  if (t.joined) return partial ? { fill: true, partial: true } : { fill: false, reason: 'joined mid-break (cue-out not seen)' };
  return { fill: true, partial: false };
}

export function hmsToSec(hms: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})$/.exec(hms);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}

/**
 * The session's suppression: the configuration's `AvailSuppression` with the session's values
 * over it, field by field (docs/mediatailor-compat.md §2.1 "Session-configured features").
 */
export function effectiveSuppression(config: AvailSuppression | undefined, session: AvailSuppression | undefined): AvailSuppression | undefined {
  return config || session ? { ...config, ...session } : undefined;
}
