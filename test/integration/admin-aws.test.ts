/**
 * The control plane on the AWS wire, request by request (signed with aws4fetch, an independent
 * SigV4 signer): authentication outcomes and their AWS error types, the error body and headers,
 * x-amzn-RequestId everywhere, unknown members, prototype-named keys (issue 9), tag routes and
 * ConfigureLogs as raw JSON. The AWS SDK itself drives admin-sdk.test.ts.
 */
import { env } from 'cloudflare:workers';
import worker from '../../src/index.ts';
import { createExecutionContext } from 'cloudflare:test';
import { AwsV4Signer } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { ACCT, ADMIN, ORIGIN, putConfig, req } from './helpers.ts';
import { TEST_KEYS } from './mediatailor-sdk.ts';

const CFG = { Name: 'aws-wire', VideoContentSourceUrl: 'https://origin.example/out', AdDecisionServerUrl: 'https://ads.example/vast' };
const MIN = 60_000;

interface SignOptions {
  readonly key?: { accessKeyId: string; secretAccessKey: string };
  readonly atMs?: number;
  readonly headers?: Record<string, string>;
}

async function signed(method: string, path: string, body?: string, o: SignOptions = {}): Promise<Request> {
  const datetime = new Date(o.atMs ?? Date.now()).toISOString().replace(/[:-]|\.\d{3}/g, '');
  const signer = new AwsV4Signer({ method, url: `${ORIGIN}${path}`, body, headers: { 'content-type': 'application/json', ...o.headers }, ...(o.key ?? TEST_KEYS.first), service: 'mediatailor', region: 'eu-west-3', datetime });
  const s = await signer.sign();
  return new Request(s.url, { method, headers: s.headers, body: body ?? null });
}
const send = async (r: Request | Promise<Request>): Promise<Response> => req((await r).url, await r);

async function expectAwsError(res: Response, status: number, type: string, message?: string | RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('x-amzn-ErrorType')).toBe(type);
  expect(res.headers.get('x-amzn-RequestId')).toMatch(/\S/);
  const body = (await res.json()) as { message: string; Message: string };
  expect(body.Message).toBe(body.message);
  if (message !== undefined) expect(body.message).toMatch(message);
}

describe('SigV4 on the admin API', () => {
  it('admits requests signed with either configured key (rotation), any region', async () => {
    expect((await send(signed('PUT', '/playbackConfiguration', JSON.stringify(CFG)))).status).toBe(200);
    const got = await send(signed('GET', `/playbackConfiguration/${CFG.Name}`, undefined, { key: TEST_KEYS.second }));
    expect(got.status).toBe(200);
    expect(((await got.json()) as { Name: string }).Name).toBe(CFG.Name);
  });

  it.each([
    ['a wrong secret', () => send(signed('GET', '/playbackConfigurations', undefined, { key: { ...TEST_KEYS.first, secretAccessKey: 'wrong' } })), 403, 'InvalidSignatureException', /^The request signature we calculated does not match/],
    ['an unknown access key', () => send(signed('GET', '/playbackConfigurations', undefined, { key: { accessKeyId: 'AKIDNOTOURS', secretAccessKey: 'x' } })), 403, 'UnrecognizedClientException', /^The security token included in the request is invalid\.$/],
    ['a tampered body', async () => {
      const r = await signed('PUT', '/playbackConfiguration', JSON.stringify(CFG));
      return req(r.url, new Request(r, { body: JSON.stringify({ ...CFG, AdDecisionServerUrl: 'https://evil.example/' }) }));
    }, 403, 'InvalidSignatureException', /^The request signature we calculated does not match/],
    ['a request replayed 20 minutes later', () => send(signed('GET', '/playbackConfigurations', undefined, { atMs: Date.now() - 20 * MIN })), 403, 'InvalidSignatureException', /^Signature expired: /],
    ['a security token added after signing', async () => {
      const r = await signed('GET', '/playbackConfigurations');
      const h = new Headers(r.headers);
      h.set('x-amz-security-token', 'injected');
      return req(r.url, { method: 'GET', headers: h });
    }, 403, 'InvalidSignatureException', "The 'x-amz-security-token' header is present but not signed: it must be listed in SignedHeaders."],
    ['host left out of SignedHeaders', async () => {
      const r = await signed('GET', '/playbackConfigurations');
      const h = new Headers(r.headers);
      h.set('authorization', (h.get('authorization') ?? '').replace(/SignedHeaders=([^,]*)/, (_m, list: string) => `SignedHeaders=${list.split(';').filter((n) => n !== 'host').join(';')}`));
      return req(r.url, { method: 'GET', headers: h });
    }, 403, 'InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."],
    ['an incomplete Authorization header', () => req('/playbackConfigurations', { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEDGESSAITEST0001/20260101/us-east-1/mediatailor/aws4_request' } }), 403, 'IncompleteSignatureException', /requires 'Signature' parameter/],
    ['no credentials at all', () => req('/playbackConfigurations'), 401, 'UnauthorizedException', /^missing credentials: sign the request with AWS Signature Version 4/],
  ] as const)('refuses %s as AWS does', async (_n, make, status, type, message) => {
    await expectAwsError(await make(), status, type, message);
  });

  it('answers a 10 MB body with 413, signed or not, with or without Content-Length', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    await expectAwsError(await send(signed('PUT', '/playbackConfiguration', big)), 413, 'PayloadTooLargeException', 'request body is larger than 262144 bytes');
    await expectAwsError(await req('/playbackConfiguration', { method: 'PUT', headers: ADMIN, body: big }), 413, 'PayloadTooLargeException');
    // Streamed without a length: found too large while reading; the rest is drained, not cancelled,
    // so the connection can carry the next request (platform/read-capped).
    let pulledBytes = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulledBytes >= big.length) return c.close();
        pulledBytes += 64 * 1024;
        c.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const streamed = new Request(`${ORIGIN}/playbackConfiguration`, { method: 'PUT', headers: ADMIN, body: stream, duplex: 'half' } as RequestInit);
    await expectAwsError(await worker.fetch(streamed, env, createExecutionContext()), 413, 'PayloadTooLargeException');
  });

  it('with AWS_ACCESS_KEYS malformed: SigV4 calls get a clear 500, bearer calls still work', async () => {
    const broken = { ...env, AWS_ACCESS_KEYS: 'AKIDEDGESSAITEST0001' } as typeof env;
    const call = async (r: Request): Promise<Response> => worker.fetch(r, broken, createExecutionContext());
    await expectAwsError(await call(await signed('GET', '/playbackConfigurations')), 500, 'InternalServiceError', /^SigV4 is misconfigured on this deployment: AWS_ACCESS_KEYS entry 1 is not/);
    expect((await call(new Request(`${ORIGIN}/playbackConfigurations`, { headers: ADMIN }))).status).toBe(200);
  });
});

describe('the wire of the MediaTailor model', () => {
  it('puts x-amzn-RequestId on every response: admin, playback, errors, static assets', async () => {
    for (const path of ['/healthz', '/nope', `/v1/master/${ACCT}/missing/x.m3u8`, '/demo/media/slate/index.m3u8', `/v1/webvtt/${ACCT}/blank.vtt`]) {
      const res = await req(path);
      expect(res.headers.get('x-amzn-RequestId'), path).toMatch(/^[\w-]+$/);
    }
    const preflight = await req(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'OPTIONS', headers: { origin: 'https://player.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-expose-headers')).toContain('x-amzn-RequestId');
  });

  it('keeps members of a newer model, names them in a header, and returns them', async () => {
    const body = { ...CFG, Name: 'newer', YieldOptimizationConfiguration: { Enabled: true }, AdDecisionServerConfiguration: { HttpRequest: { Method: 'GET', Retries: 2 } } };
    const put = await putConfig(body);
    expect(put.status).toBe(200);
    expect(put.headers.get('x-edge-ssai-unknown-fields')).toBe('YieldOptimizationConfiguration, AdDecisionServerConfiguration.HttpRequest.Retries');
    const got = (await (await req('/playbackConfiguration/newer', { headers: ADMIN })).json()) as Record<string, unknown>;
    expect(got).toMatchObject({ YieldOptimizationConfiguration: { Enabled: true }, AdDecisionServerConfiguration: { HttpRequest: { Method: 'GET', Retries: 2 } } });
    expect((await putConfig(CFG)).headers.get('x-edge-ssai-unknown-fields')).toBeNull();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('answers 400, not 500, for a member named %s (issue 9) and keeps it as a tag key', async (key) => {
    const res = await req('/playbackConfiguration', { method: 'PUT', headers: ADMIN, body: `{"Name":"proto","${key}":{"polluted":true}}` });
    await expectAwsError(res, 400, 'BadRequestException', `"${key}" is not a valid field name`);
    const tagged = await req('/playbackConfiguration', { method: 'PUT', headers: ADMIN, body: `{"Name":"proto","tags":{"${key}":"v"}}` });
    expect(tagged.status).toBe(200);
    expect(((await tagged.json()) as { tags: Record<string, string> }).tags).toEqual(JSON.parse(`{"${key}":"v"}`));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('tags a configuration through /tags/{ResourceArn}: 204, 200, 204', async () => {
    const put = (await (await putConfig({ ...CFG, Name: 'tagged', tags: { a: '1' } })).json()) as { PlaybackConfigurationArn: string };
    expect(put.PlaybackConfigurationArn).toBe('arn:aws:mediatailor:us-east-1:000000000000:playbackConfiguration/tagged');
    const path = `/tags/${encodeURIComponent(put.PlaybackConfigurationArn)}`;
    expect((await send(signed('POST', path, '{"tags":{"b":"2"}}'))).status).toBe(204);
    const listed = await send(signed('GET', path));
    expect(await listed.json()).toEqual({ tags: { a: '1', b: '2' } });
    expect((await send(signed('DELETE', `${path}?tagKeys=a&tagKeys=zz`))).status).toBe(204);
    // An unencoded ARN in the path works too (curl users).
    expect(await (await req(`/tags/${put.PlaybackConfigurationArn}`, { headers: ADMIN })).json()).toEqual({ tags: { b: '2' } });
    await expectAwsError(await send(signed('DELETE', path)), 400, 'BadRequestException', /tagKeys is required/);
    await expectAwsError(await send(signed('GET', '/tags/not-an-arn')), 400, 'BadRequestException', /ResourceArn must be a MediaTailor ARN/);
    await expectAwsError(await send(signed('GET', `/tags/${encodeURIComponent('arn:aws:mediatailor:us-east-1:000000000000:playbackConfiguration/none')}`)), 404, 'NotFoundException');
    await expectAwsError(await send(signed('POST', path, '{}')), 400, 'BadRequestException', 'tags is required');
  });

  it('ConfigureLogs stores the log configuration; a later PUT without one keeps it', async () => {
    await putConfig({ ...CFG, Name: 'logs', LogConfiguration: { AdLogFormats: ['uplynk'] } });
    const res = await send(signed('PUT', '/configureLogs/playbackConfiguration', JSON.stringify({ PlaybackConfigurationName: 'logs', PercentEnabled: 25, EnabledLoggingStrategies: ['VENDED_LOGS'] })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ PlaybackConfigurationName: 'logs', PercentEnabled: 25, EnabledLoggingStrategies: ['VENDED_LOGS'] });
    await putConfig({ ...CFG, Name: 'logs' });
    const got = (await (await req('/playbackConfiguration/logs', { headers: ADMIN })).json()) as { LogConfiguration: unknown };
    expect(got.LogConfiguration).toEqual({ PercentEnabled: 25, EnabledLoggingStrategies: ['VENDED_LOGS'], AdLogFormats: ['uplynk'] });
    await expectAwsError(await send(signed('PUT', '/configureLogs/playbackConfiguration', '{"PlaybackConfigurationName":"none","PercentEnabled":1}')), 404, 'NotFoundException');
    await expectAwsError(await send(signed('PUT', '/configureLogs/playbackConfiguration', '{"PlaybackConfigurationName":"logs"}')), 400, 'BadRequestException', 'PercentEnabled is required');
  });

  it('pages with an opaque NextToken and refuses one it did not issue', async () => {
    for (const n of ['page-a', 'page-b', 'page-c']) await putConfig({ ...CFG, Name: n });
    const p1 = (await (await req('/playbackConfigurations?MaxResults=1', { headers: ADMIN })).json()) as { NextToken: string };
    expect(p1.NextToken).toMatch(/^p1\.[\w-]+$/);
    await expectAwsError(await req('/playbackConfigurations?NextToken=page-a', { headers: ADMIN }), 400, 'BadRequestException', /^NextToken is not valid/);
  });

  it('refuses when neither AWS_ACCESS_KEYS nor ADMIN_TOKEN is configured', async () => {
    const none = { ...env, ADMIN_TOKEN: undefined, AWS_ACCESS_KEYS: undefined } as typeof env;
    const res = await worker.fetch(await signed('GET', '/playbackConfigurations'), none, createExecutionContext());
    await expectAwsError(res, 403, 'AccessDeniedException', 'admin API disabled: neither AWS_ACCESS_KEYS nor ADMIN_TOKEN is configured');
  });
});
