/**
 * Redirects and the host policy (issue 9 item 6): `fetchText` used to fetch with
 * `redirect: 'follow'`, checking only the first URL, so an allowed origin answering 302 to
 * 127.0.0.1 reached an internal listener. Every hop is now checked. ALLOW_PRIVATE_HOSTS is
 * "false" here (wrangler.toml); the demo's own routes are served in-process and allowed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchText, MAX_REDIRECTS, nextHop } from '../../src/platform/upstream.ts';
import { ACCT, putConfig, text } from './helpers.ts';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A stand-in for the network behind `fetch`, with fetch's own redirect handling: on
 * `redirect: 'follow'` (the default) it follows 3xx itself, as the runtime does, so a client
 * that leaves redirects to fetch is caught reaching the internal URL.
 */
function fakeNetwork(routes: Record<string, (r: Request) => Response>): Seen[] {
  const seen: Seen[] = [];
  const network = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, init);
    for (let hops = 0; hops < 20; hops++) {
      seen.push({ url: request.url, method: request.method, headers: Object.fromEntries(request.headers), body: await request.clone().text() });
      const route = routes[request.url];
      const res = route ? route(request) : new Response('internal listener reached', { status: 200 });
      const location = res.headers.get('location');
      if (request.redirect !== 'follow' || location === null || res.status < 300 || res.status > 399) return res;
      request = new Request(new URL(location, request.url), request);
    }
    throw new TypeError('too many redirects');
  };
  vi.spyOn(globalThis, 'fetch').mockImplementation(network);
  return seen;
}

const redirect = (status: number, location: string) => () => new Response('moved', { status, headers: { location } });
const OPTS = { timeoutMs: 2_000, allowPrivateHosts: false } as const;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fetchText follows redirects itself, checking every hop', () => {
  it('an allowed origin answering 302 to 127.0.0.1: refused, the internal URL never requested', async () => {
    const seen = fakeNetwork({ 'https://origin.example/live.m3u8': redirect(302, 'http://127.0.0.1:6379/internal') });
    const r = await fetchText('https://origin.example/live.m3u8', OPTS);
    expect(seen.map((s) => s.url)).toEqual(['https://origin.example/live.m3u8']);
    expect(r).toMatchObject({ ok: false, kind: 'disallowed', status: 302 });
    expect(r.ok ? '' : r.message).toMatch(/^HTTP 302 redirect to http:\/\/127\.0\.0\.1:6379\/internal refused: host 127\.0\.0\.1 is private/);
  });

  it.each([
    ['http://[::7f00:1]/x'],
    ['http://[64:ff9b::a00:1]/x'],
    ['http://[2002:7f00:1::]/x'],
    ['http://2130706433/x'],
    ['http://localhost./x'],
    ['http://169.254.169.254/latest/meta-data/'],
  ])('a redirect to %s is refused', async (location) => {
    const seen = fakeNetwork({ 'https://origin.example/a': redirect(301, location) });
    expect(await fetchText('https://origin.example/a', OPTS)).toMatchObject({ ok: false, kind: 'disallowed' });
    expect(seen).toHaveLength(1);
  });

  it('a refused hop deep in a chain: the hops before it are made, the refused one is not', async () => {
    const seen = fakeNetwork({
      'https://a.example/1': redirect(302, 'https://b.example/2'),
      'https://b.example/2': redirect(307, '/3'),
      'https://b.example/3': redirect(308, 'http://10.0.0.1/4'),
    });
    expect(await fetchText('https://a.example/1', OPTS)).toMatchObject({ ok: false, kind: 'disallowed', status: 308 });
    expect(seen.map((s) => s.url)).toEqual(['https://a.example/1', 'https://b.example/2', 'https://b.example/3']);
  });

  it('follows allowed hops, resolving a relative Location, and reads the final body', async () => {
    const seen = fakeNetwork({
      'https://a.example/dir/start': redirect(302, '../next?x=1'),
      'https://a.example/next?x=1': redirect(301, '//cdn.example/final.m3u8'),
      'https://cdn.example/final.m3u8': () => new Response('#EXTM3U\n', { status: 200, headers: { 'content-type': 'application/vnd.apple.mpegurl' } }),
    });
    const r = await fetchText('https://a.example/dir/start', OPTS);
    expect(r).toMatchObject({ ok: true, status: 200, body: '#EXTM3U\n', contentType: 'application/vnd.apple.mpegurl' });
    expect(seen.map((s) => s.url)).toEqual(['https://a.example/dir/start', 'https://a.example/next?x=1', 'https://cdn.example/final.m3u8']);
  });

  it(`stops after ${MAX_REDIRECTS} redirects`, async () => {
    const routes: Record<string, () => Response> = {};
    for (let i = 0; i < 10; i++) routes[`https://a.example/${i}`] = redirect(302, `https://a.example/${i + 1}`);
    const seen = fakeNetwork(routes);
    const r = await fetchText('https://a.example/0', OPTS);
    expect(r).toMatchObject({ ok: false, kind: 'network', message: `more than ${MAX_REDIRECTS} redirects` });
    expect(seen).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('a 3xx without Location, or a 304, is an HTTP failure, not a hop', async () => {
    fakeNetwork({ 'https://a.example/a': () => new Response('', { status: 302 }), 'https://a.example/b': () => new Response(null, { status: 304, headers: { location: 'https://a.example/c' } }) });
    expect(await fetchText('https://a.example/a', OPTS)).toMatchObject({ ok: false, kind: 'http', status: 302 });
    expect(await fetchText('https://a.example/b', OPTS)).toMatchObject({ ok: false, kind: 'http', status: 304 });
  });

  it('method rules: 301/302 turn a POST into a GET, 303 too, 307/308 repeat POST and body', async () => {
    const final = () => new Response('<VAST version="4.2"/>', { status: 200 });
    for (const [status, method, body] of [[301, 'GET', ''], [302, 'GET', ''], [303, 'GET', ''], [307, 'POST', '{"q":1}'], [308, 'POST', '{"q":1}']] as const) {
      const seen = fakeNetwork({ 'https://ads.example/vast': redirect(status, 'https://ads.example/final'), 'https://ads.example/final': final });
      const r = await fetchText('https://ads.example/vast', { ...OPTS, method: 'POST', body: '{"q":1}', headers: { 'content-type': 'application/json', 'x-custom': 'kept' } });
      expect(r.ok).toBe(true);
      expect(seen[1]).toMatchObject({ method, body, headers: { 'x-custom': 'kept' } });
      expect(seen[1]?.headers['content-type']).toBe(method === 'POST' ? 'application/json' : undefined);
      vi.restoreAllMocks();
    }
  });

  it('Authorization and Cookie do not follow a redirect to another origin', async () => {
    const seen = fakeNetwork({
      'https://ads.example/a': redirect(302, 'https://ads.example/b'),
      'https://ads.example/b': redirect(302, 'https://other.example/c'),
      'https://other.example/c': () => new Response('ok'),
    });
    await fetchText('https://ads.example/a', { ...OPTS, headers: { authorization: 'Bearer s3cret', cookie: 'a=1', 'user-agent': 'player' } });
    expect(seen.map((s) => [s.headers['authorization'], s.headers['cookie'], s.headers['user-agent']])).toEqual([
      ['Bearer s3cret', 'a=1', 'player'],
      ['Bearer s3cret', 'a=1', 'player'],
      [undefined, undefined, 'player'],
    ]);
  });

  it('nextHop refuses an unparseable Location', () => {
    expect(nextHop({ url: 'https://a.example/', method: 'GET', headers: {} }, 302, 'http://[::1', { allowPrivateHosts: true })).toMatchObject({ ok: false, kind: 'disallowed' });
  });
});

describe('through the playback routes (demo origin answering 302, served in-process)', () => {
  const CFG = 'redirecting-origin';
  const setup = async () => {
    const put = await putConfig({ Name: CFG, VideoContentSourceUrl: '{{self}}/demo/origin/fault/redirect', AdDecisionServerUrl: '{{self}}/demo/ads/vast' });
    expect(put.status).toBe(200);
  };

  it('a 302 to a loopback listener: 502 naming the refused redirect', async () => {
    await setup();
    const r = await text(`/v1/master/${ACCT}/${CFG}/master.m3u8`);
    expect(r.status).toBe(502);
    const message = 'origin address refused: HTTP 302 redirect to http://127.0.0.1:9/internal/master.m3u8 refused: host 127.0.0.1 is private, loopback, link-local or otherwise not public';
    expect(JSON.parse(r.body)).toEqual({ message, Message: message });
  });

  it('a 307 to the demo origin (allowed) is followed', async () => {
    await setup();
    const to = encodeURIComponent('/demo/origin/vod/master.m3u8');
    const r = await text(`/v1/master/${ACCT}/${CFG}/master.m3u8?status=307&to=${to}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^#EXTM3U/);
    expect(r.body).toContain('#EXT-X-STREAM-INF');
  });
});
