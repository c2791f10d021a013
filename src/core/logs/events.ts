/**
 * @module core/logs/events
 * The ad-log event model (docs/architecture.md §8, issue 5 §1): one typed event per thing that happened on the
 * ad path. Pure types. Every event is self-contained: each format (MediaTailor schema of docs/ad-logs.md MediaTailor JSON,
 * Brightcove format of docs/ad-logs.md Brightcove NDJSON, Uplynk format of docs/ad-logs.md Uplynk TSV) is a stateless projection of one event, so a
 * producer can project on its own isolate and a shard never needs two events to write a line.
 *
 * Units ride in names: `timestampMs` (epoch ms, UTC), `durationMs`, `...DurationSec`.
 */
import type { NonLinearAdsJson } from '../tracking/wire-types.ts';
import type { ManifestDebugEvent } from './events-debug.ts';
import type { SessionSummaryEvent, VodAvailPlanEvent, VodAvailPlanOffsetEvent } from './events-vod.ts';

/** Header as sent or received, in order, repeated names allowed (MediaTailor schema of docs/ad-logs.md `requestHeaders`). */
export interface LogHeader {
  readonly name: string;
  readonly value: string;
}

/** One HTTP exchange with an ad server or a beacon endpoint. */
export interface HttpExchangeLog {
  readonly url: string;
  readonly requestHeaders: readonly LogHeader[];
  /** Absent when no response arrived (timeout, network error). */
  readonly responseHeaders?: readonly LogHeader[];
  readonly statusCode?: number;
  readonly startedAtMs: number;
  /** From request start to body read (or to the failure). */
  readonly durationMs: number;
  /** Phase split when the client could measure it (Uplynk format of docs/ad-logs.md Request timings). */
  readonly connectMs?: number;
  readonly headersMs?: number;
  readonly bodyMs?: number;
  /** Size of the response body in bytes (Uplynk format of docs/ad-logs.md Response `range_bytes`). */
  readonly responseBytes?: number;
}

/** A media file of a VAST ad, as MediaTailor schema of docs/ad-logs.md `vastMediaFile` needs it. */
export interface VastMediaFileLog {
  readonly uri: string;
  readonly id: string;
  readonly delivery: string;
  readonly type: string;
  readonly apiFramework: string;
  readonly width: number;
  readonly height: number;
  readonly bitrate: number;
}

/** An ad parsed from a VAST response (MediaTailor schema of docs/ad-logs.md `vastAd`). Missing VAST values are "" or 0. */
export interface VastAdLog {
  readonly vastAdId: string;
  readonly adSystem: string;
  readonly adTitle: string;
  readonly creativeId: string;
  readonly creativeAdId: string;
  readonly durationSec: number;
  readonly vastMediaFiles: readonly VastMediaFileLog[];
  /** VAST tracking event name → beacon URLs (impressions under `impression`). */
  readonly trackingEvents: Readonly<Record<string, readonly string[]>>;
  /** Wrapper ads: the VASTAdTagURI. */
  readonly vastAdTagUri?: string;
}

/** What a VAST (or VMAP) response contained. */
export interface VastResponseLog {
  /** `version` attribute of the root element, "" when absent. */
  readonly version: string;
  readonly rootElement: 'VAST' | 'VMAP';
  readonly vastAds: readonly VastAdLog[];
  /** `<Error>` URLs of the response. */
  readonly errorUrls: readonly string[];
  /** Wrapper ads in this response (Uplynk format of docs/ad-logs.md Response `wrapper_count`). */
  readonly wrapperCount: number;
  /** `<Impression>` URLs in this response (Uplynk format of docs/ad-logs.md Response `impression_count`). */
  readonly impressionCount: number;
}

/** An ad inserted into an avail (MediaTailor schema of docs/ad-logs.md `creativeAd`). */
export interface CreativeAdLog {
  readonly uri: string;
  readonly creativeUniqueId: string;
  /** Content variant → ad playlist URL; null when the ad has no per-variant playlists. */
  readonly adPlaylistUris: Readonly<Record<string, string>> | null;
  readonly trackingEvents: Readonly<Record<string, readonly string[]>>;
  readonly vastDurationSec: number;
  readonly transcodedAdDurationSec: number;
  /** The ADS request whose response held this ad (links Brightcove format of docs/ad-logs.md Creative to its AdRequest). */
  readonly sourceAdsRequestId?: string;
}

export interface SlateAdLog {
  readonly uri: string;
  readonly creativeUniqueId: string;
  readonly adPlaylistUris: Readonly<Record<string, string>> | null;
  readonly transcodedAdDurationSec: number;
}

/** An ad left out of the avail, with MediaTailor's reason code (docs/mediatailor-compat.md §7.1 skip reasons). */
export interface SkippedAdLog {
  readonly creativeUniqueId: string;
  readonly adMezzanineUrl: string;
  readonly skippedReason: string;
  readonly vastDurationSec: number;
  readonly transcodedAdDurationSec?: number;
  readonly sourceAdsRequestId?: string;
  /** Why, in words (a packaging error, for one); formats with a free-text field carry it. */
  readonly message?: string;
}

/** A configured bumper of the avail: played, or skipped with the reason (core/avails/bumpers). */
export interface BumperLog {
  readonly position: 'start' | 'end';
  readonly uri: string;
  readonly played: boolean;
  readonly durationSec?: number;
  readonly reason?: string;
}

/** The plan for one avail, as MediaTailor schema of docs/ad-logs.md `avail` and Brightcove format of docs/ad-logs.md SessionSummary need it. */
export interface AvailPlanLog {
  readonly availId: string;
  readonly originAvailDurationSec: number;
  /** Live joins mid-break ask for less than the break (Brightcove format of docs/ad-logs.md `rdur`). */
  readonly requestedDurationSec: number;
  readonly filledDurationSec: number;
  /** Slate that fills the remainder (live), part of Brightcove format of docs/ad-logs.md `sdur`. */
  readonly slateDurationSec: number;
  /** 0..1 (MediaTailor schema of docs/ad-logs.md `fillRate`). */
  readonly fillRate: number;
  readonly creativeAds: readonly CreativeAdLog[];
  readonly slateAd: SlateAdLog | null;
  readonly skippedAds: readonly SkippedAdLog[];
  /** Configured bumpers (absent when none is): no field of MediaTailor schema of docs/ad-logs.md holds them, the description does. */
  readonly bumpers?: readonly BumperLog[];
  /** Why the avail has no ads (a failed or unsent request, an empty response, …); the description carries it. */
  readonly noAdsReason?: string;
}

export type PodLocation = 'preroll' | 'midroll' | 'postroll';

/** Fields every event carries (issue 5 §1). */
export interface AdLogEventBase {
  /** Unique per event (UUID); Uplynk `unique_record_id`, idempotency of retried deliveries. */
  readonly eventId: string;
  readonly timestampMs: number;
  readonly sessionId: string;
  readonly sessionType: 'HLS' | 'DASH';
  /** Playback configuration name (MediaTailor `originId`). */
  readonly configName: string;
  /** The `{acct}` path segment: MediaTailor's hashed account id. */
  readonly accountId: string;
  /** Correlates the entries of one player request (MediaTailor `requestId`). */
  readonly requestId: string;
  readonly availId?: string;
  /** Asset path of the session (Brightcove `video_id`/`live_job_id`, Uplynk `video_id`). */
  readonly assetId: string;
  readonly playbackMode: 'live' | 'vod';
}

/** The first request of an avail's ADS chain (MAKING_ADS_REQUEST). */
export interface AdsRequestEvent extends AdLogEventBase {
  readonly kind: 'ads-request';
  readonly adsRequestId: string;
  readonly url: string;
  readonly requestHeaders: readonly LogHeader[];
  /** A POST ad request (`HttpRequest.Method`): the body as sent, before compression. */
  readonly requestBody?: string;
  readonly podLocation: PodLocation;
}

/** A wrapper's VASTAdTagURI being followed (VAST_REDIRECT). */
export interface VastRedirectEvent extends AdLogEventBase {
  readonly kind: 'vast-redirect';
  /** The new request made for the wrapper target. */
  readonly adsRequestId: string;
  readonly parentAdsRequestId: string;
  /** 1 for the first redirect; MediaTailor stops at 7 (docs/architecture.md §6). */
  readonly wrapperDepth: number;
  readonly url: string;
  readonly requestHeaders: readonly LogHeader[];
  readonly podLocation: PodLocation;
}

/** Fields shared by every event that closes one ADS HTTP exchange. */
export interface AdsExchangeFields {
  readonly adsRequestId: string;
  /** The request whose response led to this one (the wrapper's document; a VMAP for its AdTagURIs). */
  readonly parentAdsRequestId?: string;
  readonly wrapperDepth: number;
  readonly podLocation: PodLocation;
  readonly http: HttpExchangeLog;
  /**
   * What went wrong unwrapping this response without another request: its wrappers not followed
   * (loop, depth, request limit, …), its ads cut to one (Uplynk format of docs/ad-logs.md Response `event_error_message`).
   */
  readonly unwrapErrors?: readonly string[];
}

/** A parsed response with ads, at the top of the chain (VAST_RESPONSE) or below a wrapper. */
export interface VastResponseEvent extends AdLogEventBase, AdsExchangeFields {
  readonly kind: 'vast-response' | 'redirected-vast-response';
  readonly vast: VastResponseLog;
}

/** A well-formed response with no ads (EMPTY_VAST_RESPONSE). */
export interface EmptyVastResponseEvent extends AdLogEventBase, AdsExchangeFields {
  readonly kind: 'empty-vast-response';
  readonly vast: VastResponseLog;
}

export interface AdsTimeoutEvent extends AdLogEventBase, AdsExchangeFields {
  readonly kind: 'ads-timeout';
  readonly timeoutMs: number;
}

/** The body is not VAST/VMAP XML (ERROR_ADS_RESPONSE_PARSE). */
export interface AdsParseErrorEvent extends AdLogEventBase, AdsExchangeFields {
  readonly kind: 'ads-parse-error';
  readonly message: string;
}

/** Non-2xx status or a network failure (ERROR_ADS_INVALID_RESPONSE). */
export interface AdsInvalidResponseEvent extends AdLogEventBase, AdsExchangeFields {
  readonly kind: 'ads-invalid-response';
  readonly message: string;
}

/** What the request limits of the resolver did (docs/hardening.md "Ad server requests per avail"). */
export interface RequestLimitsLog {
  readonly maxRequests: number;
  readonly maxConcurrent: number;
  /** Requests made, root included. */
  readonly requests: number;
  /** Wrapper hops and VMAP AdTagURIs not requested because the requests were spent. */
  readonly cutRequests: number;
}

/**
 * Steps of an avail's ad resolution that made no request, one event per kind of step (so a
 * hostile response cannot turn into thousands of lines): wrappers not followed (loop, depth,
 * `followAdditionalWrappers`, a bad VASTAdTagURI, the request limit, the decision budget), an
 * answer cut to one ad, an unusable VMAP ad source (docs/ad-logs.md "One request, one line").
 */
export interface AdsResolutionWarningEvent extends AdLogEventBase {
  readonly kind: 'ads-resolution-warning';
  /** The resolver's outcome (`loop_detected`, `request_limit_exceeded`, `redirect_multiple_vast`, …). */
  readonly outcome: string;
  /** MediaTailor's event type for it (`ERROR_VAST_REDIRECT_FAILED`, …; docs/mediatailor-compat.md §7). */
  readonly mediatailorEventType: string;
  /** How many times it happened in this decision; the fields below describe the first. */
  readonly count: number;
  readonly message: string;
  /** The URL not requested, when there is one. */
  readonly url?: string;
  readonly wrapperDepth: number;
  readonly podLocation: PodLocation;
  /** On `request_limit_exceeded`: the limits and what they cut. */
  readonly requestLimits?: RequestLimitsLog;
}

/** A URL from ADS input refused by the host policy (docs/architecture.md §10, ERROR_DISALLOWED_HOST). */
export interface DisallowedHostEvent extends AdLogEventBase {
  readonly kind: 'disallowed-host';
  readonly url: string;
  readonly target: 'ads' | 'beacon' | 'media';
  readonly message: string;
}

/** A template variable that could not be filled (docs/mediatailor-compat.md §5). */
export interface VariableSubstitutionFailedEvent extends AdLogEventBase {
  readonly kind: 'variable-substitution-failed';
  /** The ADS URL as sent, with the failed variables left empty. */
  readonly url: string;
  readonly variables: readonly string[];
}

/** The plan for an avail, once decided (FILLED_AVAIL; Brightcove format of docs/ad-logs.md SessionSummary; Uplynk format of docs/ad-logs.md Job). */
export interface FilledAvailEvent extends AdLogEventBase {
  readonly kind: 'filled-avail';
  readonly availId: string;
  readonly avail: AvailPlanLog;
  readonly podLocation: PodLocation;
  /** 0-based position of this avail among the session's ad breaks (Uplynk format of docs/ad-logs.md `ad_request_index`). */
  readonly adRequestIndex: number;
  /** False when the ADS chain failed (timeout, parse, invalid, disallowed): Uplynk format of docs/ad-logs.md Job `fail`. */
  readonly adDecisionSucceeded: boolean;
  readonly decisionStartedAtMs: number;
  readonly decisionDurationMs: number;
  /** Status of the top-level ADS response, when one arrived. */
  readonly adsStatusCode?: number;
  /** Session uses client-side tracking only (Brightcove format of docs/ad-logs.md `client_only_tracking`). */
  readonly clientOnlyTracking: boolean;
}

/**
 * What an overlay avail offered (FILLED_OVERLAY_AVAIL; docs/mediatailor-compat.md §6.9): the
 * response's NonLinearAds, in the tracking API's `nonLinearAdsList` shape. Nothing is inserted.
 */
export interface FilledOverlayAvailEvent extends AdLogEventBase {
  readonly kind: 'filled-overlay-avail';
  readonly availId: string;
  readonly podLocation: PodLocation;
  /** The signalled duration of the opportunity; 0 when none was signalled. */
  readonly originAvailDurationSec: number;
  /** VAST version of the response that offered them. */
  readonly vastVersion: string;
  /** One item per VAST Creative holding NonLinearAds (core/tracking/overlay-json). */
  readonly nonLinearAdsList: readonly NonLinearAdsJson[];
}

/** An overlay avail that got no non-linear creative (MediaTailor's ERROR_VAST_MISSING_OVERLAYS). */
export interface OverlayMissingEvent extends AdLogEventBase {
  readonly kind: 'overlay-missing';
  readonly availId: string;
  readonly podLocation: PodLocation;
  /** Why: a response without NonLinearAds, an empty one, a failed request. */
  readonly message: string;
}

/** One tracking URL of one ad. */
export interface BeaconLog {
  /** VAST event name: impression, start, firstQuartile, midpoint, thirdQuartile, complete… */
  readonly trackingEvent: string;
  /** 0-based position of the ad in the avail. */
  readonly adIndex: number;
  /** 0-based position of this URL among the ad's URLs for the event. */
  readonly urlIndex: number;
  readonly creativeUniqueId?: string;
  readonly attempt: number;
  readonly http: HttpExchangeLog;
}

export interface BeaconFiredEvent extends AdLogEventBase {
  readonly kind: 'beacon-fired';
  readonly availId: string;
  readonly beacon: BeaconLog;
}

export interface BeaconFailedEvent extends AdLogEventBase {
  readonly kind: 'beacon-failed';
  readonly availId: string;
  readonly beacon: BeaconLog;
  readonly error: string;
}

export type { SessionAvailLog, SessionSummaryEvent, VodAvailPlanEvent, VodAvailPlanOffsetEvent } from './events-vod.ts';

export type AdLogEvent =
  | AdsRequestEvent
  | VastRedirectEvent
  | VastResponseEvent
  | EmptyVastResponseEvent
  | AdsTimeoutEvent
  | AdsParseErrorEvent
  | AdsInvalidResponseEvent
  | DisallowedHostEvent
  | VariableSubstitutionFailedEvent
  | AdsResolutionWarningEvent
  | VodAvailPlanOffsetEvent
  | VodAvailPlanEvent
  | FilledAvailEvent
  | FilledOverlayAvailEvent
  | OverlayMissingEvent
  | SessionSummaryEvent
  | BeaconFiredEvent
  | BeaconFailedEvent
  | ManifestDebugEvent;

export type AdLogEventKind = AdLogEvent['kind'];

/** Events that close an ADS HTTP exchange (one Brightcove format of docs/ad-logs.md AdRequest, one Uplynk format of docs/ad-logs.md Request each). */
export type AdsExchangeEvent = VastResponseEvent | EmptyVastResponseEvent | AdsTimeoutEvent | AdsParseErrorEvent | AdsInvalidResponseEvent;

export const isAdsExchangeEvent = (e: AdLogEvent): e is AdsExchangeEvent =>
  e.kind === 'vast-response' ||
  e.kind === 'redirected-vast-response' ||
  e.kind === 'empty-vast-response' ||
  e.kind === 'ads-timeout' ||
  e.kind === 'ads-parse-error' ||
  e.kind === 'ads-invalid-response';
