/**
 * @module core/avails/plan
 * The ad plan of one avail (DESIGN §4, §5): which ads play in which order, what fills the rest,
 * what was skipped and why. Built once per (session, avail) and read by every rendition, the
 * tracking API and the segment route. The fill rules (DESIGN §5 "Fill"; contracts §6.4–§6.5):
 * live replaces content with the ads that fit in order (an ad longer than the time left is
 * dropped, not truncated), then slate; VOD inserts every ad; PersonalizationThresholdSeconds
 * abandons a break whose unfilled time exceeds it. Pure.
 */
import type { VastInlineAd } from '../vast/index.ts';
import { fitBumpers, unplayedBumpers, type BumperInput, type PlannedBumper, type SkippedBumper } from './bumpers.ts';
import type { OverlayOffer } from './overlays.ts';
import type { Occurrence } from './slots.ts';

/** MediaTailor's `skippedReason` values (contracts §7.1) that edge-ssai produces. */
export type SkipReason =
  | 'NEW_CREATIVE'
  | 'TRANSCODE_IN_PROGRESS'
  | 'TRANSCODE_ERROR'
  | 'AVAIL_DURATION_EXCEEDED'
  | 'LEFTOVER_AVAIL_EXCEEDED_THRESHOLD'
  | 'VAST_PARSING_ERROR'
  | 'ADS_TIMEOUT'
  | 'MEDIA_FILE_UNAVAILABLE'
  | 'NO_VARIANT_MATCH'
  | 'INVALID_VAST_WRAPPER_AD'
  | 'INTERNAL_ERROR';

/** A creative's media, as far as the plan needs it. */
export interface CreativeSummary {
  readonly creativeKey: string;
  /** Where the media came from: the VAST streaming MediaFile URL, or the creative store key. */
  readonly source: 'streaming' | 'store';
  readonly sourceUrl: string;
  readonly refDurationsSec: readonly number[];
}

export interface PlannedAd {
  readonly index: number;
  readonly ad: VastInlineAd;
  readonly sequence?: number;
  readonly wrapperDepth: number;
  readonly creative: CreativeSummary;
  readonly vastDurationSec: number;
  readonly mediaDurationSec: number;
}

export interface SkippedAd {
  readonly vastAdId?: string;
  readonly creativeId?: string;
  readonly creativeUniqueId: string;
  readonly adMezzanineUrl?: string;
  readonly skippedReason: SkipReason;
  readonly vastDurationSec?: number;
  readonly message?: string;
}

export type PlanOutcome = 'filled' | 'slate' | 'content';

export interface AvailPlan {
  readonly breakKey: string;
  readonly availIndex: number;
  readonly outcome: PlanOutcome;
  /** Why there are no ads (empty response, timeout, …), for logs. */
  readonly reason?: string;
  readonly ads: readonly PlannedAd[];
  readonly occurrences: readonly Occurrence[];
  readonly slate?: CreativeSummary;
  readonly skipped: readonly SkippedAd[];
  readonly originAvailDurationSec?: number;
  readonly filledDurationSec: number;
  /** filled / origin avail duration, 0–1 (seed 002 FILLED_AVAIL); 1 for VOD insertion with ads. */
  readonly fillRate: number;
  readonly adsRequestUrl?: string;
  /** VMAP break tracking (breakStart / breakEnd / error), contracts §3.1 adBreakTrackingEvents. */
  readonly breakTracking: Readonly<Record<string, readonly string[]>>;
  /** Bumpers the break plays (core/avails/bumpers); absent in plans stored before bumpers existed. */
  readonly bumpers?: readonly PlannedBumper[];
  /** Bumpers configured but not played, with why (logged with the avail). */
  readonly skippedBumpers?: readonly SkippedBumper[];
  /** An overlay avail (core/avails/overlays): the non-linear ads it offers; nothing is stitched. */
  readonly overlay?: OverlayOffer;
  readonly decidedAtMs: number;
}

export interface Candidate {
  readonly ad: VastInlineAd;
  readonly sequence?: number;
  readonly wrapperDepth: number;
  readonly vastDurationSec: number;
  /** The creative's media, or why it cannot play. */
  readonly creative: CreativeSummary | { readonly skip: SkipReason; readonly message: string; readonly mezzanineUrl?: string };
}

export interface FillInput {
  readonly breakKey: string;
  readonly availIndex: number;
  /** Signalled avail duration; undefined for a bare CUE-OUT (ads until the cue-in). */
  readonly availDurationSec?: number;
  /** VOD insertion point: every ad is inserted, no slate. */
  readonly insertion: boolean;
  readonly candidates: readonly Candidate[];
  readonly slate?: CreativeSummary;
  readonly personalizationThresholdSec?: number;
  readonly reason?: string;
  readonly adsRequestUrl?: string;
  readonly breakTracking?: Readonly<Record<string, readonly string[]>>;
  /** `Bumper.StartUrl` / `EndUrl` media (none for the live pre-roll break). */
  readonly bumpers?: BumperInput;
  readonly nowMs: number;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export function planFill(input: FillInput): AvailPlan {
  const ads: PlannedAd[] = [];
  const skipped: SkippedAd[] = [];
  const bumpers = fitBumpers(input.bumpers, input.availDurationSec, input.insertion);
  // The ads are fitted to what the bumpers leave of the break.
  let left = (input.availDurationSec ?? Infinity) - bumpers.durationSec;
  for (const c of input.candidates) {
    if ('skip' in c.creative) {
      skipped.push(skip(c, c.creative.skip, c.creative.message, c.creative.mezzanineUrl));
      continue;
    }
    const mediaDurationSec = sum(c.creative.refDurationsSec);
    // contracts §6.4: live picks ads that fit without clipping; a longer ad is dropped, not truncated.
    if (!input.insertion && mediaDurationSec > left + 0.25) {
      skipped.push(skip(c, 'AVAIL_DURATION_EXCEEDED', `ad lasts ${mediaDurationSec.toFixed(3)} s, ${Math.max(0, left).toFixed(3)} s left`));
      continue;
    }
    ads.push({ index: ads.length, ad: c.ad, ...(c.sequence !== undefined ? { sequence: c.sequence } : {}), wrapperDepth: c.wrapperDepth, creative: c.creative, vastDurationSec: c.vastDurationSec, mediaDurationSec });
    left -= mediaDurationSec;
  }
  const adsDuration = sum(ads.map((a) => a.mediaDurationSec));
  const unfilled = input.availDurationSec !== undefined ? Math.max(0, input.availDurationSec - adsDuration - bumpers.durationSec) : 0;
  const threshold = input.personalizationThresholdSec;
  const base = {
    breakKey: input.breakKey,
    availIndex: input.availIndex,
    ...(input.availDurationSec !== undefined ? { originAvailDurationSec: input.availDurationSec } : {}),
    ...(input.adsRequestUrl ? { adsRequestUrl: input.adsRequestUrl } : {}),
    breakTracking: input.breakTracking ?? {},
    decidedAtMs: input.nowMs,
  };
  // contracts §6.5: unfilled time above the threshold abandons the whole break (content shows).
  if (!input.insertion && threshold !== undefined && unfilled > threshold && input.availDurationSec !== undefined) {
    const all = [...skipped, ...ads.map((a) => skip({ ad: a.ad, vastDurationSec: a.vastDurationSec }, 'LEFTOVER_AVAIL_EXCEEDED_THRESHOLD', `${unfilled.toFixed(3)} s unfilled > ${threshold} s`))];
    const reason = 'unfilled time exceeds PersonalizationThresholdSeconds';
    return { ...base, outcome: 'content', reason, ads: [], occurrences: [], skipped: all, ...bumperFields([], unplayedBumpers(bumpers, `the break plays content: ${reason}`)), filledDurationSec: 0, fillRate: 0 };
  }
  const useSlate = !input.insertion && input.slate !== undefined && input.slate.refDurationsSec.length > 0;
  // Bumpers frame ads or slate; a break that plays content has none.
  const framed = ads.length > 0 || useSlate;
  const start = framed ? bumpers.start : undefined;
  const end = framed ? bumpers.end : undefined;
  const occurrences: Occurrence[] = [];
  if (start) occurrences.push(bumperOccurrence(start));
  for (const a of ads) occurrences.push({ kind: 'ad', creativeKey: a.creative.creativeKey, adIndex: a.index, refDurationsSec: a.creative.refDurationsSec });
  if (useSlate && input.slate) {
    // Before an end bumper, slate fills only up to it (the end bumper plays directly before the break ends).
    const loopForSec = end && input.availDurationSec !== undefined ? input.availDurationSec - bumpers.durationSec - adsDuration : undefined;
    occurrences.push({ kind: 'slate', creativeKey: input.slate.creativeKey, refDurationsSec: input.slate.refDurationsSec, loop: true, ...(loopForSec !== undefined ? { loopForSec } : {}) });
  }
  if (end) occurrences.push(bumperOccurrence(end));
  const bumperInfo = bumperFields([start, end].filter((b): b is PlannedBumper => b !== undefined), framed ? bumpers.skipped : unplayedBumpers(bumpers, 'the break plays content (no ad and no slate)'));
  const outcome: PlanOutcome = ads.length > 0 ? 'filled' : useSlate ? 'slate' : 'content';
  const filled = input.availDurationSec !== undefined ? Math.min(adsDuration, input.availDurationSec) : adsDuration;
  const fillRate = input.availDurationSec ? Math.min(1, filled / input.availDurationSec) : ads.length > 0 ? 1 : 0;
  return {
    ...base,
    outcome,
    ...(outcome === 'filled' ? {} : { reason: input.reason ?? 'no playable ad' }),
    ads,
    occurrences,
    ...(useSlate && input.slate ? { slate: input.slate } : {}),
    skipped,
    ...bumperInfo,
    filledDurationSec: filled,
    fillRate,
  };
}

function bumperOccurrence(b: PlannedBumper): Occurrence {
  return { kind: 'bumper', creativeKey: b.creative.creativeKey, refDurationsSec: b.creative.refDurationsSec, bumper: b.position };
}

/** Plan fields for bumpers, left out when none is configured (plans stay as they were). */
function bumperFields(played: readonly PlannedBumper[], skipped: readonly SkippedBumper[]): Pick<AvailPlan, 'bumpers' | 'skippedBumpers'> {
  return { ...(played.length > 0 ? { bumpers: played } : {}), ...(skipped.length > 0 ? { skippedBumpers: skipped } : {}) };
}

function skip(c: Pick<Candidate, 'ad' | 'vastDurationSec'>, reason: SkipReason, message: string, mezzanineUrl?: string): SkippedAd {
  const creative = c.ad.creatives.find((x) => x.linear) ?? c.ad.creatives[0];
  const creativeId = creative?.id;
  return {
    ...(c.ad.id !== undefined ? { vastAdId: c.ad.id } : {}),
    ...(creativeId !== undefined ? { creativeId } : {}),
    creativeUniqueId: creativeId ?? mezzanineUrl ?? c.ad.id ?? 'unknown',
    ...(mezzanineUrl ? { adMezzanineUrl: mezzanineUrl } : {}),
    skippedReason: reason,
    vastDurationSec: c.vastDurationSec,
    message,
  };
}

/**
 * The plan as it actually played when its break was passed through anyway (the decision came
 * after the break had been shown as content): every ad becomes a skipped ad with `reason`, so the
 * ad log never reports a fill that no viewer saw.
 */
export function unplayedPlan(plan: AvailPlan, skippedReason: SkipReason, message: string): AvailPlan {
  if (plan.ads.length === 0) return plan;
  const skipped: SkippedAd[] = plan.ads.map((a) => {
    const creative = a.ad.creatives.find((x) => x.linear) ?? a.ad.creatives[0];
    return {
      ...(a.ad.id !== undefined ? { vastAdId: a.ad.id } : {}),
      ...(creative?.id !== undefined ? { creativeId: creative.id } : {}),
      creativeUniqueId: creative?.id ?? a.creative.creativeKey,
      skippedReason,
      vastDurationSec: a.vastDurationSec,
      message,
    };
  });
  const { bumpers: played, ...rest } = plan;
  const skippedBumpers = [...(plan.skippedBumpers ?? []), ...(played ?? []).map((b) => ({ position: b.position, url: b.creative.sourceUrl, reason: message }))];
  return { ...rest, outcome: 'content', reason: message, ads: [], occurrences: [], skipped: [...plan.skipped, ...skipped], ...(skippedBumpers.length ? { skippedBumpers } : {}), filledDurationSec: 0, fillRate: 0 };
}
