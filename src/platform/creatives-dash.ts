/**
 * @module platform/creatives-dash
 * A DASH session's creatives (docs/dash.md "Creatives"): a VAST `delivery="streaming"
 * type="application/dash+xml"` MediaFile's MPD, fetched and read as-is, or the DASH/CMAF copy the
 * packager wrote beside the HLS one (`creative.json` → `dash`, docs/packaging-creatives.md "Store
 * layout"). What cannot be used is a skip reason with a message, never an exception. Media is
 * cached per session by the caller (platform/creatives).
 */
import { dashCreativeFromMpd } from '../core/creatives/dash-creative.ts';
import { MAX_MPD_CHARS, parseMpd } from '../core/dash/index.ts';
import { sha1Hex } from '../core/vast/index.ts';
import { allowPrivateHosts } from '../env.ts';
import type { CreativeLoader, CreativeOutcome } from './creatives.ts';
import { fetchText } from './upstream.ts';

/** As for creative playlists: an ad server's manifests answer within 3 s or the ad is skipped. */
const MPD_TIMEOUT_MS = 3_000;
/** Object paths in the store (the same rule as creative.json rendition paths). */
const STORE_PATH = /^[A-Za-z0-9._/-]+$/;

export async function loadDashStreamingCreative(l: CreativeLoader, url: string): Promise<CreativeOutcome> {
  const creativeKey = `d-${sha1Hex(url).slice(0, 20)}`;
  const cached = l.cache.get(creativeKey);
  if (cached) return { ok: true, media: cached };
  const res = await fetchText(url, { timeoutMs: MPD_TIMEOUT_MS, allowPrivateHosts: allowPrivateHosts(l.env), selfOrigin: l.selfOrigin, env: l.env, maxBytes: MAX_MPD_CHARS, headers: { accept: 'application/dash+xml, */*' } });
  if (!res.ok) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: `creative MPD: ${res.message}` };
  return fromText(l, creativeKey, 'streaming', url, res.body, url);
}

/** The packaged DASH copy of `creatives/{storeKey}/`, when its creative.json names one. */
export async function loadDashStoreCreative(l: CreativeLoader, storeKey: string, baseUrl: string): Promise<CreativeOutcome | undefined> {
  const creativeKey = `ds-${storeKey}`;
  const cached = l.cache.get(creativeKey);
  if (cached) return { ok: true, media: cached };
  const manifest = await l.env.CREATIVES.get(`creatives/${storeKey}/creative.json`).catch(() => null);
  if (!manifest) return undefined;
  let dashPath: unknown;
  try {
    dashPath = (JSON.parse(await manifest.text()) as { dash?: unknown }).dash;
  } catch {
    return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: `creative.json of ${storeKey} is not JSON` };
  }
  if (typeof dashPath !== 'string' || !STORE_PATH.test(dashPath) || dashPath.split('/').includes('..')) {
    return { ok: false, skip: 'NO_VARIANT_MATCH', message: `creative ${storeKey} was packaged without a DASH rendition` };
  }
  const mpd = await l.env.CREATIVES.get(`creatives/${storeKey}/${dashPath}`).catch(() => null);
  if (!mpd) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: `creative ${storeKey}: ${dashPath} is missing from the store` };
  return fromText(l, creativeKey, 'store', storeKey, await mpd.text(), `${baseUrl}${dashPath}`);
}

function fromText(l: CreativeLoader, creativeKey: string, source: 'streaming' | 'store', sourceUrl: string, text: string, mpdUrl: string): CreativeOutcome {
  const parsed = parseMpd(text);
  if (!parsed.ok) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', message: `creative MPD ${mpdUrl}: ${parsed.error.message.replace(/^origin MPD /, '')}` };
  const built = dashCreativeFromMpd(creativeKey, source, sourceUrl, parsed.value, mpdUrl);
  if (!built.ok) return { ok: false, skip: built.error.reason, message: built.error.message };
  l.cache.put(built.value);
  return { ok: true, media: built.value };
}
