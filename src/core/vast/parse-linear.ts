/**
 * @module core/vast/parse-linear
 * Reads a VAST `<Linear>` (VAST 4.2 §3.8–§3.11): duration, skipoffset, AdParameters, tracking,
 * VideoClicks, MediaFiles (MediaFile, Mezzanine, InteractiveCreativeFile, ClosedCaptionFiles)
 * and Icons. Pure, never throws; oddities are reported through `report`.
 */
import { attr, child, children, text, type XmlElement } from './xml-tree.ts';
import { isClockForm, parseClockSec, parseVastOffset } from './time.ts';
import { bool, defined, idUrlList, int, lowerStr, num, readResources, readTrackingEvents, str, urlList, urlOf } from './read-values.ts';
import type {
  VastAdParameters,
  VastClosedCaptionFile,
  VastIcon,
  VastIconClickFallbackImage,
  VastInteractiveCreativeFile,
  VastLinear,
  VastMediaFile,
  VastMezzanine,
  VastVideoClicks,
} from './model-creative.ts';
import type { VastDiagnosticCode } from './model.ts';

export type Report = (code: VastDiagnosticCode, message: string) => void;

export function readLinear(el: XmlElement, report: Report): VastLinear {
  const durationRaw = text(child(el, 'Duration'));
  const durationSec = parseClockSec(durationRaw);
  if (durationRaw !== undefined && durationSec === undefined) {
    report('invalid_duration', `Linear/Duration "${durationRaw}" is not HH:MM:SS(.mmm)`);
  } else if (durationRaw !== undefined && !isClockForm(durationRaw)) {
    report('lenient_duration', `Linear/Duration "${durationRaw}" read as seconds`);
  }

  const skipRaw = str(el, 'skipoffset');
  const skipOffset = parseVastOffset(skipRaw);
  if (skipRaw !== undefined && !skipOffset) report('invalid_skipoffset', `Linear@skipoffset "${skipRaw}" is unreadable`);

  const tracking = readTrackingEvents(children(el, 'TrackingEvents'), true);
  if (tracking.problems.withoutEvent > 0) {
    report('tracking_without_event', `${tracking.problems.withoutEvent} Linear Tracking element(s) without event`);
  }
  for (const bad of tracking.problems.badProgressOffsets) {
    report('invalid_progress_offset', `progress offset "${bad}" is unreadable`);
  }

  const mediaFilesEl = children(el, 'MediaFiles');
  const mezzanines = mediaFilesEl.flatMap((m) => children(m, 'Mezzanine')).map(readMezzanine);
  const mezzanine = mezzanines.find((m): m is VastMezzanine => m !== undefined);
  if (mezzanines.length > 1) report('multiple_mezzanine', `${mezzanines.length} Mezzanine elements; the first is used`);

  return defined({
    durationRaw,
    durationSec,
    skipoffset: skipRaw === undefined ? undefined : defined({ raw: skipRaw, offset: skipOffset }),
    adParameters: readAdParameters(child(el, 'AdParameters')),
    trackingEvents: tracking.events,
    videoClicks: readVideoClicks(child(el, 'VideoClicks')),
    mediaFiles: readMediaFiles(mediaFilesEl, report),
    mezzanine,
    interactiveCreativeFiles: mediaFilesEl.flatMap((m) => children(m, 'InteractiveCreativeFile')).flatMap(readInteractive),
    closedCaptionFiles: mediaFilesEl
      .flatMap((m) => children(m, 'ClosedCaptionFiles'))
      .flatMap((c) => children(c, 'ClosedCaptionFile'))
      .flatMap(readClosedCaption),
    icons: children(child(el, 'Icons'), 'Icon').map(readIcon),
  });
}

/** VAST 4.2 §3.8.2; also used by Companion and NonLinear. */
export function readAdParameters(el: XmlElement | undefined): VastAdParameters | undefined {
  if (!el) return undefined;
  const value = el.text.trim();
  return defined({ value, xmlEncoded: bool(el, 'xmlEncoded') });
}

function readVideoClicks(el: XmlElement | undefined): VastVideoClicks {
  const through = child(el, 'ClickThrough');
  const url = urlOf(through);
  const id = str(through, 'id');
  return defined({
    clickThrough: url === undefined ? undefined : defined({ url, id }),
    clickTracking: idUrlList(el, 'ClickTracking'),
    customClick: idUrlList(el, 'CustomClick'),
  });
}

function readMediaFiles(containers: readonly XmlElement[], report: Report): VastMediaFile[] {
  const out: VastMediaFile[] = [];
  for (const el of containers.flatMap((m) => children(m, 'MediaFile'))) {
    const url = urlOf(el);
    if (url === undefined) {
      report('media_file_without_url', `MediaFile${attr(el, 'id') ? ` id=${attr(el, 'id')}` : ''} has no URL`);
      continue;
    }
    out.push(
      defined({
        url,
        id: str(el, 'id'),
        delivery: lowerStr(el, 'delivery'),
        type: str(el, 'type'),
        width: int(el, 'width'),
        height: int(el, 'height'),
        codec: str(el, 'codec'),
        bitrateKbps: num(el, 'bitrate'),
        minBitrateKbps: num(el, 'minBitrate'),
        maxBitrateKbps: num(el, 'maxBitrate'),
        scalable: bool(el, 'scalable'),
        maintainAspectRatio: bool(el, 'maintainAspectRatio'),
        apiFramework: str(el, 'apiFramework'),
        mediaType: str(el, 'mediaType'),
        fileSizeBytes: int(el, 'fileSize'),
      }),
    );
  }
  return out;
}

function readMezzanine(el: XmlElement): VastMezzanine | undefined {
  const url = urlOf(el);
  if (url === undefined) return undefined;
  return defined({
    url,
    id: str(el, 'id'),
    delivery: lowerStr(el, 'delivery'),
    type: str(el, 'type'),
    width: int(el, 'width'),
    height: int(el, 'height'),
    codec: str(el, 'codec'),
    fileSizeBytes: int(el, 'fileSize'),
    mediaType: str(el, 'mediaType'),
  });
}

function readInteractive(el: XmlElement): VastInteractiveCreativeFile[] {
  const url = urlOf(el);
  if (url === undefined) return [];
  return [defined({ url, type: str(el, 'type'), apiFramework: str(el, 'apiFramework'), variableDuration: bool(el, 'variableDuration') })];
}

function readClosedCaption(el: XmlElement): VastClosedCaptionFile[] {
  const url = urlOf(el);
  if (url === undefined) return [];
  return [defined({ url, type: str(el, 'type'), language: str(el, 'language') })];
}

/** VAST 4.2 §3.11.1 Icon; `IconClickFallbackImages` per §3.11.6 (added in VAST 4.2). */
function readIcon(el: XmlElement): VastIcon {
  const durationRaw = str(el, 'duration');
  const offsetRaw = str(el, 'offset');
  const clicks = child(el, 'IconClicks');
  const fallbackImages: VastIconClickFallbackImage[] = children(child(clicks, 'IconClickFallbackImages'), 'IconClickFallbackImage').map((img) => {
    const res = child(img, 'StaticResource');
    const url = urlOf(res);
    return defined({
      width: int(img, 'width'),
      height: int(img, 'height'),
      altText: text(child(img, 'AltText')),
      staticResource: url === undefined ? undefined : defined({ url, creativeType: str(res, 'creativeType') }),
    });
  });
  return defined({
    program: str(el, 'program'),
    width: int(el, 'width'),
    height: int(el, 'height'),
    xPosition: str(el, 'xPosition'),
    yPosition: str(el, 'yPosition'),
    durationRaw,
    durationSec: parseClockSec(durationRaw),
    offsetRaw,
    offsetSec: parseClockSec(offsetRaw),
    apiFramework: str(el, 'apiFramework'),
    pxratio: str(el, 'pxratio'),
    resources: readResources(el),
    clickThrough: urlOf(child(clicks, 'IconClickThrough')),
    clickTracking: idUrlList(clicks, 'IconClickTracking'),
    clickFallbackImages: fallbackImages,
    viewTracking: urlList(el, 'IconViewTracking'),
  });
}
