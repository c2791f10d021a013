/**
 * @module core/avails/ad-signal
 * Ad ID signaling (docs/mediatailor-compat.md §6.7; MediaTailor "Manifests and ad metadata
 * insertion", after the SVTA "Ad creative signaling in DASH and HLS"): for each ad a session
 * plays, the metadata its manifest carries (HLS: an EXT-X-DATERANGE of the class below; DASH: an
 * Event of the scheme below in the ad's period), so a player knows which creative plays without
 * polling the tracking API. Slate and bumpers carry none: only the plan's ads are signalled.
 * Format-neutral: the caller names each ad's position (HLS: the media sequence of its first
 * segment; DASH: its Period@id) and the tracking URI relative to its manifest; the HLS writer is
 * core/hls/ad-signaling. Pure.
 */
import type { PlannedAd } from './plan.ts';
import type { AdPlacement, AvailPlacement } from './timeline.ts';
import { bytesToBase64 } from '../scte35/index.ts';
import type { VastInlineAd } from '../vast/index.ts';

/** The HLS DATERANGE class and the DASH EventStream scheme. */
export const AD_ID_SIGNALING_SCHEME = 'urn:sva:advertising-wg:ad-id-signaling';
/** The identifier scheme of the payload (SMPTE Ad-ID universal label), as MediaTailor writes it. */
export const AD_ID_IDENTIFIER_SCHEME = 'urn:smpte:ul:060E2B34.01040101.01200900.00000000';

/** MediaTailor's `ad_type`: an ad stitched into a break, or an overlay shown over content. */
export type AdSignalType = 'avail' | 'overlay';

/** One ad's signal: where it is and what it says. */
export interface AdSignal {
  /** `{availId}-{position}`: MediaTailor couples the avail's id (HLS: first media sequence) with the ad's position (the HLS DATERANGE ID). */
  readonly id: string;
  /** 1-based position of the ad in its avail. */
  readonly position: number;
  readonly placement: AdPlacement;
  readonly payload: AdSignalPayload;
}

/** The JSON document of the signal (HLS: `X-AD-CREATIVE-SIGNALING`, base64; DASH: the Event's body). */
export interface AdSignalPayload {
  readonly version: 1;
  readonly identifiers: readonly {
    readonly scheme: string;
    /** The creative's id (MediaTailor: `Creative@id`, empty when absent). */
    readonly value: string;
    /** The ad's id in the session (HLS: media sequence of its first segment; DASH: its Period@id). */
    readonly ad_position: string;
    readonly ad_type: AdSignalType;
    readonly creative_id: string;
    /** The session's tracking endpoint, relative to the manifest that carries the signal. */
    readonly tracking_uri: string;
    /** The CDATA of the ad's `<Extension type="creative_signaling">`, or null. */
    readonly custom_vast_data: string | null;
  }[];
}

/**
 * Every ad of a placed avail with its signal, in play order. `adPosition` names an ad in the
 * session (the tracking API's `adId`); `trackingUri` is relative to the manifest that carries it.
 */
export function adSignals(placement: AvailPlacement, plan: { readonly ads: readonly Pick<PlannedAd, 'index' | 'ad'>[] }, trackingUri: string, adPosition: (p: AdPlacement) => string): AdSignal[] {
  const out: AdSignal[] = [];
  for (const p of placement.ads) {
    const planned = plan.ads.find((a) => a.index === p.adIndex);
    if (!planned) continue;
    const position = out.length + 1;
    out.push({ id: `${placement.availId}-${position}`, position, placement: p, payload: adSignalPayload(planned.ad, adPosition(p), trackingUri, 'avail') });
  }
  return out;
}

/** The signal of one ad (MediaTailor "Manifests and ad metadata insertion"). */
export function adSignalPayload(ad: VastInlineAd, adPosition: string, trackingUri: string, adType: AdSignalType): AdSignalPayload {
  const creativeId = creativeIdOf(ad, adType);
  return {
    version: 1,
    identifiers: [{ scheme: AD_ID_IDENTIFIER_SCHEME, value: creativeId, ad_position: adPosition, ad_type: adType, creative_id: creativeId, tracking_uri: trackingUri, custom_vast_data: customVastData(ad) }],
  };
}

/**
 * `Creative@id` of the creative that plays (the Linear one for an avail, the NonLinearAds one for
 * an overlay); "" when absent, as MediaTailor writes it ("Ad Decision Server (ADS) interactions").
 */
export function creativeIdOf(ad: VastInlineAd, adType: AdSignalType): string {
  const playing = ad.creatives.find((c) => (adType === 'avail' ? c.linear : c.nonLinearAds));
  return playing?.id ?? '';
}

/** The `creative_signaling` VAST extension's content, or null when there is none or it is empty. */
export function customVastData(ad: VastInlineAd): string | null {
  const e = ad.extensions.find((x) => x.type === 'creative_signaling');
  return e && e.content !== '' ? e.content : null;
}

/** The payload as base64 of its UTF-8 JSON (the HLS attribute value). */
export function payloadBase64(payload: AdSignalPayload): string {
  return bytesToBase64(new TextEncoder().encode(JSON.stringify(payload)));
}
