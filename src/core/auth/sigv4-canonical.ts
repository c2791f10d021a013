/**
 * @module core/auth/sigv4-canonical
 * The text a Signature Version 4 signature covers, rebuilt on the server side from the request
 * as received (AWS General Reference, "Create a canonical request for Signature Version 4"):
 *
 *   METHOD \n canonical path \n canonical query \n canonical headers \n\n signed headers \n payload hash
 *
 * Rules, matched against both signers the MediaTailor clients use (`@smithy/signature-v4` in the
 * JS SDK, botocore in the AWS CLI):
 * - path: dot segments and empty segments removed, then every segment URI-encoded once more
 *   (services other than S3 double-encode: the client's already-encoded `%3A` becomes `%253A`);
 * - query: pairs percent-decoded, re-encoded with RFC 3986 unreserved characters kept, sorted by
 *   key then value; `+` is a literal plus, not a space;
 * - headers: exactly the client's `SignedHeaders` list, values trimmed with inner runs of
 *   spaces and tabs collapsed, line breaks turned into spaces.
 * Pure.
 */
import { formatDateTimeMs } from '../dash/date-time.ts';

/** The parsed `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface AuthorizationParts {
  readonly credential?: string;
  readonly signedHeaders?: string;
  readonly signature?: string;
}

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** Reads the three components after the algorithm name; absent components are left out. */
export function parseAuthorization(header: string): AuthorizationParts {
  const rest = header.slice(SIGV4_ALGORITHM.length);
  const parts: { credential?: string; signedHeaders?: string; signature?: string } = {};
  for (const m of rest.matchAll(/(Credential|SignedHeaders|Signature)=([^,\s]*)/g)) {
    const value = m[2] ?? '';
    if (m[1] === 'Credential') parts.credential = value;
    else if (m[1] === 'SignedHeaders') parts.signedHeaders = value;
    else parts.signature = value;
  }
  return parts;
}

/** RFC 3986 encoding as AWS defines it: everything but `A-Z a-z 0-9 - _ . ~` is `%XX` (UTF-8). */
export function awsUriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `decodeURIComponent` that leaves a malformed escape as it is instead of throwing. */
function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The canonical URI of a raw (still percent-encoded) request path. */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = rawPath.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `${leading}${segments.map(awsUriEncode).join('/')}${trailing}` || '/';
}

/** The canonical query string of a raw query (`a=1&b=2`, with or without the leading `?`). */
export function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const pair of rawQuery.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    pairs.push([awsUriEncode(percentDecode(key)), awsUriEncode(percentDecode(value))]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** A header value in canonical form. */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}

export interface CanonicalRequestInput {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  /** The signed header names, lowercase, in the client's order, with their values as received. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly payloadHashHex: string;
}

export function canonicalRequest(r: CanonicalRequestInput): string {
  return [
    r.method.toUpperCase(),
    canonicalPath(r.rawPath),
    canonicalQuery(r.rawQuery),
    ...r.headers.map(([name, value]) => `${name}:${canonicalHeaderValue(value)}`),
    '',
    r.headers.map(([name]) => name).join(';'),
    r.payloadHashHex,
  ].join('\n');
}

/** `YYYYMMDDTHHMMSSZ` (ISO 8601 basic format, UTC), the form of `X-Amz-Date`. */
export function amzDate(ms: number): string {
  return formatDateTimeMs(Math.floor(ms / 1000) * 1000).replace(/[-:]/g, '');
}

/** Epoch ms of an `X-Amz-Date` value, or undefined when it is not `YYYYMMDDTHHMMSSZ`. */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return amzDate(ms) === value ? ms : undefined;
}

export function hex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const b of view) out += b.toString(16).padStart(2, '0');
  return out;
}
