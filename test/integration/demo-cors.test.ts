/**
 * The demo beacon sink and CORS (issue 9 item 11): Shaka Player sends client-side tracking
 * beacons as cross-origin POSTs; the sink answered only GET, and its 404 had no CORS header, so
 * those beacons never arrived. Every demo answer now carries CORS and the sink takes GET and POST.
 */
import { describe, expect, it } from 'vitest';
import { json, req } from './helpers.ts';

const PLAYER = 'https://player.example';
type Hit = { event: string; url: string; sessionId: string };

describe('demo beacon sink', () => {
  it.each(['GET', 'POST'])('%s /demo/beacons/hit is recorded and answers with CORS', async (method) => {
    const sid = `cors-${method}`;
    const r = await req(`/demo/beacons/hit?sid=${sid}&event=impression`, { method, headers: { origin: PLAYER }, ...(method === 'POST' ? { body: '' } : {}) });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const hits = await json<{ hits: Hit[] }>(`/demo/beacons?sid=${sid}`);
    expect(hits.body.hits.map((h) => h.event)).toEqual(['impression']);
  });

  it('a POST with a body (ignored) is recorded too', async () => {
    const r = await req('/demo/beacons/hit?sid=cors-body&event=start', { method: 'POST', headers: { origin: PLAYER, 'content-type': 'application/json' }, body: '{"x":1}' });
    expect(r.status).toBe(204);
    expect((await json<{ hits: Hit[] }>('/demo/beacons?sid=cors-body')).body.hits).toHaveLength(1);
  });

  it('answers the CORS preflight of a POST', async () => {
    const r = await req('/demo/beacons/hit?sid=x', { method: 'OPTIONS', headers: { origin: PLAYER, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toContain('POST');
    expect(r.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it.each([
    ['POST', '/demo/beacons/fail?sid=x', 500],
    ['GET', '/demo/beacons/nope', 404],
    // A known path with the wrong method is 405 with Allow (RFC 9110 §15.5.6), as on every route.
    ['POST', '/demo/beacons', 405],
    ['GET', '/demo/no-such-route', 404],
    ['GET', '/demo/origin/nope/master.m3u8', 404],
    ['POST', '/demo/clock', 400],
    ['DELETE', '/demo/clock', 405],
  ] as const)('%s %s → %i, with CORS', async (method, path, status) => {
    const r = await req(path, { method, headers: { origin: PLAYER }, ...(method === 'POST' ? { body: 'not json' } : {}) });
    expect(r.status).toBe(status);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    if (status === 405) expect(r.headers.get('allow')).toMatch(/GET/);
  });
});
