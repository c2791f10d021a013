/**
 * @module core/errors
 * Every error a playback request can end in, as one tagged union (docs/architecture.md "Errors").
 * Core and platform produce these as values; `src/http/errors.ts` maps each kind to its HTTP
 * status, MediaTailor's `x-amzn-ErrorType` and the JSON `{"message"}` in one exhaustive switch, so
 * a status code is chosen in exactly one place. Pure types and constructors.
 *
 * The split follows MediaTailor's playback error contract: a request the client got wrong is 400
 * (an unknown or expired session included), an unknown account or configuration 404, an origin
 * that answers badly 502, an origin that does not answer in time 504; ad-server problems are
 * never errors (they end in content or slate and a log event).
 */

export type ServiceError =
  /** The request itself is wrong (parameters, body, ids); the message says what. */
  | { readonly kind: 'bad-request'; readonly message: string }
  /** A body over the route's limit. */
  | { readonly kind: 'payload-too-large'; readonly limitBytes: number }
  /** The `{acct}` path segment is not this deployment's account. */
  | { readonly kind: 'unknown-account' }
  | { readonly kind: 'unknown-configuration' }
  /** No such session, an expired one, or one that belongs to another account or configuration. */
  | { readonly kind: 'unknown-session' }
  /** The session exists but the request names another asset. */
  | { readonly kind: 'asset-mismatch' }
  /** A path inside a session that names nothing (media playlist index, ad segment). */
  | { readonly kind: 'not-found'; readonly what: string }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'origin-status'; readonly status: number }
  | { readonly kind: 'origin-timeout'; readonly timeoutMs: number }
  | { readonly kind: 'origin-unreachable' }
  | { readonly kind: 'origin-refused'; readonly reason: string }
  | { readonly kind: 'origin-too-large'; readonly format: 'HLS' | 'DASH'; readonly limitBytes?: number }
  /** The origin answered, but not with the manifest format the route serves. */
  | { readonly kind: 'origin-not-manifest'; readonly format: 'HLS' | 'DASH' }
  /** A manifest we cannot personalize safely (numbers out of range, nothing to play). */
  | { readonly kind: 'origin-invalid'; readonly message: string }
  /** A bug: logged with its detail where it happened, answered without it. */
  | { readonly kind: 'internal' };

export type ServiceErrorKind = ServiceError['kind'];

export const badRequest = (message: string): ServiceError => ({ kind: 'bad-request', message });
export const notFound = (what: string): ServiceError => ({ kind: 'not-found', what });
export const UNKNOWN_SESSION: ServiceError = { kind: 'unknown-session' };

/** A value or the error that stopped it: the shape every fallible playback step returns. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ServiceError };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const failure = <T = never>(error: ServiceError): Outcome<T> => ({ ok: false, error });
