/**
 * @module core/url/asset-path
 * Validation of the `{asset}` part of playback URLs and the origin URL built from it.
 * Pure. docs/architecture.md §10: asset paths are normalized and must stay under the configuration's origin
 * prefix; `..`, encoded slashes, backslashes and absolute URLs are refused with 400.
 */
import { err, ok, type Result } from '../result.ts';

export const MAX_ASSET_PATH_CHARS = 2048;

/**
 * Checks a raw (still percent-encoded) asset path taken from the request URL and returns its
 * segments, each re-encoded canonically so that nothing from the request reaches the origin URL
 * unescaped (issue 2, "Bad input").
 */
export function validateAssetPath(rawPath: string): Result<string, string> {
  if (rawPath.length === 0) return err('asset path is empty');
  if (rawPath.length > MAX_ASSET_PATH_CHARS) return err(`asset path is longer than ${MAX_ASSET_PATH_CHARS} characters`);
  if (rawPath.includes('\\') || /%5c/i.test(rawPath)) return err('asset path must not contain backslashes');
  if (/%2f/i.test(rawPath)) return err('asset path must not contain encoded slashes');
  if (/^[a-z][a-z0-9+.-]*:/i.test(rawPath) || rawPath.startsWith('/')) return err('asset path must be relative, not an absolute URL');
  const out: string[] = [];
  for (const raw of rawPath.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return err('asset path has malformed percent-encoding');
    }
    if (seg === '') return err('asset path must not contain empty segments');
    if (seg === '.' || seg === '..') return err('asset path must not contain "." or ".." segments');
    // Control characters would let a request smuggle line breaks into logs or origin requests.
    if (/[\u0000-\u001f\u007f]/.test(seg)) return err('asset path must not contain control characters');
    out.push(encodePathSegment(seg));
  }
  return ok(out.join('/'));
}

/** Percent-encodes a path segment, keeping the characters RFC 3986 allows unencoded in pchar. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(21|24|26|27|28|29|2A|2B|2C|3B|3D|3A|40)/gi, (m) => decodeURIComponent(m));
}

/**
 * Joins the configuration's `VideoContentSourceUrl` prefix and a validated asset path, and checks
 * the result stays under the prefix (docs/mediatailor-compat.md §1: the origin URL is prefix + asset path).
 */
export function buildOriginUrl(prefix: string, assetPath: string): Result<URL, string> {
  let base: URL;
  try {
    base = new URL(prefix);
  } catch {
    return err('configuration VideoContentSourceUrl is not a valid URL');
  }
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const url = new URL(base.toString());
  url.pathname = basePath + assetPath;
  if (!url.pathname.startsWith(basePath)) return err('asset path escapes the origin prefix');
  return ok(url);
}
