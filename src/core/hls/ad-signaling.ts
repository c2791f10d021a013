/**
 * @module core/hls/ad-signaling
 * Ad ID signaling in an HLS media playlist (docs/mediatailor-compat.md §6.7; MediaTailor
 * "Personalizing HLS manifests with ad metadata"): each ad opens with
 *
 *   #EXT-X-DATERANGE:ID="421-1",CLASS="urn:sva:advertising-wg:ad-id-signaling",
 *     START-DATE="…",DURATION=15.015,X-AD-CREATIVE-SIGNALING="<base64 JSON>"
 *
 * and the segment after it (the next ad, slate, an end bumper, or the content) carries the same ID
 * with END-DATE, closing the range. Every attribute two tags of one ID share is written identically
 * (RFC 8216bis §4.4.5.1: they must match). START-DATE is the ad's program date-time: the origin's
 * (live needs EXT-X-PROGRAM-DATE-TIME, else nothing is signalled), or for VOD without one, time
 * since the start of the asset from the epoch, with the playlist's first segment dated
 * 1970-01-01T00:00:00Z and its second from there. A window that begins inside an ad repeats its
 * opening tag on the first slot it shows. Pure.
 */
import { AD_ID_SIGNALING_SCHEME, payloadBase64, type AdSignal } from '../avails/ad-signal.ts';

/**
 * A VOD playlist without program date-time is dated from the epoch, `atSec` into the asset being
 * 1970-01-01T00:00:00Z + atSec; MediaTailor dates its first segment so. The second segment is
 * dated too: hls.js (1.7) reads a zero date as none and dates the segments after one only from
 * a non-zero date, so with the epoch alone it anchors a range at 0 s to an undated segment and
 * makes no metadata cues. Every later segment follows from the second.
 */
export function epochPdtLine(atSec: number): string {
  return `#EXT-X-PROGRAM-DATE-TIME:${iso(atSec * 1000)}`;
}

/** How many items of a VOD playlist without program date-time are dated (see epochPdtLine). */
export const EPOCH_DATED_ITEMS = 2;

/** DATERANGE lines of one break's slots: `at(k, first)` before slot k (`first`: the first slot this playlist shows of the break); `after` once its last slot is written. */
export interface SlotSignals {
  at(k: number, first: boolean): readonly string[];
  readonly after: readonly string[];
}

/**
 * The break's signals. `startMs(signal)` is the ad's START-DATE in epoch ms (undefined: not
 * signalled); `slotCount` the break's planned slot count (its last slot closes the last ad after it).
 */
export function slotSignals(signals: readonly AdSignal[], startMs: (s: AdSignal) => number | undefined, slotCount: number): SlotSignals | undefined {
  const opens = new Map<number, { first: number; last: number; open: string; close: string }>();
  const closesAt = new Map<number, string>();
  const after: string[] = [];
  for (const s of signals) {
    const slots = s.placement.slots;
    const first = slots[0]?.k;
    const last = slots[slots.length - 1]?.k;
    const ms = startMs(s);
    if (first === undefined || last === undefined || ms === undefined || !Number.isFinite(ms)) continue;
    const start = iso(ms);
    const duration = s.placement.durationSec.toFixed(3);
    const id = quoted(s.id);
    const open = `#EXT-X-DATERANGE:ID=${id},CLASS="${AD_ID_SIGNALING_SCHEME}",START-DATE="${start}",DURATION=${duration},X-AD-CREATIVE-SIGNALING="${payloadBase64(s.payload)}"`;
    const close = `#EXT-X-DATERANGE:ID=${id},START-DATE="${start}",END-DATE="${iso(ms + Number(duration) * 1000)}",DURATION=${duration}`;
    for (let k = first; k <= last; k++) opens.set(k, { first, last, open, close });
    if (last + 1 < slotCount) closesAt.set(last + 1, close);
    else after.push(close);
  }
  if (opens.size === 0) return undefined;
  return {
    at: (k, firstShown) => {
      const out: string[] = [];
      const close = closesAt.get(k);
      if (close && !firstShown) out.push(close);
      const o = opens.get(k);
      if (o && (k === o.first || firstShown)) out.push(o.open);
      return out;
    },
    after,
  };
}

function quoted(s: string): string {
  return `"${s.replace(/["\r\n]/g, '')}"`;
}

function iso(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}
