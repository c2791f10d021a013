/**
 * @module http/errors
 * The one place where a playback error becomes HTTP (docs/architecture.md "Errors"): status,
 * MediaTailor's `x-amzn-ErrorType`, and the JSON `{"message"}` body. The switch is exhaustive, so
 * a new error kind does not compile until it has its answer.
 */
import type { ServiceError } from '../core/errors.ts';
import { errorResponse, type ApiStatus } from './api-error.ts';

export interface WireError {
  readonly status: ApiStatus;
  readonly message: string;
  /** Extra response headers (`Allow` on 405). */
  readonly headers?: Readonly<Record<string, string>>;
}

export function wireError(e: ServiceError): WireError {
  switch (e.kind) {
    case 'bad-request':
      return { status: 400, message: e.message };
    case 'payload-too-large':
      return { status: 413, message: `request body is larger than ${e.limitBytes} bytes` };
    case 'unknown-account':
      return { status: 404, message: 'unknown account' };
    case 'unknown-configuration':
      return { status: 404, message: 'playback configuration not found' };
    case 'unknown-session':
      // MediaTailor answers an unknown or expired session with 400, not 404.
      return { status: 400, message: 'session not found or expired' };
    case 'asset-mismatch':
      return { status: 400, message: 'asset path does not match the session' };
    case 'not-found':
      return { status: 404, message: e.what };
    case 'method-not-allowed':
      return { status: 405, message: `method not allowed; use ${e.allow.join(', ')}`, headers: { allow: e.allow.join(', ') } };
    case 'origin-status':
      return { status: 502, message: `origin answered HTTP ${e.status}` };
    case 'origin-timeout':
      return { status: 504, message: `origin did not answer within ${e.timeoutMs} ms` };
    case 'origin-unreachable':
      return { status: 502, message: 'origin could not be reached' };
    case 'origin-refused':
      return { status: 502, message: `origin address refused: ${e.reason}` };
    case 'origin-too-large':
      return { status: 502, message: e.format === 'HLS' ? 'origin playlist is too large' : `origin MPD is too large${e.limitBytes === undefined ? '' : ` (over ${e.limitBytes} bytes)`}` };
    case 'origin-not-manifest':
      return { status: 502, message: e.format === 'HLS' ? 'origin response is not an HLS playlist' : 'origin response is not a DASH MPD' };
    case 'origin-invalid':
      return { status: 502, message: e.message };
    case 'internal':
      return { status: 500, message: 'internal error' };
  }
}

/** Thrown by route helpers (`requireAccount`, …) to end a request with `error`; `app.onError` answers it. */
export class ServiceFailure extends Error {
  constructor(readonly error: ServiceError) {
    super(error.kind);
    this.name = 'ServiceFailure';
  }
}

/** Ends the request with `error` (never returns). */
export function fail(error: ServiceError): never {
  throw new ServiceFailure(error);
}

/** The HTTP answer for `error`, with `headers` (CORS) added. */
export function serviceErrorResponse(error: ServiceError, headers?: ConstructorParameters<typeof Headers>[0]): Response {
  const w = wireError(error);
  const h = new Headers(headers);
  for (const [k, v] of Object.entries(w.headers ?? {})) h.set(k, v);
  return errorResponse(w.status, w.message, h);
}
