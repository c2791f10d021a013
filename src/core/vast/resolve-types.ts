/**
 * @module core/vast/resolve-types
 * Types of wrapper resolution (`resolve.ts`): the injected fetch port, the trace the caller turns
 * into ad log events, the errors, and the resolved ads. Types and one constant map; pure.
 * Spec: VAST 4.2 §2.3.5 (wrappers, loops, precedence), §2.3.6 (error codes), §3.3.1 (pods).
 */
import type { VastDocument, VastInlineAd } from './model.ts';
import type { VmapAdBreak, VmapDocument } from './parse-vmap.ts';

/**
 * What the port could measure of a request that got a response, carried to the ad log (Brightcove format of docs/ad-logs.md
 * `response_headers`; Uplynk format of docs/ad-logs.md `header_request_time`, `body_download_time`, `range_bytes`).
 */
export interface HttpMeasure {
  /** From the start of the request to the response headers. */
  readonly headersMs?: number;
  /** Reading the body. */
  readonly bodyMs?: number;
  /** Body size in bytes. */
  readonly responseBytes?: number;
  /** Response headers as the log may show them (the port drops credentials and bounds them). */
  readonly responseHeaders?: readonly (readonly [string, string])[];
}

export type FetchAdXmlResult =
  | { readonly ok: true; readonly status: number; readonly body: string; readonly durationMs: number; readonly measure?: HttpMeasure }
  | {
      readonly ok: false;
      /** `disallowed`: the host policy refused a redirect hop of the request. */
      readonly kind: 'timeout' | 'network' | 'http' | 'disallowed';
      readonly status?: number;
      readonly message: string;
      readonly durationMs: number;
      readonly measure?: HttpMeasure;
    };

/** The platform's HTTP client, injected so the core never calls `fetch` (docs/architecture.md §3). */
export type FetchAdXml = (url: string, opts: { readonly timeoutMs: number }) => Promise<FetchAdXmlResult>;

export type UrlCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface ResolveOptions {
  /** An ADS body already in hand (VAST or VMAP). Takes precedence over `rootUrl` for fetching. */
  readonly rootXml?: string;
  /** The ADS request URL: fetched when `rootXml` is absent; the first link of the loop check. */
  readonly rootUrl?: string;
  readonly fetchXml: FetchAdXml;
  /** Wrapper hops allowed (MediaTailor: 7). Default 7. */
  readonly maxDepth?: number;
  /** Per-request timeout (MediaTailor: 3 s). Default 3000. */
  readonly requestTimeoutMs?: number;
  /** Host policy for every URL fetched (docs/architecture.md §10); the scheme check (http/https) is done here. */
  readonly isAllowedUrl: (url: string) => UrlCheck;
  /** Requests this resolution may make, root included (default `MAX_AD_REQUESTS_PER_RESOLUTION`, 64). */
  readonly maxRequests?: number;
  /** Requests in flight at once (default `MAX_CONCURRENT_AD_REQUESTS`, 6); the rest wait their turn. */
  readonly maxConcurrentRequests?: number;
  /** Whole-resolution budget (live avail: 10 s); each request gets min(timeout, remaining). */
  readonly budgetMs?: number;
  readonly nowMs: () => number;
}

/**
 * One step of the resolution. The names map one-to-one onto MediaTailor ad log events, see
 * `MEDIATAILOR_EVENT_BY_OUTCOME`.
 */
export type TraceOutcome =
  | 'ads_request'
  | 'vast_response'
  | 'vmap_response'
  | 'empty_vast_response'
  | 'empty_vmap_response'
  | 'vast_redirect'
  | 'redirected_vast_response'
  | 'redirect_empty_response'
  | 'redirect_multiple_vast'
  | ResolveErrorKind;

/** Outcomes that drop an ad (or the whole response, at the root). */
export type ResolveErrorKind =
  | 'timeout'
  | 'budget_exhausted'
  | 'network_error'
  | 'http_error'
  | 'parse_error'
  | 'unknown_root_element'
  | 'disallowed_host'
  | 'invalid_vast_ad_tag_uri'
  | 'depth_exceeded'
  | 'loop_detected'
  | 'redirect_not_allowed'
  | 'redirect_empty_response'
  | 'request_limit_exceeded'
  | 'unsupported_ad_source';

/** Suggested MediaTailor ADS log event per outcome (docs/mediatailor-compat.md §7.1). */
export const MEDIATAILOR_EVENT_BY_OUTCOME: Readonly<Record<TraceOutcome, string>> = {
  ads_request: 'MAKING_ADS_REQUEST',
  vast_response: 'VAST_RESPONSE',
  vmap_response: 'VAST_RESPONSE',
  empty_vast_response: 'EMPTY_VAST_RESPONSE',
  empty_vmap_response: 'EMPTY_VMAP_RESPONSE',
  vast_redirect: 'VAST_REDIRECT',
  redirected_vast_response: 'REDIRECTED_VAST_RESPONSE',
  redirect_empty_response: 'ERROR_VAST_REDIRECT_EMPTY_RESPONSE',
  redirect_multiple_vast: 'ERROR_VAST_REDIRECT_MULTIPLE_VAST',
  timeout: 'ERROR_ADS_TIMEOUT',
  budget_exhausted: 'ERROR_ADS_TIMEOUT',
  network_error: 'ERROR_ADS_IO',
  http_error: 'ERROR_ADS_INVALID_RESPONSE',
  parse_error: 'ERROR_ADS_RESPONSE_PARSE',
  unknown_root_element: 'ERROR_ADS_RESPONSE_UNKNOWN_ROOT_ELEMENT',
  disallowed_host: 'ERROR_DISALLOWED_HOST',
  invalid_vast_ad_tag_uri: 'ERROR_VAST_INVALID_VAST_AD_TAG_URI',
  depth_exceeded: 'ERROR_VAST_REDIRECT_FAILED',
  loop_detected: 'ERROR_VAST_REDIRECT_FAILED',
  redirect_not_allowed: 'ERROR_VAST_REDIRECT_FAILED',
  request_limit_exceeded: 'ERROR_VAST_REDIRECT_FAILED',
  unsupported_ad_source: 'ERROR_UNKNOWN',
};

export interface TraceEntry {
  readonly outcome: TraceOutcome;
  /** Wrapper hops from the root document (the root request is depth 0). */
  readonly depth: number;
  /** Position in the ad tree: `""` for the root document, `"2"` for its third Ad, `"2.0"` below. */
  readonly path: string;
  /** VMAP break index, when the step belongs to a break. */
  readonly breakIndex?: number;
  /** The URL requested (or refused). */
  readonly url?: string;
  readonly status?: number;
  readonly durationMs?: number;
  /** What the request that this entry closes measured (absent when the port could not tell). */
  readonly measure?: HttpMeasure;
  /** `nowMs()` when the step was recorded. */
  readonly atMs: number;
  /** `Ad@id` of the wrapper that redirected, when there is one. */
  readonly adId?: string;
  readonly vastVersion?: string;
  /** Ads (or VMAP breaks) in the document received. */
  readonly adCount?: number;
  readonly message?: string;
}

export interface ResolveError {
  readonly kind: ResolveErrorKind;
  readonly message: string;
  readonly depth: number;
  readonly path: string;
  readonly breakIndex?: number;
  readonly url?: string;
  /** `Ad@id` of the root-level ad that was dropped. */
  readonly adId?: string;
  /** `Ad@sequence` of the root-level ad that was dropped (its pod slot). */
  readonly sequence?: number;
  /** VAST 4.2 §2.3.6 error code for the `[ERRORCODE]` macro of `errorUrls`. */
  readonly vastErrorCode: number;
  /** `<Error>` URIs to notify: every wrapper of the chain, then the failing document's. */
  readonly errorUrls: readonly string[];
  /** The failing wrapper's `fallbackOnNoAd` (§3.19): the caller may use a stand-alone ad. */
  readonly fallbackOnNoAd?: boolean;
}

/** One wrapper the ad came through, outermost first. */
export interface WrapperHop {
  readonly adId?: string;
  readonly adSystem?: string;
  readonly vastAdTagUri: string;
  /** URL of the document that held this wrapper (the root's is `rootUrl`, when given). */
  readonly documentUrl?: string;
}

export interface ResolvedAd {
  /** The InLine ad with the wrapper chain merged in (impressions, errors, tracking, clicks, …). */
  readonly ad: VastInlineAd;
  /** `Ad@sequence` of the root-level ad this came from (pod slot); undefined for stand-alone. */
  readonly sequence?: number;
  /** `Ad@id` of the root-level ad. */
  readonly rootAdId?: string;
  readonly path: string;
  /** Wrapper hops to reach the InLine. */
  readonly depth: number;
  readonly wrapperChain: readonly WrapperHop[];
  /** URL of the document that held the InLine (the root's is `rootUrl`, when given). */
  readonly sourceUrl?: string;
  /** `VAST@version` of the document that held the InLine. */
  readonly vastVersion: string;
}

export interface ResolvedAds {
  /** Ads to play, in order: the pod by `sequence`, or (no pod) every ad in document order. */
  readonly ads: readonly ResolvedAd[];
  /** Stand-alone ads of a response that also has a pod: fallbacks (VAST 4.2 §3.3.1). */
  readonly standaloneAds: readonly ResolvedAd[];
  /** Nothing to play: no ad, or every ad failed. The trace says why. */
  readonly emptyResponse: boolean;
  /** Root `VAST/Error` URIs of an empty response (no-ad reporting, §3.2.1). */
  readonly noAdErrorUrls: readonly string[];
}

export interface ResolvedBreak extends ResolvedAds {
  readonly adBreak: VmapAdBreak;
}

/**
 * What the request limits did (`resolve-limits.ts`): the limits applied, the requests made, and
 * the requests not made (wrapper hops, VMAP AdTagURIs) because they were spent (each is also a
 * `request_limit_exceeded` error and trace entry).
 */
export interface RequestLimitReport {
  readonly maxRequests: number;
  readonly maxConcurrent: number;
  readonly requests: number;
  readonly cutRequests: number;
}

export interface AdResolution extends ResolvedAds {
  /** What the root body was; `none` when it could not be obtained or read. */
  readonly responseKind: 'vast' | 'vmap' | 'none';
  /** `VAST@version` or `VMAP@version` of the root body. */
  readonly version?: string;
  /** The parsed root VAST, as received (for the `vastResponse` log field). */
  readonly vastDocument?: VastDocument;
  /** The parsed root VMAP, as received. */
  readonly vmapDocument?: VmapDocument;
  /** VMAP only: each break resolved like a VAST response. */
  readonly breaks: readonly ResolvedBreak[];
  /** Every request and step, ad by ad in tree order (depth-first), breaks in document order. */
  readonly trace: readonly TraceEntry[];
  readonly errors: readonly ResolveError[];
  readonly requestLimits: RequestLimitReport;
}
