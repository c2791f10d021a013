/**
 * @module core/url/query
 * Query-string helpers for URLs we generate (manifest params, origin params). Pure.
 */

/** Appends key/value pairs to a URL string, encoding both (docs/mediatailor-compat.md §2.2 `manifest.*`, origin params). */
export function appendQuery(url: string, params: ReadonlyArray<readonly [string, string]>): string {
  if (params.length === 0) return url;
  const hashAt = url.indexOf('#');
  const head = hashAt < 0 ? url : url.slice(0, hashAt);
  const tail = hashAt < 0 ? '' : url.slice(hashAt);
  const qs = params.map(([k, v]) => `${encodeQueryComponent(k)}=${encodeQueryComponent(v)}`).join('&');
  return `${head}${head.includes('?') ? '&' : '?'}${qs}${tail}`;
}

/** encodeURIComponent, which also escapes every character that has meaning in a query. */
export function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value);
}

/** Resolves a playlist URI against its playlist URL; undefined when unparsable. */
export function resolveUri(ref: string, base: string | URL): string | undefined {
  try {
    return new URL(ref, base).toString();
  } catch {
    return undefined;
  }
}
