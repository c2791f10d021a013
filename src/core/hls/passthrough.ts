/**
 * @module core/hls/passthrough
 * A session-scoped pass-through of a media playlist: same segments and tags, absolute URIs,
 * `EXT-X-DISCONTINUITY-SEQUENCE` always present. Used when a playlist has no break to personalize.
 * Pure.
 */
import type { MediaPlaylist } from './media-playlist.ts';
import { outputVersion, PlaylistWriter } from './playlist-writer.ts';
import type { UriResolver } from './uri-resolver.ts';

export function passThroughMediaPlaylist(model: MediaPlaylist, resolve: UriResolver, keepMarkers: boolean): string {
  const w = new PlaylistWriter();
  for (const seg of model.segments) w.content(seg, resolve, { discontinuity: seg.discontinuity, markers: keepMarkers });
  if (keepMarkers && model.trailingMarkers.length) w.lines(model.trailingMarkers);
  return w.finish(
    {
      version: outputVersion(model),
      targetDurationSec: model.targetDurationSec,
      mediaSequence: model.mediaSequence,
      discontinuitySequence: model.discontinuitySequence,
      ...(model.playlistType ? { playlistType: model.playlistType } : {}),
      headerLines: model.headerLines,
    },
    model.endList,
    model.trailingLines,
  );
}
