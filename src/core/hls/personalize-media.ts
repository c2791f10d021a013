/**
 * @module core/hls/personalize-media
 * The two pure halves of personalizing one media playlist request, around the (asynchronous)
 * ad decisions the SessionObject makes in between:
 *   beginWindow  — parse, detect breaks, record them in the ledger (new breaks come back pending);
 *   finishWindow — settle the ledger with the decisions, stitch the playlist.
 */
import { detectHlsBreaks, type DetectedOverlay } from '../avails/detect-hls.ts';
import { type Ledger, type LedgerBreak, pruneBefore } from '../avails/ledger.ts';
import { registerOverlays, type LedgerOverlay } from '../avails/overlay-register.ts';
import { openBreakHint, registerWindow, type RegisterOptions } from '../avails/register-window.ts';
import { settleWindow } from '../avails/settle-window.ts';
import type { Occurrence } from '../avails/slots.ts';
import type { WindowIndex } from '../avails/window-index.ts';
import { parseMediaPlaylist, type MediaPlaylist } from './media-playlist.ts';
import { stitchMediaPlaylist, type SlotMedia, type StitchInput, type StitchResult } from './stitch.ts';
import type { Slot } from '../avails/slots.ts';
import type { UriResolver } from './uri-resolver.ts';

export interface WindowStart {
  readonly model: MediaPlaylist;
  readonly index: WindowIndex;
  /** Breaks first seen in this window that need an ad decision (mode 'pending'). */
  readonly pending: readonly LedgerBreak[];
  /** Breaks first seen in this window (pending or suppressed), for logging `AD_MARKER_FOUND`. */
  readonly opened: readonly LedgerBreak[];
  /** Overlay avails first seen in this window (core/avails/overlay-register), to be decided. */
  readonly overlays: readonly LedgerOverlay[];
}

/** Options of beginWindow: the ledger's, and whether the session takes overlay avails. */
export type BeginOptions = Omit<RegisterOptions, 'vod'> & { readonly overlays?: boolean };

export function isVodPlaylist(model: MediaPlaylist): boolean {
  return model.endList || model.playlistType === 'VOD';
}

export function beginWindow(ledger: Ledger, originText: string, opts: BeginOptions): WindowStart {
  return beginParsedWindow(ledger, parseMediaPlaylist(originText), opts);
}

/** `beginWindow` of an already parsed (and checked) playlist. */
export function beginParsedWindow(ledger: Ledger, model: MediaPlaylist, opts: BeginOptions): WindowStart {
  const { overlays: takesOverlays, ...registerOpts } = opts;
  const found: DetectedOverlay[] | undefined = takesOverlays ? [] : undefined;
  const detected = detectHlsBreaks(model, model.count > 0 ? openBreakHint(ledger, model.mediaSequence) : undefined, found);
  const vod = isVodPlaylist(model);
  const { index, opened } = registerWindow(ledger, model, detected, { ...registerOpts, vod });
  const overlays = found ? registerOverlays(ledger, found, index, vod) : [];
  // A break that ended before this window will not be personalized any more (settleWindow passes
  // it through): asking the ad server for it would be wasted.
  const pending = ledger.breaks.filter((b) => b.mode === 'pending' && (b.insertion || (b.originEndSeq ?? Infinity) > index.firstSeq));
  return { model, index, pending, opened, overlays };
}

export interface FinishOptions {
  readonly occurrencesOf: (key: string) => readonly Occurrence[] | undefined;
  readonly slotMedia: (brk: LedgerBreak, slot: Slot, outSeq: number) => SlotMedia | undefined;
  readonly resolveContent: UriResolver;
  readonly markerPassthrough: boolean;
  readonly slotSignals?: StitchInput['slotSignals'];
  readonly epochPdt?: boolean;
  readonly startAtMs?: number;
}

export function finishWindow(ledger: Ledger, w: WindowStart, opts: FinishOptions): StitchResult & { readonly prunedBreaks: number } {
  settleWindow(ledger, w.index, opts.occurrencesOf);
  const result = stitchMediaPlaylist({ model: w.model, index: w.index, ledger, ...opts });
  // Keep a margin: a rendition reloaded less recently still numbers segments from older steps.
  const prunedBreaks = pruneBefore(ledger, w.index.firstSeq - 3 * Math.max(1, w.index.endSeq - w.index.firstSeq));
  return { text: result.text, held: result.held, durationSec: result.durationSec, prunedBreaks };
}
