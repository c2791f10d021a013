/**
 * @module core/session/dash-media
 * One DASH MPD request of a session (docs/dash.md "Sessions"), in two calls around the ad
 * decisions the SessionObject runs in between, like core/session/hls-media:
 *
 *   openDashMedia   — parse the origin MPD, record its avails in the session's DASH timeline, ask
 *                     for the decisions it needs (effects `decide-avail` / `decide-vod-schedule`);
 *   finishDashMedia — settle the avails with the plans at hand, write their ad and slate periods
 *                     into the MPD (core/dash stitchBreaks: VOD inserts, live replaces), set the
 *                     MPD-level fields (Location, PatchLocation, BaseURL, publishTime), log the
 *                     decisions whose avails were served, keep the state bounded.
 *
 * The same rules as HLS decide and fill (core/session/decisions, core/avails/plan): one ADS call
 * per avail and session, whatever the reloads; an avail whose decision was not ready when it was
 * first served stays content for good, so every reload shows the same periods. A live session
 * with `LivePreRollConfiguration` opens its pre-roll on its first MPD (core/session/dash-preroll);
 * `AvailSuppression` leaves the avails around its live edge at join as content
 * (core/session/dash-suppression).
 * Pure.
 */
import type { PodLocation } from '../logs/events.ts';
import { isoMillis } from '../logs/time-format.ts';
import {
  absolutizeBaseUrls,
  attr,
  childElements,
  periodSegmentStarts,
  detectDashBreaks,
  keepPublishTimeMonotonic,
  localName,
  parseDateTimeMs,
  parseMpd,
  periodElements,
  rational,
  serializeMpd,
  setLocation,
  stitchBreaks,
  textContent,
  textNode,
  withChildren,
  withoutPatchLocation,
  withPeriodEvents,
  withRoot,
  type BreakEdit,
  type DashOverlaySignal,
  type ParsedMpd,
  type Rat,
  type XElement,
} from '../dash/index.ts';
import { failure, success, type Outcome } from '../errors.ts';
import { appendQuery } from '../url/query.ts';
import { adsRequestFor } from './ads-request.ts';
import { dashAdSignalEvents } from './dash-ad-signals.ts';
import { dropUnreachable, type SessionState } from './state.ts';
import { overlayAvailRequest, type AvailRequest, type VodScheduleResult } from './decision-types.ts';
import { dashAvailEdit, type LaidPeriod } from './dash-periods.ts';
import { clipToPreroll, openDashPreroll, prerollContinuationEdits, settleDashPreroll } from './dash-preroll.ts';
import { dashAvailPlaces } from './dash-logging.ts';
import { logPlacedDecisions } from './decision-logging.ts';
import {
  applyStoredDashPlans,
  dashAvailRequest,
  dashTimeline,
  markUndecided,
  parseRatText,
  periodKeyOf,
  pruneDashAvails,
  registerDashBreaks,
  registerDashOverlays,
  type DashAvail,
  type DashTimeline,
} from './dash-timeline.ts';
import { recordJoinEdge, suppressDashAvail } from './dash-suppression.ts';
import { placeDashVodSchedule } from './dash-vod-schedule.ts';
import { LIVE_DECISION_WAIT_MS, VOD_DECISION_WAIT_MS, type SessionEffect } from './effects.ts';
import { inactivityTimeoutMs } from './expiry.ts';
import { dashPath } from './urls.ts';

const { toSec, sub } = rational;

export interface DashMediaRequest {
  readonly originText: string;
  /** The URL the MPD was fetched from: relative origin BaseURLs resolve against it. */
  readonly originUrl: string;
  /** A draw in [0, 1) per ADS request (`[avail.random]`). */
  readonly random: () => number;
}

/** An MPD between the two calls. */
export interface OpenedDashMpd {
  readonly mpd: ParsedMpd;
  readonly originUrl: string;
}

export interface DashMediaResponse {
  readonly text: string;
  readonly effects: readonly SessionEffect[];
}

export interface DashFinishContext {
  readonly nowMs: number;
  readonly newId: () => string;
  /** A VOD schedule that arrived for this MPD, if one was asked for. */
  readonly vodSchedule?: VodScheduleResult;
}

const UTC_TIME_SCHEME = 'urn:scte:dash:utc-time';

export function openDashMedia(state: SessionState, req: DashMediaRequest): Outcome<{ opened: OpenedDashMpd; effects: SessionEffect[] }> {
  const parsed = parseMpd(req.originText);
  if (!parsed.ok) return failure({ kind: 'origin-invalid', message: parsed.error.message });
  const mpd = parsed.value;
  const { record } = state;
  const first = state.dash === undefined;
  const tl = dashTimeline(state, mpd);
  const ast = mpd.info.availabilityStartTimeMs;
  if (!tl.vod && ast !== undefined) tl.availabilityStartTime = isoMillis(ast);
  // The live pre-roll is the session's first avail, opened on its first MPD (core/session/dash-preroll).
  if (first) {
    recordJoinEdge(tl, mpd);
    openDashPreroll(state, tl, mpd);
  }
  const detected = detectDashBreaks(mpd, record.config.DashConfiguration?.OriginManifestType ?? 'MULTI_PERIOD');
  registerDashBreaks(
    tl,
    mpd,
    detected.breaks,
    (b) => signalPdtMs(mpd, b.periodIndex, b.startSec),
    (a) => {
      clipToPreroll(state, tl, mpd, a);
      suppressDashAvail(state, tl, mpd, a);
    },
  );
  applyStoredDashPlans(state, tl);
  // Overlay avails are on unless the session turned them off (MediaTailor "Enabling overlay ads").
  const overlays =
    record.params.features.overlayAvails === false ? [] : registerDashOverlays(tl, mpd, detected.overlays, detected.breaks, (o: DashOverlaySignal) => signalPdtMs(mpd, o.periodIndex, o.startSec));
  const effects: SessionEffect[] = [];
  const waitMs = tl.vod ? VOD_DECISION_WAIT_MS : LIVE_DECISION_WAIT_MS;
  if (tl.vod && tl.avails.length === 0 && !state.vodScheduled) {
    const pseudo: AvailRequest = { key: 'vod', availIndex: 1, insertion: true, asset: {} };
    const last = mpd.periods[mpd.periods.length - 1];
    effects.push({ kind: 'decide-vod-schedule', request: adsRequestFor(record, pseudo, req.random()), contentDurationSec: last?.end === undefined ? 0 : toSec(last.end), waitMs });
  }
  for (const { avail } of presentAvails(tl, mpd)) {
    if (avail.mode !== 'pending' || state.plans.has(avail.availId)) continue;
    const request = dashAvailRequest(avail);
    effects.push({ kind: 'decide-avail', avail: request, request: adsRequestFor(record, request, req.random()), waitMs });
  }
  for (const o of overlays) {
    if (state.plans.has(o.key)) continue;
    const request = overlayAvailRequest(o);
    // Nothing waits for an overlay's answer: the MPD does not change with it.
    effects.push({ kind: 'decide-avail', avail: request, request: adsRequestFor(record, request, req.random()), waitMs: 0 });
  }
  return success({ opened: { mpd, originUrl: req.originUrl }, effects });
}

export function finishDashMedia(state: SessionState, opened: OpenedDashMpd, ctx: DashFinishContext): DashMediaResponse {
  const { mpd } = opened;
  const tl = dashTimeline(state, mpd);
  if (ctx.vodSchedule) placeDashVodSchedule(state, tl, mpd, ctx.vodSchedule, ctx.nowMs);
  applyStoredDashPlans(state, tl);
  settleDashPreroll(state, tl, mpd);
  const elements = periodElements(mpd.doc.root);
  const edits: BreakEdit[] = prerollContinuationEdits(tl, mpd);
  const edited: DashAvail[] = [];
  const laid = new Map<string, readonly LaidPeriod[]>();
  for (const { avail, periodIndex } of presentAvails(tl, mpd)) {
    // Served as content now, content for good: a later reload must not turn it into ads.
    if (avail.mode === 'pending') markUndecided(avail);
    const content = elements[periodIndex];
    if (avail.mode !== 'personalize' || !content) continue;
    const r = dashAvailEdit(state, avail, periodIndex, content, contentExtent(mpd, periodIndex, content, ctx.nowMs));
    if (r.ok) {
      edits.push(r.edit);
      edited.push(avail);
      laid.set(avail.availId, r.periods);
    } else if (!avail.placed) {
      avail.mode = 'passthrough';
      avail.reason = r.reason;
      avail.skipReason = r.skip;
    }
  }
  const markerPassthrough = state.record.config.ManifestProcessingRules?.AdMarkerPassthrough?.Enabled === true;
  const stitched = stitchBreaks(mpd, edits, { keepScteEventStreams: markerPassthrough });
  for (const a of edited) {
    const mine = stitched.placed.filter((p) => isPeriodOf(a.availId, p.id));
    if (mine.length === 0) continue;
    const occurrences = new Map((laid.get(a.availId) ?? []).map((p) => [p.id, p.occurrence]));
    a.placed = mine.map((p) => ({ id: p.id, occurrence: occurrences.get(p.id) ?? -1, startSec: toSec(p.start), durationSec: toSec(p.duration) }));
  }
  const root = mpdLevel(state, tl, withPeriodEvents(stitched.doc.root, dashAdSignalEvents(state, edited)), opened.originUrl);
  const text = serializeMpd(withRoot(stitched.doc, root));
  const effects: SessionEffect[] = [];
  const events = logPlacedDecisions(
    state,
    dashAvailPlaces(state, tl, mpd, (a) => podLocation(tl, mpd, a)),
    ctx.newId,
  );
  if (events.length > 0) effects.push({ kind: 'log', events });
  if (pruneDashAvails(state, tl, mpd) > 0) dropUnreachable(state);
  state.changes.dash = true;
  effects.push({ kind: 'keep-alive', timeoutMs: inactivityTimeoutMs(presentationSec(mpd)) });
  return { text, effects };
}

/** The avails whose period is in this MPD, with the period's position. */
function presentAvails(tl: DashTimeline, mpd: ParsedMpd): { avail: DashAvail; periodIndex: number }[] {
  const at = new Map<string, number>();
  mpd.periods.forEach((_, i) => {
    const key = periodKeyOf(mpd, i);
    if (key !== undefined && !at.has(key)) at.set(key, i);
  });
  const out: { avail: DashAvail; periodIndex: number }[] = [];
  for (const avail of tl.avails) {
    const periodIndex = at.get(avail.periodKey);
    if (periodIndex !== undefined) out.push({ avail, periodIndex });
  }
  return out;
}

/** `{availId}_{n}`: an ad or slate period of that avail. */
function isPeriodOf(availId: string, periodId: string): boolean {
  return periodId.startsWith(`${availId}_`) && /^\d+$/.test(periodId.slice(availId.length + 1));
}

/**
 * MPD-level fields (core/dash mpd-level): no PatchLocation (patches would bypass us), origin
 * BaseURLs absolute (with `ContentSegmentUrlPrefix` in place of the origin's scheme and host), a
 * live MPD's Location pointing back at the session unless `MpdLocation` is `DISABLED`, and
 * `@publishTime` never going back.
 */
function mpdLevel(state: SessionState, tl: DashTimeline, root: XElement, originUrl: string): XElement {
  const r = state.record;
  let out = absolutizeBaseUrls(withoutPatchLocation(root), originUrl);
  const cdn = r.config.CdnConfiguration?.ContentSegmentUrlPrefix;
  const originHost = safeOrigin(r.config.VideoContentSourceUrl);
  if (cdn && originHost) {
    const prefix = cdn.replace(/\/$/, '');
    out = withChildren(
      out,
      out.children.map((c) => {
        if (c.kind !== 'element' || localName(c.name) !== 'BaseURL') return c;
        const url = textContent(c).trim();
        return url.startsWith(`${originHost}/`) ? withChildren(c, [textNode(prefix + url.slice(originHost.length))]) : c;
      }),
    );
  }
  if (attr(out, 'type') === 'dynamic' && r.config.DashConfiguration?.MpdLocation !== 'DISABLED') {
    const session = appendQuery(`${r.selfOrigin}${dashPath(r.accountId, r.configName, r.assetPath)}`, [['aws.sessionId', r.sessionId], ...r.params.manifestParams]);
    out = setLocation(out, session);
  }
  const kept = keepPublishTimeMonotonic(out, tl.publishTimeMs);
  if (kept.publishTimeMs !== undefined) tl.publishTimeMs = kept.publishTimeMs;
  return kept.mpd;
}

/**
 * How far from its start a period's content exists: its length when its end is known; for a live
 * period without an end yet, what the origin has published: the start of its newest video segment,
 * else (a template without a timeline) the MPD's publish time (the clock when it has none) on the
 * presentation timeline. Undefined for a static period of unknown length.
 */
function contentExtent(mpd: ParsedMpd, periodIndex: number, content: XElement, nowMs: number): Rat | undefined {
  const t = mpd.periods[periodIndex];
  if (!t) return undefined;
  if (t.end !== undefined) return sub(t.end, t.start);
  if (mpd.info.type === 'static') return undefined;
  const starts = periodSegmentStarts(content, undefined);
  const newest = starts[starts.length - 1];
  if (newest) return newest;
  const clockMs = (mpd.info.publishTimeMs ?? nowMs) - (mpd.info.availabilityStartTimeMs ?? 0);
  return sub(rational.rat(BigInt(Number.isFinite(clockMs) ? Math.max(0, Math.floor(clockMs)) : 0), 1000n), t.start);
}

/** pre-roll at the start of a VOD asset, post-roll at its end, mid-roll otherwise (Uplynk format of docs/ad-logs.md pod_location). */
function podLocation(tl: DashTimeline, mpd: ParsedMpd, a: DashAvail): PodLocation {
  if (a.preroll) return 'preroll';
  if (!tl.vod) return 'midroll';
  const offset = parseRatText(a.offset);
  const first = mpd.periods[0];
  const last = mpd.periods[mpd.periods.length - 1];
  if (first && periodKeyOf(mpd, 0) === a.periodKey && offset.n === 0n) return 'preroll';
  const lastKey = periodKeyOf(mpd, mpd.periods.length - 1);
  if (last?.end !== undefined && lastKey === a.periodKey && rational.eq(offset, sub(last.end, last.start))) return 'postroll';
  return 'midroll';
}

/**
 * `[avail.source_content_time_epoch_ms]` of a signal at `startSec` on the MPD timeline: the
 * period's `urn:scte:dash:utc-time` plus the offset in the period (MediaTailor's source for DASH),
 * else for live the availability start plus the start.
 */
function signalPdtMs(mpd: ParsedMpd, periodIndex: number, startSec: number): number | undefined {
  const period = periodElements(mpd.doc.root)[periodIndex];
  const prop = period ? [...childElements(period, 'SupplementalProperty'), ...childElements(period, 'EssentialProperty')].find((p) => attr(p, 'schemeIdUri') === UTC_TIME_SCHEME) : undefined;
  const utc = prop ? parseDateTimeMs(attr(prop, 'value')) : undefined;
  const periodStart = mpd.periods[periodIndex]?.start;
  if (utc !== undefined && periodStart !== undefined) return utc + Math.round((startSec - toSec(periodStart)) * 1000);
  const ast = mpd.info.availabilityStartTimeMs;
  return mpd.info.type === 'dynamic' && ast !== undefined ? ast + Math.round(startSec * 1000) : undefined;
}

/** How long the MPD presents: VOD its length, live its time-shift window (or the span of its periods). */
function presentationSec(mpd: ParsedMpd): number {
  if (mpd.info.type === 'dynamic' && mpd.info.timeShiftBufferDepth) return toSec(mpd.info.timeShiftBufferDepth);
  const first = mpd.periods[0];
  const last = mpd.periods[mpd.periods.length - 1];
  return first && last?.end !== undefined ? toSec(sub(last.end, first.start)) : 60;
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
