/**
 * @module http/api-error
 * The error contract of every route: HTTP status + JSON `{"message", "Message"}` + the
 * `x-amzn-ErrorType` header (MediaTailor playback error contract; AWS rest-json protocol).
 *
 * Both spellings of the message: MediaTailor's playback side and AWS's authentication front end
 * answer `message`, while the control-plane model (`BadRequestException.Message` in the
 * MediaTailor API model) names the member `Message`, which is what `err.Message` reads in the AWS
 * SDKs. `x-amzn-RequestId` is added to every response, errors included, by the app's middleware.
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

/**
 * Thrown by routes for request problems; `app.onError` turns it into the JSON answer. `errorType`
 * overrides the status's default type (e.g. SigV4's `InvalidSignatureException` on a 403).
 */
export class ApiError extends Error {
  constructor(readonly status: ApiStatus, message: string, readonly errorType?: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(status: ApiStatus, message: string, headers?: ConstructorParameters<typeof Headers>[0], errorType?: string): Response {
  const h = new Headers(headers);
  h.set('content-type', 'application/json; charset=utf-8');
  h.set('x-amzn-ErrorType', errorType ?? ERROR_TYPES[status]);
  h.set('cache-control', 'no-store');
  return new Response(JSON.stringify({ message, Message: message }), { status, headers: h });
}

/** The response to an `ApiError`, keeping its error type. */
export function apiErrorResponse(e: ApiError, headers?: ConstructorParameters<typeof Headers>[0]): Response {
  return errorResponse(e.status, e.message, headers, e.errorType);
}
