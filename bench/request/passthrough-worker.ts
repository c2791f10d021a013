/**
 * @module bench/request/passthrough-worker
 * The baseline of the whole-request benchmark (bench/request-latency.ts): the least a Worker can
 * do with a media playlist — fetch it from the same origin and return it — plus the platform cost
 * of the designs considered for edge-ssai's media playlist request, with no personalization work:
 *   ?mode=worker          the ten-line pass-through (the baseline);
 *   ?mode=do-fetch        one RPC to a Durable Object that fetches the origin (edge-ssai's design);
 *   ?mode=worker-then-do  the Worker fetches, one RPC carries the text to the object and back;
 *   ?mode=two-rpc         an RPC for the session's context, the fetch, an RPC with the text (the old design).
 */
import { DurableObject } from 'cloudflare:workers';

interface Env {
  readonly ORIGIN: string;
  readonly ECHO: DurableObjectNamespace<Echo>;
}

export class Echo extends DurableObject<Env> {
  async context(): Promise<{ originUrl: string }> {
    return { originUrl: this.env.ORIGIN };
  }
  async fetchText(url: string): Promise<string> {
    return (await fetch(url)).text();
  }
  async take(text: string): Promise<string> {
    return text;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') return new Response('ok');
    const origin = `${env.ORIGIN}${url.pathname}`;
    const stub = env.ECHO.getByName(url.searchParams.get('sid') ?? 'one');
    let text: string;
    switch (url.searchParams.get('mode')) {
      case 'do-fetch':
        text = await stub.fetchText(origin);
        break;
      case 'worker-then-do':
        text = await stub.take(await (await fetch(origin)).text());
        break;
      case 'two-rpc':
        await stub.context();
        text = await stub.take(await (await fetch(origin)).text());
        break;
      default:
        text = await (await fetch(origin)).text();
    }
    return new Response(text, { headers: { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-store' } });
  },
} satisfies ExportedHandler<Env>;
