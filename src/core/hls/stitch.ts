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
import { breakOffsetSec, placement, stepAt, stepCursor, type Ledger, type LedgerBreak } from '../avails/ledger.ts';
import { boundariesBefore, slotsUntil, type Occurrence, type Slot } from '../avails/slots.ts';
import type { WindowIndex } from '../avails/window-index.ts';
import type { MediaPlaylist, MediaSegment } from './media-playlist.ts';
import { absolutizeUriAttribute, outputVersion } from './playlist-writer.ts';
import type { UriResolver } from './uri-resolver.ts';

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
}

export interface StitchResult {
  readonly text: string;
  /** The playlist stops before a break whose decision is still pending. */
  readonly held: boolean;
  readonly durationSec: number;
}

export function stitchMediaPlaylist(input: StitchInput): StitchResult {
  const { model, index, ledger } = input;
  const out: string[] = [];
  let headSeq: number | undefined;
  let headDisc: number | undefined;
  let maxDur = 0;
  let total = 0;
  let held = false;
  let heldAt: LedgerBreak | undefined;
  let nextHead: { seq: number; disc: number } | undefined;
  let keyLines: readonly string[] | undefined;
  let mapLine: string | undefined;
  let pendingDisc = false;
  let emittedKeyNone = false;

  const begin = (outSeq: number, disc: number, discontinuity: boolean): void => {
    if (headSeq === undefined) {
      headSeq = outSeq;
      headDisc = disc; // no tag on the first item: the header carries its discontinuity number
    } else if (discontinuity) {
      out.push('#EXT-X-DISCONTINUITY');
    }
  };

  /**
   * EXT-X-DATERANGE tags of the replaced content segments this window shows: they are passed
   * through (contracts §6.2) with the break's first visible slot, so a SCTE35-OUT range is never
   * dropped while its SCTE35-IN partner stays. They are placed by START-DATE, not by position.
   */
  const replacedDateRanges = (b: LedgerBreak, fromSeq: number): string[] => {
    const out: string[] = [];
    const end = Math.min(b.replacedEndSeq ?? b.originEndSeq ?? index.endSeq, index.endSeq);
    for (let q = fromSeq; q < end; q++) {
      for (const l of index.segment(q)?.dateRanges ?? []) out.push(l.includes('X-ASSET-') ? absolutizeUriAttribute(l, input.resolveContent) : l);
    }
    return out;
  };

  const emitSlots = (b: LedgerBreak, slots: readonly Slot[], fromK: number, toK: number, dateRanges: readonly string[] = []): void => {
    const at = placement(b);
    // Discontinuity number of slot k, counted along (one pass: a long slate-filled break stays linear, DESIGN §11).
    let disc = at.outDiscBefore + 1 + boundariesBefore(slots, fromK);
    // No slot is visible yet (the first one's midpoint is past the window's end). The next response
    // starts with the break's first slot, or, if the break ends up with none, with the content at
    // its start: both are numbered outStartSeq, with a discontinuity number of at least outDiscBefore.
    if (fromK >= toK) nextHead ??= { seq: at.outStartSeq + fromK, disc: at.outDiscBefore };
    for (let k = fromK; k < toK; k++) {
      const slot = slots[k] as Slot;
      if (k > fromK && slot.discontinuityBefore) disc++;
      const outSeq = at.outStartSeq + k;
      const media = input.slotMedia(b, slot, outSeq);
      if (!media) continue;
      begin(outSeq, disc, k === fromK || slot.discontinuityBefore);
      if (k === fromK && b.originStartSeq >= index.firstSeq && input.markerPassthrough) out.push(...b.startLines);
      if (k === fromK) for (const l of dateRanges) out.push(l);
      if (keyLines && !emittedKeyNone && hasKey(keyLines)) {
        out.push('#EXT-X-KEY:METHOD=NONE');
        emittedKeyNone = true;
      }
      if (media.mapLine) out.push(media.mapLine);
      if (b.pdtMs !== undefined) out.push(`#EXT-X-PROGRAM-DATE-TIME:${iso(b.pdtMs + slot.startSec * 1000)}`);
      const extinf = media.durationSec.toFixed(3);
      out.push(`#EXTINF:${extinf},`, media.uri);
      // The target duration must cover the EXTINF as written (6.4996 is written 6.500, which
      // rounds to 7; RFC 8216bis §4.4.3.1, invariant 5).
      maxDur = Math.max(maxDur, Number(extinf));
      total += media.durationSec;
    }
    pendingDisc = true;
  };

  const visibleSlots = (b: LedgerBreak, fromSeq: number): { slots: Slot[]; fromK: number } => {
    const occ = input.occurrencesOf(b.key) ?? [];
    const until = b.closed ? Infinity : breakOffsetSec(b, index.endSeq, index.targetSec);
    const all = b.closed ? slotsUntil(occ, Infinity, b.outputCount ?? 0) : slotsUntil(occ, until);
    const fromSec = fromSeq > b.originStartSeq ? breakOffsetSec(b, fromSeq, index.targetSec) : 0;
    let fromK = 0;
    while (fromK < all.length && (all[fromK]?.startSec ?? 0) + (all[fromK]?.durationSec ?? 0) / 2 < fromSec) fromK++;
    // A window that starts inside a break always shows at least the break's latest slot: slots
    // longer than the window's content span can otherwise straddle it (the slot before ends its
    // midpoint before the window, the next one after), leaving an empty playlist. The slot keeps
    // its number (outStartSeq + k), so showing it again never moves a sequence back.
    if (fromSeq > b.originStartSeq) fromK = Math.min(fromK, Math.max(0, all.length - 1));
    return { slots: all, fromK };
  };

  const iso = isoFormatter();
  const breaks = ledger.breaks;
  const contentStep = stepCursor(ledger); // content segments are visited in increasing seq
  let bi = 0;
  for (const seg of model.segments) {
    const s = seg.seq;
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
    if (seg.keyLines) keyLines = seg.keyLines;
    if (seg.mapLine !== undefined) mapLine = seg.mapLine;
    if (replacedBy) {
      const b = replacedBy;
      if (s === Math.max(b.originStartSeq, index.firstSeq)) {
        const { slots, fromK } = visibleSlots(b, s);
        emitSlots(b, slots, fromK, slots.length, replacedDateRanges(b, s));
      }
      continue;
    }
    emitContent(seg);
  }
  // A VOD post-roll is inserted after the last segment (contracts §6.4).
  for (; !held && bi < breaks.length; bi++) {
    const b = breaks[bi] as LedgerBreak;
    if (!b.insertion || b.originStartSeq !== index.endSeq) continue;
    if (b.mode === 'pending') {
      held = true;
      heldAt = b;
    }
    else if (b.mode === 'personalize') {
      const { slots } = visibleSlots(b, b.originStartSeq);
      emitSlots(b, slots, 0, slots.length);
    }
  }
  if (!held && input.markerPassthrough && model.trailingMarkers.length) out.push(...model.trailingMarkers);

  function emitContent(seg: MediaSegment): void {
    const s = seg.seq;
    const step = contentStep(s);
    const returning = pendingDisc;
    begin(s + step.seqDelta, index.discIndex(s) + step.discDelta, seg.discontinuity || returning);
    if (seg.otherLines) out.push(...seg.otherLines);
    if (returning) {
      // A break's end markers (CUE-IN, DATERANGE SCTE35-IN) are on the content segment where the
      // origin put them, which is emitted below with its own tags: copied there verbatim, once
      // (contracts §6.2), also when the ads ended before the break did.
      if (emittedKeyNone && keyLines) out.push(...keyLines.map((l) => absolutizeUriAttribute(l, input.resolveContent)));
      else if (seg.keyLines) out.push(...seg.keyLines.map((l) => absolutizeUriAttribute(l, input.resolveContent)));
      if (mapLine !== undefined) out.push(absolutizeUriAttribute(mapLine, input.resolveContent));
      emittedKeyNone = false;
    } else {
      if (seg.keyLines) out.push(...seg.keyLines.map((l) => absolutizeUriAttribute(l, input.resolveContent)));
      if (seg.mapLine !== undefined) out.push(absolutizeUriAttribute(seg.mapLine, input.resolveContent));
    }
    pendingDisc = false;
    if (seg.pdt !== undefined) out.push(`#EXT-X-PROGRAM-DATE-TIME:${seg.pdt}`);
    else if (returning) {
      const pdt = index.pdtMs(s);
      if (pdt !== undefined) out.push(`#EXT-X-PROGRAM-DATE-TIME:${iso(pdt)}`);
    }
    if (seg.dateRanges) out.push(...seg.dateRanges.map((l) => (l.includes('X-ASSET-') ? absolutizeUriAttribute(l, input.resolveContent) : l)));
    if (input.markerPassthrough && seg.markers) out.push(...seg.markers);
    out.push(seg.extinf, input.resolveContent(seg.uri));
    maxDur = Math.max(maxDur, seg.durationSec);
    total += seg.durationSec;
  }

  const empty = emptyHeader(model, ledger, heldAt);
  const head = [
    '#EXTM3U',
    `#EXT-X-VERSION:${outputVersion(model)}`,
    `#EXT-X-TARGETDURATION:${Math.max(model.targetDurationSec, Math.round(maxDur))}`,
    `#EXT-X-MEDIA-SEQUENCE:${headSeq ?? nextHead?.seq ?? empty.seq}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${headDisc ?? nextHead?.disc ?? empty.disc}`,
    ...(model.playlistType ? [`#EXT-X-PLAYLIST-TYPE:${model.playlistType}`] : []),
    ...model.headerLines,
  ];
  const tail = held ? [] : [...model.trailingLines, ...(model.endList ? ['#EXT-X-ENDLIST'] : [])];
  const text = `${head.join('\n')}\n${out.length ? `${out.join('\n')}\n` : ''}${tail.length ? `${tail.join('\n')}\n` : ''}`;
  return { text, held, durationSec: total };
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
  const firstSeq = model.segments[0]?.seq ?? model.mediaSequence;
  if (heldAt) {
    const step = stepAt(ledger, heldAt.originStartSeq);
    return { seq: Math.min(firstSeq, heldAt.originStartSeq) + step.seqDelta, disc: heldAt.discIndexBeforeStart + step.discDelta };
  }
  const step = stepAt(ledger, firstSeq);
  return { seq: firstSeq + step.seqDelta, disc: model.discontinuitySequence + step.discDelta };
}

/**
 * `new Date(ms).toISOString()` for many nearby instants (one per ad slot): the `YYYY-MM-DDTHH:`
 * prefix is formatted once per hour, the rest by arithmetic. Same string, ~5× cheaper.
 */
function isoFormatter(): (ms: number) => string {
  let hourMs = Number.NaN;
  let prefix = '';
  return (msIn) => {
    const ms = Math.trunc(msIn);
    if (!(ms >= 0 && ms < 8.64e15)) return new Date(msIn).toISOString();
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
