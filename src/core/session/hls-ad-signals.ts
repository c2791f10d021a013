/**
 * @module core/session/hls-ad-signals
 * Ad ID signaling for one HLS media playlist of a session that asked for it (`adSignaling` /
 * `aws.adSignalingEnabled`; docs/mediatailor-compat.md §6.7): the signals of each placed break
 * (core/avails/ad-signal), dated as MediaTailor dates them, for the stitcher
 * (core/hls/ad-signaling). Live needs the origin's program date-time; VOD without one is dated
 * from the epoch. Pure.
 */
import { adSignals } from '../avails/ad-signal.ts';
import type { LedgerBreak } from '../avails/ledger.ts';
import { placeAvail } from '../avails/timeline.ts';
import { slotSignals, type SlotSignals } from '../hls/ad-signaling.ts';
import type { WindowIndex } from '../avails/window-index.ts';
import type { SessionState } from './state.ts';
import { appendQuery } from '../url/query.ts';

export interface HlsSignaling {
  readonly slotSignals: (brk: LedgerBreak) => SlotSignals | undefined;
  readonly epochPdt: boolean;
}

/** The stitcher's signaling options for this window, or undefined when the session does not signal. */
export function hlsAdSignaling(state: SessionState, index: WindowIndex): HlsSignaling | undefined {
  if (state.record.params.features.adSignaling !== true) return undefined;
  const originPdt = index.model.count > 0 && index.pdtMs(index.firstSeq) !== undefined;
  const vod = state.ledger.vod === true;
  // MediaTailor signals live streams only when they carry EXT-X-PROGRAM-DATE-TIME.
  if (!originPdt && !vod) return undefined;
  const trackingUri = trackingUriFromMediaPlaylist(state);
  const memo = new Map<string, SlotSignals | undefined>();
  return {
    epochPdt: !originPdt,
    slotSignals: (b) => {
      if (memo.has(b.key)) return memo.get(b.key);
      const plan = state.plans.get(b.key);
      const placement = plan ? placeAvail(b, plan) : undefined;
      const signals = plan && placement ? adSignals(placement, plan, trackingUri, (p) => String(p.firstSeq)) : [];
      const out = signals.length === 0 ? undefined : slotSignals(signals, (s) => (originPdt ? s.placement.pdtMs : s.placement.startTimeSec * 1000), b.closed ? (b.outputCount ?? Infinity) : Infinity);
      memo.set(b.key, out);
      return out;
    },
  };
}

/** `/v1/tracking/{acct}/{cfg}/{sid}` relative to a media playlist (`/v1/manifest/{acct}/{cfg}/{sid}/{n}.m3u8`), as MediaTailor writes it. */
function trackingUriFromMediaPlaylist(state: SessionState): string {
  const r = state.record;
  return appendQuery(`../../../../tracking/${encodeURIComponent(r.accountId)}/${encodeURIComponent(r.configName)}/${r.sessionId}`, r.params.manifestParams);
}
