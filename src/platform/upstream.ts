/**
 * @module platform/upstream
 * The one HTTP client for origin, ad server and beacon calls: timeouts (origin 2 s, ADS 3 s,
 * beacons 3 s; contracts §1, §4), a body size cap, the host policy (DESIGN §10), and in-process
 * dispatch for URLs on this Worker's own origin (the embedded demo and test fixtures), so a
 * local setup needs no network and no listening port.
 */
import { checkOutboundUrl } from '../core/net/host-policy.ts';
import type { Env } from '../env.ts';
import { readTextCapped } from './read-capped.ts';
import { dispatchToSelf } from './self-dispatch.ts';

export type UpstreamFailureKind = 'timeout' | 'network' | 'http' | 'too_large' | 'disallowed';

export type UpstreamResult =
  | { readonly ok: true; readonly status: number; readonly body: string; readonly contentType: string; readonly durationMs: number }
  | { readonly ok: false; readonly kind: UpstreamFailureKind; readonly status?: number; readonly message: string; readonly durationMs: number; readonly body?: string };

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

/** GETs (or POSTs) a URL and reads its body as text. Never throws. */
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
    const init: RequestInit = { method: opts.method ?? 'GET', headers: opts.headers ?? {}, signal: controller.signal, redirect: 'follow' };
    if (opts.body !== undefined) init.body = opts.body;
    const request = new Request(checked.value.toString(), init);
    const responsePromise = opts.env && isSelf(url, opts.selfOrigin) ? dispatchToSelf(request, opts.env) : fetch(request);
    const response = await Promise.race([responsePromise, timeout]);
    if (response === 'timeout') return { ok: false, kind: 'timeout', message: `no response within ${opts.timeoutMs} ms`, durationMs: elapsed() };
    const body = await Promise.race([readTextCapped(response.body, opts.maxBytes ?? DEFAULT_MAX_BYTES, response.headers.get('content-length')), timeout]);
    if (body === 'timeout') return { ok: false, kind: 'timeout', message: `body not received within ${opts.timeoutMs} ms`, durationMs: elapsed() };
    if (body === undefined) return { ok: false, kind: 'too_large', status: response.status, message: 'response body too large', durationMs: elapsed() };
    if (response.status < 200 || response.status > 299) {
      return { ok: false, kind: 'http', status: response.status, message: `HTTP ${response.status}`, durationMs: elapsed(), body };
    }
    return { ok: true, status: response.status, body, contentType: response.headers.get('content-type') ?? '', durationMs: elapsed() };
  } catch (e) {
    return { ok: false, kind: 'network', message: e instanceof Error ? e.message : 'request failed', durationMs: elapsed() };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/**
 * The host policy (DESIGN §10) for a URL this Worker may call: the demo's own routes are served
 * in-process, never over the network, so they pass even without ALLOW_PRIVATE_HOSTS.
 */
export function upstreamUrlCheck(url: string, allowPrivateHosts: boolean, selfOrigin: string | undefined): ReturnType<typeof checkOutboundUrl> {
  return checkOutboundUrl(url, allowPrivateHosts || isSelf(url, selfOrigin));
}

/**
 * Only the demo's own routes are dispatched in-process: an ad response pointing a wrapper or
 * beacon at our playback or admin routes must not loop back into them.
 */
export function isSelf(url: string, selfOrigin: string | undefined): boolean {
  if (!selfOrigin) return false;
  if (url.startsWith(`${selfOrigin}/demo/`)) return true;
  // localhost, 127.0.0.1 and [::1] on the same port are the same local Worker.
  try {
    const a = new URL(url);
    const b = new URL(selfOrigin);
    return a.pathname.startsWith('/demo/') && a.port === b.port && a.protocol === b.protocol && LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname);
  } catch {
    return false;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
