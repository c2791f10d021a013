/**
 * @module core/vast/media-select
 * Which media of a resolved ad the edge can use, and under which keys the creative store holds
 * a packaged copy. Pure. DESIGN §5 (creatives: no transcoding at the edge), contracts §6.6
 * (preconditioned ads: `delivery="streaming"` `.m3u8`/`.mpd` MediaFiles; creative key
 * `Creative@id`, else the mezzanine URL; the highest-bitrate MediaFile is the transcode source).
 * Spec: VAST 4.2 §3.9.1 MediaFile, §3.9.2 Mezzanine.
 */
import { creativeIdKey, mediaUrlKey } from './creative-key.ts';
import type { VastCreative, VastLinear, VastMediaFile } from './model-creative.ts';
import type { VastInlineAd } from './model.ts';

/** The ad's Linear creative (the parser keeps at most one per ad). */
export function linearCreative(ad: VastInlineAd): (VastCreative & { readonly linear: VastLinear }) | undefined {
  return ad.creatives.find((c): c is VastCreative & { readonly linear: VastLinear } => c.linear !== undefined);
}

const HLS_TYPES = ['application/x-mpegurl', 'application/vnd.apple.mpegurl'];
const DASH_TYPES = ['application/dash+xml'];

/** A streaming manifest format a MediaFile can offer (VAST 4.2 §3.9.1 `delivery="streaming"`). */
export type StreamingFormat = 'hls' | 'dash';

/** Every usable streaming MediaFile of the ad, per format, in document order. */
export interface StreamingRenditions {
  readonly hls: readonly VastMediaFile[];
  readonly dash: readonly VastMediaFile[];
}

/**
 * The `delivery="streaming"` HLS MediaFiles (MIME type, or a `.m3u8` path) and DASH ones
 * (`application/dash+xml`, or `.mpd`), all of them in document order: the caller tries each in
 * turn, so a broken first MediaFile does not lose an ad whose second one plays. Only http(s) URLs
 * qualify; the host policy is the caller's (docs/hardening.md).
 */
export function streamingMediaFiles(ad: VastInlineAd): StreamingRenditions {
  const files = linearCreative(ad)?.linear.mediaFiles ?? [];
  const hls: VastMediaFile[] = [];
  const dash: VastMediaFile[] = [];
  for (const file of files) {
    if (file.delivery !== 'streaming' || !isHttpUrl(file.url)) continue;
    const type = file.type?.trim().toLowerCase() ?? '';
    const path = urlPath(file.url);
    if (HLS_TYPES.includes(type) || (!DASH_TYPES.includes(type) && path.endsWith('.m3u8'))) hls.push(file);
    else if (DASH_TYPES.includes(type) || path.endsWith('.mpd')) dash.push(file);
  }
  return { hls, dash };
}

/**
 * The source the packaging tool transcodes: the Mezzanine, else the highest-bitrate progressive
 * video MediaFile (ties: larger picture, then document order). Interactive files (VPAID,
 * `apiFramework` set, or JavaScript) are not video.
 */
export function packagingSource(ad: VastInlineAd): { readonly url: string; readonly kind: 'mezzanine' | 'mediaFile' } | undefined {
  const linear = linearCreative(ad)?.linear;
  if (!linear) return undefined;
  if (linear.mezzanine) return { url: linear.mezzanine.url, kind: 'mezzanine' };
  let best: VastMediaFile | undefined;
  for (const file of linear.mediaFiles) {
    if (file.delivery !== undefined && file.delivery !== 'progressive') continue;
    if (file.apiFramework !== undefined || /javascript|shockwave|flash/i.test(file.type ?? '')) continue;
    if (!best || rank(file) > rank(best) || (rank(file) === rank(best) && pixels(file) > pixels(best))) best = file;
  }
  return best ? { url: best.url, kind: 'mediaFile' } : undefined;
}

export interface CreativeStoreKey {
  readonly kind: 'creative-id' | 'media-url';
  readonly key: string;
  /** The Creative@id or URL the key was derived from. */
  readonly source: string;
}

/**
 * Keys to look the ad up in the creative store, most specific first: the Linear's
 * `Creative@id`, then the packaging source URL (see `creative-key.ts` for the format).
 */
export function creativeStoreKeys(ad: VastInlineAd): CreativeStoreKey[] {
  const keys: CreativeStoreKey[] = [];
  const creativeId = linearCreative(ad)?.id;
  const idKey = creativeId === undefined ? undefined : creativeIdKey(creativeId);
  if (creativeId !== undefined && idKey !== undefined) keys.push({ kind: 'creative-id', key: idKey, source: creativeId });
  const source = packagingSource(ad);
  const urlKey = source === undefined ? undefined : mediaUrlKey(source.url);
  if (source !== undefined && urlKey !== undefined) keys.push({ kind: 'media-url', key: urlKey, source: source.url });
  return keys;
}

function rank(file: VastMediaFile): number {
  return file.bitrateKbps ?? file.maxBitrateKbps ?? file.minBitrateKbps ?? 0;
}

function pixels(file: VastMediaFile): number {
  return (file.width ?? 0) * (file.height ?? 0);
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** Lower-cased path of a URL, without query or fragment. */
function urlPath(url: string): string {
  try {
    return new URL(url).pathname.toLowerCase();
  } catch {
    return url.split(/[?#]/)[0]?.toLowerCase() ?? '';
  }
}
