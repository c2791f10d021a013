/**
 * @module core/session/hls-media
 * One HLS media playlist request of a session (docs/architecture.md "Session core"), in two
 * calls around the ad decisions the SessionObject runs in between:
 *
 *   openHlsMedia   — read the origin window into the ledger; ask for the decisions it needs
 *                    (effects `decide-avail` / `decide-vod-schedule`);
 *   finishHlsMedia — settle the ledger with the plans at hand, stitch the playlist, log the
 *                    decisions whose breaks now have a place, keep the state bounded.
 *
 * The second call reads the state as it is then, not as the first call left it: other renditions
 * of the session may have been served in between. Pure.
 */
import { effectiveSuppression } from '../avails/suppression.ts';
import { applyStoredPlans, placeVodSchedule, VOD_SCHEDULE_KEY } from './decisions.ts';
import { overlayAvailRequest, type AvailRequest, type VodScheduleResult } from './decision-types.ts';
import { adsRequestFor } from './ads-request.ts';
import { LIVE_DECISION_WAIT_MS, VOD_DECISION_WAIT_MS, type SessionEffect } from './effects.ts';
import { inactivityTimeoutMs } from './expiry.ts';
import { logPlacedDecisions } from './decision-logging.ts';
import { hlsAdSignaling } from './hls-ad-signals.ts';
import { hlsAvailPlaces } from './hls-logging.ts';
import { slotMediaFor } from './slot-media.ts';
import { dropUnreachable, type SessionState } from './state.ts';
import type { LedgerBreak } from '../avails/ledger.ts';
import type { PrerollOptions } from '../avails/preroll.ts';
import { plannedDurationSec } from '../avails/slots.ts';
import { failure, success, type Outcome } from '../errors.ts';
import { contentShapeOfModel } from '../creatives/packaging-ladder.ts';
import type { Rendition } from '../hls/multivariant.ts';
import { parseMediaPlaylist, totalDurationSec, type MediaPlaylist } from '../hls/media-playlist.ts';
import { passThroughMediaPlaylist } from '../hls/passthrough.ts';
import { beginParsedWindow, finishWindow, isVodPlaylist, type WindowStart } from '../hls/personalize-media.ts';
import { createUriResolver, type UriResolver } from '../hls/uri-resolver.ts';

export interface HlsMediaRequest {
  readonly rendition: Rendition;
  readonly originText: string;
  /** A draw in [0, 1) per ADS request (`[avail.random]`). */
  readonly random: () => number;
}

/** A window between the two calls. */
export type OpenedHlsMedia =
  | { readonly kind: 'passthrough'; readonly text: string; readonly durationSec: number }
  | { readonly kind: 'stitch'; readonly rendition: Rendition; readonly window: WindowStart; readonly resolveContent: UriResolver };

export interface HlsMediaResponse {
  readonly text: string;
  readonly durationSec: number;
  readonly effects: readonly SessionEffect[];
}

export function openHlsMedia(state: SessionState, req: HlsMediaRequest): Outcome<{ opened: OpenedHlsMedia; effects: SessionEffect[] }> {
  const { record } = state;
  const cfg = record.config;
  const { rendition, originText } = req;
  const resolveContent = contentResolver(state, rendition);
  const markerPassthrough = cfg.ManifestProcessingRules?.AdMarkerPassthrough?.Enabled === true;
  // I-frame playlists are not stitched (ads have no I-frame renditions). Subtitles are, with blank
  // WebVTT over the ads, when they share the video's segmentation; otherwise their sequence
  // numbers cannot follow the session's numbering, and they pass through.
  const model = parseMediaPlaylist(originText);
  if (model.invalid) return failure({ kind: 'origin-invalid', message: model.invalid });
  // The content's segment duration and container, from its first video or audio playlist: the
  // ladder MP4 creatives are packaged to (docs/packaging-creatives.md).
  if (state.contentShape === undefined && (rendition.kind === 'variant' || rendition.kind === 'audio')) {
    state.contentShape = contentShapeOfModel(model);
    state.changes.contentShape = state.contentShape !== undefined;
  }
  if (rendition.kind === 'iframe' || rendition.kind === 'subtitles') {
    if (rendition.kind === 'iframe' || !alignedWithReference(state, model)) {
      const text = passThroughMediaPlaylist(model, resolveContent, markerPassthrough);
      return success({ opened: { kind: 'passthrough', text, durationSec: totalDurationSec(model) }, effects: [] });
    }
  }
  // Session values override the configuration's field by field (docs/mediatailor-compat.md §2.1 "Session-configured features").
  const suppression = effectiveSuppression(cfg.AvailSuppression, record.params.features.availSuppression);
  // Plans decided since the last request settle their breaks first: the pre-roll's decides where
  // an origin break it overlaps may start.
  applyStoredPlans(state);
  // Overlay avails are on unless the session turned them off (MediaTailor "Enabling overlay ads").
  const overlays = record.params.features.overlayAvails !== false;
  const window = beginParsedWindow(state.ledger, model, { ...(suppression ? { suppression } : {}), ...livePreroll(state), overlays });
  if (window.model.count === 0 && !window.model.endList && window.model.targetDurationSec === 0) {
    return failure({ kind: 'origin-invalid', message: 'origin media playlist has no segments and no target duration' });
  }
  state.changes.ledger = true;
  applyStoredPlans(state);
  const effects: SessionEffect[] = [];
  const vod = isVodPlaylist(window.model);
  const waitMs = vod ? VOD_DECISION_WAIT_MS : LIVE_DECISION_WAIT_MS;
  if (vod && state.ledger.breaks.length === 0 && !state.vodScheduled) {
    const pseudo: AvailRequest = { key: VOD_SCHEDULE_KEY, availIndex: 1, insertion: true, asset: {} };
    effects.push({ kind: 'decide-vod-schedule', request: adsRequestFor(record, pseudo, req.random()), contentDurationSec: totalDurationSec(window.model), waitMs });
  }
  for (const b of window.pending) {
    if (b.mode !== 'pending' || state.plans.has(b.key)) continue;
    const avail = availOf(b);
    effects.push({ kind: 'decide-avail', avail, request: adsRequestFor(record, avail, req.random()), waitMs });
  }
  for (const o of window.overlays) {
    if (state.plans.has(o.key)) continue;
    const avail = overlayAvailRequest(o);
    // Nothing waits for an overlay's answer: the playlist does not change with it.
    effects.push({ kind: 'decide-avail', avail, request: adsRequestFor(record, avail, req.random()), waitMs: 0 });
  }
  return success({ opened: { kind: 'stitch', rendition, window, resolveContent }, effects });
}

export interface FinishContext {
  readonly nowMs: number;
  readonly newId: () => string;
  /** A VOD schedule that arrived for this window, if one was asked for. */
  readonly vodSchedule?: VodScheduleResult;
}

export function finishHlsMedia(state: SessionState, opened: OpenedHlsMedia, ctx: FinishContext): HlsMediaResponse {
  if (opened.kind === 'passthrough') return { text: opened.text, durationSec: opened.durationSec, effects: [{ kind: 'keep-alive' }] };
  const { window, rendition, resolveContent } = opened;
  if (ctx.vodSchedule) placeVodSchedule(state, window.model, ctx.vodSchedule, ctx.nowMs);
  applyStoredPlans(state);
  const result = finishWindow(state.ledger, window, {
    occurrencesOf: (key) => state.plans.get(key)?.occurrences,
    slotMedia: slotMediaFor(state, rendition),
    resolveContent,
    markerPassthrough: state.record.config.ManifestProcessingRules?.AdMarkerPassthrough?.Enabled === true,
    ...hlsAdSignaling(state, window.index),
    ...startAt(state),
  });
  if (rendition.kind === 'variant') rememberReference(state, window.model);
  state.changes.ledger = true;
  const effects: SessionEffect[] = [];
  const events = logPlacedDecisions(state, hlsAvailPlaces(state), ctx.newId);
  if (events.length > 0) effects.push({ kind: 'log', events });
  if (result.prunedBreaks > 0) dropUnreachable(state);
  effects.push({ kind: 'keep-alive', timeoutMs: inactivityTimeoutMs(result.durationSec) });
  return { text: result.text, durationSec: result.durationSec, effects };
}

/** What the ad server is asked about a ledger break. */
export function availOf(b: LedgerBreak): AvailRequest {
  return {
    key: b.key,
    availIndex: b.availIndex,
    insertion: b.insertion,
    ...(b.signalledDurationSec !== undefined ? { signalledDurationSec: b.signalledDurationSec } : {}),
    ...(b.scte ? { scte: b.scte } : {}),
    asset: b.asset,
    ...(b.pdtMs !== undefined ? { pdtMs: b.pdtMs } : {}),
    ...(b.preroll ? { preroll: true } : {}),
  };
}

/** The session's start time (`aws.startTime`), for EXT-X-START (core/hls/start-time). */
function startAt(state: SessionState): { startAtMs?: number } {
  const t = state.record.params.features.startTime;
  const ms = t === undefined ? Number.NaN : Date.parse(t);
  return Number.isFinite(ms) ? { startAtMs: ms } : {};
}

/**
 * The live pre-roll the session's first live window opens (core/avails/preroll), when the
 * configuration has `LivePreRollConfiguration.AdDecisionServerUrl` and the session did not turn
 * it off (`aws.preroll=disabled`, `"preroll": "disabled"`).
 */
function livePreroll(state: SessionState): { preroll?: PrerollOptions; prerollFillSec?: number } {
  const c = state.record.config.LivePreRollConfiguration;
  if (!c?.AdDecisionServerUrl || state.record.params.features.preroll === false) return {};
  if (state.ledger.anchorSeq === undefined) return { preroll: c.MaxDurationSeconds !== undefined ? { maxDurationSec: c.MaxDurationSeconds } : {} };
  // Once decided, where the open pre-roll ends decides where an origin break it overlaps starts.
  const open = state.ledger.breaks.find((b) => b.preroll && !b.closed);
  const plan = open ? state.plans.get(open.key) : undefined;
  return plan ? { prerollFillSec: plannedDurationSec(plan.occurrences) } : {};
}

/**
 * Content URIs become absolute; `ContentSegmentUrlPrefix` takes the place of the origin's scheme
 * and host with the path kept, so a CDN that forwards every path to the origin serves the same
 * segments (MediaTailor's CdnConfiguration).
 */
function contentResolver(state: SessionState, rendition: Rendition): UriResolver {
  // One per rendition for as long as the state is in memory (a rendition's reloads share it, and
  // with it the resolver's memo of rewritten key and map lines).
  let r = resolvers.get(rendition);
  if (!r) {
    const cfg = state.record.config;
    const cdn = cfg.CdnConfiguration?.ContentSegmentUrlPrefix;
    r = createUriResolver(rendition.originUrl, cdn ? originOf(cfg.VideoContentSourceUrl) : undefined, cdn);
    resolvers.set(rendition, r);
  }
  return r;
}

const resolvers = new WeakMap<Rendition, UriResolver>();

/** Segments of the video's last window kept to check subtitle alignment: the live edge is what players load. */
const REF_WINDOW_SEGMENTS = 256;

/**
 * The tail of the last window of a video variant: subtitles are stitched only when they line up
 * with it. Bounded, because the ledger is written on every request (a 22-hour DVR window would
 * otherwise add 40,000 numbers to each write); unchanged on a reload of the same window.
 */
function rememberReference(state: SessionState, model: MediaPlaylist): void {
  const from = Math.max(0, model.count - REF_WINDOW_SEGMENTS);
  const firstSeq = model.mediaSequence + from;
  const ref = state.ledger.refWindow;
  if (model.count === 0 || (ref && ref.firstSeq === firstSeq && ref.durationsSec.length === model.count - from)) return;
  state.ledger.refWindow = { firstSeq, durationsSec: model.durationsSec.slice(from, model.count) };
}

function alignedWithReference(state: SessionState, model: MediaPlaylist): boolean {
  const ref = state.ledger.refWindow;
  if (!ref) return false;
  let overlap = 0;
  for (let i = 0; i < model.count; i++) {
    const d = ref.durationsSec[model.mediaSequence + i - ref.firstSeq];
    if (d === undefined) continue;
    if (Math.abs(d - (model.durationsSec[i] as number)) > 0.1) return false;
    overlap++;
  }
  return overlap > 0;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
