/**
 * @module core/beacons/beacon-url
 * Turns a VAST tracking URL into the URL the server-side beacon GETs. Pure: the instant and the
 * cache-busting value are passed in.
 *
 * - `//` runs in the path collapse to `/`, as MediaTailor does when it fires tracking URLs
 *   (docs/mediatailor-compat.md §4.4). Only the path: the scheme's `//` and any `//` inside the query (an encoded
 *   redirect target, say) are left as they are.
 * - VAST macros (VAST 4.2 §6.1): `[TIMESTAMP]` (ISO 8601 date-time of the event, URL-encoded),
 *   `[CACHEBUSTING]` (a random 8-digit number, supplied by the caller), `[ERRORCODE]` only when
 *   reporting an error. Every other macro stays as written: we do not know its value, and an
 *   ad server would rather see the macro than a wrong value.
 */
import { isoMillis } from '../logs/time-format.ts';

export interface BeaconMacroValues {
  /** When the event happened (epoch ms): the `[TIMESTAMP]` value. */
  readonly timestampMs: number;
  /** The `[CACHEBUSTING]` value: random, chosen by the caller (core has no randomness). */
  readonly cacheBusting: string;
  /** VAST error code for `[ERRORCODE]`; absent ⇒ the macro is left alone. */
  readonly errorCode?: number;
}

/** `https://a.example//x//y?u=http://b//c` → `https://a.example/x/y?u=http://b//c`. */
export function collapsePathSlashes(url: string): string {
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(url);
  const start = scheme ? scheme[0].length : 0;
  const pathStart = url.indexOf('/', start);
  if (pathStart < 0) return url;
  const stops = [url.indexOf('?', start), url.indexOf('#', start)].filter((i) => i >= 0);
  const pathEnd = stops.length > 0 ? Math.min(...stops) : url.length;
  // A `?` before the first `/` means there is no path at all (`https://host?x=//`).
  if (pathEnd < pathStart) return url;
  return url.slice(0, pathStart) + url.slice(pathStart, pathEnd).replace(/\/{2,}/g, '/') + url.slice(pathEnd);
}

/** Replaces the macros we know the value of; `[ERRORCODE]` only when an error code is given. */
export function applyVastMacros(url: string, values: BeaconMacroValues): string {
  let out = url.replaceAll('[TIMESTAMP]', encodeURIComponent(isoMillis(values.timestampMs))).replaceAll('[CACHEBUSTING]', encodeURIComponent(values.cacheBusting));
  if (values.errorCode !== undefined) out = out.replaceAll('[ERRORCODE]', String(values.errorCode));
  return out;
}

/** The URL to GET for one tracking URL: path slashes collapsed, known macros filled in. */
export function prepareBeaconUrl(url: string, values: BeaconMacroValues): string {
  return applyVastMacros(collapsePathSlashes(url.trim()), values);
}
