/**
 * The real AWS SDK client (`@aws-sdk/client-mediatailor`) inside the Workers test pool, talking to
 * the Worker under test: its serializers, SigV4 signer, retry and error deserializers run
 * unchanged; only the last step, the HTTP send, goes to `exports.default.fetch` instead of a
 * socket (workerd has no listening Worker to connect to). The same client over real HTTP against
 * `wrangler dev` is in test/e2e/aws-clients.e2e.ts.
 *
 * The SDK's browser build constructs a `DOMParser` when it loads, for XML protocols; workerd has
 * none and rest-json never parses XML, so a stand-in that refuses to parse is installed first.
 */
import { exports } from 'cloudflare:workers';
import type * as Sdk from '@aws-sdk/client-mediatailor';
import { ORIGIN } from './helpers.ts';

export const TEST_KEYS = {
  first: { accessKeyId: 'AKIDEDGESSAITEST0001', secretAccessKey: 'test/Secret+Key0001' },
  second: { accessKeyId: 'AKIDEDGESSAITEST0002', secretAccessKey: 'second-secret' },
} as const;

export type MediaTailorSdk = typeof Sdk;

let loaded: Promise<MediaTailorSdk> | undefined;

/** The SDK module, loaded once after the DOMParser stand-in is in place. */
export function loadSdk(): Promise<MediaTailorSdk> {
  const g = globalThis as { DOMParser?: unknown };
  g.DOMParser ??= class {
    parseFromString(): never {
      throw new Error('XML parsing is not available in this test runtime');
    }
  };
  loaded ??= import('@aws-sdk/client-mediatailor');
  return loaded;
}

type Handler = NonNullable<Sdk.MediaTailorClientConfig['requestHandler']>;

/** Sends the SDK's signed request to the Worker and hands back its response unchanged. */
const workerHandler = {
  async handle(request: { method: string; protocol: string; hostname: string; port?: number; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: BodyInit }) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(request.query ?? {})) for (const x of [v ?? ''].flat()) qs.append(k, x);
    const query = qs.toString().replace(/\+/g, '%20');
    const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query ? `?${query}` : ''}`;
    const res = await exports.default.fetch(new Request(url, { method: request.method, headers: request.headers, body: request.body ?? null }));
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { response: { statusCode: res.status, headers, body: res.body } };
  },
} as unknown as Handler;

export async function mediaTailorClient(credentials: { accessKeyId: string; secretAccessKey: string } = TEST_KEYS.first, region = 'us-west-2'): Promise<Sdk.MediaTailorClient> {
  const sdk = await loadSdk();
  return new sdk.MediaTailorClient({ region, endpoint: ORIGIN, credentials, requestHandler: workerHandler, maxAttempts: 1 });
}
