/**
 * @module bench/segment/player
 * The client side of the `/v1/segment` latency benchmark: a keep-alive HTTP client (one socket
 * per concurrent player, as a CDN edge keeps connections to its origin), session set-up through
 * the public playback routes (multivariant → one media playlist → its `/v1/segment` URLs), and a
 * timed segment request that checks the 302.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export const PLAYER_HEADERS = { 'user-agent': 'SegmentBench/1.0', 'x-forwarded-for': '198.51.100.7' };

export interface HttpResult {
  readonly status: number;
  readonly location: string | undefined;
  readonly body: string;
  /** From sending the request (the first attempt) to the last byte of the response, in ms. */
  readonly ms: number;
}

class ReusedSocketError extends Error {}

export class HttpClient {
  readonly #agent: Agent;

  constructor(maxSockets: number) {
    this.#agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /**
   * Keep-alive reuse races: a server may close an idle connection just as the agent picks it for
   * the next request, which then fails with ECONNRESET / "socket hang up" before any response.
   * Such a request (on a reused socket only, as Node's docs advise) is sent again once; its time
   * counts from the first attempt, and `reuseRetries` says how often it happened.
   */
  reuseRetries = 0;

  async get(url: string, headers: Record<string, string> = PLAYER_HEADERS, method = 'GET', body?: string): Promise<HttpResult> {
    const t0 = performance.now();
    try {
      return await this.#once(url, headers, method, body, t0);
    } catch (e) {
      if (!(e instanceof ReusedSocketError)) throw e;
      this.reuseRetries++;
      return this.#once(url, headers, method, body, t0);
    }
  }

  #once(url: string, headers: Record<string, string>, method: string, body: string | undefined, t0: number): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const location = res.headers.location;
          resolve({ status: res.statusCode ?? 0, location, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 });
        });
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        const raced = req.reusedSocket && (e.code === 'ECONNRESET' || e.message === 'socket hang up');
        reject(raced ? new ReusedSocketError(`${method} ${url}: ${e.message}`) : new Error(`${method} ${url}: ${e.message}`, { cause: e }));
      });
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

export interface BenchSession {
  readonly sid: string;
  /** `/v1/segment/…` URLs of one rendition, in playback order. */
  readonly segmentUrls: readonly string[];
}

/** Implicit (server-side reporting) session: multivariant, then the first variant's media playlist. */
export async function createSession(http: HttpClient, masterUrl: string): Promise<BenchSession> {
  const master = await http.get(masterUrl);
  if (master.status !== 200) throw new Error(`master ${masterUrl}: HTTP ${master.status} ${master.body.slice(0, 200)}`);
  const variant = master.body.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
  if (!variant) throw new Error(`master ${masterUrl}: no variant`);
  const mediaUrl = new URL(variant.trim(), masterUrl).toString();
  const sid = /\/([0-9a-f-]{36})\/\d+\.m3u8/.exec(mediaUrl)?.[1];
  if (!sid) throw new Error(`no session id in ${mediaUrl}`);
  const media = await http.get(mediaUrl);
  if (media.status !== 200) throw new Error(`media ${mediaUrl}: HTTP ${media.status} ${media.body.slice(0, 200)}`);
  const segmentUrls = media.body
    .split('\n')
    .filter((l) => l.includes('/segment/'))
    .map((l) => new URL(l.trim(), mediaUrl).toString());
  return { sid, segmentUrls };
}

/** One timed `/v1/segment` request; throws unless it is a 302 with a Location. */
export async function segmentRequest(http: HttpClient, url: string): Promise<number> {
  const r = await http.get(url);
  if (r.status !== 302 || !r.location) throw new Error(`segment ${url}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  return r.ms;
}

/** Runs `fn` over `items` with at most `concurrency` at a time. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}
