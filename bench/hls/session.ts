/**
 * @module bench/hls/session
 * The personalization path the HLS benchmark times, wired as the SessionObject wires it
 * (cf. test/unit/hls/live-stitch.test.ts): `beginWindow` (parse, detect, register in the session
 * ledger) → ad decisions applied to the pending breaks → `finishWindow` (settle, stitch, prune).
 * Decisions are prepared ahead (the ADS round trip is not part of manifest cost); ad segments go
 * through `/v1/segment` route URLs, as for a server-side reporting session (slotMedia mirrors
 * platform/session-media). Ledger persistence (`saveLedger`) is platform work, not timed. Pure.
 */
import { emptyLedger, type Ledger, type LedgerBreak } from '../../src/core/avails/ledger.ts';
import type { Occurrence, Slot } from '../../src/core/avails/slots.ts';
import { beginWindow, finishWindow, type FinishOptions } from '../../src/core/hls/personalize-media.ts';
import type { SlotMedia } from '../../src/core/hls/stitch.ts';
import { createUriResolver } from '../../src/core/hls/uri-resolver.ts';
import { appendQuery } from '../../src/core/url/query.ts';

const ORIGIN_PLAYLIST_URL = 'https://origin.example.com/out/v1/7f3c/news/index_720p.m3u8';
/** What relative content URIs resolve against (for the minimal-rewrite baseline). */
export const ORIGIN_DIR = ORIGIN_PLAYLIST_URL.slice(0, ORIGIN_PLAYLIST_URL.lastIndexOf('/') + 1);
/** Marks ad segment URIs in the output (for the checks). */
export const AD_SEGMENT_MARK = '/segment/';

/** What platform/session-media knows per session: account, config, id, rendition index, manifest params. */
const SESSION = { accountId: 'acct-1', configName: 'news-cfg', sessionId: '3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10', rendition: 2, manifestParams: [['device', 'ctv']] as const };

interface CreativeRendition {
  readonly segments: readonly { readonly uri: string; readonly durationSec: number }[];
  readonly mapUri?: string;
}

/** Segment durations of a creative transcoded to the content's segment length (last one shorter). */
function cut(totalSec: number, segmentSec: number): number[] {
  const out: number[] = [];
  for (let left = totalSec; left > 0; left -= segmentSec) out.push(Math.min(segmentSec, left));
  return out;
}

/** Every break gets the same plan: a 30 s ad, a 15 s ad, then looping slate (DESIGN §5 "Fill"). */
function planFor(segmentSec: number): { plan: Occurrence[]; creatives: Map<string, CreativeRendition> } {
  const plan: Occurrence[] = [
    { kind: 'ad', creativeKey: 'c-30s-a', adIndex: 0, refDurationsSec: cut(30, segmentSec) },
    { kind: 'ad', creativeKey: 'c-15s-b', adIndex: 1, refDurationsSec: cut(15, segmentSec) },
    { kind: 'slate', creativeKey: 'slate', refDurationsSec: cut(Math.max(4, segmentSec), segmentSec), loop: true },
  ];
  const creatives = new Map<string, CreativeRendition>();
  for (const o of plan) {
    creatives.set(o.creativeKey, { segments: o.refDurationsSec.map((d, i) => ({ uri: `https://ads-cdn.example.com/t/${o.creativeKey}/720p/seg${i}.ts`, durationSec: d })) });
  }
  return { plan, creatives };
}

/**
 * As platform/session-media's slotMedia for a server-side reporting session: the plan's
 * occurrence, the creative rendition matched once per request, a `/v1/segment` route URL.
 */
function slotMediaOf(plans: Map<string, readonly Occurrence[]>, creatives: Map<string, CreativeRendition>): FinishOptions['slotMedia'] {
  const enc = encodeURIComponent;
  return (b: LedgerBreak, slot: Slot, outSeq: number): SlotMedia | undefined => {
    const occ = plans.get(b.key)?.[slot.occurrence];
    const cr = occ ? creatives.get(occ.creativeKey) : undefined;
    const seg = cr ? (cr.segments[slot.segment] ?? cr.segments[cr.segments.length - 1]) : undefined;
    if (!cr || !seg) return undefined;
    const uri = appendQuery(`../../../../segment/${enc(SESSION.accountId)}/${enc(SESSION.configName)}/${SESSION.sessionId}/${SESSION.rendition}/${outSeq}`, SESSION.manifestParams);
    return { uri, durationSec: seg.durationSec, ...(cr.mapUri ? { mapLine: `#EXT-X-MAP:URI="${cr.mapUri}"` } : {}) };
  };
}

export interface BenchSession {
  readonly ledger: Ledger;
  /** One media playlist request: the full personalization of `originText` for this rendition. */
  personalize(originText: string): string;
}

export function newSession(segmentSec: number): BenchSession {
  const ledger = emptyLedger();
  const { plan, creatives } = planFor(segmentSec);
  const plans = new Map<string, readonly Occurrence[]>();
  const finish: FinishOptions = {
    occurrencesOf: (key) => plans.get(key),
    slotMedia: slotMediaOf(plans, creatives),
    resolveContent: createUriResolver(ORIGIN_PLAYLIST_URL),
    markerPassthrough: false,
  };
  return {
    ledger,
    personalize(originText: string): string {
      const w = beginWindow(ledger, originText, {});
      for (const b of w.pending) {
        plans.set(b.key, plan);
        b.mode = 'personalize';
      }
      return finishWindow(ledger, w, finish).text;
    },
  };
}

/** Steady state: a session that has already served this window (ledger knows every break and plan). */
export function warmSession(originText: string, segmentSec: number): BenchSession {
  const s = newSession(segmentSec);
  s.personalize(originText);
  return s;
}

/** First request of a session: a fresh ledger every time. */
export function coldPersonalize(originText: string, segmentSec: number): string {
  return newSession(segmentSec).personalize(originText);
}
