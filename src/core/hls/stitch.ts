/**
 * @module core/hls/stitch
 * Emits a personalized HLS media playlist from the origin window and the settled session
 * ledger (DESIGN §6; contracts §6.2). One pass over the segments: content keeps its tags and
 * gets absolute URIs; a personalized break's content is replaced by its slots (live) or its
 * slots are inserted before the content (VOD); `EXT-X-DISCONTINUITY` at every boundary;
 * `EXT-X-KEY:METHOD=NONE` over ads of encrypted content and the key re-emitted after; cue tags
 * consumed unless marker passthrough; the header numbers follow the ledger (invariants 1, 2, 5).
 * A break still waiting for its decision holds the playlist at its start. Pure.
 */
import { contentOffsetSec } from '../avails/break-content.ts';
import { placement, stepAt, stepCursor, type Ledger, type LedgerBreak } from '../avails/ledger.ts';
import { boundariesBefore, slotsUntil, type Occurrence, type Slot } from '../avails/slots.ts';
import type { WindowIndex } from '../avails/window-index.ts';
import { SEG, type MediaPlaylist } from './media-playlist.ts';
import type { UriResolver } from './uri-resolver.ts';
import { epochPdtLine, EPOCH_DATED_ITEMS, type SlotSignals } from './ad-signaling.ts';
import { StartTimeTracker, withStartLine } from './start-time.ts';
import { absolutizeDateRange, absolutizeUriAttribute, keyAndMapLines, outputVersion, PlaylistWriter } from './writer.ts';

/** What a rendition plays for one slot. */
export interface SlotMedia {
  readonly uri: string;
  readonly durationSec: number;
  /** EXT-X-MAP line of an fMP4 ad rendition. */
  readonly mapLine?: string;
}

export interface StitchInput {
  readonly model: MediaPlaylist;
  readonly index: WindowIndex;
  readonly ledger: Ledger;
  readonly occurrencesOf: (key: string) => readonly Occurrence[] | undefined;
  /** Rendition-specific media for slot `slot` of break `brk` (its output sequence is given for URLs). */
  readonly slotMedia: (brk: LedgerBreak, slot: Slot, outSeq: number) => SlotMedia | undefined;
  readonly resolveContent: UriResolver;
  readonly markerPassthrough: boolean;
  /** Ad ID signaling (core/hls/ad-signaling): the DATERANGE lines of a break's slots. */
  readonly slotSignals?: (brk: LedgerBreak) => SlotSignals | undefined;
  /** Date the playlist from 1970-01-01T00:00:00Z (VOD ad signaling when the origin has no PDT; core/hls/ad-signaling). */
  readonly epochPdt?: boolean;
  /** The session's start time (`aws.startTime`, epoch ms): an EXT-X-START at the nearest boundary (core/hls/start-time). */
  readonly startAtMs?: number;
}

export interface StitchResult {
  readonly text: string;
  /** The playlist stops before a break whose decision is still pending. */
  readonly held: boolean;
  readonly durationSec: number;
}

export function stitchMediaPlaylist(input: StitchInput): StitchResult {
  const { model, index, ledger } = input;
  const w = new PlaylistWriter(model, input.resolveContent, input.markerPassthrough);
  let headSeq: number | undefined;
  let headDisc: number | undefined;
  let held = false;
  let heldAt: LedgerBreak | undefined;
  let nextHead: { seq: number; disc: number } | undefined;
  /** The EXT-X-KEY lines and EXT-X-MAP in effect at the current segment (RFC 8216 §4.3.2.4–5). */
  let keyLines: readonly string[] | undefined;
  let mapLine: string | undefined;
  let segKeys: { keys?: string[]; map?: string } = {};
  let pendingDisc = false;
  let emittedKeyNone = false;
  /** Signal lines that close the last ad of the break just written; they go with the next item. */
  let carry: readonly string[] = [];
  /** Items (segments and slots) written so far. */
  let written = 0;
  const start = input.startAtMs !== undefined ? new StartTimeTracker(input.startAtMs) : undefined;
  /** The epoch date of the next item, while the first items are dated (VOD ad signaling). */
  const epochDate = (): string | undefined => (input.epochPdt === true && written < EPOCH_DATED_ITEMS ? epochPdtLine(w.totalSec) : undefined);

  /** Numbers the next item; true when it needs an EXT-X-DISCONTINUITY (never on the first: the header carries its number). */
  const begin = (outSeq: number, disc: number, discontinuity: boolean): boolean => {
    written++;
    if (headSeq === undefined) {
      headSeq = outSeq;
      headDisc = disc;
      return false;
    }
    return discontinuity;
  };

  /**
   * EXT-X-DATERANGE tags of the replaced content segments this window shows: they are passed
   * through with the break's first visible slot, so a SCTE35-OUT range is never dropped while its
   * SCTE35-IN partner stays. They are placed by START-DATE, not by position.
   */
  const replacedDateRanges = (b: LedgerBreak, fromSeq: number): string[] => {
    const out: string[] = [];
    const end = Math.min(b.replacedEndSeq ?? b.originEndSeq ?? index.endSeq, index.endSeq);
    for (let q = fromSeq; q < end; q++) for (const l of index.dateRanges(q)) out.push(absolutizeDateRange(l, input.resolveContent));
    return out;
  };

  const emitSlots = (b: LedgerBreak, slots: readonly Slot[], fromK: number, toK: number, dateRanges: readonly string[] = []): void => {
    const at = placement(b);
    // Discontinuity number of slot k, counted along (one pass: a long slate-filled break stays linear).
    let disc = at.outDiscBefore + 1 + boundariesBefore(slots, fromK);
    // No slot is visible yet (the first one's midpoint is past the window's end). The next response
    // starts with the break's first slot, or, if the break ends up with none, with the content at
    // its start: both are numbered outStartSeq, with a discontinuity number of at least outDiscBefore.
    if (fromK >= toK) nextHead ??= { seq: at.outStartSeq + fromK, disc: at.outDiscBefore };
    const signals = input.slotSignals?.(b);
    for (let k = fromK; k < toK; k++) {
      const slot = slots[k] as Slot;
      if (k > fromK && slot.discontinuityBefore) disc++;
      const outSeq = at.outStartSeq + k;
      const media = input.slotMedia(b, slot, outSeq);
      if (!media) continue;
      const tags: string[] = [];
      const epoch = epochDate();
      if (begin(outSeq, disc, k === fromK || slot.discontinuityBefore)) tags.push('#EXT-X-DISCONTINUITY');
      if (k === fromK && b.originStartSeq >= index.firstSeq && input.markerPassthrough) tags.push(...b.startLines);
      if (k === fromK) tags.push(...dateRanges);
      if (keyLines && !emittedKeyNone && hasKey(keyLines)) {
        tags.push('#EXT-X-KEY:METHOD=NONE');
        emittedKeyNone = true;
      }
      if (media.mapLine) tags.push(media.mapLine);
      start?.see(b.pdtMs !== undefined ? b.pdtMs + slot.startSec * 1000 : undefined, w.totalSec, media.durationSec);
      const pdt = b.pdtMs !== undefined ? iso(b.pdtMs + slot.startSec * 1000) : undefined;
      if (pdt) tags.push(`#EXT-X-PROGRAM-DATE-TIME:${pdt}`);
      else if (epoch) tags.push(epoch);
      if (carry.length > 0) {
        tags.push(...carry);
        carry = [];
      }
      if (signals) tags.push(...signals.at(k, k === fromK));
      w.slot(tags, media.durationSec, media.uri);
    }
    if (signals && toK > fromK) carry = signals.after;
    pendingDisc = true;
  };

  const visibleSlots = (b: LedgerBreak, fromSeq: number): { slots: Slot[]; fromK: number } => {
    const occ = input.occurrencesOf(b.key) ?? [];
    const until = b.closed ? Infinity : contentOffsetSec(b, index.endSeq, index.targetSec);
    const all = b.closed ? slotsUntil(occ, Infinity, b.outputCount ?? 0) : slotsUntil(occ, until);
    const fromSec = fromSeq > b.originStartSeq ? contentOffsetSec(b, fromSeq, index.targetSec) : 0;
    let fromK = 0;
    while (fromK < all.length && (all[fromK]?.startSec ?? 0) + (all[fromK]?.durationSec ?? 0) / 2 < fromSec) fromK++;
    // A window that starts inside a break always shows at least the break's latest slot: slots
    // longer than the window's content span can otherwise straddle it (the slot before ends its
    // midpoint before the window, the next one after), leaving an empty playlist. The slot keeps
    // its number (outStartSeq + k), so showing it again never moves a sequence back.
    if (fromSeq > b.originStartSeq) fromK = Math.min(fromK, Math.max(0, all.length - 1));
    return { slots: all, fromK };
  };

  const emitContent = (i: number, s: number, originDisc: number): void => {
    const step = contentStep(s);
    const returning = pendingDisc;
    const epoch = ((model.flags[i] as number) & SEG.PDT) === 0 ? epochDate() : undefined;
    start?.see(index.pdtMs(s), w.totalSec, model.durationsSec[i] as number);
    const discontinuity = begin(s + step.seqDelta, originDisc + step.discDelta, ((model.flags[i] as number) & SEG.DISCONTINUITY) !== 0 || returning);
    pendingDisc = false;
    if (!returning) {
      if (epoch) w.content(i, discontinuity, { inject: [epoch] });
      else w.content(i, discontinuity);
      return;
    }
    // Back from ads: the content's key (after METHOD=NONE) and init segment are written again, and
    // a program date-time when the segment has none, so the timeline stays continuous.
    const inject: string[] = [];
    const reKeyed = emittedKeyNone && keyLines !== undefined;
    if (reKeyed) for (const l of keyLines ?? []) inject.push(absolutizeUriAttribute(l, input.resolveContent));
    if (mapLine !== undefined) inject.push(absolutizeUriAttribute(mapLine, input.resolveContent));
    emittedKeyNone = false;
    if (((model.flags[i] as number) & SEG.PDT) === 0) {
      const pdtMs = index.pdtMs(s);
      const pdt = pdtMs !== undefined ? iso(pdtMs) : undefined;
      if (pdt) inject.push(`#EXT-X-PROGRAM-DATE-TIME:${pdt}`);
      else if (epoch) inject.push(epoch);
    }
    inject.push(...carry);
    carry = [];
    w.content(i, discontinuity, { inject, skipKeys: reKeyed && segKeys.keys !== undefined, skipMap: mapLine !== undefined && segKeys.map !== undefined });
  };

  const iso = isoFormatter();
  const breaks = ledger.breaks;
  const contentStep = stepCursor(ledger); // content segments are visited in increasing seq
  let bi = 0;
  // The origin discontinuity index of segment i, counted along (RFC 8216 §4.3.3.3).
  let originDisc = model.discontinuitySequence;
  for (let i = 0; i < model.count; i++) {
    const s = index.firstSeq + i;
    if (((model.flags[i] as number) & SEG.DISCONTINUITY) !== 0) originDisc++;
    // Breaks that start at or before this segment.
    let replacedBy: LedgerBreak | undefined;
    while (bi < breaks.length && (breaks[bi] as LedgerBreak).originStartSeq <= s) {
      const b = breaks[bi] as LedgerBreak;
      const end = b.replacedEndSeq ?? b.originEndSeq ?? Infinity;
      if (b.mode === 'pending' && (b.insertion ? b.originStartSeq === s : end > s)) {
        held = true;
        heldAt = b;
        break;
      }
      if (b.mode === 'personalize' && b.insertion && b.originStartSeq === s) {
        const { slots } = visibleSlots(b, s);
        emitSlots(b, slots, 0, slots.length);
        bi++;
        continue;
      }
      if (b.mode === 'personalize' && !b.insertion && end > s) {
        replacedBy = b;
        break;
      }
      bi++;
    }
    if (held) break;
    segKeys = keyAndMapLines(model, i);
    if (segKeys.keys) keyLines = segKeys.keys;
    if (segKeys.map !== undefined) mapLine = segKeys.map;
    if (replacedBy) {
      const b = replacedBy;
      if (s === Math.max(b.originStartSeq, index.firstSeq)) {
        const { slots, fromK } = visibleSlots(b, s);
        emitSlots(b, slots, fromK, slots.length, replacedDateRanges(b, s));
      }
      continue;
    }
    emitContent(i, s, originDisc);
  }
  // A VOD post-roll is inserted after the last segment.
  for (; !held && bi < breaks.length; bi++) {
    const b = breaks[bi] as LedgerBreak;
    if (!b.insertion || b.originStartSeq !== index.endSeq) continue;
    if (b.mode === 'pending') {
      held = true;
      heldAt = b;
    } else if (b.mode === 'personalize') {
      const { slots } = visibleSlots(b, b.originStartSeq);
      emitSlots(b, slots, 0, slots.length);
    }
  }
  if (!held && input.markerPassthrough && model.trailingMarkers.length) w.lines(model.trailingMarkers);

  const empty = emptyHeader(model, ledger, heldAt);
  const text = w.finish(
    {
      version: outputVersion(model),
      targetDurationSec: model.targetDurationSec,
      mediaSequence: headSeq ?? nextHead?.seq ?? empty.seq,
      discontinuitySequence: headDisc ?? nextHead?.disc ?? empty.disc,
      ...(model.playlistType ? { playlistType: model.playlistType } : {}),
      headerLines: withStartLine(model.headerLines, start?.line()),
    },
    held ? [] : [...model.trailingLines, ...(model.endList ? ['#EXT-X-ENDLIST'] : [])],
  );
  return { text, held, durationSec: w.totalSec };
}

/**
 * Header numbers of a playlist with no segment. Held at a break the window has already entered,
 * they are the break start's (invariants 1–2): the next response starts with a slot of that break
 * (at outStartSeq + k, discontinuity ≥ the one before it) or, passed through, with content after
 * it, and neither may be numbered below this header. The origin window's own first sequence and
 * discontinuity sequence can be above both (ad segments longer than content, origin
 * discontinuities inside the break that slid out).
 */
function emptyHeader(model: MediaPlaylist, ledger: Ledger, heldAt: LedgerBreak | undefined): { seq: number; disc: number } {
  const firstSeq = model.mediaSequence;
  if (heldAt) {
    const step = stepAt(ledger, heldAt.originStartSeq);
    return { seq: Math.min(firstSeq, heldAt.originStartSeq) + step.seqDelta, disc: heldAt.discIndexBeforeStart + step.discDelta };
  }
  const step = stepAt(ledger, firstSeq);
  return { seq: firstSeq + step.seqDelta, disc: model.discontinuitySequence + step.discDelta };
}

/**
 * `new Date(ms).toISOString()` for many nearby instants (one per ad slot): the `YYYY-MM-DDTHH:`
 * prefix is formatted once per hour, the rest by arithmetic. Same string, ~5× cheaper. Undefined
 * for an instant a Date cannot hold (an origin's absurd durations must not end in an exception).
 */
function isoFormatter(): (ms: number) => string | undefined {
  let hourMs = Number.NaN;
  let prefix = '';
  return (msIn) => {
    const ms = Math.trunc(msIn);
    if (!(ms >= -8.64e15 && ms <= 8.64e15)) return undefined;
    if (ms < 0) return new Date(ms).toISOString();
    const h = ms - (ms % 3_600_000);
    if (h !== hourMs) {
      hourMs = h;
      prefix = new Date(h).toISOString().slice(0, 14);
    }
    const r = ms - h;
    const min = Math.floor(r / 60_000);
    const sec = Math.floor((r % 60_000) / 1000);
    const milli = r % 1000;
    return `${prefix}${min < 10 ? '0' : ''}${min}:${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  };
}

function hasKey(lines: readonly string[]): boolean {
  return lines.some((l) => !/METHOD=NONE/.test(l));
}
