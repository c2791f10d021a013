/**
 * @module core/session/slot-media
 * What a rendition plays for one ad slot (docs/architecture.md "Stitching"), and the URL shapes
 * of ad segments: through `/v1/segment/…` for sessions that report server-side (the request fires
 * the beacons, then redirects), straight to the creative otherwise; blank WebVTT for subtitle
 * renditions. URLs are written relative to the media playlist (`/v1/manifest/{acct}/{cfg}/{sid}/{n}.m3u8`),
 * as MediaTailor writes them, so they keep working behind a CDN that maps a path prefix. Pure.
 */
import { findSlot, type LedgerBreak } from '../avails/ledger.ts';
import { slotsUntil, type Slot } from '../avails/slots.ts';
import { matchRendition, type CreativeRendition, type CreativeSegment, type RenditionNeed } from '../creatives/creative-media.ts';
import { isDashCreative } from '../creatives/dash-creative.ts';
import type { Rendition } from '../hls/multivariant.ts';
import type { SlotMedia } from '../hls/stitch.ts';
import { appendQuery } from '../url/query.ts';
import type { SessionRecord } from './session-record.ts';
import type { SessionState } from './state.ts';

const enc = encodeURIComponent;

/** A media playlist's slot lookup: creative renditions are matched once per request. */
export function slotMediaFor(state: SessionState, rendition: Rendition): (b: LedgerBreak, slot: Slot, outSeq: number) => SlotMedia | undefined {
  const record = state.record;
  const need = needOf(rendition);
  const matched = new Map<string, CreativeRendition>();
  const blankVtt = rendition.kind === 'subtitles' ? appendQuery(`../../../../webvtt/${enc(record.accountId)}/blank.vtt`, record.params.manifestParams) : '';
  // Every ad slot URL of this playlist differs only in its sequence number: built once around it.
  const [segmentHead, segmentTail] = segmentRouteParts(record, rendition.index);
  return (b, slot, outSeq) => {
    const occ = state.plans.get(b.key)?.occurrences[slot.occurrence];
    if (!occ) return undefined;
    // Subtitle renditions show nothing while an ad plays: one blank WebVTT segment per slot.
    if (rendition.kind === 'subtitles') return { uri: blankVtt, durationSec: slot.durationSec };
    const found = adMedia(state, occ.creativeKey, need, slot.segment, matched);
    if (!found) return undefined;
    const { cr, seg } = found;
    const uri = record.serverBeacons ? `${segmentHead}${outSeq}${segmentTail}` : seg.uri;
    return { uri, durationSec: seg.durationSec, ...(cr.mapUri ? { mapLine: `#EXT-X-MAP:URI="${cr.mapUri}"` } : {}) };
  };
}

/** `/v1/segment/{acct}/{cfg}/{sid}/{n}/{seq}` relative to media playlist `n`: the parts before and after `{seq}`. */
export function segmentRouteParts(record: SessionRecord, index: number): [string, string] {
  const head = `../../../../segment/${enc(record.accountId)}/${enc(record.configName)}/${record.sessionId}/${index}/`;
  return [head, appendQuery('', record.params.manifestParams)];
}

/** The ad segment that output sequence `outSeq` of `rendition` plays, and where it sits in its break. */
export function adSegmentAt(state: SessionState, rendition: Rendition, outSeq: number): { url: string; brk: LedgerBreak; slot: Slot } | undefined {
  const found = findSlot(state.ledger, outSeq);
  if (!found) return undefined;
  const plan = state.plans.get(found.brk.key);
  const slot = plan ? slotsUntil(plan.occurrences, Infinity, found.k + 1)[found.k] : undefined;
  const occ = slot ? plan?.occurrences[slot.occurrence] : undefined;
  const media = slot && occ ? adMedia(state, occ.creativeKey, needOf(rendition), slot.segment) : undefined;
  return slot && media ? { url: media.seg.uri, brk: found.brk, slot } : undefined;
}

function needOf(r: Rendition): RenditionNeed {
  if (r.kind === 'audio') return { kind: 'audio' };
  return { kind: 'video', ...(r.bandwidth !== undefined ? { bandwidth: r.bandwidth } : {}), ...(r.width !== undefined ? { width: r.width } : {}), ...(r.height !== undefined ? { height: r.height } : {}) };
}

/**
 * Segment `segment` of a creative in the rendition that matches `need` (the last segment when a
 * rendition is shorter than the reference). `matched` caches the match for one playlist.
 */
function adMedia(state: SessionState, creativeKey: string, need: RenditionNeed, segment: number, matched?: Map<string, CreativeRendition>): { cr: CreativeRendition; seg: CreativeSegment } | undefined {
  let cr = matched?.get(creativeKey);
  if (!cr) {
    const media = state.creatives.get(creativeKey);
    if (!media || isDashCreative(media)) return undefined;
    cr = matchRendition(media, need);
    matched?.set(creativeKey, cr);
  }
  const seg = cr.segments[segment] ?? cr.segments[cr.segments.length - 1];
  return seg ? { cr, seg } : undefined;
}
