/**
 * @module core/avails/overlay-register
 * Overlay avails of an HLS session in its ledger (core/avails/overlays for the rules): each overlay
 * placement opportunity a live window signals (core/avails/detect-hls) becomes one avail, asked
 * about once, named and timed like the content segment the signal precedes, since nothing is
 * stitched there. MediaTailor offers overlays on live streams only ("Prerequisites for using
 * overlay ads"); an opportunity inside a linear break that is being personalized is not offered
 * (its content is not shown). Pure; mutates the ledger it is given.
 */
import type { AvailSignal } from '../scte35/index.ts';
import type { DetectedOverlay } from './detect-hls.ts';
import { stepAt, type Ledger } from './ledger.ts';
import type { OverlayPlacement } from './overlays.ts';
import type { WindowIndex } from './window-index.ts';

/** An overlay avail in the ledger. */
export interface LedgerOverlay {
  /** Plan key: `o` + the origin sequence. */
  readonly key: string;
  /** Origin media sequence of the segment the signal precedes. */
  readonly originSeq: number;
  /** Session-relative origin time of that segment. */
  readonly originTimeSec: number;
  readonly availIndex: number;
  readonly eventId?: string;
  readonly durationSec?: number;
  readonly scte?: AvailSignal;
  readonly pdtMs?: number;
}

/** Overlay avails kept per session (older ones have left every window). */
const MAX_OVERLAYS = 50;

/** Records the window's overlay opportunities; returns the ones first seen now (to be decided). */
export function registerOverlays(ledger: Ledger, found: readonly DetectedOverlay[], index: WindowIndex, vod: boolean): LedgerOverlay[] {
  if (vod || found.length === 0) return [];
  const overlays = (ledger.overlays ??= []);
  const opened: LedgerOverlay[] = [];
  for (const d of found) {
    if (overlays.some((o) => o.originSeq === d.seq && o.eventId === d.eventId)) continue;
    if (ledger.breaks.some((b) => !b.insertion && b.mode !== 'passthrough' && b.originStartSeq <= d.seq && d.seq < (b.originEndSeq ?? Infinity))) continue;
    const pdtMs = index.pdtMs(d.seq);
    const o: LedgerOverlay = {
      key: `o${d.seq}${d.eventId !== undefined ? `-${d.eventId}` : ''}`,
      originSeq: d.seq,
      originTimeSec: index.timeSec(d.seq),
      availIndex: ++ledger.availCount,
      ...(d.eventId !== undefined ? { eventId: d.eventId } : {}),
      ...(d.durationSec !== undefined ? { durationSec: d.durationSec } : {}),
      scte: d.scte,
      ...(pdtMs !== undefined ? { pdtMs } : {}),
    };
    overlays.push(o);
    opened.push(o);
  }
  if (overlays.length > MAX_OVERLAYS) overlays.splice(0, overlays.length - MAX_OVERLAYS);
  return opened;
}

/**
 * Where an overlay avail is in the output: the media sequence and time of its content segment,
 * once every break before it is settled (until then its number may still move); undefined before.
 */
export function placeOverlay(ledger: Ledger, o: LedgerOverlay): OverlayPlacement | undefined {
  if (ledger.breaks.some((b) => b.originStartSeq <= o.originSeq && b.mode !== 'passthrough' && !b.closed)) return undefined;
  const step = stepAt(ledger, o.originSeq);
  return {
    availId: String(o.originSeq + step.seqDelta),
    startTimeSec: o.originTimeSec + step.timeDeltaSec,
    durationSec: o.durationSec ?? 0,
    ...(o.pdtMs !== undefined ? { pdtMs: o.pdtMs } : {}),
  };
}
