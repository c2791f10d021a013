/**
 * @module core/vast/model-creative
 * The creative-level VAST model: Creative, Linear, MediaFile, Icon, CompanionAds, NonLinearAds.
 * Types only. Field names follow the VAST element and attribute names (VAST 4.2 §3.7–§3.15);
 * units ride in names where VAST leaves them implicit (`durationSec`, `bitrateKbps`).
 * Sizes (`width`, `height`, …) are pixels as in the spec. All URLs are trimmed, CDATA unwrapped.
 */
import type { VastOffset } from './time.ts';

/** A URL with the optional `id` attribute of its element (Impression, ClickTracking, …). */
export interface VastUrl {
  readonly url: string;
  readonly id?: string;
}

/** One `<Tracking>` URL; `offset` only for Linear `progress` events (VAST 4.2 §3.14.3). */
export interface VastTrackingUrl {
  readonly url: string;
  readonly offsetRaw?: string;
  readonly offset?: VastOffset;
}

/**
 * Tracking URLs per event name, in document order (VAST 4.2 §3.14). Event names are the spec's
 * (`start`, `firstQuartile`, …; a case-insensitive match is normalised to that spelling);
 * unknown names are kept as written. The record has a null prototype, so an event named
 * `constructor` cannot collide with Object members.
 */
export type VastTrackingEvents = Readonly<Record<string, readonly VastTrackingUrl[]>>;

/** VAST 4.2 §3.7.1 UniversalAdId. */
export interface VastUniversalAdId {
  readonly idRegistry?: string;
  readonly value: string;
}

/** VAST 4.2 §3.18.1 Extension / §3.7.3 CreativeExtension. */
export interface VastExtension {
  readonly type?: string;
  /** Inner XML as written (trimmed); for text-only content, the text with CDATA unwrapped. */
  readonly content: string;
}

/** VAST 4.2 §3.15 resource files of companions, non-linears and icons. */
export interface VastResources {
  readonly staticResources: readonly { readonly url: string; readonly creativeType?: string }[];
  readonly iframeResources: readonly string[];
  /** HTML snippets (CDATA unwrapped). */
  readonly htmlResources: readonly string[];
}

/** VAST 4.2 §3.9.1 MediaFile. `delivery` is lower-cased (`Streaming` happens in the wild). */
export interface VastMediaFile {
  readonly url: string;
  readonly id?: string;
  readonly delivery?: string;
  readonly type?: string;
  readonly width?: number;
  readonly height?: number;
  readonly codec?: string;
  readonly bitrateKbps?: number;
  readonly minBitrateKbps?: number;
  readonly maxBitrateKbps?: number;
  readonly scalable?: boolean;
  readonly maintainAspectRatio?: boolean;
  readonly apiFramework?: string;
  readonly mediaType?: string;
  readonly fileSizeBytes?: number;
}

/** VAST 4.2 §3.9.2 Mezzanine: the high-quality source for ad stitching. */
export interface VastMezzanine {
  readonly url: string;
  readonly id?: string;
  readonly delivery?: string;
  readonly type?: string;
  readonly width?: number;
  readonly height?: number;
  readonly codec?: string;
  readonly fileSizeBytes?: number;
  readonly mediaType?: string;
}

/** VAST 4.2 §3.9.3 InteractiveCreativeFile. */
export interface VastInteractiveCreativeFile {
  readonly url: string;
  readonly type?: string;
  readonly apiFramework?: string;
  readonly variableDuration?: boolean;
}

/** VAST 4.2 §3.9.5 ClosedCaptionFile. */
export interface VastClosedCaptionFile {
  readonly url: string;
  readonly type?: string;
  readonly language?: string;
}

/** VAST 4.2 §3.10 VideoClicks. */
export interface VastVideoClicks {
  readonly clickThrough?: VastUrl;
  readonly clickTracking: readonly VastUrl[];
  readonly customClick: readonly VastUrl[];
}

/** VAST 4.2 §3.11.6.1 IconClickFallbackImage. */
export interface VastIconClickFallbackImage {
  readonly width?: number;
  readonly height?: number;
  readonly altText?: string;
  readonly staticResource?: { readonly url: string; readonly creativeType?: string };
}

/** VAST 4.2 §3.11.1 Icon. Positions stay strings: `left`/`right`/`top`/`bottom` or pixels. */
export interface VastIcon {
  readonly program?: string;
  readonly width?: number;
  readonly height?: number;
  readonly xPosition?: string;
  readonly yPosition?: string;
  readonly durationRaw?: string;
  readonly durationSec?: number;
  readonly offsetRaw?: string;
  readonly offsetSec?: number;
  readonly apiFramework?: string;
  readonly pxratio?: string;
  readonly resources: VastResources;
  readonly clickThrough?: string;
  readonly clickTracking: readonly VastUrl[];
  readonly clickFallbackImages: readonly VastIconClickFallbackImage[];
  readonly viewTracking: readonly string[];
}

/** `Linear@skipoffset`, raw and parsed (VAST 4.2 §3.8). */
export interface VastSkipOffset {
  readonly raw: string;
  readonly offset?: VastOffset;
}

/** VAST 4.2 §3.8.2 AdParameters. */
export interface VastAdParameters {
  readonly value: string;
  readonly xmlEncoded?: boolean;
}

/** VAST 4.2 §3.8 Linear (in a Wrapper: tracking, clicks and icons only). */
export interface VastLinear {
  readonly durationRaw?: string;
  readonly durationSec?: number;
  readonly skipoffset?: VastSkipOffset;
  readonly adParameters?: VastAdParameters;
  readonly trackingEvents: VastTrackingEvents;
  readonly videoClicks: VastVideoClicks;
  readonly mediaFiles: readonly VastMediaFile[];
  /** The first Mezzanine (the spec bounds it to one per Linear). */
  readonly mezzanine?: VastMezzanine;
  readonly interactiveCreativeFiles: readonly VastInteractiveCreativeFile[];
  readonly closedCaptionFiles: readonly VastClosedCaptionFile[];
  readonly icons: readonly VastIcon[];
}

/** VAST 4.2 §3.13.1 Companion. */
export interface VastCompanion {
  readonly id?: string;
  readonly width?: number;
  readonly height?: number;
  readonly assetWidth?: number;
  readonly assetHeight?: number;
  readonly expandedWidth?: number;
  readonly expandedHeight?: number;
  readonly apiFramework?: string;
  readonly adSlotId?: string;
  readonly pxratio?: string;
  readonly renderingMode?: string;
  readonly resources: VastResources;
  readonly altText?: string;
  readonly adParameters?: VastAdParameters;
  readonly clickThrough?: string;
  readonly clickTracking: readonly VastUrl[];
  readonly trackingEvents: VastTrackingEvents;
}

/** VAST 4.2 §3.13 CompanionAds; `required` is `all`, `any` or `none` (lower-cased). */
export interface VastCompanionAds {
  readonly required?: string;
  readonly companions: readonly VastCompanion[];
}

/** VAST 4.2 §3.12.1 NonLinear (in a Wrapper: click tracking only). */
export interface VastNonLinear {
  readonly id?: string;
  readonly width?: number;
  readonly height?: number;
  readonly expandedWidth?: number;
  readonly expandedHeight?: number;
  readonly scalable?: boolean;
  readonly maintainAspectRatio?: boolean;
  readonly minSuggestedDurationRaw?: string;
  readonly minSuggestedDurationSec?: number;
  readonly apiFramework?: string;
  readonly resources: VastResources;
  readonly adParameters?: VastAdParameters;
  readonly clickThrough?: string;
  readonly clickTracking: readonly VastUrl[];
}

/** VAST 4.2 §3.12 NonLinearAds: the overlays and their shared TrackingEvents. */
export interface VastNonLinearAds {
  readonly nonLinears: readonly VastNonLinear[];
  readonly trackingEvents: VastTrackingEvents;
}

/** VAST 4.2 §3.7 Creative: one of Linear, CompanionAds, NonLinearAds. */
export interface VastCreative {
  readonly id?: string;
  readonly adId?: string;
  readonly sequence?: number;
  readonly apiFramework?: string;
  /** The first UniversalAdId; VAST 4.2 allows several (`universalAdIds`). */
  readonly universalAdId?: VastUniversalAdId;
  readonly universalAdIds: readonly VastUniversalAdId[];
  readonly creativeExtensions: readonly VastExtension[];
  readonly linear?: VastLinear;
  readonly companionAds?: VastCompanionAds;
  readonly nonLinearAds?: VastNonLinearAds;
}
