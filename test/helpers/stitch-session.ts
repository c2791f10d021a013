/**
 * A pure simulated personalization session (the wiring of platform/session-media without I/O):
 * beginWindow → decide the pending breaks → finishWindow, one shared ledger for every rendition,
 * every response checked by the InvariantChecker. Decisions are hand-made occurrence lists.
 */
import type { AvailSuppression } from '../../src/core/config/playback-configuration.ts';
import { emptyLedger, type Ledger, type LedgerBreak } from '../../src/core/avails/ledger.ts';
import type { Occurrence } from '../../src/core/avails/slots.ts';
import { beginWindow, finishWindow, type WindowStart } from '../../src/core/hls/personalize-media.ts';
import type { StitchResult } from '../../src/core/hls/stitch.ts';
import { createUriResolver, type UriResolver } from '../../src/core/hls/uri-resolver.ts';
import { InvariantChecker, parsePlaylistForCheck, type ParsedPlaylist } from './hls-invariants.ts';
import { ORIGIN_BASE, type OriginTimeline, type WindowOptions } from './origin-timeline.ts';

/** An ad plan, `passthrough` (content plays), or `hold` (the decision is still running). */
export type Decision = readonly Occurrence[] | 'passthrough' | 'hold';

export interface SessionOptions {
  readonly decide?: (b: LedgerBreak) => Decision;
  readonly markerPassthrough?: boolean;
  readonly suppression?: AvailSuppression;
  readonly resolver?: (rendition: string) => UriResolver;
  /** fMP4 ads: every ad slot carries its creative's EXT-X-MAP. */
  readonly adInitSegments?: boolean;
  /** Called after beginWindow, before decisions (e.g. to add a VMAP insertion break to the ledger). */
  readonly onWindow?: (w: WindowStart, ledger: Ledger) => void;
}

export interface Served extends StitchResult {
  readonly window: WindowStart;
  readonly parsed: ParsedPlaylist;
}

export const ad = (creativeKey: string, adIndex: number, durations: readonly number[]): Occurrence => ({ kind: 'ad', creativeKey, adIndex, refDurationsSec: durations });
export const slate = (durations: readonly number[]): Occurrence => ({ kind: 'slate', creativeKey: 'slate', refDurationsSec: durations, loop: true });
export const repeat = (n: number, d: number): number[] => Array.from({ length: n }, () => d);

/** Same segment in every rendition: the rendition folder is the only difference in URIs. */
export const identifyAcrossRenditions = (uri: string): string => uri.replace(/\/(v\d|a\d)\//, '/X/');

export class StitchSession {
  ledger: Ledger = emptyLedger();
  readonly plans = new Map<string, readonly Occurrence[]>();
  readonly checker = new InvariantChecker(identifyAcrossRenditions);
  readonly decisions: { key: string; decision: Decision }[] = [];

  constructor(readonly opts: SessionOptions = {}) {}

  /** The ledger as a new Durable Object instance reads it back from storage (structured clone). */
  reloadLedger(): void {
    this.ledger = structuredClone(this.ledger);
  }

  serve(rendition: string, originText: string): Served {
    const w = beginWindow(this.ledger, originText, this.opts.suppression ? { suppression: this.opts.suppression } : {});
    this.opts.onWindow?.(w, this.ledger);
    for (const b of w.pending) this.#decide(b);
    const res = finishWindow(this.ledger, w, {
      occurrencesOf: (k) => this.plans.get(k),
      slotMedia: (b, slot) => {
        const occ = this.plans.get(b.key)?.[slot.occurrence];
        if (!occ) return undefined;
        const dir = `https://ads.example/${occ.creativeKey}/${rendition}`;
        return { uri: `${dir}/seg${slot.segment}.ts`, durationSec: slot.durationSec, ...(this.opts.adInitSegments ? { mapLine: `#EXT-X-MAP:URI="${dir}/init.mp4"` } : {}) };
      },
      resolveContent: this.opts.resolver?.(rendition) ?? createUriResolver(`${ORIGIN_BASE}${rendition}.m3u8`),
      markerPassthrough: this.opts.markerPassthrough ?? false,
    });
    this.checker.check(rendition, res.text);
    return { ...res, window: w, parsed: parsePlaylistForCheck(res.text) };
  }

  #decide(b: LedgerBreak): void {
    const d = this.opts.decide?.(b) ?? 'passthrough';
    this.decisions.push({ key: b.key, decision: d });
    if (d === 'hold') return;
    if (d === 'passthrough') {
      b.mode = 'passthrough';
      return;
    }
    this.plans.set(b.key, d);
    b.mode = 'personalize';
  }
}

/**
 * A VOD insertion break added to the ledger by the session, as platform/session-decisions does
 * for VMAP offsets (docs/mediatailor-compat.md §6.4): `seq` may be the end of the playlist (post-roll).
 */
export function addInsertionBreak(session: StitchSession, seq: number, originTimeSec: number, discIndexBeforeStart: number, plan: readonly Occurrence[]): LedgerBreak {
  const ledger = session.ledger;
  const b: LedgerBreak = {
    key: `i${seq}`,
    originStartSeq: seq,
    insertion: true,
    joined: false,
    discIndexBeforeStart,
    mode: 'personalize',
    closed: false,
    startLines: [],
    endLines: [],
    asset: {},
    availIndex: ++ledger.availCount,
    originTimeSec,
  };
  ledger.breaks.push(b);
  ledger.breaks.sort((x, y) => x.originStartSeq - y.originStartSeq);
  session.plans.set(b.key, plan);
  return b;
}

/** Segment URIs of a stitched playlist, in order. */
export function uris(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * Slides a live window of `size` segments over the timeline: for each live edge from `fromLast`
 * to `toLast`, every rendition reloads once (in the given order). Returns the last response of
 * each rendition; `each` sees every response.
 */
export function slide(
  session: StitchSession,
  t: OriginTimeline,
  size: number,
  fromLast: number,
  toLast: number,
  o: { renditions?: readonly string[]; window?: WindowOptions; each?: (rendition: string, last: number, res: Served) => void } = {},
): Map<string, Served> {
  const last = new Map<string, Served>();
  for (let l = fromLast; l <= toLast; l++) {
    for (const r of o.renditions ?? ['v0', 'v1', 'a0']) {
      const res = session.serve(r, t.window(r, Math.max(l - size + 1, t.baseSeq), l, o.window));
      last.set(r, res);
      o.each?.(r, l, res);
    }
  }
  return last;
}
