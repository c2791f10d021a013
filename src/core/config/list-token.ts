/**
 * @module core/config/list-token
 * The `NextToken` of ListPlaybackConfigurations: opaque to clients, as AWS's are (the AWS SDK
 * paginators and Terraform pass it back unchanged). It carries the last name of the previous page,
 * base64url-encoded behind a version tag, so it is URL-safe without escaping and a client cannot
 * mistake it for a name. Pure.
 */
import { err, ok, type Result } from '../result.ts';

const VERSION = 'p1.';

export function encodeListToken(lastName: string): string {
  const bytes = new TextEncoder().encode(lastName);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return VERSION + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The name after which the next page starts, or an error for a token this service did not issue. */
export function decodeListToken(token: string): Result<string, string> {
  const invalid = err('NextToken is not valid: pass the NextToken of the previous ListPlaybackConfigurations response unchanged');
  if (!token.startsWith(VERSION)) return invalid;
  const body = token.slice(VERSION.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return invalid;
  try {
    const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return invalid;
  }
}
