/**
 * @module packager/download
 * Fetches a mezzanine to a local file under the host policy every ADS-supplied URL gets
 * (core/net/host-policy: http(s) only; private, loopback and link-local hosts refused unless
 * allowed), with a size cap and a time limit. Unlike the Worker, a packager runs where private
 * networks are reachable, so the policy is applied to the addresses a name resolves to as well
 * (a public-looking name pointing at 169.254.169.254 is refused at connect time), and again on
 * every redirect. The demo's URLs on the service's own origin pass, as they do in the Worker.
 */
import { createHash } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { createWriteStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkOutboundUrl, isPrivateHost, isSelfDemoUrl } from '../src/core/net/host-policy.ts';
import { err, ok, type Result } from '../src/core/result.ts';

export interface DownloadLimits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly allowPrivateHosts: boolean;
  /** The Worker's origin: its `/demo/` URLs are allowed like in the Worker (core/net/host-policy). */
  readonly serviceOrigin?: string;
  readonly maxRedirects?: number;
}

export type DownloadFailureKind = 'policy' | 'http' | 'too_large' | 'timeout' | 'network';

export interface DownloadFailure {
  readonly kind: DownloadFailureKind;
  readonly message: string;
  readonly status?: number;
  /** Retrying cannot help: refused by policy, too large, or a 4xx other than 408/429. */
  readonly permanent: boolean;
}

export interface Downloaded {
  readonly bytes: number;
  readonly sha256: string;
  readonly finalUrl: string;
  readonly contentType: string;
  readonly durationMs: number;
}

const USER_AGENT = 'edge-ssai-packager/0.1 (+https://github.com/edge-ssai)';

export async function downloadMezzanine(url: string, destPath: string, limits: DownloadLimits, signal?: AbortSignal): Promise<Result<Downloaded, DownloadFailure>> {
  const startedMs = Date.now();
  const deadlineMs = startedMs + limits.timeoutMs;
  let current = url;
  for (let hop = 0; hop <= (limits.maxRedirects ?? 5); hop++) {
    const exempt = isSelfDemoUrl(current, limits.serviceOrigin);
    const checked = checkOutboundUrl(current, limits.allowPrivateHosts || exempt);
    if (!checked.ok) return err({ kind: 'policy', message: `${hop > 0 ? `redirect to ${current}: ` : ''}${checked.error.message}`, permanent: true });
    const r = await getOnce(checked.value, destPath, { ...limits, allowPrivateHosts: limits.allowPrivateHosts || exempt }, deadlineMs, signal);
    if (!r.ok) return r;
    if ('location' in r.value) {
      current = new URL(r.value.location, current).toString();
      continue;
    }
    return ok({ ...r.value, finalUrl: current, durationMs: Date.now() - startedMs });
  }
  return err({ kind: 'http', message: `more than ${limits.maxRedirects ?? 5} redirects`, permanent: true });
}

type Hop = { readonly location: string } | { readonly bytes: number; readonly sha256: string; readonly contentType: string };

function getOnce(url: URL, destPath: string, limits: DownloadLimits, deadlineMs: number, signal?: AbortSignal): Promise<Result<Hop, DownloadFailure>> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Result<Hop, DownloadFailure>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'identity' }, lookup: policyLookup(limits.allowPrivateHosts) }, (res) => onResponse(res));
    const timer = setTimeout(() => {
      req.destroy();
      finish(err({ kind: 'timeout', message: `download not finished within ${limits.timeoutMs / 1000} s`, permanent: false }));
    }, Math.max(0, deadlineMs - Date.now()));
    const onAbort = (): void => {
      req.destroy();
      finish(err({ kind: 'network', message: 'download aborted', permanent: false }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => finish(err(networkFailure(e))));
    req.end();

    function onResponse(res: IncomingMessage): void {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        finish(ok({ location: res.headers.location }));
        return;
      }
      if (status < 200 || status > 299) {
        res.resume();
        const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
        finish(err({ kind: 'http', status, message: `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, permanent }));
        return;
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > limits.maxBytes) {
        req.destroy();
        finish(err({ kind: 'too_large', message: `Content-Length ${declared} bytes is over the ${limits.maxBytes}-byte limit`, permanent: true }));
        return;
      }
      const hash = createHash('sha256');
      const file = createWriteStream(destPath);
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxBytes) {
          req.destroy();
          file.destroy();
          finish(err({ kind: 'too_large', message: `body is over the ${limits.maxBytes}-byte limit`, permanent: true }));
          return;
        }
        hash.update(chunk);
        if (!file.write(chunk)) res.pause();
      });
      file.on('drain', () => res.resume());
      file.on('error', (e) => {
        req.destroy();
        finish(err({ kind: 'network', message: `writing the mezzanine: ${e.message}`, permanent: false }));
      });
      res.on('error', (e) => finish(err(networkFailure(e))));
      res.on('end', () => {
        if (settled) return;
        if (Number.isFinite(declared) && bytes !== declared) {
          file.destroy();
          finish(err({ kind: 'network', message: `connection closed after ${bytes} of ${declared} bytes`, permanent: false }));
          return;
        }
        file.end(() => finish(ok({ bytes, sha256: hash.digest('hex'), contentType: String(res.headers['content-type'] ?? '') })));
      });
    }
  });
}

/**
 * A DNS lookup that refuses private, loopback and link-local addresses (unless allowed), so a
 * name cannot smuggle the packager onto its own network.
 */
export function policyLookup(allowPrivate: boolean, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (e, addresses: LookupAddress[]) => {
      if (e) return callback(e, '', 0);
      const usable = allowPrivate ? addresses : addresses.filter((a) => !isPrivateHost(a.address));
      if (usable.length === 0) {
        const refused = Object.assign(new Error(`host ${hostname} resolves to a private, loopback or link-local address (${addresses.map((a) => a.address).join(', ')})`), { code: 'EPRIVATEHOST' });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (err: null, list: LookupAddress[]) => void)(null, usable); // SAFETY: Node calls lookup with all: true when it wants the list.
      const first = usable[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

function networkFailure(e: Error & { code?: string }): DownloadFailure {
  if (e.code === 'EPRIVATEHOST') return { kind: 'policy', message: e.message, permanent: true };
  return { kind: 'network', message: `${e.code ? `${e.code}: ` : ''}${e.message}`, permanent: false };
}
