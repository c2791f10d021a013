/**
 * @module core/tracking/next-token
 * The tracking API's `nextToken` (docs/mediatailor-compat.md §3.4): base64 of
 * `<ISO-8601 duration of the last event's startTime>_<issue timestamp, ISO-8601>_1`, the format
 * MediaTailor's tokens decode to (`PT39.339S_2023-07-31T16:54:04.805396529Z_1`). Tokens expire
 * after 24 h. Pure: the clock is passed in; parsing never throws, it returns an error value
 * (the route answers 400).
 */
import { err, ok, type Result } from '../result.ts';
import { isoMillis } from '../logs/time-format.ts';
import { isoDurationFromMs, parseIsoDurationMs } from './iso-duration.ts';

export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface NextToken {
  /** startTime of the last event the client has seen, whole ms (events strictly later are new). */
  readonly lastEventStartMs: number;
  readonly issuedAtMs: number;
}

export type NextTokenError = { readonly kind: 'malformed'; readonly message: string } | { readonly kind: 'expired'; readonly issuedAtMs: number };

export function encodeNextToken(token: NextToken): string {
  return btoa(`${isoDurationFromMs(token.lastEventStartMs)}_${isoMillis(token.issuedAtMs)}_1`);
}

// `2023-07-31T16:54:04.805396529Z`: any number of fraction digits, UTC or an offset.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

function parseInstantMs(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone = 'Z'] = m;
  const fields = [y, mo, d, h, mi, sec].map(Number);
  const [Y = 0, M = 1, D = 1, H = 0, Mi = 0, S = 0] = fields;
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 23 || Mi > 59 || S > 60) return undefined;
  const fracMs = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMin = 0;
  if (zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!z) return undefined;
    offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  return Date.UTC(Y, M - 1, D, H, Mi, S, fracMs) - offsetMin * 60_000;
}

/** Standard or URL-safe base64, padded or not, possibly still percent-encoded (`%3D`). */
function decodeBase64Text(token: string): string | undefined {
  let t = token.trim();
  if (/%[0-9a-fA-F]{2}/.test(t)) {
    try {
      t = decodeURIComponent(t);
    } catch {
      return undefined;
    }
  }
  t = t.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (t === '' || t.length > 512 || !/^[A-Za-z0-9+/]+$/.test(t) || t.length % 4 === 1) return undefined;
  try {
    return atob(t + '='.repeat((4 - (t.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

/**
 * Reads a token. Malformed input (bad base64, wrong parts, unreadable times) and tokens issued
 * more than 24 h before `nowMs` are errors. A token from a slightly later clock (another
 * isolate) is accepted.
 */
export function parseNextToken(token: string, nowMs: number): Result<NextToken, NextTokenError> {
  const text = decodeBase64Text(token);
  if (text === undefined) return err({ kind: 'malformed', message: 'nextToken is not base64' });
  const parts = text.split('_');
  const [start, issued, tail] = parts;
  if (parts.length !== 3 || start === undefined || issued === undefined || tail === undefined || !/^\d+$/.test(tail)) {
    return err({ kind: 'malformed', message: 'nextToken does not have the form <startTime>_<issued>_<n>' });
  }
  const lastEventStartMs = parseIsoDurationMs(start);
  if (lastEventStartMs === undefined) return err({ kind: 'malformed', message: 'nextToken start time is not an ISO-8601 duration' });
  const issuedAtMs = parseInstantMs(issued);
  if (issuedAtMs === undefined || !Number.isFinite(issuedAtMs)) {
    return err({ kind: 'malformed', message: 'nextToken issue time is not an ISO-8601 instant' });
  }
  if (nowMs - issuedAtMs > TOKEN_LIFETIME_MS) return err({ kind: 'expired', issuedAtMs });
  return ok({ lastEventStartMs, issuedAtMs });
}
