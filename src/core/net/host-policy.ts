/**
 * @module core/net/host-policy
 * Which hosts the service may call. Pure. URLs from ad responses (wrappers, media files,
 * beacons), configured origins and every redirect hop (platform/upstream) must be http(s);
 * hosts that are not globally reachable are refused (`ERROR_DISALLOWED_HOST`) unless the
 * deployment sets `ALLOW_PRIVATE_HOSTS = "true"`. The host is judged after the WHATWG URL parser
 * has normalized it (decimal, octal, hex and short IPv4 forms, full-width digits, IPv6
 * spellings), and IPv6 by its 128 bits, so no spelling of an address gets around the ranges.
 * Names are not resolved (no DNS here): see README "Security" for what that leaves to the
 * platform. Address ranges: RFC 6890 (special-purpose registries), RFC 4291 §2.4–§2.5.5 (IPv6
 * scopes, IPv4-compatible and -mapped), RFC 6052 / RFC 8215 (NAT64), RFC 3056 (6to4), RFC 4380
 * (Teredo), RFC 6761 / RFC 8375 (local-only names).
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
    return err({ reason: 'private_host', message: `host ${parsed.hostname} is private, loopback, link-local or otherwise not public` });
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
 * True for a host that is not a public address or name: special-purpose IPv4 and IPv6 ranges,
 * IPv6 forms that embed a private IPv4 (or any IPv4, for NAT64 and the deprecated compatible
 * and mapped forms), local-only names, single-label names (resolved through local search
 * domains only), and anything the URL parser cannot read as a host.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = normalizeHost(hostname);
  if (host === undefined) return true;
  if (host.startsWith('[')) {
    const groups = parseIpv6(host.slice(1, -1));
    return groups === undefined || isPrivateIpv6(groups);
  }
  const v4 = parseIpv4(host);
  if (v4) return isPrivateIpv4(v4);
  const name = host.replace(/\.$/, '');
  if (!name.includes('.')) return true;
  return LOCAL_SUFFIXES.some((s) => name === s || name.endsWith(`.${s}`));
}

/** RFC 6761 `localhost`, RFC 6762 `.local`, RFC 8375 `home.arpa`, and the common internal zones. */
const LOCAL_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'home.arpa'];

/** The host as the URL parser writes it (IPv6 in brackets), or undefined when it is not one. */
function normalizeHost(hostname: string): string | undefined {
  const raw = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
  try {
    const parsed = new URL(`http://${raw}/`);
    return parsed.hostname === '' ? undefined : parsed.hostname;
  } catch {
    return undefined;
  }
}

function parseIpv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** RFC 6890 §2.2.2 and later special-purpose blocks that are not globally reachable. */
function isPrivateIpv4([a = 0, b = 0, c = 0]: readonly number[]): boolean {
  return (
    a === 0 || // "this network"
    a === 10 ||
    (a === 100 && b >= 64 && b <= 127) || // CGNAT shared space 100.64/10 (RFC 6598)
    a === 127 ||
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF protocol assignments, TEST-NET-1
    (a === 192 && b === 88 && c === 99) || // 6to4 relay anycast (RFC 7526)
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking 198.18/15 (RFC 2544)
    (a === 198 && b === 51 && c === 100) || // TEST-NET-2
    (a === 203 && b === 0 && c === 113) || // TEST-NET-3
    a >= 224 // multicast 224/4, reserved 240/4, broadcast
  );
}

/** Eight 16-bit groups from the URL parser's IPv6 text (hex groups, at most one `::`). */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const read = (s: string): number[] | undefined => {
    if (s === '') return [];
    const groups = s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN));
    return groups.some(Number.isNaN) ? undefined : groups;
  };
  const head = read(halves[0] ?? '');
  const tail = halves.length === 2 ? read(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/**
 * Only global unicast (2000::/3, RFC 4291 §2.4) passes, which leaves out loopback, unspecified,
 * IPv4-compatible (::/96) and -mapped (::ffff:0:0/96) and -translated forms, NAT64 64:ff9b::/96
 * and 64:ff9b:1::/48 (they reach any IPv4, private ones included), discard-only 100::/64,
 * unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10 and multicast ff00::/8.
 * Inside 2000::/3: IETF protocol assignments 2001::/23 (Teredo 2001::/32 embeds an IPv4),
 * documentation 2001:db8::/32 and 3fff::/20, and 6to4 2002::/16 whose embedded IPv4 is private.
 */
function isPrivateIpv6(g: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0] = g;
  if ((g0 & 0xe000) !== 0x2000) return true;
  if (g0 === 0x2001 && (g1 < 0x0200 || g1 === 0x0db8)) return true;
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return true;
  if (g0 === 0x2002) return isPrivateIpv4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]);
  return false;
}
