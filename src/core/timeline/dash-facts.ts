/**
 * @module core/timeline/dash-facts
 * The timeline of a DASH session (docs/session-timeline.md "DASH sessions"), from what the
 * session's DASH state already holds (core/session/dash-timeline): a marker entry per avail found
 * in an origin MPD, what an MPD served held, where an avail's ads sit, and the ad and slate blocks
 * of the media timeline. Session media time is the MPD's presentation time, the Period@start clock
 * of the tracking JSON (VOD: seconds from the session start; live: seconds from
 * `MPD@availabilityStartTime`). Pure: times come in.
 */
import type { AvailPlacement } from '../avails/timeline.ts';
import { periodKeyOf, parseRatText, type DashAvail } from '../session/dash-timeline.ts';
import { placeDashAvail } from '../session/dash-placement.ts';
import type { SessionState } from '../session/state.ts';
import { rational, type ParsedMpd } from '../dash/index.ts';
import type { MediaBlock } from './media-layout.ts';
import type { MarkerEntry, ServedWindow } from './entries.ts';

const round3 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : 0);

/** The avails an MPD request found first: one marker entry each. */
export function dashMarkerEntries(avails: readonly DashAvail[], atMs: number): MarkerEntry[] {
  return avails.map((a) => ({
    kind: 'marker',
    atMs,
    breakKey: a.availId,
    availIndex: a.availIndex,
    period: a.periodKey,
    offsetSec: round3(rational.toSec(parseRatText(a.offset))),
    insertion: a.insertion,
    ...(a.duration !== undefined ? { durationSec: round3(rational.toSec(parseRatText(a.duration))) } : {}),
    tags: [],
    ...(a.scte ? { scte: a.scte } : {}),
  }));
}

/**
 * What a stitched MPD held: its Periods (counted in the text served), its span on the session's
 * clock and the avails in it played as ads or as content. VOD: from 0 to the origin's end plus
 * the ads inserted; live: from the oldest point the time-shift buffer keeps to the live edge
 * (now on the MPD's clock, or the end of the last Period when it is closed).
 */
export function servedMpd(state: SessionState, origin: ParsedMpd, text: string, nowMs: number): ServedWindow {
  let periods = 0;
  for (let i = text.indexOf('<Period'); i >= 0; i = text.indexOf('<Period', i + 7)) if (/[\s>/]/.test(text.charAt(i + 7))) periods++;
  const tl = state.dash;
  const keys = new Set(origin.periods.map((_, i) => periodKeyOf(origin, i)));
  const present = (tl?.avails ?? []).filter((a) => keys.has(a.periodKey));
  const first = origin.periods[0];
  const last = origin.periods[origin.periods.length - 1];
  const vod = origin.info.type === 'static';
  let startSec = first?.startSec ?? 0;
  let endSec: number;
  if (vod) {
    const inserted = present.filter((a) => a.insertion).reduce((t, a) => t + (a.placed ?? []).reduce((s, p) => s + p.durationSec, 0), 0);
    endSec = (last?.end !== undefined ? rational.toSec(last.end) : startSec) + inserted;
  } else {
    const ast = origin.info.availabilityStartTimeMs ?? 0;
    const edgeSec = (nowMs - ast) / 1000;
    endSec = last?.end !== undefined ? Math.min(rational.toSec(last.end), edgeSec) : edgeSec;
    const depth = origin.info.timeShiftBufferDepth;
    if (depth) startSec = Math.max(startSec, endSec - rational.toSec(depth));
  }
  return {
    periods,
    durationSec: round3(Math.max(0, endSec - startSec)),
    startSec: round3(startSec),
    endSec: round3(endSec),
    adBreaks: present.filter((a) => a.mode === 'personalize').length,
    contentBreaks: present.filter((a) => a.mode === 'passthrough').length,
    complete: vod,
  };
}

/** Where the ads of DASH avail `availId` were last written, while the session remembers the avail. */
export function dashPlacement(state: SessionState, availId: string): AvailPlacement | undefined {
  const avail = state.dash?.avails.find((a) => a.availId === availId);
  const plan = state.plans.get(availId);
  return avail && plan ? placeDashAvail(avail, plan) : undefined;
}

/**
 * The ad and slate blocks of the session's DASH avails, one per Period written for them. An avail
 * played as content has no Period of its own to point at: it shows as content (its marker and
 * plan entries tell why).
 */
export function dashBreakBlocks(state: SessionState): MediaBlock[] {
  const blocks: MediaBlock[] = [];
  for (const a of state.dash?.avails ?? []) {
    const plan = state.plans.get(a.availId);
    if (a.mode !== 'personalize' || !plan) continue;
    for (const p of a.placed ?? []) {
      const occ = plan.occurrences[p.occurrence];
      const base = { startSec: round3(p.startSec), durationSec: round3(p.durationSec), breakKey: a.availId, availIndex: a.availIndex, availId: a.availId };
      blocks.push(occ && !occ.loop && occ.adIndex !== undefined ? { kind: 'ad', ...base, adIndex: occ.adIndex } : { kind: 'slate', ...base });
    }
  }
  return blocks;
}
