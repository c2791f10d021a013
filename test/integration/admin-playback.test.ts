/**
 * What the control plane's looser model (only `Name` required) means for playback, and the
 * configuration members acted on at playback time: a configuration without an origin is refused
 * at session init with a message, one without an ad server plays content, and
 * `HttpRequest.CompressRequest: GZIP` sends the POST body to the ad server gzip-compressed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCT, mediaUrls, putConfig, req, text } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('playback of configurations the model allows', () => {
  it('a configuration with only a Name: session init answers 400 saying what is missing, never a crash', async () => {
    expect((await putConfig({ Name: 'name-only' })).status).toBe(200);
    const message = 'playback configuration name-only has no VideoContentSourceUrl, so there is no origin to play; set it with PutPlaybackConfiguration';
    for (const r of [
      await req(`/v1/session/${ACCT}/name-only/vod/master.m3u8`, { method: 'POST', body: '{}' }),
      await req(`/v1/master/${ACCT}/name-only/vod/master.m3u8`),
    ]) {
      expect(r.status).toBe(400);
      expect(r.headers.get('x-amzn-ErrorType')).toBe('BadRequestException');
      expect(await r.json()).toEqual({ message, Message: message });
    }
  });

  it('a configuration without AdDecisionServerUrl plays the content without ads', async () => {
    expect((await putConfig({ Name: 'no-ads', VideoContentSourceUrl: '{{self}}/demo/origin' })).status).toBe(200);
    const path = `/v1/master/${ACCT}/no-ads/vod/master.m3u8`;
    const master = await text(path);
    expect(master.status).toBe(200);
    const media = await text(mediaUrls(master.body, path)[0] as string);
    expect(media.status).toBe(200);
    expect(media.body).toContain('#EXTINF');
    expect(media.body).not.toMatch(/\/segment\/|\/ads\//);
  });

  it('CompressRequest GZIP: the POST body reaches the ad server gzip-compressed with Content-Encoding: gzip', async () => {
    const seen: { method: string; encoding: string | null; body: string }[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (new URL(request.url).hostname !== 'ads.example') return realFetch(input, init);
      const raw = request.body ? request.body.pipeThrough(new DecompressionStream('gzip')) : null;
      seen.push({ method: request.method, encoding: request.headers.get('content-encoding'), body: raw ? await new Response(raw).text() : '' });
      return new Response('<VAST version="4.2"/>', { headers: { 'content-type': 'application/xml' } });
    });
    const cfg = {
      Name: 'gzip-ads',
      VideoContentSourceUrl: '{{self}}/demo/origin',
      AdDecisionServerUrl: 'https://ads.example/vast?sid=[session.id]',
      AdDecisionServerConfiguration: { HttpRequest: { Method: 'POST', Body: '{"device":"tv","ü":1}', CompressRequest: 'GZIP' } },
    };
    expect((await putConfig(cfg)).status).toBe(200);
    const path = `/v1/master/${ACCT}/gzip-ads/vod/master.m3u8`;
    const master = await text(path);
    expect((await text(mediaUrls(master.body, path)[0] as string)).status).toBe(200);
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s).toEqual({ method: 'POST', encoding: 'gzip', body: '{"device":"tv","ü":1}' });
  });
});
