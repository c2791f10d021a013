/**
 * @module core/logs/ids
 * Derived identifiers for the log formats. Pure and deterministic: the same event always
 * projects to the same ids, so a re-projected or re-delivered event cannot invent new ones.
 *
 * - `spanId63`: Brightcove format of docs/ad-logs.md `span_id`/`parent_span_id` are uint64; we keep the top bit clear so the
 *   value also fits a signed BIGINT (Athena, DuckDB) and is written as exact digits.
 * - `nameUuid`: a UUID-shaped name hash (RFC 9562 version 8, "custom") for ids that must be the
 *   same across events without the producer storing them: the Uplynk format of docs/ad-logs.md `job_id` of an avail.
 * Not cryptographic: these ids correlate rows, they protect nothing.
 */

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;
const MASK63 = 0x7fffffffffffffffn;

/** FNV-1a 64-bit over UTF-16 code units, with a seed string mixed in first. */
export function fnv1a64(text: string, seed = ''): bigint {
  let h = FNV64_OFFSET;
  const input = seed === '' ? text : `${seed}\u0000${text}`;
  for (let i = 0; i < input.length; i++) {
    h ^= BigInt(input.charCodeAt(i));
    h = (h * FNV64_PRIME) & MASK64;
  }
  // Final avalanche (splitmix64 finaliser) so ids that differ in the last character differ widely.
  h ^= h >> 30n;
  h = (h * 0xbf58476d1ce4e5b9n) & MASK64;
  h ^= h >> 27n;
  h = (h * 0x94d049bb133111ebn) & MASK64;
  h ^= h >> 31n;
  return h;
}

/** Decimal digits of a 63-bit hash of `name`. */
export function spanId63(name: string): string {
  return (fnv1a64(name, 'span') & MASK63).toString();
}

/** A UUID (version 8, RFC 4122 variant) derived from `name`. */
export function nameUuid(name: string): string {
  const hi = fnv1a64(name, 'uuid-hi').toString(16).padStart(16, '0');
  const lo = fnv1a64(name, 'uuid-lo').toString(16).padStart(16, '0');
  const variant = ((parseInt(lo.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
  return `${hi.slice(0, 8)}-${hi.slice(8, 12)}-8${hi.slice(13, 16)}-${variant}${lo.slice(1, 4)}-${lo.slice(4, 16)}`;
}

/** 32 lowercase hex digits derived from `name` (Brightcove-style ids without dashes). */
export function nameHex32(name: string): string {
  return nameUuid(name).replaceAll('-', '');
}

/** Seed 004 `job_id`: one ad job per (session, avail). VOD sessions without avails use one job. */
export function uplynkJobId(sessionId: string, availId: string | undefined): string {
  return nameUuid(`job/${sessionId}/${availId ?? 'session'}`);
}
