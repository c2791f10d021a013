/**
 * @module core/vast
 * Public surface of the VAST/VMAP readers and the wrapper resolver. Pure; spec: IAB VAST 4.2,
 * VMAP 1.0.1 (section numbers in each module).
 */
export { parseVast, parseVastElement } from './parse-vast.ts';
export { parseVmap } from './parse-vmap.ts';
export { detectAdResponseKind, type AdResponseKind } from './detect.ts';
export { resolveAdResponse, MEDIATAILOR_EVENT_BY_OUTCOME } from './resolve.ts';
export { mergeWrapperChain } from './merge.ts';
export { streamingMediaFiles, creativeStoreKeys, packagingSource, linearCreative } from './media-select.ts';
export type { StreamingFormat, StreamingRenditions, CreativeStoreKey } from './media-select.ts';
export { creativeIdKey, mediaUrlKey, sanitizeCreativeId, sha1Hex } from './creative-key.ts';
export { parseClockSec, parseVastOffset, parseVmapTimeOffset, formatClock } from './time.ts';
export type { VastOffset, VmapTimeOffset } from './time.ts';
export type * from './model.ts';
export type * from './parse-vmap.ts';
export type * from './resolve-types.ts';
