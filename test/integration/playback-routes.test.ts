/**
 * The rules every playback route shares (issue 8 §3, issue 9 §7 and §10): one ownership rule
 * (account, configuration, session) for every route that names a session; a HEAD probe of an ad
 * segment answers the redirect and fires nothing; a wrong method answers 405 with `Allow`; and a
 * deployment that sets PUBLIC_ORIGIN does not let the Host header choose where `{{self}}` points.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ACCT, ADMIN, json, mediaUrls, req, text } from './helpers.ts';

async function session(): Promise<{ sid: string; media: string; segments: string[]; tracking: string }> {
  const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', body: '{"reportingMode": "server"}' });
  const master = await text(init.body.manifestUrl);
  const media = mediaUrls(master.body, init.body.manifestUrl)[0] as string;
  const body = (await text(media)).body;
  const segments = body.split('\n').filter((l) => l.includes('/segment/')).map((l) => new URL(l, media).toString());
  const sid = new URL(init.body.manifestUrl, 'http://x').searchParams.get('aws.sessionId') as string;
  return { sid, media, segments, tracking: init.body.trackingUrl };
}

async function beaconCount(sid: string): Promise<number> {
  const r = await json<{ hits: { event: string }[] }>(`/demo/beacons?sid=${sid}&limit=10000`);
  return r.body.hits.filter((h) => h.event !== 'ads-request').length;
}

describe('one ownership rule for every route that names a session', () => {
  it('a session asked for under another configuration is unknown, on every route', async () => {
    const s = await session();
    const other = (u: string): string => u.replace(`/${ACCT}/demo/`, `/${ACCT}/demo-vmap/`);
    for (const url of [other(s.media), other(s.tracking), other(s.segments[0] as string)]) {
      const r = await json<{ message: string }>(url, { redirect: 'manual' });
      expect(r.status, url).toBe(400);
      expect(r.body.message).toBe('session not found or expired');
    }
    // The same URLs under the session's own configuration work.
    expect((await req(s.media)).status).toBe(200);
    expect((await req(s.tracking)).status).toBe(200);
  });
});

describe('one round trip', () => {
  it('a media playlist, a tracking answer and an ad segment each cost one call to the session object', async () => {
    const s = await session();
    for (const url of [s.media, s.tracking, s.segments[0] as string]) {
      const r = await req(url, { redirect: 'manual' });
      expect(r.headers.get('server-timing'), url).toMatch(/^session;dur=\d+;desc="1 call"$/);
    }
  });
});

describe('HEAD /v1/segment', () => {
  it('answers the redirect and fires no beacon; the GET then fires them', async () => {
    const s = await session();
    const first = s.segments[0] as string;
    const head = await req(first, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    expect(head.headers.get('location')).toMatch(/^http/);
    await new Promise((r) => setTimeout(r, 300));
    expect(await beaconCount(s.sid)).toBe(0);
    expect((await req(first, { redirect: 'manual' })).status).toBe(302);
    const deadline = Date.now() + 5_000;
    while ((await beaconCount(s.sid)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await beaconCount(s.sid)).toBeGreaterThan(0);
  });
});

describe('wrong methods', () => {
  it.each([
    ['PUT', `/v1/master/${ACCT}/demo/vod/master.m3u8`, 'GET, HEAD'],
    ['DELETE', `/v1/session/${ACCT}/demo/vod/master.m3u8`, 'GET, HEAD, POST'],
    ['POST', '/playbackConfigurations', 'GET, HEAD'],
    ['PATCH', '/healthz', 'GET, HEAD'],
  ])('%s %s → 405 with Allow: %s', async (method, path, allow) => {
    const r = await json<{ message: string }>(path, { method, body: '', headers: ADMIN });
    expect(r.status).toBe(405);
    expect(r.res.headers.get('allow')).toBe(allow);
    expect(r.res.headers.get('x-amzn-ErrorType')).toBe('MethodNotAllowedException');
    expect(r.body.message).toMatch(/method not allowed/);
  });
  it('a path no route has stays a 404', async () => {
    const r = await json<{ message: string }>('/v1/nothing/here', { method: 'PUT', body: '' });
    expect(r.status).toBe(404);
  });
});

describe('PUBLIC_ORIGIN', () => {
  /** The first media playlist of a new session created through `host`. */
  async function mediaThrough(host: string, bindings: typeof env): Promise<string> {
    const app = createApp();
    const r = await app.request(`${host}/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', body: '{}' }, bindings);
    const init = (await r.json()) as { manifestUrl: string };
    const masterUrl = `${host}${init.manifestUrl}`;
    const master = await (await app.request(masterUrl, {}, bindings)).text();
    const first = master.split('\n').find((l) => l !== '' && !l.startsWith('#')) as string;
    return (await app.request(new URL(first, masterUrl).toString(), {}, bindings)).text();
  }
  it("pins {{self}}: a session's content URLs do not follow the request's Host header", async () => {
    const unpinned = await mediaThrough('http://evil.example', env);
    expect(unpinned).toContain('http://evil.example/demo/media/');
    const pinned = await mediaThrough('http://evil.example', { ...env, PUBLIC_ORIGIN: 'http://127.0.0.1:8787' });
    expect(pinned).toContain('http://127.0.0.1:8787/demo/media/');
    expect(pinned).not.toContain('evil.example');
  });
});
