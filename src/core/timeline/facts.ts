/**
 * @module core/timeline/facts
 * Builds timeline entries (core/timeline/entries) from what the session rules and the platform
 * already hold: the session record, the ledger's breaks, an avail's plan, a beacon attempt's log
 * event, an ADS exchange. Every text is cut to a bound here, so the ring's size is bounded by its
 * entry count. Pure: times come in.
 */
import { stepAt, type Ledger, type LedgerBreak } from '../avails/ledger.ts';
import type { AvailPlan } from '../avails/plan.ts';
import { placeAvail, type AvailPlacement } from '../avails/timeline.ts';
import type { AdLogEvent } from '../logs/events.ts';
import type { SessionRecord } from '../session/session-record.ts';
import type { SessionState } from '../session/state.ts';
import { linearCreative } from '../vast/index.ts';
import type { WindowIndex } from '../avails/window-index.ts';
import { dashPlacement } from './dash-facts.ts';
import type { AdsRequestEntry, BeaconEntry, MarkerEntry, PlanEntry, ServedWindow, SessionEntry, TimelineEntry } from './entries.ts';

/** Longest URL kept (ad server URLs may be long templates; 2 KiB tells which request it was). */
export const MAX_URL_CHARS = 2_048;
/** Response body kept per ADS exchange: enough for a VAST pod, bounded for a hostile server. */
export const MAX_ADS_BODY_CHARS = 16_384;
const MAX_TEXT_CHARS = 1_024;
const MAX_MARKER_TAGS = 4;

/** `s` cut to `max` characters, marked with `…` when cut. */
export function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function sessionEntry(record: SessionRecord): SessionEntry {
  const logMode = record.params.features.logMode;
  return {
    kind: 'session',
    atMs: record.createdAtMs,
    init: record.kind,
    reportingMode: record.serverBeacons ? 'server' : 'client',
    assetPath: cut(record.assetPath, MAX_URL_CHARS),
    originUrl: cut(record.originUrl, MAX_URL_CHARS),
    ...(logMode ? { logMode } : {}),
    playerParams: Object.keys(record.params.playerParams).slice(0, 100).map((k) => cut(k, 128)),
  };
}

/** The breaks a window saw first: one marker entry each. */
export function markerEntries(breaks: readonly LedgerBreak[], atMs: number): MarkerEntry[] {
  return breaks.map((b) => ({
    kind: 'marker',
    atMs,
    breakKey: b.key,
    availIndex: b.availIndex,
    originSeq: b.originStartSeq,
    insertion: b.insertion,
    ...(b.signalledDurationSec !== undefined ? { durationSec: b.signalledDurationSec } : {}),
    tags: b.startLines.slice(0, MAX_MARKER_TAGS).map((l) => cut(l, MAX_TEXT_CHARS)),
    ...(b.scte ? { scte: b.scte } : {}),
  }));
}

/**
 * What a stitched media playlist held: segment count (its `#EXTINF` lines), duration, the session
 * media time of its end (origin time of the window end plus the numbering step there), and the
 * breaks it shows as ads or as content.
 */
export function servedWindow(ledger: Ledger, index: WindowIndex, text: string, durationSec: number, complete: boolean): ServedWindow {
  let segments = 0;
  for (let i = text.indexOf('#EXTINF'); i >= 0; i = text.indexOf('#EXTINF', i + 7)) segments++;
  let adBreaks = 0;
  let contentBreaks = 0;
  for (const b of ledger.breaks) {
    // An insertion point sits before its segment (a post-roll at the window's end); a break covers its segments.
    const inWindow = b.insertion
      ? b.originStartSeq >= index.firstSeq && b.originStartSeq <= index.endSeq
      : (b.replacedEndSeq ?? b.originEndSeq ?? b.originStartSeq + 1) > index.firstSeq && b.originStartSeq < index.endSeq;
    if (!inWindow) continue;
    if (b.mode === 'personalize') adBreaks++;
    else if (b.mode === 'passthrough') contentBreaks++;
  }
  const endSec = index.timeSec(index.endSeq) + stepAt(ledger, index.endSeq).timeDeltaSec;
  return { segments, durationSec: round3(durationSec), endSec: round3(endSec), adBreaks, contentBreaks, complete };
}

export interface PlanContext {
  readonly atMs: number;
  /** When the ADS request that led to the plan started (absent for a VOD schedule's avails). */
  readonly decisionStartedAtMs?: number;
}

export function planEntry(plan: AvailPlan, ctx: PlanContext): PlanEntry {
  return {
    kind: 'plan',
    atMs: ctx.atMs,
    breakKey: plan.breakKey,
    availIndex: plan.availIndex,
    outcome: plan.outcome,
    ...(plan.reason ? { reason: cut(plan.reason, MAX_TEXT_CHARS) } : {}),
    ...(plan.originAvailDurationSec !== undefined ? { availDurationSec: round3(plan.originAvailDurationSec) } : {}),
    filledDurationSec: round3(plan.filledDurationSec),
    fillRate: round3(plan.fillRate),
    ads: plan.ads.map((a) => ({
      index: a.index,
      vastAdId: cut(a.ad.id ?? '', 256),
      title: cut(a.ad.adTitle ?? '', 256),
      creativeId: cut(linearCreative(a.ad)?.id ?? '', 256),
      durationSec: round3(a.mediaDurationSec),
      mediaUrl: cut(a.creative.sourceUrl, MAX_URL_CHARS),
    })),
    ...(plan.slate ? { slateUrl: cut(plan.slate.sourceUrl, MAX_URL_CHARS) } : {}),
    skipped: plan.skipped.slice(0, 100).map((s) => ({
      creativeUniqueId: cut(s.creativeUniqueId, 256),
      reason: s.skippedReason,
      ...(s.message ? { message: cut(s.message, MAX_TEXT_CHARS) } : {}),
      ...(s.adMezzanineUrl ? { mediaUrl: cut(s.adMezzanineUrl, MAX_URL_CHARS) } : {}),
    })),
    ...(plan.adsRequestUrl ? { adsRequestUrl: cut(plan.adsRequestUrl, MAX_URL_CHARS) } : {}),
    ...(ctx.decisionStartedAtMs !== undefined ? { decisionMs: Math.max(0, ctx.atMs - ctx.decisionStartedAtMs) } : {}),
  };
}

/** One ADS HTTP exchange as the platform's fetcher saw it: the entry's fields, whole (the entry cuts them). */
export type AdsExchange = Pick<AdsRequestEntry, 'url' | 'method' | 'outcome' | 'status' | 'latencyMs' | 'message' | 'body'> & { readonly startedAtMs: number };

export function adsRequestEntry(avail: { readonly key: string; readonly availIndex: number }, x: AdsExchange): AdsRequestEntry {
  const body = x.body;
  return {
    kind: 'ads-request',
    atMs: x.startedAtMs,
    breakKey: avail.key,
    availIndex: avail.availIndex,
    url: cut(x.url, MAX_URL_CHARS),
    method: x.method,
    outcome: x.outcome,
    ...(x.status !== undefined ? { status: x.status } : {}),
    latencyMs: Math.round(x.latencyMs),
    ...(x.message ? { message: cut(x.message, MAX_TEXT_CHARS) } : {}),
    ...(body !== undefined ? { body: body.slice(0, MAX_ADS_BODY_CHARS), bodyChars: body.length, bodyTruncated: body.length > MAX_ADS_BODY_CHARS } : {}),
  };
}

/** Share of the ad elapsed when a VAST tracking event is due (VAST 4.2 §3.14.1 quartiles). */
const EVENT_SHARE: Readonly<Record<string, number>> = { impression: 0, start: 0, creativeView: 0, firstQuartile: 0.25, midpoint: 0.5, thirdQuartile: 0.75, complete: 1 };

/** The timeline entry of a beacon attempt's ad-log event (`beacon-fired` / `beacon-failed`); undefined for other events. */
export function beaconEntry(state: SessionState, e: AdLogEvent): BeaconEntry | undefined {
  if (e.kind !== 'beacon-fired' && e.kind !== 'beacon-failed') return undefined;
  const b = e.beacon;
  const timeSec = beaconTimeSec(state, e.availId, b.adIndex, b.trackingEvent);
  return {
    kind: 'beacon',
    atMs: e.timestampMs,
    availId: e.availId,
    adIndex: b.adIndex,
    event: b.trackingEvent,
    url: cut(b.http.url, MAX_URL_CHARS),
    attempt: b.attempt,
    outcome: e.kind === 'beacon-fired' ? 'fired' : 'failed',
    ...(b.http.statusCode !== undefined ? { status: b.http.statusCode } : {}),
    latencyMs: Math.round(b.http.durationMs),
    ...(e.kind === 'beacon-failed' ? { error: cut(e.error, MAX_TEXT_CHARS) } : {}),
    ...(timeSec !== undefined ? { timeSec } : {}),
  };
}

/** Session media time of `event` of ad `adIndex` in avail `availId`, while the session remembers the break. */
export function beaconTimeSec(state: SessionState, availId: string, adIndex: number, event: string): number | undefined {
  const ad = placementOf(state, availId)?.ads.find((a) => a.adIndex === adIndex);
  if (!ad) return undefined;
  const share = EVENT_SHARE[event] ?? 0;
  return round3(ad.startTimeSec + share * ad.durationSec);
}

/** Where avail `availId`'s ads sit: an HLS break of the ledger (availId: its output media sequence), or a DASH avail. */
function placementOf(state: SessionState, availId: string): AvailPlacement | undefined {
  if (state.record.sessionType === 'DASH') return dashPlacement(state, availId);
  const brk = state.ledger.breaks.find((x) => x.outStartSeq !== undefined && String(x.outStartSeq) === availId);
  const plan = brk ? state.plans.get(brk.key) : undefined;
  return brk && plan ? placeAvail(brk, plan) : undefined;
}

export function errorEntry(where: string, message: string, atMs: number): TimelineEntry {
  return { kind: 'error', atMs, where: cut(where, 128), message: cut(message, MAX_TEXT_CHARS) };
}

const round3 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : 0);
