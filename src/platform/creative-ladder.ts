/**
 * @module platform/creative-ladder
 * The content ladder a session records with the creatives it queues for packaging
 * (docs/packaging-creatives.md "The packager"): the variants of the multivariant playlist (kept
 * by the SessionObject) plus the segment duration and container of the first video or audio
 * media playlist, stored once per session under `contentShape` (docs/storage.md).
 */
import { contentShapeOf, packagingLadder, type ContentShape, type PackagingLadder } from '../core/creatives/packaging-ladder.ts';
import type { Rendition } from '../core/hls/multivariant.ts';

const SHAPE_KEY = 'contentShape';

/**
 * Records the content's segment duration and container from its first video or audio media
 * playlist (players often load the audio rendition first; subtitle and I-frame playlists say
 * nothing about the media segments).
 */
export function noteContentShape(kv: SyncKvStorage, rendition: Rendition, originText: string): void {
  if ((rendition.kind !== 'variant' && rendition.kind !== 'audio') || kv.get(SHAPE_KEY) !== undefined) return;
  const shape = contentShapeOf(originText);
  if (shape) kv.put(SHAPE_KEY, shape);
}

export function sessionLadder(kv: SyncKvStorage, renditions: readonly Rendition[] | undefined): PackagingLadder | undefined {
  return packagingLadder(renditions ?? [], kv.get<ContentShape>(SHAPE_KEY));
}
