/**
 * @module platform/session-media
 * Serves one media playlist of a session (DESIGN §6): record the origin window in the ledger,
 * decide new avails (single flight, bounded wait), settle and stitch. VOD waits for every
 * decision; live waits at most LIVE_DECISION_WAIT_MS and otherwise holds the playlist at the
 * undecided break, so a slow ad server never stalls a reload for long (DESIGN §9).
 */
import { findSlot, type LedgerBreak } from '../core/avails/ledger.ts';
import { slotsUntil, type Slot } from '../core/avails/slots.ts';
import { matchRendition, type CreativeRendition, type CreativeSegment, type RenditionNeed } from '../core/creatives/creative-media.ts';
import type { Rendition } from '../core/hls/multivariant.ts';
import { parseMediaPlaylist, type MediaPlaylist } from '../core/hls/media-playlist.ts';
import { passThroughMediaPlaylist } from '../core/hls/passthrough.ts';
import { beginWindow, finishWindow, isVodPlaylist } from '../core/hls/personalize-media.ts';
import type { SlotMedia } from '../core/hls/stitch.ts';
import { createUriResolver } from '../core/hls/uri-resolver.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import { appendQuery } from '../core/url/query.ts';
import type { SessionDecisions } from './session-decisions.ts';
import type { SessionStore } from './session-store.ts';

export const LIVE_DECISION_WAIT_MS = 1_500;
export const VOD_DECISION_WAIT_MS = 15_000;

export type MediaPlaylistResult =
  | { readonly ok: true; readonly text: string; readonly playlistDurationSec: number }
  | { readonly ok: false; readonly status: 400 | 502; readonly message: string };

export interface MediaDeps {
  readonly store: SessionStore;
  readonly decisions: SessionDecisions;
}

export async function serveMediaPlaylist(deps: MediaDeps, record: SessionRecord, rendition: Rendition, originText: string): Promise<MediaPlaylistResult> {
  const cfg = record.config;
  const cdn = cfg.CdnConfiguration?.ContentSegmentUrlPrefix;
  // ContentSegmentUrlPrefix takes the place of the origin's scheme and host; the path is kept, so
  // a CDN that forwards every path to the origin serves the same segments (contracts §6.8).
  const resolveContent = createUriResolver(rendition.originUrl, cdn ? originOf(cfg.VideoContentSourceUrl) : undefined, cdn);
  const markerPassthrough = cfg.ManifestProcessingRules?.AdMarkerPassthrough?.Enabled === true;

  const { store, decisions } = deps;
  // I-frame playlists are not stitched (ads have no I-frame renditions). Subtitles are, with blank
  // WebVTT over the ads (DESIGN §5), when they share the video's segmentation; otherwise their
  // sequence numbers cannot follow the session's numbering, and they pass through.
  if (rendition.kind === 'iframe' || rendition.kind === 'subtitles') {
    const model = parseMediaPlaylist(originText);
    if (rendition.kind === 'iframe' || !alignedWithReference(store, model)) {
      const text = passThroughMediaPlaylist(model, resolveContent, markerPassthrough);
      return { ok: true, text, playlistDurationSec: model.segments.reduce((t, s) => t + s.durationSec, 0) };
    }
  }

  const ledger = store.ledger();
  // Session values override the configuration's field by field (seed 000 "Session-configured features").
  const suppression = cfg.AvailSuppression || record.params.features.availSuppression ? { ...cfg.AvailSuppression, ...record.params.features.availSuppression } : undefined;
  const w = beginWindow(ledger, originText, suppression ? { suppression } : {});
  if (w.model.segments.length === 0 && !w.model.endList && w.model.targetDurationSec === 0) {
    return { ok: false, status: 502, message: 'origin media playlist has no segments and no target duration' };
  }
  store.saveLedger();

  const vod = isVodPlaylist(w.model);
  const waits: Promise<void>[] = [];
  if (vod && ledger.breaks.length === 0) waits.push(decisions.ensureVodSchedule(record, w.model));
  for (const b of w.pending) waits.push(decisions.ensure(record, b.key));
  if (waits.length > 0) await waitAtMost(Promise.all(waits), vod ? VOD_DECISION_WAIT_MS : LIVE_DECISION_WAIT_MS);

  const matched = new Map<string, CreativeRendition>();
  const need = needOf(rendition);
  const result = finishWindow(ledger, w, {
    occurrencesOf: (key) => store.plan(key)?.occurrences,
    slotMedia: (b, slot, outSeq) => slotMedia(store, record, rendition, need, matched, b, slot, outSeq),
    resolveContent,
    markerPassthrough,
  });
  if (rendition.kind === 'variant') rememberReference(store, w.model);
  store.saveLedger();
  return { ok: true, text: result.text, playlistDurationSec: result.durationSec };
}

/** The last window of a video variant: subtitles are stitched only when they line up with it. */
function rememberReference(store: SessionStore, model: MediaPlaylist): void {
  const first = model.segments[0];
  if (first) store.kv.put('refWindow', { firstSeq: first.seq, durationsSec: model.segments.map((s) => s.durationSec) });
}

function alignedWithReference(store: SessionStore, model: MediaPlaylist): boolean {
  const ref = store.kv.get<{ firstSeq: number; durationsSec: number[] }>('refWindow');
  if (!ref) return false;
  let overlap = 0;
  for (const s of model.segments) {
    const d = ref.durationsSec[s.seq - ref.firstSeq];
    if (d === undefined) continue;
    if (Math.abs(d - s.durationSec) > 0.1) return false;
    overlap++;
  }
  return overlap > 0;
}

function slotMedia(
  store: SessionStore, record: SessionRecord, rendition: Rendition, need: RenditionNeed,
  matched: Map<string, CreativeRendition>, b: LedgerBreak, slot: Slot, outSeq: number,
): SlotMedia | undefined {
  const occ = store.plan(b.key)?.occurrences[slot.occurrence];
  if (!occ) return undefined;
  if (rendition.kind === 'subtitles') {
    // Blank WebVTT over the ad, one segment per slot (contracts §1 `/v1/webvtt/{accountId}/*`).
    return { uri: appendQuery(`../../../../webvtt/${encodeURIComponent(record.accountId)}/blank.vtt`, record.params.manifestParams), durationSec: slot.durationSec };
  }
  const found = adMedia(store, occ.creativeKey, need, slot.segment, matched);
  if (!found) return undefined;
  const { cr, seg } = found;
  // Server-side reporting sessions fetch ad segments through /v1/segment, which fires the
  // beacons and redirects (seed 001); client-side sessions go straight to the ad (contracts §4.1).
  const uri = record.serverBeacons ? segmentRouteUrl(record, rendition.index, outSeq) : seg.uri;
  return { uri, durationSec: seg.durationSec, ...(cr.mapUri ? { mapLine: `#EXT-X-MAP:URI="${cr.mapUri}"` } : {}) };
}

/** `/v1/segment/{acct}/{cfg}/{sid}/{n}/{seq}` relative to the media playlist (`/v1/manifest/{acct}/{cfg}/{sid}/{n}.m3u8`). */
function segmentRouteUrl(record: SessionRecord, index: number, outSeq: number): string {
  const enc = encodeURIComponent;
  return appendQuery(`../../../../segment/${enc(record.accountId)}/${enc(record.configName)}/${record.sessionId}/${index}/${outSeq}`, record.params.manifestParams);
}

function needOf(r: Rendition): RenditionNeed {
  if (r.kind === 'audio') return { kind: 'audio' };
  return { kind: 'video', ...(r.bandwidth !== undefined ? { bandwidth: r.bandwidth } : {}), ...(r.width !== undefined ? { width: r.width } : {}), ...(r.height !== undefined ? { height: r.height } : {}) };
}

/** The ad segment behind `/v1/segment/…/{n}/{seq}`: its URL in rendition `n`, and where it sits in the plan. */
export function adSegmentFor(store: SessionStore, rendition: Rendition, outSeq: number): { url: string; brk: LedgerBreak; slot: Slot } | undefined {
  const found = findSlot(store.ledger(), outSeq);
  if (!found) return undefined;
  const plan = store.plan(found.brk.key);
  const slot = plan ? slotsUntil(plan.occurrences, Infinity, found.k + 1)[found.k] : undefined;
  const occ = slot ? plan?.occurrences[slot.occurrence] : undefined;
  const media = slot && occ ? adMedia(store, occ.creativeKey, needOf(rendition), slot.segment) : undefined;
  return slot && media ? { url: media.seg.uri, brk: found.brk, slot } : undefined;
}

/**
 * Segment `segment` of a creative in the rendition that matches `need` (the last segment when a
 * rendition is shorter than the reference). `matched` caches the match for one playlist.
 */
function adMedia(
  store: SessionStore, creativeKey: string, need: RenditionNeed, segment: number, matched?: Map<string, CreativeRendition>,
): { cr: CreativeRendition; seg: CreativeSegment } | undefined {
  let cr = matched?.get(creativeKey);
  if (!cr) {
    const media = store.creative(creativeKey);
    if (!media) return undefined;
    cr = matchRendition(media, need);
    matched?.set(creativeKey, cr);
  }
  const seg = cr.segments[segment] ?? cr.segments[cr.segments.length - 1];
  return seg ? { cr, seg } : undefined;
}

async function waitAtMost(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  if (timer !== undefined) clearTimeout(timer);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
