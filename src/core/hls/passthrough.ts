/**
 * @module core/hls/passthrough
 * A session-scoped pass-through of a media playlist (I-frame playlists, subtitles that do not
 * line up with the video): the same segments and tags with absolute URIs and the origin's
 * numbering, `EXT-X-DISCONTINUITY-SEQUENCE` always present. It is the stitcher with no break, so
 * pass-through and stitched playlists come from one writer and cannot disagree. Pure.
 */
import { emptyLedger } from '../avails/ledger.ts';
import { indexWindow } from '../avails/window-index.ts';
import type { MediaPlaylist } from './media-playlist.ts';
import { stitchMediaPlaylist } from './stitch.ts';
import type { UriResolver } from './uri-resolver.ts';

export function passThroughMediaPlaylist(model: MediaPlaylist, resolve: UriResolver, keepMarkers: boolean): string {
  return stitchMediaPlaylist({
    model,
    index: indexWindow(model, 0),
    ledger: emptyLedger(),
    occurrencesOf: () => undefined,
    slotMedia: () => undefined,
    resolveContent: resolve,
    markerPassthrough: keepMarkers,
  }).text;
}
