/**
 * @module core/logs/http-headers
 * Which response headers of an ad server or beacon endpoint an ad log keeps (Brightcove format of docs/ad-logs.md
 * `response_headers`): never credentials or cookies (`Set-Cookie`, `Authorization`,
 * `WWW-Authenticate`, …: a log bucket is read by more people than the ad server's session), at
 * most `MAX_LOGGED_HEADERS`, each value cut to `MAX_HEADER_VALUE_CHARS`, so a hostile answer
 * cannot make a log line (or the session state holding it until logged) large. Names are
 * written as Go's `CanonicalMIMEHeaderKey` writes them (`Content-Type`, `X-Amz-Cf-Id`, `Etag`),
 * the form of the Brightcove format of docs/ad-logs.md sample, whose producer is written in Go. Pure.
 */
import type { LogHeader } from './events.ts';

export const MAX_LOGGED_HEADERS = 24;
export const MAX_HEADER_VALUE_CHARS = 256;
const MAX_HEADER_NAME_CHARS = 64;

/** Headers that carry credentials or session state (RFC 9110 §11, RFC 6265). */
const SECRET_HEADERS = new Set(['set-cookie', 'set-cookie2', 'cookie', 'authorization', 'proxy-authorization', 'www-authenticate', 'proxy-authenticate']);

/** `content-type` → `Content-Type`, `etag` → `Etag` (Go net/textproto). */
export function canonicalHeaderName(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => `${dash}${c.toUpperCase()}`);
}

/** The headers of a response, as an ad log may show them. */
export function loggableResponseHeaders(headers: readonly (readonly [string, string])[]): LogHeader[] {
  const out: LogHeader[] = [];
  for (const [name, value] of headers) {
    if (out.length >= MAX_LOGGED_HEADERS) break;
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower) || lower.length > MAX_HEADER_NAME_CHARS) continue;
    out.push({ name: canonicalHeaderName(lower), value: value.length > MAX_HEADER_VALUE_CHARS ? value.slice(0, MAX_HEADER_VALUE_CHARS) : value });
  }
  return out;
}
