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
import { formatDuration, rational, type DashBreak, type DashOverlaySignal, type ParsedMpd, type Rat } from '../dash/index.ts';
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
  /** The live pre-roll (core/session/dash-preroll): opened by the session, asked of its own ad server. */
  readonly preroll?: boolean;
  /**
   * The part of the break that may be personalized, as offsets in its period (`n/d` seconds), when
   * the live pre-roll overlaps it: from the pre-roll's end, or up to its start.
   */
  clip?: { from?: string; to?: string };
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
  /** The live pre-roll, once opened (core/session/dash-preroll). */
  preroll?: DashPreroll;
  /** Overlay avails (core/avails/overlays), live only. */
  overlays?: DashOverlay[];
  /** Live edge of the session's first MPD on the MPD timeline (`n/d` s), for avail suppression (core/session/dash-suppression). */
  joinEdge?: string;
}

/**
 * An overlay avail of a live DASH session (docs/dash.md "Overlay avails"): asked about once, its
 * content left in the MPD, its offer listed by the tracking API at the signal's time.
 */
export interface DashOverlay {
  /** Avail id and plan key: `{periodKey}_{Event@id}` (core/dash detect-breaks). */
  readonly key: string;
  readonly availIndex: number;
  readonly periodKey: string;
  /** Start on the MPD timeline (live: seconds from `MPD@availabilityStartTime`). */
  readonly startSec: number;
  readonly durationSec?: number;
  readonly scte?: AvailSignal;
  readonly pdtMs?: number;
}

/** Overlay avails kept per session (older ones have left every window), as for HLS. */
const MAX_OVERLAYS = 50;

/** Where the live pre-roll sits on the MPD timeline (`n/d` seconds from the period timeline's 0). */
export interface DashPreroll {
  readonly availId: string;
  readonly start: string;
  /** Where its ads end, once it is known that they play. */
  end?: string;
  /** Whether it plays is decided (the MPD that first showed it was served). */
  settled: boolean;
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
export function registerDashBreaks(
  tl: DashTimeline,
  mpd: ParsedMpd,
  breaks: readonly DashBreak[],
  pdtOf: (b: DashBreak) => number | undefined,
  onNew?: (a: DashAvail, periodIndex: number) => void,
): void {
  for (const b of breaks) {
    const known = tl.avails.find((a) => a.availId === b.id);
    if (known) {
      if (known.duration === undefined && b.duration !== undefined) known.duration = ratText(b.duration);
      continue;
    }
    const pdtMs = pdtOf(b);
    const avail: DashAvail = {
      availId: b.id,
      availIndex: ++tl.availCount,
      periodKey: periodKeyOf(mpd, b.periodIndex) ?? b.id,
      offset: ratText(b.offset),
      ...(b.duration !== undefined ? { duration: ratText(b.duration) } : {}),
      insertion: tl.vod && b.duration !== undefined && b.duration.n === 0n,
      scte: b.signal,
      ...(pdtMs !== undefined ? { pdtMs } : {}),
      mode: 'pending',
    };
    tl.avails.push(avail);
    onNew?.(avail, b.periodIndex);
  }
}

/**
 * Records the overlay opportunities of a live MPD; returns the ones first seen now (to be decided).
 * An opportunity inside a linear break that is (or may be) personalized is not offered: its content
 * is not shown (MediaTailor "Overlay ads"; the same rule as core/avails/overlay-register for HLS).
 */
export function registerDashOverlays(
  tl: DashTimeline,
  mpd: ParsedMpd,
  found: readonly DashOverlaySignal[],
  breaks: readonly DashBreak[],
  pdtOf: (o: DashOverlaySignal) => number | undefined,
): DashOverlay[] {
  if (tl.vod || found.length === 0) return [];
  const overlays = (tl.overlays ??= []);
  const opened: DashOverlay[] = [];
  for (const o of found) {
    if (overlays.some((x) => x.key === o.id)) continue;
    const covering = breaks.find((b) => b.startSec <= o.startSec && (b.durationSec === undefined || o.startSec < b.startSec + b.durationSec));
    const avail = covering ? tl.avails.find((a) => a.availId === covering.id) : undefined;
    if (avail && avail.mode !== 'passthrough') continue;
    const pdtMs = pdtOf(o);
    const overlay: DashOverlay = {
      key: o.id,
      availIndex: ++tl.availCount,
      periodKey: periodKeyOf(mpd, o.periodIndex) ?? o.id,
      startSec: o.startSec,
      ...(o.durationSec !== undefined ? { durationSec: o.durationSec } : {}),
      scte: o.signal,
      ...(pdtMs !== undefined ? { pdtMs } : {}),
    };
    overlays.push(overlay);
    opened.push(overlay);
  }
  if (overlays.length > MAX_OVERLAYS) overlays.splice(0, overlays.length - MAX_OVERLAYS);
  return opened;
}

/**
 * The part of an avail that is personalized: its signalled span within its `clip` (the live
 * pre-roll's overlap taken out). `duration` undefined: not known yet (a live period still open).
 */
export function availSpan(a: DashAvail): { offset: Rat; duration?: Rat } {
  const origin = parseRatText(a.offset);
  const from = a.clip?.from === undefined ? origin : rational.max(origin, parseRatText(a.clip.from));
  const ends = [a.duration === undefined ? undefined : rational.add(origin, parseRatText(a.duration)), a.clip?.to === undefined ? undefined : parseRatText(a.clip.to)].filter(
    (x): x is Rat => x !== undefined,
  );
  if (ends.length === 0) return { offset: from };
  const end = ends.reduce((x, y) => rational.min(x, y));
  return { offset: from, duration: rational.cmp(end, from) > 0 ? rational.sub(end, from) : rational.rat(0n) };
}

/** An avail first served before its decision was ready: content now, content for good (a later reload must not turn it into ads). */
export function markUndecided(a: DashAvail): void {
  a.mode = 'passthrough';
  a.reason = 'the ad decision was not ready when the avail was first served';
  a.skipReason = 'ADS_TIMEOUT';
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
  const span = availSpan(a);
  return {
    key: a.availId,
    availIndex: a.availIndex,
    insertion: a.insertion,
    ...(span.duration !== undefined && !a.insertion ? { signalledDurationSec: rational.toSec(span.duration) } : {}),
    ...(a.scte ? { scte: a.scte } : {}),
    asset: {},
    ...(a.pdtMs !== undefined ? { pdtMs: a.pdtMs } : {}),
    ...(a.preroll ? { preroll: true } : {}),
  };
}

/**
 * Forgets the avails (overlays too) of a live MPD whose period has left the window and that nothing waits on;
 * returns how many went. VOD avails stay (the whole asset is always there).
 */
export function pruneDashAvails(state: SessionState, tl: DashTimeline, mpd: ParsedMpd): number {
  if (tl.vod) return 0;
  const present = new Set(mpd.periods.map((_, i) => periodKeyOf(mpd, i)));
  const waiting = new Set(state.unlogged.map((u) => u.breakKey));
  // The pre-roll's ads may run into the periods after its own, whose content they cut.
  const preroll = prerollSpan(tl);
  const prerollShown = preroll !== undefined && mpd.periods.some((t) => rational.cmp(t.start, preroll.end) < 0 && (t.end === undefined || rational.cmp(t.end, preroll.start) > 0));
  const before = tl.avails.length + (tl.overlays?.length ?? 0);
  tl.avails = tl.avails.filter((a) => present.has(a.periodKey) || waiting.has(a.availId) || (a.preroll === true && prerollShown));
  if (tl.overlays) tl.overlays = tl.overlays.filter((o) => present.has(o.periodKey) || waiting.has(o.key));
  return before - tl.avails.length - (tl.overlays?.length ?? 0);
}

/** Where the live pre-roll's ads play on the MPD timeline, when they play. */
export function prerollSpan(tl: DashTimeline): { start: Rat; end: Rat } | undefined {
  const p = tl.preroll;
  return p?.end === undefined ? undefined : { start: parseRatText(p.start), end: parseRatText(p.end) };
}
