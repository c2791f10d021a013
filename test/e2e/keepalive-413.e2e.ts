/**
 * @module test/e2e/keepalive-413.e2e
 * A 413 must not poison the keep-alive connection (issue 9 item 9). Under `wrangler dev`, after a
 * route answered 413 by cancelling the request body, the next POST on the same connection got 503
 * "Your worker restarted mid-request", the next GET no answer, and an oversized chunked body got
 * the connection closed with no response. Each case here runs on ONE reused connection (Node
 * http.Agent, keepAlive, maxSockets 1) against a real `wrangler dev`, for every route that caps
 * its body: PUT /playbackConfiguration (256 KiB), POST /v1/session (64 KiB), POST /v1/tracking
 * (16 KiB).
 */
import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ACCOUNT_ID = /^ACCOUNT_ID\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))?.[1] ?? '';
const ADMIN = { authorization: 'Bearer demo-admin-token' };
const ANSWER_TIMEOUT_MS = 10_000;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The request went out on a connection that had already carried one. */
  reused: boolean;
}

/** A body sent with Content-Length, or as `chunks` chunks with Transfer-Encoding: chunked. */
type Body = string | { chunks: number; chunkBytes: number };

/** One request on `agent`; one without an answer within the timeout rejects. */
function send(agent: Agent, origin: string, method: string, path: string, headers: Record<string, string>, body?: Body): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, origin), { method, agent, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8'), reused: req.reusedSocket }));
      res.on('error', reject);
    });
    req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error(`no answer to ${method} ${path} within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    if (typeof body === 'string') {
      req.end(body);
    } else if (body) {
      // Chunked, written as fast as the socket takes it; the server may answer before the end.
      const chunk = Buffer.alloc(body.chunkBytes, 0x61);
      let left = body.chunks;
      const pump = (): void => {
        while (left > 0) {
          left--;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      req.on('response', () => {
        left = 0;
      });
      pump();
    } else {
      req.end();
    }
  });
}

interface CappedRoute {
  readonly name: string;
  readonly method: string;
  readonly capBytes: number;
  path(): string;
  readonly headers: Record<string, string>;
  /** A body the route accepts, and the status it answers then. */
  readonly goodBody: string;
  readonly goodStatus: number;
}

describe('a 413 leaves the keep-alive connection usable (wrangler dev)', () => {
  let service: WranglerDev | undefined;
  let trackingPath = '';

  beforeAll(async () => {
    service = await startWranglerDev(ROOT);
    const init = await fetch(`${service.origin}/v1/session/${ACCOUNT_ID}/demo/vod/master.m3u8`, { method: 'POST', body: '{}' });
    trackingPath = ((await init.json()) as { trackingUrl: string }).trackingUrl;
  });

  afterAll(async () => {
    await service?.stop();
  });

  const routes: CappedRoute[] = [
    {
      name: 'PUT /playbackConfiguration',
      method: 'PUT',
      capBytes: 256 * 1024,
      path: () => '/playbackConfiguration',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      goodBody: JSON.stringify({ Name: 'keepalive', VideoContentSourceUrl: 'https://origin.example/a', AdDecisionServerUrl: 'https://ads.example/vast' }),
      goodStatus: 200,
    },
    {
      name: 'POST /v1/session',
      method: 'POST',
      capBytes: 64 * 1024,
      path: () => `/v1/session/${ACCOUNT_ID}/demo/vod/master.m3u8`,
      headers: { 'content-type': 'application/json' },
      goodBody: '{}',
      goodStatus: 200,
    },
    {
      name: 'POST /v1/tracking',
      method: 'POST',
      capBytes: 16 * 1024,
      path: () => trackingPath,
      headers: { 'content-type': 'application/json' },
      goodBody: '{}',
      goodStatus: 200,
    },
  ];

  /** Runs `steps` with one keep-alive connection (maxSockets 1: every request reuses it). */
  async function onOneConnection(steps: (send1: (method: string, path: string, headers: Record<string, string>, body?: Body) => Promise<Answer>) => Promise<void>): Promise<void> {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await steps((method, path, headers, body) => send(agent, service?.origin ?? '', method, path, headers, body));
    } finally {
      agent.destroy();
    }
  }

  describe.each(routes)('$name', (route) => {
    const oversized = (factor: number): string => JSON.stringify({ pad: 'x'.repeat(Math.ceil(route.capBytes * factor)) });
    const chunkBytes = 16 * 1024;

    it.each([
      ['with Content-Length (1.5× the cap)', (): Body => oversized(1.5)],
      ['with Content-Length (8× the cap)', (): Body => oversized(8)],
      ['chunked, no Content-Length (2× the cap)', (): Body => ({ chunks: Math.ceil((route.capBytes * 2) / chunkBytes), chunkBytes })],
    ])('413 %s, then a POST and a GET on the same connection both answer', async (_, body) => {
      await onOneConnection(async (send1) => {
        expect((await send1('GET', '/healthz', {})).status).toBe(200);
        const big = await send1(route.method, route.path(), route.headers, body());
        expect(big.status).toBe(413);
        expect(JSON.parse(big.body)).toHaveProperty('message');
        const next = await send1(route.method, route.path(), route.headers, route.goodBody);
        expect(next.status, next.body).toBe(route.goodStatus);
        const get = await send1('GET', '/healthz', {});
        expect([get.status, get.reused]).toEqual([200, true]);
      });
    });
  });

  it('a 16 MiB chunked body: 413, and the connection goes on', async () => {
    await onOneConnection(async (send1) => {
      expect((await send1('POST', routes[1]?.path() ?? '', {}, { chunks: 1024, chunkBytes: 16 * 1024 })).status).toBe(413);
      const next = await send1('GET', '/healthz', {});
      expect([next.status, next.reused]).toEqual([200, true]);
    });
  });

  it('the connection really is reused across a 413', async () => {
    await onOneConnection(async (send1) => {
      await send1('GET', '/healthz', {});
      const big = await send1('POST', routes[1]?.path() ?? '', {}, 'x'.repeat(100 * 1024));
      const next = await send1('GET', '/healthz', {});
      expect([big.status, big.reused, next.reused]).toEqual([413, true, true]);
    });
  });
});
