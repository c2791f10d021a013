/**
 * The one error switch (issue 8 §3): every playback error kind has its status, MediaTailor's
 * `x-amzn-ErrorType` and a message, and nothing else chooses a status.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceError, ServiceErrorKind } from '../../../src/core/errors.ts';
import { serviceErrorResponse, wireError } from '../../../src/http/errors.ts';

const TABLE: [ServiceError, number, string, RegExp][] = [
  [{ kind: 'bad-request', message: 'session id is not valid' }, 400, 'BadRequestException', /^session id is not valid$/],
  [{ kind: 'payload-too-large', limitBytes: 65536 }, 413, 'PayloadTooLargeException', /larger than 65536 bytes/],
  [{ kind: 'unknown-account' }, 404, 'NotFoundException', /^unknown account$/],
  [{ kind: 'unknown-configuration' }, 404, 'NotFoundException', /^playback configuration not found$/],
  [{ kind: 'unknown-session' }, 400, 'BadRequestException', /^session not found or expired$/],
  [{ kind: 'asset-mismatch' }, 400, 'BadRequestException', /asset path/],
  [{ kind: 'not-found', what: 'unknown ad segment' }, 404, 'NotFoundException', /^unknown ad segment$/],
  [{ kind: 'method-not-allowed', allow: ['GET', 'HEAD'] }, 405, 'MethodNotAllowedException', /use GET, HEAD/],
  [{ kind: 'origin-status', status: 503 }, 502, 'BadGatewayException', /HTTP 503/],
  [{ kind: 'origin-timeout', timeoutMs: 2000 }, 504, 'GatewayTimeoutException', /within 2000 ms/],
  [{ kind: 'origin-unreachable' }, 502, 'BadGatewayException', /could not be reached/],
  [{ kind: 'origin-refused', reason: 'private host' }, 502, 'BadGatewayException', /refused: private host/],
  [{ kind: 'origin-too-large', format: 'HLS' }, 502, 'BadGatewayException', /^origin playlist is too large$/],
  [{ kind: 'origin-too-large', format: 'DASH', limitBytes: 4194304 }, 502, 'BadGatewayException', /^origin MPD is too large \(over 4194304 bytes\)$/],
  [{ kind: 'origin-not-manifest', format: 'HLS' }, 502, 'BadGatewayException', /not an HLS playlist/],
  [{ kind: 'origin-not-manifest', format: 'DASH' }, 502, 'BadGatewayException', /not a DASH MPD/],
  [{ kind: 'origin-invalid', message: 'origin media playlist: EXTINF "NaN" is not a segment duration' }, 502, 'BadGatewayException', /EXTINF/],
  [{ kind: 'internal' }, 500, 'InternalServiceError', /^internal error$/],
];

describe('wireError', () => {
  it.each(TABLE)('%j → %i %s', async (error, status, type, message) => {
    expect(wireError(error).status).toBe(status);
    const res = serviceErrorResponse(error, { 'access-control-allow-origin': '*' });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-amzn-ErrorType')).toBe(type);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { message: string };
    expect(body.message).toMatch(message);
  });
  it('has a row for every kind', () => {
    // Record<ServiceErrorKind, …> does not compile until a new kind is listed here too.
    const every: Record<ServiceErrorKind, true> = {
      'bad-request': true, 'payload-too-large': true, 'unknown-account': true, 'unknown-configuration': true, 'unknown-session': true,
      'asset-mismatch': true, 'not-found': true, 'method-not-allowed': true, 'origin-status': true, 'origin-timeout': true,
      'origin-unreachable': true, 'origin-refused': true, 'origin-too-large': true, 'origin-not-manifest': true, 'origin-invalid': true, internal: true,
    };
    expect(new Set(TABLE.map(([e]) => e.kind))).toEqual(new Set(Object.keys(every)));
  });
  it('a 405 carries Allow', () => {
    expect(serviceErrorResponse({ kind: 'method-not-allowed', allow: ['GET', 'POST'] }).headers.get('allow')).toBe('GET, POST');
  });
});
