/**
 * @module platform/upstream
 * The one HTTP client for origin, ad server and beacon calls: timeouts (origin 2 s, ADS 3 s,
 * beacons 3 s; docs/mediatailor-compat.md §1, §4), a body size cap, the host policy on every redirect hop, and in-process
 * dispatch for URLs on this Worker's own origin (the embedded demo and test fixtures), so a
 * local setup needs no network and no listening port.
 */
import { checkOutboundUrl, isSelfDemoUrl } from '../core/net/host-policy.ts';
import type { Env } from '../env.ts';
import { readBodyCapped } from './read-capped.ts';
import { selfDispatcher } from './self-dispatch.ts';

export type UpstreamFailureKind = 'timeout' | 'network' | 'http' | 'too_large' | 'disallowed';

/**
 * What a request that got a response did, for the ad logs (Brightcove format of docs/ad-logs.md `response_headers`, Uplynk format of docs/ad-logs.md
 * `header_request_time`, `body_download_time`, `range_bytes`): measured on the final hop's response.
 */
export interface ResponseMeasure {
  /** From the start of the request (redirect hops included) to the final response's headers. */
  readonly headersMs: number;
  /** Reading the body, after the headers. */
  readonly bodyMs?: number;
  /** Body size in bytes, as received (before decoding to text). */
  readonly responseBytes?: number;
  /** The final response's headers, at most `MAX_RESPONSE_HEADERS`, as received. */
  readonly responseHeaders: readonly (readonly [string, string])[];
}

export type UpstreamResult =
  | ({ readonly ok: true; readonly status: number; readonly body: string; readonly contentType: string; readonly durationMs: number } & ResponseMeasure)
  | ({ readonly ok: false; readonly kind: UpstreamFailureKind; readonly status?: number; readonly message: string; readonly durationMs: number; readonly body?: string } & Partial<ResponseMeasure>);

/** Response headers kept per request: an answer with thousands of headers is cut here. */
export const MAX_RESPONSE_HEADERS = 64;

export interface UpstreamOptions {
  readonly timeoutMs: number;
  readonly allowPrivateHosts: boolean;
  /** This Worker's origin (e.g. `http://127.0.0.1:8787`); its `/demo/` URLs are dispatched in-process. */
  readonly selfOrigin?: string;
  /** Needed for in-process dispatch. */
  readonly env?: Env;
  readonly headers?: Readonly<Record<string, string>>;
  readonly method?: 'GET' | 'POST';
  readonly body?: string | Uint8Array;
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Redirect hops followed per request. The fetch standard allows 20; an origin, ad server or
 * beacon endpoint that needs more than 5 is misconfigured, and each hop costs a subrequest.
 */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * GETs (or POSTs) a URL and reads its body as text. Never throws. Redirects are followed here,
 * not by `fetch`, so that every hop passes the host policy: an allowed origin answering 302 to
 * 127.0.0.1 must not reach an internal listener.
 */
export async function fetchText(url: string, opts: UpstreamOptions): Promise<UpstreamResult> {
  const startedMs = Date.now();
  const elapsed = (): number => Date.now() - startedMs;
  const checked = upstreamUrlCheck(url, opts.allowPrivateHosts, opts.selfOrigin);
  if (!checked.ok) return { ok: false, kind: 'disallowed', message: checked.error.message, durationMs: 0 };

  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, opts.timeoutMs);
  });
  try {
    let hop: Hop = { url: checked.value.toString(), method: opts.method ?? 'GET', headers: { ...(opts.headers ?? {}) }, ...(opts.body !== undefined ? { body: opts.body } : {}) };
    for (let redirects = 0; ; redirects++) {
      const init: RequestInit = { method: hop.method, headers: hop.headers, signal: controller.signal, redirect: 'manual' };
      if (hop.body !== undefined) init.body = hop.body;
      const request = new Request(hop.url, init);
      const dispatch = selfDispatcher();
      const responsePromise = dispatch && opts.env && isSelfDemoUrl(hop.url, opts.selfOrigin) ? Promise.resolve(dispatch(request, opts.env)) : fetch(request);
      const response = await Promise.race([responsePromise, timeout]);
      if (response === 'timeout') return { ok: false, kind: 'timeout', message: `no response within ${opts.timeoutMs} ms`, durationMs: elapsed() };
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location !== null) {
        // The redirect's own body is not needed; cancelling it frees the connection.
        response.body?.cancel().catch(() => undefined);
        const next = nextHop(hop, response.status, location, opts);
        if (!next.ok) return { ok: false, kind: next.kind, status: response.status, message: next.message, durationMs: elapsed() };
        if (redirects >= MAX_REDIRECTS) return { ok: false, kind: 'network', status: response.status, message: `more than ${MAX_REDIRECTS} redirects`, durationMs: elapsed() };
        hop = next.hop;
        continue;
      }
      const headersMs = elapsed();
      const responseHeaders = headerList(response.headers);
      const read = await Promise.race([readBodyCapped(response.body, opts.maxBytes ?? DEFAULT_MAX_BYTES, response.headers.get('content-length'), { overflow: 'cancel' }), timeout]);
      // A timeout stays "no response" (MediaTailor ERROR_ADS_TIMEOUT), even after the headers came.
      if (read === 'timeout') return { ok: false, kind: 'timeout', message: `body not received within ${opts.timeoutMs} ms`, durationMs: elapsed(), headersMs, responseHeaders };
      if (read === undefined) return { ok: false, kind: 'too_large', status: response.status, message: 'response body too large', durationMs: elapsed(), headersMs, responseHeaders };
      const measure = { headersMs, bodyMs: elapsed() - headersMs, responseBytes: read.bytes, responseHeaders };
      if (response.status < 200 || response.status > 299) {
        return { ok: false, kind: 'http', status: response.status, message: `HTTP ${response.status}`, durationMs: elapsed(), body: read.text, ...measure };
      }
      return { ok: true, status: response.status, body: read.text, contentType: response.headers.get('content-type') ?? '', durationMs: elapsed(), ...measure };
    }
  } catch (e) {
    return { ok: false, kind: 'network', message: e instanceof Error ? e.message : 'request failed', durationMs: elapsed() };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function headerList(headers: Headers): [string, string][] {
  const list: [string, string][] = [];
  for (const entry of headers) {
    if (list.length >= MAX_RESPONSE_HEADERS) break;
    list.push(entry);
  }
  return list;
}

interface Hop {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Headers that describe a request body, dropped with the body (Fetch standard, HTTP-redirect fetch step 11). */
const BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length'];

/**
 * The request a redirect asks for (Fetch standard §4.4 HTTP-redirect fetch; RFC 9110 §15.4):
 * `Location` resolved against the current URL, checked against the host policy; 303, and 301/302
 * after a POST, become a GET without body; 307/308 repeat the method and body. `Authorization`
 * and `Cookie` are not carried to another origin.
 */
export function nextHop(
  current: Hop,
  status: number,
  location: string,
  opts: Pick<UpstreamOptions, 'allowPrivateHosts' | 'selfOrigin'>,
): { ok: true; hop: Hop } | { ok: false; kind: 'disallowed'; message: string } {
  let target: URL;
  try {
    target = new URL(location, current.url);
  } catch {
    return { ok: false, kind: 'disallowed', message: `HTTP ${status} redirect to an invalid Location` };
  }
  const checked = upstreamUrlCheck(target.href, opts.allowPrivateHosts, opts.selfOrigin);
  if (!checked.ok) return { ok: false, kind: 'disallowed', message: `HTTP ${status} redirect to ${target.href.slice(0, 256)} refused: ${checked.error.message}` };
  const toGet = status === 303 ? current.method !== 'HEAD' : (status === 301 || status === 302) && current.method === 'POST';
  const headers: Record<string, string> = {};
  const crossOrigin = checked.value.origin !== new URL(current.url).origin;
  for (const [name, value] of Object.entries(current.headers)) {
    const lower = name.toLowerCase();
    if (toGet && BODY_HEADERS.includes(lower)) continue;
    if (crossOrigin && (lower === 'authorization' || lower === 'cookie')) continue;
    headers[name] = value;
  }
  const body = toGet ? undefined : current.body;
  return { ok: true, hop: { url: checked.value.href, method: toGet ? 'GET' : current.method, headers, ...(body !== undefined ? { body } : {}) } };
}

/**
 * The host policy (docs/architecture.md §10) for a URL this Worker may call: the demo's own routes are served
 * in-process, never over the network, so they pass even without ALLOW_PRIVATE_HOSTS. Only those:
 * an ad response pointing a wrapper or beacon at our playback or admin routes must not loop back
 * into them (core/net/host-policy `isSelfDemoUrl`).
 */
export function upstreamUrlCheck(url: string, allowPrivateHosts: boolean, selfOrigin: string | undefined): ReturnType<typeof checkOutboundUrl> {
  // Only a Worker that serves its own demo (a registered dispatcher) exempts its demo URLs.
  return checkOutboundUrl(url, allowPrivateHosts || (selfDispatcher() !== undefined && isSelfDemoUrl(url, selfOrigin)));
}
