/**
 * @module core/net/host-policy
 * Which hosts the service may call. Pure. DESIGN §10: URLs from ad responses (wrappers, media
 * files, beacons) and configured origins must be http(s); private, loopback and link-local hosts
 * are refused (`ERROR_DISALLOWED_HOST`) unless the deployment sets `ALLOW_PRIVATE_HOSTS = "true"`.
 */
import { err, ok, type Result } from '../result.ts';

export type HostRefusal = { readonly reason: 'bad_url' | 'bad_scheme' | 'private_host'; readonly message: string };

/** Checks a URL string against the host policy. */
export function checkOutboundUrl(url: string, allowPrivateHosts: boolean): Result<URL, HostRefusal> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return err({ reason: 'bad_url', message: 'not a valid URL' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return err({ reason: 'bad_scheme', message: `scheme ${parsed.protocol} is not http(s)` });
  }
  if (!allowPrivateHosts && isPrivateHost(parsed.hostname)) {
    return err({ reason: 'private_host', message: `host ${parsed.hostname} is private, loopback or link-local` });
  }
  return ok(parsed);
}

/**
 * A URL of this service's own embedded demo (`{selfOrigin}/demo/…`): the service serves it itself
 * (the Worker in-process, the packager from the origin it already talks to), so it passes the
 * policy whatever ALLOW_PRIVATE_HOSTS says. localhost, 127.0.0.1 and [::1] on the same port are
 * the same local service.
 */
export function isSelfDemoUrl(url: string, selfOrigin: string | undefined): boolean {
  if (!selfOrigin) return false;
  if (url.startsWith(`${selfOrigin}/demo/`)) return true;
  try {
    const a = new URL(url);
    const b = new URL(selfOrigin);
    return a.pathname.startsWith('/demo/') && a.port === b.port && a.protocol === b.protocol && LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname);
  } catch {
    return false;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True for loopback, private (RFC 1918, RFC 4193), link-local, CGNAT, unspecified and
 * local-only names. Hostnames are not resolved (no DNS here); names that only resolve to
 * private addresses are the platform's concern (Workers cannot reach private networks anyway).
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const v4 = parseIpv4(host);
  if (v4) return isPrivateIpv4(v4);
  if (host.includes(':')) return isPrivateIpv6(host);
  return false;
}

function parseIpv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

function isPrivateIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // CGNAT 100.64/10
    (a === 169 && b === 254) || // link-local
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast and reserved
  );
}

function isPrivateIpv6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) {
    const v4 = parseIpv4(mapped[1] ?? '');
    return v4 ? isPrivateIpv4(v4) : true;
  }
  // The URL parser rewrites ::ffff:127.0.0.1 as ::ffff:7f00:1.
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1] ?? '0', 16);
    const lo = parseInt(mappedHex[2] ?? '0', 16);
    return isPrivateIpv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  const first = parseInt(host.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}
