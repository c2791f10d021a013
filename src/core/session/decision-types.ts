/**
 * @module core/session/decision-types
 * The values that cross between the session rules and the ad-decision effect the SessionObject
 * runs (docs/architecture.md "Ads"): what to ask (an avail and its built request), and what came
 * back (the resolver's trace and the candidates with their media). Pure: types and one constructor.
 */
import type { BumperInput } from '../avails/bumpers.ts';
import type { OverlayOffer } from '../avails/overlays.ts';
import type { Candidate, CreativeSummary } from '../avails/plan.ts';
import type { AvailSignal } from '../scte35/index.ts';
import type { AdResolution } from '../vast/index.ts';

/** What the ad server is asked about: one avail, whatever the manifest format that signalled it. */
export interface AvailRequest {
  /** The break's stable key in the session (HLS: origin sequence; DASH: period/event id). */
  readonly key: string;
  /** 1-based position in the session's avails (`[avail.index]`). */
  readonly availIndex: number;
  /** A VOD insertion point: ads are inserted, nothing replaced, no duration limit. */
  readonly insertion: boolean;
  readonly signalledDurationSec?: number;
  readonly scte?: AvailSignal;
  /** `EXT-X-ASSET` attributes in effect (`[asset.*]`). */
  readonly asset: Readonly<Record<string, string>>;
  /** Program date-time of the break start (`[avail.source_content_time_epoch_ms]`). */
  readonly pdtMs?: number;
  /** The live pre-roll (`LivePreRollConfiguration`): its own ad server, no bumpers. */
  readonly preroll?: boolean;
  /** An overlay avail (core/avails/overlays): the response's non-linear ads are offered, nothing is stitched. */
  readonly overlay?: boolean;
}

/** An ADS request as the session rules built it: URL from the template, headers, method and body. */
/** An overlay avail as both formats record it (core/avails/overlay-register for HLS, core/session/dash-timeline for DASH). */
export interface OverlayAvailRef {
  readonly key: string;
  readonly availIndex: number;
  readonly durationSec?: number;
  readonly scte?: AvailSignal;
  readonly pdtMs?: number;
}

/** What the ad server is asked about an overlay avail, HLS or DASH (nothing waits for the answer). */
export function overlayAvailRequest(o: OverlayAvailRef): AvailRequest {
  return {
    key: o.key,
    availIndex: o.availIndex,
    insertion: false,
    ...(o.durationSec !== undefined ? { signalledDurationSec: o.durationSec } : {}),
    ...(o.scte ? { scte: o.scte } : {}),
    asset: {},
    ...(o.pdtMs !== undefined ? { pdtMs: o.pdtMs } : {}),
    overlay: true,
  };
}

export type AdsRequestSpec = {
  readonly url: string;
  readonly unresolved: readonly string[];
  /** Headers of every request of the chain (wrappers included). */
  readonly headers: Readonly<Record<string, string>>;
  readonly method: 'GET' | 'POST';
  readonly body?: string;
  /** POST only: sent with the body (Content-Type, and Content-Encoding when compressed); wrappers are GETs. */
  readonly bodyHeaders?: Readonly<Record<string, string>>;
  /** `HttpRequest.CompressRequest: GZIP`: the body is sent gzip-compressed. */
  readonly gzip?: boolean;
} & ({ readonly ok: true } | { readonly ok: false; readonly error: string });

/** Everything the ad log needs to tell what a decision did. */
export interface DecisionTrace {
  readonly adsRequestUrl: string;
  readonly unresolvedVariables: readonly string[];
  /** Headers of the first request, as sent (body headers included for a POST). */
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** A POST ad request: its body as sent (before compression). */
  readonly requestBody?: string;
  readonly resolution?: AdResolution;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly failure?: string;
  /** Why `SlateAdUrl` could not be used (unreadable, not packaged, unusable segment durations). */
  readonly slateProblem?: string;
}

/** What running one avail's decision produced (before the fill rules). */
export interface AvailDecisionResult {
  readonly trace: DecisionTrace;
  /** The response's ads in pod order, each with its media or why it cannot play. */
  readonly candidates: readonly Candidate[];
  /** VMAP break tracking (breakStart / breakEnd / error). */
  readonly breakTracking: Readonly<Record<string, readonly string[]>>;
  /** The slate's media, when the configuration has a usable SlateAdUrl. */
  readonly slate?: CreativeSummary;
  /** `Bumper.StartUrl` / `EndUrl` media, or why each could not be loaded. */
  readonly bumpers?: BumperInput;
}

/** What an overlay avail's ADS call produced: its non-linear ads (no media to load). */
export interface OverlayDecisionResult {
  readonly trace: DecisionTrace;
  readonly offer: OverlayOffer;
  /** VMAP break tracking (breakStart / breakEnd / error). */
  readonly breakTracking: Readonly<Record<string, readonly string[]>>;
}

/** What a VOD asset without markers got from its one ADS call (VMAP breaks, or a VAST pre-roll). */
export interface VodScheduleResult {
  readonly trace: DecisionTrace;
  readonly bumpers?: BumperInput;
  readonly breaks: readonly {
    readonly offsetSec: number;
    /** The VMAP `AdBreak` it came from (absent for a plain VAST's pre-roll). */
    readonly vmapBreakIndex?: number;
    readonly candidates: readonly Candidate[];
    readonly breakTracking: Readonly<Record<string, readonly string[]>>;
  }[];
}
