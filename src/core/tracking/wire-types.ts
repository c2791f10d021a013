/**
 * @module core/tracking/wire-types
 * The client-side tracking JSON as MediaTailor sends it (docs/mediatailor-compat.md §3.1, the wire form, not the
 * documentation's property table; §3.2 for icons). Types only.
 *
 * Conventions taken from the captured payloads: keys in alphabetical order (Jackson's); times and
 * durations twice, ISO-8601 string and float seconds; ids as strings; every array always
 * present, empty when there is nothing (Shaka drops all ad events without `nonLinearAdsList` and
 * throws without `adBreakTrackingEvents`; docs/architecture.md §2). Absent VAST text is `""` where players type
 * the field as a plain string (Shaka: `adParameters`, `adSystem`, `adTitle`, `creativeId`,
 * `creativeSequence`), `null` where the captures show null.
 */

/** `adBreakTrackingEvents[]` items and companion `trackingEvents[]` items. */
export interface BeaconGroupJson {
  readonly beaconUrls: readonly string[];
  readonly eventType: string;
}

export interface TrackingEventJson {
  readonly beaconUrls: readonly string[];
  /** The impression carries the ad duration; every other event `PT0S`. */
  readonly duration: string;
  readonly durationInSeconds: number;
  /** HLS: media sequence number of the segment the event falls in. */
  readonly eventId: string;
  readonly eventProgramDateTime: string | null;
  readonly eventType: string;
  readonly startTime: string;
  readonly startTimeInSeconds: number;
}

export interface AdVerificationJson {
  readonly executableResource: readonly { readonly apiFramework: string; readonly language: string; readonly type: string; readonly uri: string }[];
  readonly javaScriptResource: readonly { readonly apiFramework: string; readonly browserOptional: string; readonly uri: string }[];
  readonly trackingEvents: readonly { readonly event: string; readonly uri: string }[];
  readonly vendor: string;
  readonly verificationParameters: string;
}

export interface CompanionAttributesJson {
  readonly adSlotId: string;
  readonly apiFramework: string;
  readonly assetHeight: string;
  readonly assetWidth: string;
  readonly expandedHeight: string;
  readonly expandedWidth: string;
  readonly height: string;
  readonly id: string;
  readonly pxratio: string;
  readonly renderingMode: string;
  readonly width: string;
}

export interface CompanionAdJson {
  readonly adParameters: string | null;
  readonly altText: string | null;
  readonly attributes: CompanionAttributesJson;
  readonly companionClickThrough: string | null;
  readonly companionClickTracking: string | null;
  readonly htmlResource: string | null;
  readonly iFrameResource: string | null;
  readonly sequence: string;
  readonly staticResource: string | null;
  readonly trackingEvents: readonly BeaconGroupJson[];
}

export interface StaticResourceJson {
  readonly creativeType: string;
  readonly uri: string;
}

export interface IconJson {
  readonly attributes: {
    readonly apiFramework: string;
    readonly duration: string;
    readonly height: string;
    readonly offset: string;
    readonly program: string;
    readonly pxratio: string;
    readonly width: string;
    readonly xPosition: string;
    readonly yPosition: string;
  };
  readonly htmlResource: string | null;
  readonly iFrameResource: string | null;
  readonly iconClicks: {
    readonly iconClickFallbackImages: readonly {
      readonly altText: string;
      readonly height: string;
      readonly staticResource: StaticResourceJson | null;
      readonly width: string;
    }[];
    readonly iconClickThrough: string | null;
    /** The first IconClickTracking (the documented shape is a single object). */
    readonly iconClickTracking: { readonly id: string | null; readonly uri: string | null };
  };
  /** The first IconViewTracking URL. */
  readonly iconViewTracking: string | null;
  readonly staticResource: StaticResourceJson | null;
}

export interface MediaFileJson {
  readonly apiFramework?: string;
  readonly bitrate?: number;
  readonly delivery: string;
  readonly height: number;
  readonly maintainAspectRatio: boolean;
  readonly mediaFileUri: string;
  readonly mediaType: string;
  readonly scalable: boolean;
  readonly width: number;
}

export interface MediaFilesJson {
  readonly mediaFilesList: readonly MediaFileJson[];
  readonly mezzanine: string;
}

export interface TrackingAdJson {
  /** HLS: media sequence number of the ad's first segment. */
  readonly adId: string;
  readonly adParameters: string;
  readonly adProgramDateTime: string | null;
  readonly adSystem: string;
  readonly adTitle: string;
  readonly adVerifications: readonly AdVerificationJson[];
  readonly companionAds: readonly CompanionAdJson[];
  readonly creativeId: string;
  readonly creativeSequence: string;
  readonly duration: string;
  readonly durationInSeconds: number;
  readonly extensions: readonly { readonly content: string; readonly type: string }[];
  readonly icons: readonly IconJson[];
  readonly mediaFiles: MediaFilesJson;
  readonly skipOffset: string | null;
  readonly startTime: string;
  readonly startTimeInSeconds: number;
  readonly trackingEvents: readonly TrackingEventJson[];
  readonly vastAdId: string;
}

/** `nonLinearAdsList[]` item (docs/mediatailor-compat.md §3.3); built by the overlay path, passed through here. */
export interface NonLinearAdsJson {
  readonly extensions: unknown;
  readonly nonLinearAdList: readonly Readonly<Record<string, unknown>>[];
  readonly trackingEvents: readonly unknown[];
}

export interface TrackingAvailJson {
  readonly adBreakTrackingEvents: readonly BeaconGroupJson[];
  readonly adMarkerDuration: string | null;
  readonly ads: readonly TrackingAdJson[];
  /** HLS: media sequence number where the avail starts. */
  readonly availId: string;
  readonly availProgramDateTime: string | null;
  readonly duration: string;
  readonly durationInSeconds: number;
  readonly meta: null;
  readonly nonLinearAdsList: readonly NonLinearAdsJson[];
  readonly startTime: string;
  readonly startTimeInSeconds: number;
}

export interface TrackingResponseJson {
  readonly avails: readonly TrackingAvailJson[];
  readonly dashAvailabilityStartTime: string | null;
  /** Observed as a JSON number (docs/mediatailor-compat.md §3.1). */
  readonly hlsAnchorMediaSequenceNumber: number | null;
  readonly nextToken: string | null;
  readonly nonLinearAvails: readonly TrackingAvailJson[];
}
