/**
 * The SigV4 verifier against signatures it did not make: requests captured from
 * @aws-sdk/client-mediatailor and the AWS CLI (test/fixtures/sigv4), and requests signed here by
 * @smithy/signature-v4 (the JS SDK's signer) and aws4fetch. Then every way a request can be wrong.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsV4Signer } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { amzDate, canonicalPath, canonicalQuery, parseAmzDate } from '../../../src/core/auth/sigv4-canonical.ts';
import { verifySigV4, type SigV4Request } from '../../../src/core/auth/sigv4-verify.ts';

const CAPTURE_KEY = { accessKeyId: 'AKIDCAPTURE000000001', secretAccessKey: 'capture/Secret+Key0123456789abcdefghijk' };
const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const KEYS = new Map([[CAPTURE_KEY.accessKeyId, CAPTURE_KEY.secretAccessKey], [KEY.accessKeyId, KEY.secretAccessKey]]);
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const MIN = 60_000;

interface Captured {
  client: string;
  operation: string;
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}
const captured: Captured[] = JSON.parse(readFileSync(new URL('../../fixtures/sigv4/captured-requests.json', import.meta.url), 'utf8'));

function fromCapture(c: Captured, change: { body?: string; headers?: Record<string, string | null> } = {}): SigV4Request {
  const headers = new Headers(c.headers);
  for (const [k, v] of Object.entries(change.headers ?? {})) v === null ? headers.delete(k) : headers.set(k, v);
  return { method: c.method, url: `http://${headers.get('host')}${c.url}`, headers, body: new TextEncoder().encode(change.body ?? c.body) };
}
const signedAt = (c: Captured): number => parseAmzDate(new Headers(c.headers).get('x-amz-date') ?? '') ?? NaN;
const verify = (r: SigV4Request, nowMs: number, keys = KEYS) => verifySigV4(r, { keys, service: 'mediatailor', nowMs });

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** SHA-256 / HMAC-SHA256 over node:crypto, in the shape @smithy/signature-v4 takes. */
class NodeSha256 {
  readonly #h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
}

async function smithySigned(method: string, path: string, query: Record<string, string | string[]>, body: string, atMs = NOW, extraHeaders: Record<string, string> = {}): Promise<SigV4Request> {
  const signer = new SignatureV4({ service: 'mediatailor', region: 'eu-central-1', credentials: KEY, sha256: NodeSha256 });
  const signed = await signer.sign(
    { method, protocol: 'https:', hostname: 'ssai.example.com', path, query, headers: { host: 'ssai.example.com', 'content-type': 'application/json', ...extraHeaders }, body },
    { signingDate: new Date(atMs) },
  );
  const qs = Object.entries(query).flatMap(([k, v]) => [v].flat().map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`)).join('&');
  return { method, url: `https://ssai.example.com${path}${qs ? `?${qs}` : ''}`, headers: new Headers(signed.headers as Record<string, string>), body: new TextEncoder().encode(body) };
}

describe('requests captured from the AWS SDK and the AWS CLI', () => {
  it('covers the SDK and at least one CLI, for every control-plane operation', () => {
    const clients = new Set(captured.map((c) => c.client));
    expect(clients.has('sdk')).toBe(true);
    expect([...clients].some((c) => c.startsWith('aws-cli/2'))).toBe(true);
    expect(new Set(captured.map((c) => c.operation)).size).toBe(8);
  });
  it.each(captured.map((c) => [`${c.client} ${c.operation}`, c] as const))('%s verifies', async (_n, c) => {
    expect(await verify(fromCapture(c), signedAt(c))).toEqual({ ok: true, value: { accessKeyId: CAPTURE_KEY.accessKeyId, region: 'us-west-2' } });
  });
  it.each(captured.filter((c) => c.body !== '').map((c) => [`${c.client} ${c.operation}`, c] as const))('%s with a tampered body fails', async (_n, c) => {
    const r = await verify(fromCapture(c, { body: c.body.replace(':', ': ') }), signedAt(c));
    expect(r).toMatchObject({ ok: false, error: { type: 'InvalidSignatureException' } });
  });
  it.each(captured.map((c) => [`${c.client} ${c.operation}`, c] as const))('%s replayed 20 minutes later is expired', async (_n, c) => {
    const r = await verify(fromCapture(c), signedAt(c) + 20 * MIN);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.type).toBe('InvalidSignatureException');
    expect(!r.ok && r.error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });
  it('fails with the right secret missing, a wrong secret, or a changed signed header', async () => {
    const c = captured.find((x) => x.client.startsWith('aws-cli/2') && x.operation === 'PutPlaybackConfiguration') ?? captured[0]!;
    expect(await verify(fromCapture(c), signedAt(c), new Map([[KEY.accessKeyId, KEY.secretAccessKey]]))).toEqual({
      ok: false, error: { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' },
    });
    const wrong = await verify(fromCapture(c), signedAt(c), new Map([[CAPTURE_KEY.accessKeyId, 'not-the-secret']]));
    expect(wrong).toMatchObject({ ok: false, error: { type: 'InvalidSignatureException' } });
    expect(!wrong.ok && wrong.error.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
    expect(!wrong.ok && wrong.error.message).toContain("The Canonical String for this request should have been\n'PUT\n/playbackConfiguration\n\ncontent-type:application/json\n");
    const moved = await verify(fromCapture(c, { headers: { host: 'other.example' } }), signedAt(c));
    expect(moved).toMatchObject({ ok: false, error: { type: 'InvalidSignatureException' } });
  });
});

describe('signatures made by @smithy/signature-v4 and aws4fetch', () => {
  it.each([
    ['PUT', '/playbackConfiguration', {}, '{"Name":"n"}'],
    ['GET', '/playbackConfiguration/with%20space%3Acolon%21%27%28%29%2A', {}, ''],
    ['GET', '/playbackConfigurations', { MaxResults: '2', NextToken: 'p1.a_b-c' }, ''],
    ['DELETE', '/tags/arn%3Aaws%3Amediatailor%3Aeu-central-1%3A123456789012%3AplaybackConfiguration%2Fn', { tagKeys: ['b', 'a', 'ü +&='] }, ''],
    ['POST', '/tags/x', { empty: '' }, '{"tags":{"ü":"✓"}}'],
  ] as const)('smithy %s %s', async (method, path, query, body) => {
    const r = await smithySigned(method, path, query as Record<string, string | string[]>, body);
    expect(await verify(r, NOW + 14 * MIN)).toEqual({ ok: true, value: { accessKeyId: KEY.accessKeyId, region: 'eu-central-1' } });
  });
  it.each([
    ['PUT', 'https://ssai.example.com/playbackConfiguration', '{"Name":"n"}'],
    ['GET', 'https://ssai.example.com:8443/playbackConfigurations?MaxResults=10&NextToken=p1.abc', undefined],
    ['DELETE', 'https://ssai.example.com/tags/arn%3Aaws%3Amediatailor%3Aus-east-1%3A123456789012%3AplaybackConfiguration%2Fn?tagKeys=k2&tagKeys=k1', undefined],
  ] as const)('aws4fetch %s %s', async (method, url, body) => {
    const signer = new AwsV4Signer({ method, url, body, headers: { 'content-type': 'application/json' }, ...KEY, service: 'mediatailor', region: 'ap-south-1', datetime: amzDate(NOW) });
    const signed = await signer.sign();
    const r = { method, url: signed.url.toString(), headers: signed.headers, body: new TextEncoder().encode(body ?? '') };
    expect(await verify(r, NOW - 14 * MIN)).toEqual({ ok: true, value: { accessKeyId: KEY.accessKeyId, region: 'ap-south-1' } });
  });
  it('accepts the Date header in place of X-Amz-Date (checked against an independent HMAC)', async () => {
    const date = 'Thu, 15 Jan 2026 12:00:00 GMT';
    const canonical = ['GET', '/playbackConfigurations', '', 'date:' + date, 'host:ssai.example.com', '', 'date;host', createHash('sha256').update('').digest('hex')].join('\n');
    const sts = ['AWS4-HMAC-SHA256', '20260115T120000Z', '20260115/us-east-1/mediatailor/aws4_request', createHash('sha256').update(canonical).digest('hex')].join('\n');
    let k: Buffer = createHmac('sha256', `AWS4${KEY.secretAccessKey}`).update('20260115').digest();
    for (const part of ['us-east-1', 'mediatailor', 'aws4_request']) k = createHmac('sha256', k).update(part).digest();
    const sig = createHmac('sha256', k).update(sts).digest('hex');
    const headers = new Headers({ date, host: 'ssai.example.com', authorization: `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/20260115/us-east-1/mediatailor/aws4_request, SignedHeaders=date;host, Signature=${sig}` });
    expect(await verify({ method: 'GET', url: 'https://ssai.example.com/playbackConfigurations', headers, body: new Uint8Array() }, NOW)).toMatchObject({ ok: true });
  });
});

describe('malformed and wrong requests, answered with AWS error types', () => {
  const base = (): Promise<SigV4Request> => smithySigned('PUT', '/playbackConfiguration', {}, '{"Name":"n"}');
  const withAuth = async (auth: (a: string) => string, headers: Record<string, string | null> = {}): Promise<SigV4Request> => {
    const r = await base();
    const h = new Headers(r.headers as Headers);
    h.set('authorization', auth(h.get('authorization') ?? ''));
    for (const [k, v] of Object.entries(headers)) v === null ? h.delete(k) : h.set(k, v);
    return { ...r, headers: h };
  };
  it.each([
    ['no Signature', (a: string) => a.replace(/, Signature=\w+/, ''), {}, 'IncompleteSignatureException', "Authorization header requires 'Signature' parameter."],
    ['no Credential nor SignedHeaders', () => 'AWS4-HMAC-SHA256 Signature=abc', {}, 'IncompleteSignatureException', "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter."],
    ['no date header', (a: string) => a, { 'x-amz-date': null }, 'IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."],
    ['a bad X-Amz-Date', (a: string) => a, { 'x-amz-date': '2026-01-15T12:00:00Z' }, 'IncompleteSignatureException', "Date must be in ISO-8601 'basic format'. Got '2026-01-15T12:00:00Z'."],
    ['a 4-part credential', (a: string) => a.replace('/eu-central-1/', '/'), {}, 'IncompleteSignatureException', "Credential should have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '4'."],
    ['another service', (a: string) => a.replace('/mediatailor/', '/s3/'), {}, 'InvalidSignatureException', "Credential should be scoped to correct service: 'mediatailor'."],
    ['another terminator', (a: string) => a.replace('aws4_request', 'aws5_request'), {}, 'InvalidSignatureException', "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."],
    ['an invalid region', (a: string) => a.replace('/eu-central-1/', '/EU_Central/'), {}, 'InvalidSignatureException', 'Credential should be scoped to a valid region.'],
    ['another scope date', (a: string) => a.replace('/20260115/', '/20260114/'), {}, 'InvalidSignatureException', "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260114' != '20260115', from '20260115T120000Z'."],
    ['host not signed', (a: string) => a.replace(';host;', ';'), {}, 'InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."],
    ['x-amz-date present but not signed', (a: string) => a.replace(';x-amz-date', ''), {}, 'InvalidSignatureException', "The 'x-amz-date' header is present but not signed: it must be listed in SignedHeaders."],
    ['an unsigned security token', (a: string) => a, { 'x-amz-security-token': 'tok' }, 'InvalidSignatureException', "The 'x-amz-security-token' header is present but not signed: it must be listed in SignedHeaders."],
    ['a short signature', (a: string) => a.replace(/Signature=\w+/, 'Signature=abcd'), {}, 'InvalidSignatureException', undefined],
  ] as const)('%s', async (_n, auth, headers, type, message) => {
    const r = await verify(await withAuth(auth, headers), NOW);
    expect(r).toMatchObject({ ok: false, error: { type } });
    if (message !== undefined) expect(!r.ok && r.error.message).toBe(message);
  });
  it('a payload hash header that does not match the body', async () => {
    const r = await smithySigned('PUT', '/playbackConfiguration', {}, '{"Name":"n"}', NOW, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    expect(await verify(r, NOW)).toEqual({ ok: false, error: { type: 'InvalidSignatureException', message: "The provided 'x-amz-content-sha256' header does not match what was computed." } });
  });
  it('a request from 16 minutes in the future is not yet current', async () => {
    const r = await verify(await base(), NOW - 16 * MIN);
    expect(r).toEqual({ ok: false, error: { type: 'InvalidSignatureException', message: 'Signature not yet current: 20260115T120000Z is still later than 20260115T115900Z (20260115T114400Z + 15 min.)' } });
  });
  it('another scheme is not SigV4', async () => {
    const r = await verify({ method: 'GET', url: 'https://x/', headers: new Headers({ authorization: 'AWS4-ECDSA-P256-SHA256 Credential=x' }), body: new Uint8Array() }, NOW);
    expect(r).toMatchObject({ ok: false, error: { type: 'IncompleteSignatureException' } });
  });
});

describe('canonical forms', () => {
  it('double-encodes and normalizes paths as non-S3 services do', () => {
    expect(canonicalPath('/tags/arn%3Aaws%2Fx')).toBe('/tags/arn%253Aaws%252Fx');
    expect(canonicalPath('/a/./b/../c//d/')).toBe('/a/c/d/');
    expect(canonicalPath('')).toBe('/');
    expect(canonicalPath('/')).toBe('/');
  });
  it('sorts and re-encodes queries, + being a literal plus', () => {
    expect(canonicalQuery('?b=2&a=%7E&a=1&c&d=x+y&e=%zz')).toBe('a=1&a=~&b=2&c=&d=x%2By&e=%25zz');
  });
  it('formats and parses X-Amz-Date strictly', () => {
    expect(amzDate(NOW)).toBe('20260115T120000Z');
    expect(parseAmzDate('20260115T120000Z')).toBe(NOW);
    for (const bad of ['20261315T120000Z', '20260115T250000Z', '20260115T120000', '2026-01-15']) expect(parseAmzDate(bad)).toBeUndefined();
  });
});
