/**
 * @module platform/creatives
 * Loads an ad's HLS media (DESIGN §5 "Creatives"): a VAST `delivery="streaming"` HLS MediaFile is
 * used as-is (its playlists fetched and read); otherwise the creative store (R2 `CREATIVES`,
 * `creatives/{key}/creative.json`, written by the packager service or scripts/package-creative.sh)
 * is looked up by Creative@id, then by mezzanine/media URL. A miss is skipped with a reason and
 * queued for the packager (`queue/{key}.json`, with the session's content ladder): `NEW_CREATIVE`
 * on the first sighting, `TRANSCODE_IN_PROGRESS` while it waits, `TRANSCODE_ERROR` with the
 * packager's error once it is parked (docs/packaging-creatives.md). Media is cached per session
 * by the caller.
 */
import { creativeFromPlaylists, creativeFromStoreManifest, creativePlaylistUrls, type CreativeMedia } from '../core/creatives/creative-media.ts';
import { looksLikePlaylist } from '../core/hls/lines.ts';
import type { SkipReason } from '../core/avails/plan.ts';
import type { PackagingLadder } from '../core/creatives/packaging-ladder.ts';
import { sightingSkip } from '../core/creatives/packaging-queue.ts';
import { creativeStoreKeys, mediaUrlKey, packagingSource, pickStreamingRendition, sha1Hex } from '../core/vast/index.ts';
import type { VastInlineAd } from '../core/vast/index.ts';
import { allowPrivateHosts, type Env } from '../env.ts';
import { noteSighting } from './packaging-queue.ts';
import { fetchText } from './upstream.ts';

export type CreativeOutcome = { readonly ok: true; readonly media: CreativeMedia } | { readonly ok: false; readonly skip: SkipReason; readonly message: string; readonly mezzanineUrl?: string };

export interface CreativeLoader {
  readonly env: Env;
  readonly selfOrigin: string;
  /** CdnConfiguration.AdSegmentUrlPrefix: public base of the creative store (else our /v1/creative route). */
  readonly adSegmentUrlPrefix?: string;
  readonly cache: { get(key: string): CreativeMedia | undefined; put(media: CreativeMedia): void };
  readonly nowMs: () => number;
  /** The session's content ladder, recorded with a new packaging queue entry (when known). */
  readonly ladder?: () => PackagingLadder | undefined;
}

const PLAYLIST_TIMEOUT_MS = 3_000;
const MAX_PLAYLIST_BYTES = 2 * 1024 * 1024;

export async function loadCreativeForAd(l: CreativeLoader, ad: VastInlineAd): Promise<CreativeOutcome> {
  const hls = pickStreamingRendition(ad).hls;
  if (hls) {
    const r = await loadStreamingCreative(l, hls.url);
    if (r.ok) return r;
  }
  const keys = creativeStoreKeys(ad);
  for (const k of keys) {
    const r = await loadStoreCreative(l, k.key);
    if (r) return { ok: true, media: r };
  }
  // Queued (and published) under the first key looked up: Creative@id when the ad has one, as
  // MediaTailor keys transcodes, so a mezzanine URL that changes per response (signed, cache-busted)
  // is still one creative; else the URL.
  const source = packagingSource(ad);
  const queueKey = keys[0]?.key;
  const queued = source && queueKey ? await queueForPackaging(l, queueKey, source.url) : undefined;
  if (hls) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: 'streaming MediaFile could not be read and no packaged copy exists', ...(source ? { mezzanineUrl: source.url } : {}) };
  if (!source) return { ok: false, skip: 'NEW_CREATIVE', message: 'no streaming rendition and no progressive file to package' };
  return { ok: false, skip: queued?.skip ?? 'NEW_CREATIVE', message: queued?.message ?? 'not in the creative store, and the packaging queue could not be written', mezzanineUrl: source.url };
}

/**
 * The slate (`SlateAdUrl`) or a bumper (`Bumper.StartUrl`/`EndUrl`): an HLS playlist used as-is,
 * or a progressive file packaged in the store. `what` names it in messages.
 */
export async function loadSlate(l: CreativeLoader, url: string, what = 'slate'): Promise<CreativeOutcome> {
  if (/\.m3u8(\?|$)/i.test(url)) return loadStreamingCreative(l, url);
  const key = mediaUrlKey(url);
  const media = key ? await loadStoreCreative(l, key) : undefined;
  if (media) return { ok: true, media };
  const queued = key ? await queueForPackaging(l, key, url) : undefined;
  return { ok: false, skip: queued?.skip ?? 'NEW_CREATIVE', message: `${what}: ${queued?.message ?? 'not packaged in the creative store'}`, mezzanineUrl: url };
}

export async function loadStreamingCreative(l: CreativeLoader, url: string): Promise<CreativeOutcome> {
  const creativeKey = `u-${sha1Hex(url).slice(0, 20)}`;
  const cached = l.cache.get(creativeKey);
  if (cached) return { ok: true, media: cached };
  const get = (u: string) =>
    fetchText(u, { timeoutMs: PLAYLIST_TIMEOUT_MS, allowPrivateHosts: allowPrivateHosts(l.env), selfOrigin: l.selfOrigin, env: l.env, maxBytes: MAX_PLAYLIST_BYTES });
  const top = await get(url);
  if (!top.ok) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: `creative playlist: ${top.message}` };
  if (!looksLikePlaylist(top.body)) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: 'creative URL is not an HLS playlist' };
  const isMultivariant = top.body.includes('#EXT-X-STREAM-INF');
  const wanted = isMultivariant ? creativePlaylistUrls(top.body, url) : [{ kind: 'video' as const, url, bandwidth: 0 }];
  const fetched = await Promise.all(wanted.map(async (w) => ({ w, r: w.url === url && !isMultivariant ? top : await get(w.url) })));
  const texts = [];
  for (const { w, r } of fetched) {
    if (!r.ok) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: `creative rendition ${w.url}: ${r.message}` };
    texts.push({ ...w, text: r.body });
  }
  const built = creativeFromPlaylists(creativeKey, url, texts);
  if (!built.ok) return { ok: false, skip: built.error.reason, message: built.error.message };
  l.cache.put(built.value);
  return { ok: true, media: built.value };
}

async function loadStoreCreative(l: CreativeLoader, storeKey: string): Promise<CreativeMedia | undefined> {
  const creativeKey = `s-${storeKey}`;
  const cached = l.cache.get(creativeKey);
  if (cached) return cached;
  const obj = await l.env.CREATIVES.get(`creatives/${storeKey}/creative.json`).catch(() => null);
  if (!obj) return undefined;
  // `%` of a percent-encoded Creative@id is itself encoded in URLs: the /v1/creative route (and a
  // public bucket behind AdSegmentUrlPrefix) decodes the path once, back to the object key.
  const urlKey = storeKey.replaceAll('%', '%25');
  const base = l.adSegmentUrlPrefix
    ? `${l.adSegmentUrlPrefix.replace(/\/$/, '')}/creatives/${urlKey}/`
    : `${l.selfOrigin}/v1/creative/${urlKey}/`;
  const built = creativeFromStoreManifest(creativeKey, storeKey, await obj.text(), base);
  if (!built.ok) return undefined;
  l.cache.put(built.value);
  return built.value;
}

/**
 * Records a creative that needs packaging (or reads how its packaging is going), with the
 * session's content ladder. Undefined only when the bucket failed.
 */
async function queueForPackaging(l: CreativeLoader, key: string, sourceUrl: string): Promise<{ skip: SkipReason; message: string } | undefined> {
  try {
    return sightingSkip(await noteSighting(l.env.CREATIVES, key, sourceUrl, l.ladder?.(), l.nowMs()));
  } catch (e) {
    console.error(JSON.stringify({ msg: 'creative packaging queue write failed', key, error: String(e) }));
    return undefined;
  }
}
