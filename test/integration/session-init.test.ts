/** Session initialization and the bad inputs of issue 2 (seed 000, seed 001, contracts §2). */
import { describe, expect, it } from 'vitest';
import { ACCT, json, mediaUrls, putConfig, req, text } from './helpers.ts';

type Init = { manifestUrl: string; trackingUrl: string };

describe('explicit session init (POST)', () => {
  it('answers relative manifest and tracking URLs, with manifest params on both', async () => {
    const r = await json<Init>(`/v1/session/${ACCT}/demo/vod/master.m3u8`, {
      method: 'POST',
      body: JSON.stringify({ adsParams: { deviceType: 'ipad' }, manifestParams: { auth_token: 'abc' }, origin_access_token: 'tok' }),
    });
    expect(r.status).toBe(200);
    expect(r.body.manifestUrl).toMatch(new RegExp(`^/v1/master/${ACCT}/demo/vod/master\\.m3u8\\?aws\\.sessionId=[0-9a-f-]{36}&auth_token=abc$`));
    expect(r.body.trackingUrl).toMatch(new RegExp(`^/v1/tracking/${ACCT}/demo/[0-9a-f-]{36}\\?auth_token=abc$`));
    expect(r.res.headers.get('access-control-allow-origin')).toBe('*');
    // The session's manifest works, and carries the manifest params on its media playlist URLs.
    const master = await text(r.body.manifestUrl);
    expect(master.status).toBe(200);
    expect(master.body).toMatch(/\/1\.m3u8\?auth_token=abc/);
  });

  it('parses the body as JSON whatever the Content-Type, and accepts an empty body', async () => {
    for (const init of [{ body: '{}', headers: { 'content-type': 'text/plain' } }, { body: '' }, {}]) {
      const r = await req(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', ...init });
      expect(r.status).toBe(200);
    }
  });

  it('answers the CORS preflight for the POST', async () => {
    const r = await req(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'OPTIONS', headers: { origin: 'https://player.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('supports the GET form with ads.* and manifestParams.*', async () => {
    const r = await json<Init>(`/v1/session/${ACCT}/demo/vod/master.m3u8?ads.deviceType=tv&manifestParams.test=123`);
    expect(r.status).toBe(200);
    expect(r.body.manifestUrl).toContain('&test=123');
  });

  it('a DASH asset gets a /v1/dash manifest URL, its manifest parameters kept', async () => {
    const r = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo/show/manifest.mpd`, { method: 'POST', body: '{"manifestParams":{"token":"t1"}}' });
    expect(r.status).toBe(200);
    expect(r.body.manifestUrl).toMatch(new RegExp(`^/v1/dash/${ACCT}/demo/show/manifest\\.mpd\\?aws\\.sessionId=[0-9a-f-]{36}&token=t1$`));
    expect(r.body.trackingUrl).toMatch(new RegExp(`^/v1/tracking/${ACCT}/demo/[0-9a-f-]{36}\\?token=t1$`));
    // /v1/dash names an .mpd asset.
    const notMpd = await json<{ message: string }>(`/v1/dash/${ACCT}/demo/show/master.m3u8`);
    expect(notMpd.status).toBe(400);
    expect(notMpd.body.message).toBe('a DASH playback URL names an .mpd asset');
  });
});

describe('implicit session and HLS playlists', () => {
  it('rewrites every variant, audio and media URI to session playlists, relative like MediaTailor', async () => {
    const m = await text(`/v1/master/${ACCT}/demo/live/master.m3u8?ads.deviceType=web&manifest.token=t1`);
    expect(m.status).toBe(200);
    expect(m.res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(m.res.headers.get('cache-control')).toBe('no-store');
    const lines = m.body.split('\n');
    expect(lines.filter((l) => l && !l.startsWith('#')).every((l) => /^\.\.\/\.\.\/\.\.\/\.\.\/manifest\/[^/]+\/demo\/[0-9a-f-]{36}\/\d+\.m3u8\?token=t1$/.test(l))).toBe(true);
    expect(m.body).toMatch(/#EXT-X-MEDIA:TYPE=AUDIO,[^\n]*URI="\.\.\/\.\.\/\.\.\/\.\.\/manifest\/[^"]+\/0\.m3u8\?token=t1"/);
    const urls = mediaUrls(m.body, `/v1/master/${ACCT}/demo/live/master.m3u8`);
    expect(urls).toHaveLength(4); // two variants, the audio rendition, the subtitle rendition
    expect(m.body).toMatch(/#EXT-X-MEDIA:TYPE=SUBTITLES,[^\n]*URI="\.\.\/\.\.\/\.\.\/\.\.\/manifest\/[^"]+\/1\.m3u8\?token=t1"/);
    for (const u of urls) {
      const media = await text(u);
      expect(media.status).toBe(200);
      expect(media.body).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:');
      // Content segment URIs are absolute.
      const segs = media.body.split('\n').filter((l) => l && !l.startsWith('#'));
      expect(segs.length).toBeGreaterThan(0);
      expect(segs.every((l) => l.startsWith('http://127.0.0.1:8787/demo/media/') || l.includes('/segment/') || l.includes('/webvtt/'))).toBe(true);
    }
  });

  it('passes session origin params to every origin request, escaped', async () => {
    const cfg = { Name: 'echo', VideoContentSourceUrl: 'http://127.0.0.1:8787/demo/origin', AdDecisionServerUrl: 'http://127.0.0.1:8787/demo/ads/vast' };
    expect((await putConfig(cfg)).status).toBe(200);
    const m = await text(`/v1/master/${ACCT}/echo/vod/master.m3u8?start=10&evil=a%26b%0D%0Ax`);
    expect(m.status).toBe(200);
  });

  it('keeps the session when aws.sessionId is given, and refuses unknown sessions with 400', async () => {
    const init = await json<Init>(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', body: '{}' });
    const sid = new URL(init.body.manifestUrl, 'http://x').searchParams.get('aws.sessionId');
    const again = await text(init.body.manifestUrl);
    expect(again.body).toContain(`/${sid}/`);
    const unknown = await json<{ message: string }>(`/v1/master/${ACCT}/demo/vod/master.m3u8?aws.sessionId=6b1a2f7e-1d2c-4b5a-9e8f-0a1b2c3d4e5f`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('session not found or expired');
    expect((await req(`/v1/manifest/${ACCT}/demo/6b1a2f7e-1d2c-4b5a-9e8f-0a1b2c3d4e5f/0.m3u8`)).status).toBe(400);
    expect((await req(`/v1/master/${ACCT}/demo/vod/master.m3u8?aws.sessionId=not-a-uuid`)).status).toBe(400);
  });
});

describe('bad input (issue 2)', () => {
  const post = (path: string, body: string) => json<{ message: string }>(path, { method: 'POST', body });
  it.each([
    ['malformed JSON', '{"adsParams":'],
    ['a non-object JSON body', '[1,2,3]'],
    ['a nested adsParams value', '{"adsParams":{"a":{"b":1}}}'],
    ['too many parameters', JSON.stringify({ adsParams: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v'])) })],
    ['an over-long parameter', JSON.stringify({ adsParams: { k: 'v'.repeat(25_001) } })],
  ])('POST with %s → 400', async (_n, body) => {
    const r = await post(`/v1/session/${ACCT}/demo/vod/master.m3u8`, body);
    expect(r.status).toBe(400);
    expect(typeof r.body.message).toBe('string');
  });

  it('POST body over 64 KiB → 413', async () => {
    const r = await post(`/v1/session/${ACCT}/demo/vod/master.m3u8`, JSON.stringify({ x: 'y'.repeat(70_000) }));
    expect(r.status).toBe(413);
  });

  it('unknown configuration → 404, wrong account → 404', async () => {
    expect((await post(`/v1/session/${ACCT}/nope/vod/master.m3u8`, '{}')).status).toBe(404);
    expect((await req(`/v1/master/${ACCT}/nope/vod/master.m3u8`)).status).toBe(404);
    const wrong = await json<{ message: string }>('/v1/master/0000/demo/vod/master.m3u8');
    expect(wrong.status).toBe(404);
    expect(wrong.res.headers.get('x-amzn-ErrorType')).toBe('NotFoundException');
  });

  it.each([
    // `a/%2e%2e/b` never reaches the Worker: the URL parser resolves dot segments first, inside
    // /v1/master/{acct}/{cfg}/, so only encoded-slash forms can carry a traversal this far.
    ['encoded dots and slash', '%2e%2e%2fsecret/master.m3u8'],
    ['encoded ..%2f', '..%2fsecret/master.m3u8'],
    ['an encoded slash', 'vod%2Fmaster.m3u8'],
    ['a backslash', 'vod%5Cmaster.m3u8'],
    ['an absolute URL', 'http:%2F%2Fevil.example/x.m3u8'],
  ])('asset path with %s → 400', async (_n, asset) => {
    const r = await json<{ message: string }>(`/v1/master/${ACCT}/demo/${asset}`);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/asset path/);
  });

  it.each([
    ['404', 502, 'origin answered HTTP 404'],
    ['500', 502, 'origin answered HTTP 500'],
    ['html', 502, 'origin response is not an HLS playlist'],
    ['timeout', 504, 'origin did not answer within 2000 ms'],
  ])('origin %s → %i with a message', async (kind, status, message) => {
    const r = await json<{ message: string }>(`/v1/master/${ACCT}/demo/fault/${kind}/master.m3u8`);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ message, Message: message });
    expect(r.res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('too many query parameters → 400', async () => {
    const q = Array.from({ length: 101 }, (_, i) => `ads.k${i}=v`).join('&');
    expect((await req(`/v1/master/${ACCT}/demo/vod/master.m3u8?${q}`)).status).toBe(400);
  });

  it('an unknown route is a JSON 404', async () => {
    const r = await json<{ message: string }>('/v1/nothing/here');
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('not found');
  });
});
