/**
 * @module core/session/dash-timeline
 * What a DASH session remembers across MPD reloads (docs/dash.md "Sessions"), beside the HLS
 * ledger: its avails by id (the Period@id, `{periodId}_{eventId}` single-period, or
 * `{periodId}_{offset}` for a VMAP break placed in a VOD asset), where each sits in the origin
 * (period and exact offset), whether it is decided, and where its ad and slate periods were last
 * written on the output timeline, for the tracking API, the `/v1/dashsegment` beacons and the ad
 * log. Avail ids come from the MPD only, so they are the same on every reload; the plan of an avail
 * (one ADS call) is stored under its id like an HLS break's. Pure.
 */
import type { BreakMode } from '../avails/ledger.ts';
import type { SkipReason } from '../avails/plan.ts';
import { formatDuration, rational, type DashBreak, type ParsedMpd, type Rat } from '../dash/index.ts';
import type { AvailSignal } from '../scte35/index.ts';
import type { AvailRequest } from './decision-types.ts';
import type { SessionState } from './state.ts';

/** An ad or slate period as last written for an avail (seconds on the output MPD timeline). */
export interface DashPlacedPeriod {
  readonly id: string;
  /** Index in the plan's occurrences (ads, then the looping slate). */
  readonly occurrence: number;
  readonly startSec: number;
  readonly durationSec: number;
}

export interface DashAvail {
  /** Avail id and plan key. */
  readonly availId: string;
  /** 1-based position in the session's avails (`[avail.index]`). */
  readonly availIndex: number;
  /** Period@id of the origin period (else its start as xs:duration), and the offset in it as exact `n/d` seconds. */
  readonly periodKey: string;
  readonly offset: string;
  /** Signalled duration (`n/d` seconds), once known; a live break in an open period may have none yet. */
  duration?: string;
  /** VOD insertion point (duration 0): ads are inserted, nothing replaced. */
  readonly insertion: boolean;
  readonly scte?: AvailSignal;
  readonly pdtMs?: number;
  mode: BreakMode;
  reason?: string;
  /** The skip reason the ad log gives the plan's ads when the avail played as content. */
  skipReason?: SkipReason;
  placed?: DashPlacedPeriod[];
}

export interface DashTimeline {
  readonly vod: boolean;
  availCount: number;
  avails: DashAvail[];
  /** `@publishTime` of the last MPD served (never goes back). */
  publishTimeMs?: number;
  /** Origin `MPD@availabilityStartTime` (live), for the tracking JSON's `dashAvailabilityStartTime`. */
  availabilityStartTime?: string;
}

export const ratText = (r: Rat): string => `${r.n}/${r.d}`;

export function parseRatText(text: string): Rat {
  const [n = '0', d = '1'] = text.split('/');
  return rational.rat(BigInt(n), BigInt(d));
}

/** The session's DASH timeline, created on the first MPD. */
export function dashTimeline(state: SessionState, mpd: ParsedMpd): DashTimeline {
  state.changes.dash = true;
  return (state.dash ??= { vod: mpd.info.type === 'static', availCount: 0, avails: [] });
}

/** The key of a period as avail ids name it: its @id, else its start (core/dash detect-breaks). */
export function periodKeyOf(mpd: ParsedMpd, periodIndex: number): string | undefined {
  const t = mpd.periods[periodIndex];
  if (!t) return undefined;
  return t.id ?? formatDuration(t.start);
}

/**
 * Records the breaks of this MPD: a new one gets the next avail index and waits for its decision;
 * a known one learns its duration once the MPD tells it (a live period that was still open).
 */
export function registerDashBreaks(tl: DashTimeline, mpd: ParsedMpd, breaks: readonly DashBreak[], pdtOf: (b: DashBreak) => number | undefined): void {
  for (const b of breaks) {
    const known = tl.avails.find((a) => a.availId === b.id);
    if (known) {
      if (known.duration === undefined && b.duration !== undefined) known.duration = ratText(b.duration);
      continue;
    }
    const pdtMs = pdtOf(b);
    tl.avails.push({
      availId: b.id,
      availIndex: ++tl.availCount,
      periodKey: periodKeyOf(mpd, b.periodIndex) ?? b.id,
      offset: ratText(b.offset),
      ...(b.duration !== undefined ? { duration: ratText(b.duration) } : {}),
      insertion: tl.vod && b.duration !== undefined && b.duration.n === 0n,
      scte: b.signal,
      ...(pdtMs !== undefined ? { pdtMs } : {}),
      mode: 'pending',
    });
  }
}

/** Settles the pending avails whose plan is stored: personalized with ads, played as content without. */
export function applyStoredDashPlans(state: SessionState, tl: DashTimeline): void {
  for (const a of tl.avails) {
    if (a.mode !== 'pending') continue;
    const plan = state.plans.get(a.availId);
    if (!plan) continue;
    a.mode = plan.occurrences.length > 0 ? 'personalize' : 'passthrough';
    if (plan.occurrences.length === 0 && plan.reason) a.reason = plan.reason;
  }
}

/** What the ad server is asked about an avail. */
export function dashAvailRequest(a: DashAvail): AvailRequest {
  return {
    key: a.availId,
    availIndex: a.availIndex,
    insertion: a.insertion,
    ...(a.duration !== undefined && !a.insertion ? { signalledDurationSec: rational.toSec(parseRatText(a.duration)) } : {}),
    ...(a.scte ? { scte: a.scte } : {}),
    asset: {},
    ...(a.pdtMs !== undefined ? { pdtMs: a.pdtMs } : {}),
  };
}

/**
 * Forgets the avails of a live MPD whose period has left the window and that nothing waits on;
 * returns how many went. VOD avails stay (the whole asset is always there).
 */
export function pruneDashAvails(state: SessionState, tl: DashTimeline, mpd: ParsedMpd): number {
  if (tl.vod) return 0;
  const present = new Set(mpd.periods.map((_, i) => periodKeyOf(mpd, i)));
  const waiting = new Set(state.unlogged.map((u) => u.breakKey));
  const before = tl.avails.length;
  tl.avails = tl.avails.filter((a) => present.has(a.periodKey) || waiting.has(a.availId));
  return before - tl.avails.length;
}
