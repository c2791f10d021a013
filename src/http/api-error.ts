/**
 * @module http/api-error
 * The error contract of every route: HTTP status + JSON `{"message"}` + MediaTailor's
 * `x-amzn-ErrorType` header (contracts §1 "Playback error contract"; DESIGN §2).
 */
export type ApiStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 500 | 502 | 503 | 504;

const ERROR_TYPES: Record<ApiStatus, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'AccessDeniedException',
  404: 'NotFoundException',
  405: 'MethodNotAllowedException',
  409: 'ConflictException',
  413: 'PayloadTooLargeException',
  415: 'UnsupportedMediaTypeException',
  500: 'InternalServiceError',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

/** Thrown by routes for request problems; `app.onError` turns it into the JSON answer. */
export class ApiError extends Error {
  constructor(readonly status: ApiStatus, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(status: ApiStatus, message: string, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('content-type', 'application/json; charset=utf-8');
  h.set('x-amzn-ErrorType', ERROR_TYPES[status]);
  h.set('cache-control', 'no-store');
  return new Response(JSON.stringify({ message }), { status, headers: h });
}
