/**
 * @module core/vast/model
 * The document- and ad-level VAST model (VAST 2.0, 3.0, 4.0–4.2) and the parse result. Types
 * only. Spec: IAB VAST 4.2 §3.2 VAST, §3.3 Ad, §3.4 InLine, §3.16–§3.17 AdVerifications,
 * §3.18 Extensions, §3.19 Wrapper. Creative-level types live in `model-creative.ts`.
 */
import type { VastCreative, VastExtension, VastUrl } from './model-creative.ts';

export type * from './model-creative.ts';

/** VAST 4.2 §3.17 Verification (or a VAST 3 `Extension type="AdVerifications"`). */
export interface VastVerification {
  readonly vendor?: string;
  readonly javaScriptResources: readonly {
    readonly url: string;
    readonly apiFramework?: string;
    readonly browserOptional?: boolean;
  }[];
  readonly executableResources: readonly {
    readonly url: string;
    readonly apiFramework?: string;
    readonly type?: string;
    readonly language?: string;
  }[];
  /** `verificationNotExecuted` and any other event, in document order. */
  readonly trackingEvents: readonly { readonly event: string; readonly url: string }[];
  readonly verificationParameters?: string;
}

/** VAST 4.2 §3.5 ViewableImpression. */
export interface VastViewableImpression {
  readonly id?: string;
  readonly viewable: readonly string[];
  readonly notViewable: readonly string[];
  readonly viewUndetermined: readonly string[];
}

/** VAST 4.2 §3.4.5 Category / §3.19.2 BlockedAdCategories. */
export interface VastCategory {
  readonly authority?: string;
  readonly value: string;
}

/** What InLine and Wrapper share (the Wrapper keeps these to merge them down the chain). */
export interface VastAdCommon {
  /** Position of the `<Ad>` in its document (0-based), for logs and stable ordering. */
  readonly index: number;
  /** `Ad@id` (MediaTailor's `vastAdId`). */
  readonly id?: string;
  /** `Ad@sequence`; present ⇒ the ad belongs to the pod (VAST 4.2 §3.3.1). */
  readonly sequence?: number;
  readonly conditionalAd?: boolean;
  /** `Ad@adType` (VAST 4.1+): `video`, `audio` or `hybrid`. */
  readonly adType?: string;
  readonly adSystem?: { readonly name: string; readonly version?: string };
  readonly impressions: readonly VastUrl[];
  readonly errors: readonly string[];
  readonly pricing?: { readonly value: string; readonly model?: string; readonly currency?: string };
  readonly viewableImpression?: VastViewableImpression;
  readonly adVerifications: readonly VastVerification[];
  readonly extensions: readonly VastExtension[];
  readonly creatives: readonly VastCreative[];
}

/** VAST 4.2 §3.4 InLine: everything needed to play and track the ad. */
export interface VastInlineAd extends VastAdCommon {
  readonly kind: 'inline';
  readonly adTitle?: string;
  readonly adServingId?: string;
  readonly description?: string;
  readonly advertiser?: { readonly name: string; readonly id?: string };
  readonly survey: readonly { readonly url: string; readonly type?: string }[];
  readonly categories: readonly VastCategory[];
  readonly expiresSec?: number;
}

/** VAST 4.2 §3.19 Wrapper: a redirect plus tracking to merge into the ad it leads to. */
export interface VastWrapperAd extends VastAdCommon {
  readonly kind: 'wrapper';
  /** `VASTAdTagURI`; empty when missing (the resolver reports it, the parser keeps the ad). */
  readonly vastAdTagUri: string;
  /** Default true (§3.19): may the response behind this wrapper be another wrapper? */
  readonly followAdditionalWrappers: boolean;
  /** Default false (§3.19): may the response behind this wrapper hold several ads? */
  readonly allowMultipleAds: boolean;
  /** No default in the spec; undefined when absent. */
  readonly fallbackOnNoAd?: boolean;
  readonly blockedAdCategories: readonly VastCategory[];
}

export type VastAd = VastInlineAd | VastWrapperAd;

/** A parsed VAST response. */
export interface VastDocument {
  /** `VAST@version` as written (`"2.0"`, `"4.2"`), `""` when absent. */
  readonly version: string;
  /** Ads in document order (ordering for play is the resolver's job). */
  readonly ads: readonly VastAd[];
  /** Root `VAST/Error` URIs: the no-ad reporting URIs (VAST 4.2 §3.2.1). */
  readonly errors: readonly string[];
}

/** Things the parser skipped or read leniently. Codes name the MediaTailor event where one fits. */
export type VastDiagnosticCode =
  | 'ad_without_inline_or_wrapper'
  | 'ad_with_inline_and_wrapper'
  | 'missing_vast_ad_tag_uri'
  | 'multiple_linear'
  | 'multiple_mezzanine'
  | 'invalid_duration'
  | 'lenient_duration'
  | 'invalid_skipoffset'
  | 'invalid_progress_offset'
  | 'tracking_without_event'
  | 'media_file_without_url'
  | 'invalid_sequence'
  | 'duplicate_sequence';

export interface VastDiagnostic {
  readonly code: VastDiagnosticCode;
  readonly message: string;
  /** Index of the `<Ad>` concerned, when there is one. */
  readonly adIndex?: number;
}

export type VastParseErrorKind = 'parse_error' | 'unknown_root';

export interface VastParseError {
  /** `parse_error` → ERROR_ADS_RESPONSE_PARSE; `unknown_root` → ERROR_ADS_RESPONSE_UNKNOWN_ROOT_ELEMENT. */
  readonly kind: VastParseErrorKind;
  readonly message: string;
  /** The root element found, for `unknown_root`. */
  readonly rootElement?: string;
}

export type VastParse = { readonly ok: true; readonly document: VastDocument; readonly diagnostics: readonly VastDiagnostic[] } | { readonly ok: false; readonly error: VastParseError };
