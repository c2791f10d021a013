/**
 * @module platform/session-media
 * Media playlist personalization for one session: parse the origin text, then pass through or
 * stitch. Runs inside the SessionObject; pure apart from the record it is given.
 */
import type { Rendition } from '../core/hls/multivariant.ts';
import { parseMediaPlaylist } from '../core/hls/media-playlist.ts';
import { passThroughMediaPlaylist } from '../core/hls/passthrough.ts';
import { createUriResolver } from '../core/hls/uri-resolver.ts';
import type { SessionRecord } from '../core/session/session-record.ts';

export type MediaPlaylistResult =
  | { readonly ok: true; readonly text: string; readonly playlistDurationSec: number }
  | { readonly ok: false; readonly status: 400 | 502; readonly message: string };

export function renderMediaPlaylist(record: SessionRecord, rendition: Rendition, originText: string): MediaPlaylistResult {
  const model = parseMediaPlaylist(originText);
  if (model.segments.length === 0 && !model.endList && model.targetDurationSec === 0) {
    return { ok: false, status: 502, message: 'origin media playlist has no segments and no target duration' };
  }
  const cdn = record.config.CdnConfiguration?.ContentSegmentUrlPrefix;
  const resolve = createUriResolver(rendition.originUrl, cdn ? record.config.VideoContentSourceUrl : undefined, cdn);
  const keepMarkers = record.config.ManifestProcessingRules?.AdMarkerPassthrough?.Enabled === true;
  const text = passThroughMediaPlaylist(model, resolve, keepMarkers);
  const playlistDurationSec = model.segments.reduce((s, seg) => s + seg.durationSec, 0);
  return { ok: true, text, playlistDurationSec };
}
