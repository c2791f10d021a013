/**
 * @module core/hls/uri-resolver
 * Fast RFC 3986 reference resolution for playlist URIs. `new URL()` per segment would dominate
 * the cost of a 40,000-segment playlist (DESIGN §11 budget), so the common shapes (absolute,
 * root-relative, plain relative without dot segments) are resolved by string concatenation and
 * only the rest falls back to `URL`. Pure.
 */
import { resolveUri } from '../url/query.ts';

export interface UriResolver {
  (ref: string): string;
  /**
   * What a plain relative reference (no scheme, no leading `/`, `?`, `#` or dot segment) resolves
   * to when prefixed: writers emit it beside the reference instead of concatenating, so a large
   * playlist is joined from slices of the original (no intermediate strings).
   */
  readonly relativePrefix?: string;
}

/** True for a reference the resolver maps to `relativePrefix + ref`. */
export function isPlainRelative(ref: string): boolean {
  return isPlainRelativeAt(ref, 0, ref.length);
}

/**
 * `isPlainRelative` of `text.slice(start, end)`, without slicing. The scheme check is the native
 * search for the next `:`, which ends at the latest in the next segment's EXTINF line (every
 * segment has one), so the searches of a whole playlist pass each character about once.
 * `dotSegmentsFree`: the caller knows `text` holds no `./` at all.
 */
export function isPlainRelativeAt(text: string, start: number, end: number, dotSegmentsFree = false): boolean {
  const c0 = text.charCodeAt(start);
  if (c0 === 0x2f || c0 === 0x3f || c0 === 0x23 || c0 === 0x2e) return false;
  const colon = text.indexOf(':', start);
  if (colon >= 0 && colon < end) return false;
  if (dotSegmentsFree) return true;
  for (let k = start; k + 1 < end; k++) if (text.charCodeAt(k) === 0x2e /* . */ && text.charCodeAt(k + 1) === 0x2f /* / */) return false;
  return true;
}

/**
 * Returns a resolver against `baseUrl`. When `originPrefix`/`cdnPrefix` are given, resolved URLs
 * under `originPrefix` are re-rooted under `cdnPrefix` (CdnConfiguration.ContentSegmentUrlPrefix,
 * contracts §6.8).
 */
export function createUriResolver(baseUrl: string, originPrefix?: string, cdnPrefix?: string): UriResolver {
  const base = stripQueryAndFragment(baseUrl);
  const dir = base.slice(0, base.lastIndexOf('/') + 1);
  const schemeEnd = base.indexOf('://');
  const authorityEnd = schemeEnd < 0 ? -1 : base.indexOf('/', schemeEnd + 3);
  const origin = authorityEnd < 0 ? base : base.slice(0, authorityEnd);
  const scheme = schemeEnd < 0 ? 'https:' : base.slice(0, schemeEnd + 1);
  const fromPrefix = originPrefix ? withSlash(originPrefix) : undefined;
  const toPrefix = cdnPrefix ? withSlash(cdnPrefix) : undefined;

  const rebase = (abs: string): string =>
    fromPrefix && toPrefix && abs.startsWith(fromPrefix) ? toPrefix + abs.slice(fromPrefix.length) : abs;

  const resolve = (ref: string): string => {
    const c0 = ref.charCodeAt(0);
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref)) return rebase(ref);
    if (ref.includes('./') || ref === '.' || ref === '..') return rebase(resolveUri(ref, baseUrl) ?? ref);
    if (c0 === 0x2f /* / */) {
      if (ref.charCodeAt(1) === 0x2f) return rebase(scheme + ref);
      return rebase(origin + ref);
    }
    if (c0 === 0x3f /* ? */ || c0 === 0x23 /* # */) return rebase(resolveUri(ref, baseUrl) ?? ref);
    return rebase(dir + ref);
  };
  // rebase(dir + ref) = rebase(dir) + ref unless the CDN's origin prefix reaches past `dir`.
  const prefixSafe = !fromPrefix || dir.startsWith(fromPrefix) || !fromPrefix.startsWith(dir);
  return prefixSafe ? Object.assign(resolve, { relativePrefix: rebase(dir) }) : resolve;
}

function stripQueryAndFragment(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

function withSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}
