/**
 * @module platform/creatives
 * Loads an ad's media in the session's manifest format (docs/packaging-creatives.md; DASH:
 * docs/dash.md "Creatives"): the VAST `delivery="streaming"` MediaFiles of that format (HLS
 * playlists, or DASH MPDs) are tried in document order and the first that reads is used as-is;
 * otherwise the creative store (R2 `CREATIVES`, `creatives/{key}/creative.json`, written by the
 * packager service or scripts/package-creative.sh; its `dash` MPD for DASH sessions) is looked up
 * by Creative@id, then by mezzanine/media URL. A miss is skipped with a reason and
 * queued for the packager (`queue/{key}.json`, with the session's content ladder): `NEW_CREATIVE`
 * on the first sighting, `TRANSCODE_IN_PROGRESS` while it waits, `TRANSCODE_ERROR` with the
 * packager's error once it is parked (docs/packaging-creatives.md). Media is cached per session
 * by the caller.
 */
import { creativeFromPlaylists, creativeFromStoreManifest, creativePlaylistUrls } from '../core/creatives/creative-media.ts';
import type { SessionCreative } from '../core/creatives/dash-creative.ts';
import { looksLikePlaylist } from '../core/hls/lines.ts';
import type { SkipReason } from '../core/avails/plan.ts';
import type { PackagingLadder } from '../core/creatives/packaging-ladder.ts';
import { sightingSkip } from '../core/creatives/packaging-queue.ts';
import { creativeStoreKeys, mediaUrlKey, packagingSource, streamingMediaFiles, sha1Hex } from '../core/vast/index.ts';
import type { VastInlineAd } from '../core/vast/index.ts';
import { allowPrivateHosts, type Env } from '../env.ts';
import { loadDashStoreCreative, loadDashStreamingCreative } from './creatives-dash.ts';
import { noteSighting } from './packaging-queue.ts';
import { fetchText } from './upstream.ts';

export type CreativeOutcome = { readonly ok: true; readonly media: SessionCreative } | { readonly ok: false; readonly skip: SkipReason; readonly message: string; readonly mezzanineUrl?: string };

export interface CreativeLoader {
  readonly env: Env;
  /** The session's manifest format: which streaming MediaFiles and which packaged copy it can use. */
  readonly format: 'HLS' | 'DASH';
  readonly selfOrigin: string;
  /** CdnConfiguration.AdSegmentUrlPrefix: public base of the creative store (else our /v1/creative route). */
  readonly adSegmentUrlPrefix?: string;
  readonly cache: { get(key: string): SessionCreative | undefined; put(media: SessionCreative): void };
  readonly nowMs: () => number;
  /** The session's content ladder, recorded with a new packaging queue entry (when known). */
  readonly ladder?: () => PackagingLadder | undefined;
}

const PLAYLIST_TIMEOUT_MS = 3_000;
const MAX_PLAYLIST_BYTES = 2 * 1024 * 1024;

export async function loadCreativeForAd(l: CreativeLoader, ad: VastInlineAd): Promise<CreativeOutcome> {
  const all = streamingMediaFiles(ad);
  const files = l.format === 'DASH' ? all.dash : all.hls;
  // Every streaming MediaFile of the format in order: a broken first one must not lose the ad.
  let streamingProblem: string | undefined;
  for (const f of files) {
    const r = l.format === 'DASH' ? await loadDashStreamingCreative(l, f.url) : await loadStreamingCreative(l, f.url);
    if (r.ok) return r;
    streamingProblem = r.message;
  }
  const keys = creativeStoreKeys(ad);
  for (const k of keys) {
    const r = await loadStoreCreative(l, k.key);
    // A packaged copy that this session cannot use (no DASH rendition) is not packaged again.
    if (r) return r;
  }
  // Queued (and published) under the first key looked up: Creative@id when the ad has one, as
  // MediaTailor keys transcodes, so a mezzanine URL that changes per response (signed, cache-busted)
  // is still one creative; else the URL.
  const source = packagingSource(ad);
  const queueKey = keys[0]?.key;
  const queued = source && queueKey ? await queueForPackaging(l, queueKey, source.url) : undefined;
  if (streamingProblem !== undefined) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: `no streaming MediaFile could be read (last: ${streamingProblem}) and no packaged copy exists`, ...(source ? { mezzanineUrl: source.url } : {}) };
  if (!source) return { ok: false, skip: 'NEW_CREATIVE', message: 'no streaming rendition and no progressive file to package' };
  return { ok: false, skip: queued?.skip ?? 'NEW_CREATIVE', message: queued?.message ?? 'not in the creative store, and the packaging queue could not be written', mezzanineUrl: source.url };
}

/**
 * The slate (`SlateAdUrl`) or a bumper (`Bumper.StartUrl`/`EndUrl`): a streaming manifest of the
 * session's format used as-is (an HLS playlist, a DASH MPD), or a progressive file packaged in the
 * store (which has both). `what` names it in messages.
 */
export async function loadSlate(l: CreativeLoader, url: string, what = 'slate'): Promise<CreativeOutcome> {
  const hls = /\.m3u8(\?|$)/i.test(url);
  const dash = /\.mpd(\?|$)/i.test(url);
  if (hls || dash) {
    const field = what === 'slate' ? 'SlateAdUrl' : `the ${what} URL`;
    if (hls !== (l.format === 'HLS')) return { ok: false, skip: 'NO_VARIANT_MATCH', message: `${what}: ${field} is ${hls ? 'an HLS playlist' : 'a DASH MPD'}, which a ${l.format} session cannot play; use a ${l.format === 'HLS' ? '.m3u8' : '.mpd'} or a progressive file packaged in the creative store` };
    return hls ? loadStreamingCreative(l, url) : loadDashStreamingCreative(l, url);
  }
  const key = mediaUrlKey(url);
  const stored = key ? await loadStoreCreative(l, key) : undefined;
  if (stored) return stored.ok ? stored : { ...stored, message: `${what}: ${stored.message}` };
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

/** The packaged copy in the store, in the session's format; undefined when there is none to use. */
async function loadStoreCreative(l: CreativeLoader, storeKey: string): Promise<CreativeOutcome | undefined> {
  if (l.format === 'DASH') return loadDashStoreCreative(l, storeKey, storeBaseUrl(l, storeKey));
  const creativeKey = `s-${storeKey}`;
  const cached = l.cache.get(creativeKey);
  if (cached) return { ok: true, media: cached };
  const obj = await l.env.CREATIVES.get(`creatives/${storeKey}/creative.json`).catch(() => null);
  if (!obj) return undefined;
  const built = creativeFromStoreManifest(creativeKey, storeKey, await obj.text(), storeBaseUrl(l, storeKey));
  if (!built.ok) return undefined;
  l.cache.put(built.value);
  return { ok: true, media: built.value };
}

/**
 * The public base of `creatives/{key}/`: AdSegmentUrlPrefix, else our `/v1/creative` route. `%`
 * of a percent-encoded Creative@id is itself encoded in URLs: the route (and a public bucket
 * behind AdSegmentUrlPrefix) decodes the path once, back to the object key.
 */
export function storeBaseUrl(l: CreativeLoader, storeKey: string): string {
  const urlKey = storeKey.replaceAll('%', '%25');
  return l.adSegmentUrlPrefix ? `${l.adSegmentUrlPrefix.replace(/\/$/, '')}/creatives/${urlKey}/` : `${l.selfOrigin}/v1/creative/${urlKey}/`;
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
