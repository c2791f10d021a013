/**
 * @module core/tracking/creative-json
 * The VAST-derived sub-objects of a tracking JSON ad (docs/mediatailor-compat.md §3.1, §3.2 "Mapping to VAST"):
 * adVerifications ← InLine/AdVerifications, companionAds ← CompanionAds/Companion, icons ←
 * Linear/Icons, mediaFiles ← Linear/MediaFiles, extensions ← InLine/Extensions. Pure.
 * Attribute values are strings (`""` when absent) as in the captured payloads; resources and
 * click URLs are `null` when absent.
 */
import type { VastCompanion, VastExtension, VastIcon, VastLinear, VastMediaFile, VastResources, VastTrackingEvents, VastVerification } from '../vast/model.ts';
import type { AdVerificationJson, BeaconGroupJson, CompanionAdJson, IconJson, MediaFileJson, MediaFilesJson, StaticResourceJson } from './wire-types.ts';

const s = (v: string | number | boolean | undefined): string => (v === undefined ? '' : String(v));

/** A VAST tracking record as `{beaconUrls, eventType}` groups, in document order. */
export function beaconGroups(events: VastTrackingEvents): BeaconGroupJson[] {
  const out: BeaconGroupJson[] = [];
  for (const eventType of Object.keys(events)) {
    const beaconUrls = (events[eventType] ?? []).map((t) => t.url);
    if (beaconUrls.length > 0) out.push({ beaconUrls, eventType });
  }
  return out;
}

export function adVerificationJson(v: VastVerification): AdVerificationJson {
  return {
    executableResource: v.executableResources.map((r) => ({
      apiFramework: s(r.apiFramework),
      language: s(r.language),
      type: s(r.type),
      uri: r.url,
    })),
    javaScriptResource: v.javaScriptResources.map((r) => ({
      apiFramework: s(r.apiFramework),
      browserOptional: s(r.browserOptional),
      uri: r.url,
    })),
    trackingEvents: v.trackingEvents.map((t) => ({ event: t.event, uri: t.url })),
    vendor: s(v.vendor),
    verificationParameters: s(v.verificationParameters),
  };
}

const firstOrNull = <T>(xs: readonly T[]): T | null => xs[0] ?? null;

function staticResourceJson(resources: VastResources): StaticResourceJson | null {
  const r = resources.staticResources[0];
  return r === undefined ? null : { creativeType: s(r.creativeType), uri: r.url };
}

/** `sequence` is the owning Creative's `sequence` attribute (`""` when absent). */
export function companionAdJson(c: VastCompanion, creativeSequence: number | undefined): CompanionAdJson {
  return {
    adParameters: c.adParameters?.value ?? null,
    altText: c.altText ?? null,
    attributes: {
      adSlotId: s(c.adSlotId),
      apiFramework: s(c.apiFramework),
      assetHeight: s(c.assetHeight),
      assetWidth: s(c.assetWidth),
      expandedHeight: s(c.expandedHeight),
      expandedWidth: s(c.expandedWidth),
      height: s(c.height),
      id: s(c.id),
      pxratio: s(c.pxratio),
      renderingMode: s(c.renderingMode),
      width: s(c.width),
    },
    companionClickThrough: c.clickThrough ?? null,
    // The wire shape has one string: the first CompanionClickTracking.
    companionClickTracking: c.clickTracking[0]?.url ?? null,
    htmlResource: firstOrNull(c.resources.htmlResources),
    iFrameResource: firstOrNull(c.resources.iframeResources),
    sequence: s(creativeSequence),
    staticResource: c.resources.staticResources[0]?.url ?? null,
    trackingEvents: beaconGroups(c.trackingEvents),
  };
}

export function iconJson(icon: VastIcon): IconJson {
  const tracking = icon.clickTracking[0];
  return {
    attributes: {
      apiFramework: s(icon.apiFramework),
      duration: s(icon.durationRaw),
      height: s(icon.height),
      offset: s(icon.offsetRaw),
      program: s(icon.program),
      pxratio: s(icon.pxratio),
      width: s(icon.width),
      xPosition: s(icon.xPosition),
      yPosition: s(icon.yPosition),
    },
    htmlResource: firstOrNull(icon.resources.htmlResources),
    iFrameResource: firstOrNull(icon.resources.iframeResources),
    iconClicks: {
      iconClickFallbackImages: icon.clickFallbackImages.map((f) => ({
        altText: s(f.altText),
        height: s(f.height),
        staticResource: f.staticResource ? { creativeType: s(f.staticResource.creativeType), uri: f.staticResource.url } : null,
        width: s(f.width),
      })),
      iconClickThrough: icon.clickThrough ?? null,
      iconClickTracking: { id: tracking?.id ?? null, uri: tracking?.url ?? null },
    },
    iconViewTracking: firstOrNull(icon.viewTracking),
    staticResource: staticResourceJson(icon.resources),
  };
}

function mediaFileJson(f: VastMediaFile): MediaFileJson {
  return {
    ...(f.apiFramework !== undefined ? { apiFramework: f.apiFramework } : {}),
    ...(f.bitrateKbps !== undefined ? { bitrate: f.bitrateKbps } : {}),
    delivery: s(f.delivery),
    height: f.height ?? 0,
    maintainAspectRatio: f.maintainAspectRatio ?? false,
    mediaFileUri: f.url,
    // The captures put the MIME type here (`application/javascript`, `video/mp4`).
    mediaType: s(f.type ?? f.mediaType),
    scalable: f.scalable ?? false,
    width: f.width ?? 0,
  };
}

export function mediaFilesJson(linear: VastLinear | undefined): MediaFilesJson {
  return {
    mediaFilesList: (linear?.mediaFiles ?? []).map(mediaFileJson),
    mezzanine: linear?.mezzanine?.url ?? '',
  };
}

export function extensionJson(e: VastExtension): { readonly content: string; readonly type: string } {
  return { content: e.content, type: s(e.type) };
}
