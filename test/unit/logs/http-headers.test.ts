/** Response headers an ad log may keep (issue 9 item 13): no credentials or cookies, bounded, Go-canonical names. */
import { describe, expect, it } from 'vitest';
import { canonicalHeaderName, loggableResponseHeaders, MAX_HEADER_VALUE_CHARS, MAX_LOGGED_HEADERS } from '../../../src/core/logs/http-headers.ts';

describe('loggable response headers', () => {
  it('drops cookies and credentials, keeps the rest in order', () => {
    const got = loggableResponseHeaders([
      ['content-type', 'application/xml'],
      ['set-cookie', 'session=secret'],
      ['Set-Cookie2', 'x=1'],
      ['www-authenticate', 'Basic realm="ads"'],
      ['proxy-authenticate', 'Basic'],
      ['authorization', 'Bearer t'],
      ['x-amz-cf-id', 'abc=='],
      ['etag', '"1"'],
    ]);
    expect(got).toEqual([
      { name: 'Content-Type', value: 'application/xml' },
      { name: 'X-Amz-Cf-Id', value: 'abc==' },
      { name: 'Etag', value: '"1"' },
    ]);
  });

  it('keeps at most MAX_LOGGED_HEADERS, each value cut to MAX_HEADER_VALUE_CHARS, long names dropped', () => {
    const many = Array.from({ length: 100 }, (_, i) => [`x-h${i}`, 'v'.repeat(10_000)] as const);
    const got = loggableResponseHeaders([[`x-${'n'.repeat(100)}`, 'long name'], ...many]);
    expect(got).toHaveLength(MAX_LOGGED_HEADERS);
    expect(got[0]?.name).toBe('X-H0');
    for (const h of got) expect(h.value).toHaveLength(MAX_HEADER_VALUE_CHARS);
  });

  it('writes names as Go canonical MIME header keys (the Brightcove format of docs/ad-logs.md sample)', () => {
    expect(['accept-ranges', 'X-CACHE', 'x-amz-cf-pop', 'content-length', 'etag'].map(canonicalHeaderName)).toEqual(['Accept-Ranges', 'X-Cache', 'X-Amz-Cf-Pop', 'Content-Length', 'Etag']);
  });
});
