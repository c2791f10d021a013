/**
 * @module core/avails/preroll
 * The live pre-roll in the HLS ledger (`LivePreRollConfiguration`; docs/mediatailor-compat.md
 * §6.5, MediaTailor "Pre-roll ad insertion"): a break the session opens itself on its first live
 * window, `max(2 × EXT-X-TARGETDURATION, EXT-X-START:TIME-OFFSET)` behind the live edge, that
 * replaces content for as long as its ads last (at most `MaxDurationSeconds`) and then returns to
 * the content. An origin break it overlaps is not personalized where they overlap: one that began
 * before the pre-roll ends where the pre-roll starts; one that begins inside it is filled from
 * the pre-roll's end, like a break joined mid-way, once that end is known and in the window. Pure.
 */
import type { MediaPlaylist } from '../hls/media-playlist.ts';
import { parseAttributeList } from '../hls/attributes.ts';
import { firstSeqReaching } from './break-content.ts';
import { END_TOLERANCE_SEC } from './settle-window.ts';
import type { DetectedBreak } from './detect-hls.ts';
import { openSessionBreak, type Ledger, type LedgerBreak } from './ledger.ts';
import type { WindowIndex } from './window-index.ts';

export interface PrerollOptions {
  /** `LivePreRollConfiguration.MaxDurationSeconds`: the ads are fitted under it. */
  readonly maxDurationSec?: number;
}

/** How far behind the live edge the pre-roll starts: max(2 × target duration, EXT-X-START's distance from the end). */
export function prerollDistanceSec(model: MediaPlaylist, windowSec: number): number {
  const start = model.headerLines.find((l) => l.startsWith('#EXT-X-START:'));
  const offset = start === undefined ? NaN : Number(parseAttributeList(start.slice('#EXT-X-START:'.length)).get('TIME-OFFSET'));
  // RFC 8216 §4.3.5.2: a negative TIME-OFFSET counts from the end of the playlist, a positive one from its start.
  const fromEnd = !Number.isFinite(offset) ? 0 : offset < 0 ? -offset : Math.max(0, windowSec - offset);
  return Math.max(2 * model.targetDurationSec, fromEnd);
}

/**
 * Opens the pre-roll break on the session's first live window: at the last segment that starts at
 * least `prerollDistanceSec` before the window's end (the first segment when the window is shorter).
 */
export function openPrerollBreak(ledger: Ledger, index: WindowIndex, opts: PrerollOptions): LedgerBreak | undefined {
  const model = index.model;
  if (model.count === 0) return undefined;
  const endSec = index.timeSec(index.endSeq);
  const distanceSec = prerollDistanceSec(model, endSec - index.timeSec(index.firstSeq));
  let seq = index.endSeq - 1;
  while (seq > index.firstSeq && endSec - index.timeSec(seq) < distanceSec - 0.001) seq--;
  const pdtMs = index.pdtMs(seq);
  return openSessionBreak(ledger, {
    key: `p${seq}`,
    originStartSeq: seq,
    insertion: false,
    preroll: true,
    ...(opts.maxDurationSec !== undefined && opts.maxDurationSec > 0 ? { signalledDurationSec: opts.maxDurationSec } : {}),
    discIndexBeforeStart: index.discIndex(seq) - (index.discontinuity(seq) ? 1 : 0),
    ...(pdtMs !== undefined ? { pdtMs } : {}),
    originTimeSec: index.timeSec(seq),
  });
}

/** What to do with a newly detected origin break, given the pre-roll. */
export type PrerollOverlap =
  /** No overlap: open it as detected. */
  | { readonly kind: 'none' }
  /** It began before the pre-roll and runs into it: it ends where the pre-roll starts. */
  | { readonly kind: 'cut'; readonly endSeq: number }
  /** It begins inside the pre-roll: filled from the pre-roll's end. */
  | { readonly kind: 'from'; readonly seq: number }
  /** It lies inside the pre-roll: played as content. */
  | { readonly kind: 'covered' }
  /** The pre-roll's end is not known yet, or not in this window: decide on a later reload. */
  | { readonly kind: 'later' };

/**
 * `fillSec`: what the pre-roll's plan plays, once decided. Its end is found as settleWindow will
 * close it (the first segment whose offset reaches the fill, or the signalled end), so an origin
 * break filled from there starts exactly where the pre-roll's output ends.
 */
export function prerollOverlap(ledger: Ledger, d: DetectedBreak, index: WindowIndex, fillSec: number | undefined): PrerollOverlap {
  if (d.insertion) return { kind: 'none' };
  const p = ledger.breaks.find((b) => b.preroll);
  if (!p || p.mode === 'passthrough') return { kind: 'none' };
  const start = d.startSeq ?? d.firstSeqInWindow;
  const end = d.endSeq ?? Infinity;
  if (end <= p.originStartSeq) return { kind: 'none' };
  if (start < p.originStartSeq) return { kind: 'cut', endSeq: p.originStartSeq };
  const pEnd = p.closed ? (p.replacedEndSeq ?? p.originStartSeq) : prerollEndSeq(p, index, fillSec);
  if (pEnd === undefined) return { kind: 'later' };
  if (start >= pEnd) return { kind: 'none' };
  if (end <= pEnd) return { kind: 'covered' };
  return { kind: 'from', seq: pEnd };
}

/** Where the open pre-roll's replaced region ends, when that is in this window. */
function prerollEndSeq(p: LedgerBreak, index: WindowIndex, fillSec: number | undefined): number | undefined {
  if (fillSec === undefined || !Number.isFinite(fillSec)) return undefined;
  const upTo = Math.min(p.originEndSeq ?? Infinity, index.endSeq - 1);
  const seq = firstSeqReaching(p, p.originStartSeq + 1, upTo, fillSec - END_TOLERANCE_SEC, index.targetSec) ?? p.originEndSeq;
  return seq !== undefined && seq < index.endSeq ? seq : undefined;
}
