/**
 * @module core/auth/sigv4-verify
 * Verifies an AWS Signature Version 4 `Authorization` header (AWS General Reference, "Signature
 * Version 4 signing process"), so the AWS SDKs, the AWS CLI and Terraform can call the admin API
 * with an access key pair and nothing but an endpoint override.
 *
 * What is checked, in order, and how each failure is answered (HTTP 403, with the error types and
 * messages AWS's own front end uses, so SDK error classes and retry logic behave the same):
 * 1. the `Credential`, `SignedHeaders` and `Signature` components and a date header are present
 *    (`IncompleteSignatureException`);
 * 2. the credential scope is `<key>/<YYYYMMDD>/<region>/mediatailor/aws4_request`, any region
 *    (`InvalidSignatureException`); the scope date is the request's date;
 * 3. `host` is signed, and so are the date header and any `x-amz-content-sha256` /
 *    `x-amz-security-token` the request carries, so none of them can be swapped on a captured
 *    request (`InvalidSignatureException`);
 * 4. the access key id is one of ours (`UnrecognizedClientException`);
 * 5. the request date is within ±15 minutes of the clock passed in (`InvalidSignatureException`
 *    "Signature expired" / "Signature not yet current"), which bounds replays;
 * 6. the body's SHA-256 equals `x-amz-content-sha256` when the client sent one; the payload hash
 *    line of the canonical request is always computed from the body as received, so a tampered
 *    body fails the signature whatever the client claims;
 * 7. the signature, compared in constant time (`InvalidSignatureException`).
 * Pure: WebCrypto only, the clock is an argument.
 */
import { err, ok, type Result } from '../result.ts';
import type { AccessKeys } from './access-keys.ts';
import { amzDate, canonicalRequest, hex, parseAmzDate, parseAuthorization, SIGV4_ALGORITHM } from './sigv4-canonical.ts';

export type SigV4ErrorType = 'IncompleteSignatureException' | 'InvalidSignatureException' | 'UnrecognizedClientException';

export interface SigV4Failure {
  readonly type: SigV4ErrorType;
  readonly message: string;
}

export interface SigV4Identity {
  readonly accessKeyId: string;
  readonly region: string;
}

/** Read-only header access (a `Headers` satisfies it). Names are matched case-insensitively. */
export interface HeaderLookup {
  get(name: string): string | null;
}

export interface SigV4Request {
  readonly method: string;
  /** The request URL as received: its path and query are used still percent-encoded. */
  readonly url: string;
  readonly headers: HeaderLookup;
  readonly body: Uint8Array;
}

export interface SigV4Options {
  readonly keys: AccessKeys;
  /** The signing name the credential scope must carry (`mediatailor`). */
  readonly service: string;
  readonly nowMs: number;
  readonly maxSkewMs?: number;
}

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const fail = (type: SigV4ErrorType, message: string): { readonly ok: false; readonly error: SigV4Failure } => err({ type, message });

export async function verifySigV4(req: SigV4Request, opts: SigV4Options): Promise<Result<SigV4Identity, SigV4Failure>> {
  const authorization = req.headers.get('authorization') ?? '';
  if (!authorization.startsWith(`${SIGV4_ALGORITHM} `)) {
    return fail('IncompleteSignatureException', `Unsupported Authorization scheme: only ${SIGV4_ALGORITHM} is accepted.`);
  }
  const parts = parseAuthorization(authorization);
  const amzDateHeader = req.headers.get('x-amz-date');
  const dateHeader = amzDateHeader === null ? req.headers.get('date') : null;
  const missing = [
    ...(parts.credential ? [] : ["Authorization header requires 'Credential' parameter."]),
    ...(parts.signature ? [] : ["Authorization header requires 'Signature' parameter."]),
    ...(parts.signedHeaders ? [] : ["Authorization header requires 'SignedHeaders' parameter."]),
    ...(amzDateHeader !== null || dateHeader !== null ? [] : ["Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."]),
  ];
  if (missing.length > 0 || !parts.credential || !parts.signature || !parts.signedHeaders) {
    return fail('IncompleteSignatureException', missing.join(' '));
  }

  const scope = parts.credential.split('/');
  if (scope.length !== 5) {
    return fail('IncompleteSignatureException', `Credential should have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${scope.length}'.`);
  }
  const [accessKeyId = '', scopeDate = '', region = '', service = '', terminator = ''] = scope;

  const requestMs = amzDateHeader !== null ? parseAmzDate(amzDateHeader) : dateHeader !== null ? parseHttpDate(dateHeader) : undefined;
  if (requestMs === undefined) {
    return fail('IncompleteSignatureException', amzDateHeader !== null ? `Date must be in ISO-8601 'basic format'. Got '${amzDateHeader}'.` : `Date header is not a valid HTTP date.`);
  }
  const requestDate = amzDate(requestMs);
  if (scopeDate !== requestDate.slice(0, 8)) {
    return fail('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${requestDate.slice(0, 8)}', from '${requestDate}'.`);
  }
  if (!/^[a-z0-9-]{1,64}$/.test(region)) return fail('InvalidSignatureException', 'Credential should be scoped to a valid region.');
  if (service !== opts.service) return fail('InvalidSignatureException', `Credential should be scoped to correct service: '${opts.service}'.`);
  if (terminator !== 'aws4_request') {
    return fail('InvalidSignatureException', `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }

  const signedNames = parts.signedHeaders.split(';');
  if (!signedNames.includes('host')) {
    return fail('InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const mustBeSigned = [amzDateHeader !== null ? 'x-amz-date' : 'date', 'x-amz-content-sha256', 'x-amz-security-token'];
  for (const name of mustBeSigned) {
    if (req.headers.get(name) !== null && !signedNames.includes(name)) {
      return fail('InvalidSignatureException', `The '${name}' header is present but not signed: it must be listed in SignedHeaders.`);
    }
  }

  const secret = opts.keys.get(accessKeyId);
  if (secret === undefined) return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');

  const skewMs = opts.maxSkewMs ?? MAX_CLOCK_SKEW_MS;
  const skewMin = Math.round(skewMs / 60_000);
  if (requestMs < opts.nowMs - skewMs) {
    return fail('InvalidSignatureException', `Signature expired: ${requestDate} is now earlier than ${amzDate(opts.nowMs - skewMs)} (${amzDate(opts.nowMs)} - ${skewMin} min.)`);
  }
  if (requestMs > opts.nowMs + skewMs) {
    return fail('InvalidSignatureException', `Signature not yet current: ${requestDate} is still later than ${amzDate(opts.nowMs + skewMs)} (${amzDate(opts.nowMs)} + ${skewMin} min.)`);
  }

  const payloadHashHex = hex(await crypto.subtle.digest('SHA-256', req.body));
  const claimed = req.headers.get('x-amz-content-sha256');
  if (claimed !== null && claimed.toLowerCase() !== payloadHashHex) {
    return fail('InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  const url = new URL(req.url);
  const headers = signedNames.map((name) => [name, name === 'host' ? (req.headers.get('host') ?? url.host) : (req.headers.get(name) ?? '')] as const);
  const canonical = canonicalRequest({ method: req.method, rawPath: url.pathname, rawQuery: url.search, headers, payloadHashHex });
  const credentialScope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = [SIGV4_ALGORITHM, requestDate, credentialScope, hex(await crypto.subtle.digest('SHA-256', utf8(canonical)))].join('\n');
  const expected = await signature(secret, scopeDate, region, service, stringToSign);
  const provided = fromHex(parts.signature);
  if (provided === undefined || !constantTimeEqual(expected, provided)) {
    // Like AWS, say what was signed, so a proxy that altered a signed header can be found.
    return fail('InvalidSignatureException', `${MISMATCH}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`);
  }
  return ok({ accessKeyId, region });
}

/** HMAC-SHA256 chain of SigV4: kDate → kRegion → kService → kSigning → signature. */
async function signature(secret: string, date: string, region: string, service: string, stringToSign: string): Promise<Uint8Array> {
  let key: Uint8Array = utf8(`AWS4${secret}`);
  for (const part of [date, region, service, 'aws4_request', stringToSign]) key = await hmac(key, part);
  return key;
}

async function hmac(key: Uint8Array, data: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, utf8(data)));
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function fromHex(s: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(s)) return undefined;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Compares every byte whatever the first difference, so timing says nothing about the secret. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** RFC 7231 `Date` (IMF-fixdate, and the obsolete forms `Date.parse` reads), to epoch ms. */
function parseHttpDate(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
